"""frames.match: hits, scores, batches and Dask."""

import pandas as pd
import pytest
from conftest import batches

from wireframe import frames, store

from .conftest import ROOT


class TestMatch:
    def test_columns_and_offsets_into_story_text(self, lex, make_stories):
        s = make_stories("The spy met a rival.", headlines=["Spy story"])
        hits = frames.match(s, lex)
        assert list(hits.columns) == list(frames.HIT_COLUMNS)
        text = frames.story_text(s).iloc[0]
        for h in hits.itertuples():
            assert text[h.start:h.end] == h.text
        assert hits["field"].tolist() == ["headline", "body", "body"]

    def test_no_phrase_across_headline_and_body(self, lex, make_stories):
        s = make_stories("cold war fears", headlines=["A new"])
        hits = frames.match(s, lex)
        assert hits["entry"].tolist() == ["cold war"]
        assert hits["field"].tolist() == ["body"]

    def test_no_progress_bar_off_a_terminal(self, lex, make_stories, capsys):
        # 2,000 stories would show a bar on a terminal; pytest's captured stderr is not one.
        s = make_stories(*["a spy and a rival"] * 2000)
        assert frames.match(s, lex)["story_id"].nunique() == 2000
        assert capsys.readouterr().err == ""

    def test_missing_text_counts_as_empty(self, lex, make_stories):
        s = make_stories("a spy", "x")
        s.loc[1, "body"] = None
        assert frames.match(s, lex)["story_id"].tolist() == ["s0"]

    def test_length_changing_lower_case_keeps_offsets(self, lex, make_stories):
        s = make_stories("İstanbul spy")
        hits = frames.match(s, lex)
        assert hits[["start", "end", "text"]].values.tolist() == [[11, 14, "spy"]]

    def test_bare_string_is_a_clear_error(self, lex):
        with pytest.raises(TypeError, match="must be a Story table .* got 'a spy'"):
            frames.match("a spy", lex)

    def test_missing_column(self, lex):
        with pytest.raises(ValueError, match="lacks column.*headline"):
            frames.match(pd.DataFrame({"story_id": ["a"], "body": ["x"]}), lex)

    def test_several_lexicons_with_the_same_frame(self, lex, make_stories):
        with pytest.raises(ValueError, match="frame name.*new_cold_war appear in two"):
            frames.match(make_stories("x"), ["new_cold_war", "new_cold_war"])


class TestScore:
    def test_counts_rates_and_presence(self, lex, make_stories):
        s = make_stories("A spy and a spy. A rival.", "Nothing here.", headlines=["Spy", ""])
        sc = frames.score(s, lex)
        assert list(sc.columns) == list(frames.SCORE_COLUMNS)
        assert len(sc) == 2 * 3
        row = sc[(sc["story_id"] == "s0") & (sc["frame"] == "spy")].iloc[0]
        # 1 headline token + 7 body tokens; 3 hits.
        assert (row.headline_hits, row.body_hits, row.hits, row.words) == (1, 2, 3, 8)
        assert row.rate == pytest.approx(375.0) and row.present
        empty = sc[sc["story_id"] == "s1"]
        assert empty["hits"].tolist() == [0, 0, 0] and not empty["present"].any()

    def test_from_hits_equals_direct(self, lex, make_stories):
        s = make_stories("A spy and a new cold war.", "rivals", headlines=["Spy", ""])
        hits = frames.match(s, lex)
        pd.testing.assert_frame_equal(frames.score(s, lex), frames.score(s, lex, hits=hits))

    def test_no_words_gives_nan_rate(self, lex, make_stories):
        sc = frames.score(make_stories(""), lex)
        assert sc["words"].eq(0).all() and sc["rate"].isna().all()

    def test_hits_of_unknown_story(self, lex, make_stories):
        hits = frames.match(make_stories("a spy"), lex)
        with pytest.raises(ValueError,
                           match=r"has 1 hit\(s\) of stories not in `stories` \(first 's0'\)"):
            frames.score(make_stories("x").assign(story_id=["other"]), lex, hits=hits)


class TestSamplePage:
    """The real syndicated page: Reuters via Devdiscourse, 12 Feb 2026."""

    def test_scores_on_all_three_frames_with_spans(self, page):
        hits = frames.match(page, ["new_cold_war", "rivalry", "espionage"])
        text = frames.story_text(page).iloc[0]
        got = {(h.frame, h.text) for h in hits.itertuples()}
        assert ("new_cold_war", "new form of cold war") in got
        # Rivalry's hits carry its sub-frame; the parent's row counts them (below).
        assert ("strategic_rivalry", "strategic rival") in got
        assert ("strategic_rivalry", "technological rivalry") in got
        assert ("espionage", "recruit Chinese military officers as informants") in got
        assert ("espionage", "intelligence gathering") in got
        ncw = hits[hits["frame"] == "new_cold_war"].iloc[0]
        assert text[ncw.start:ncw.end] == "new form of cold war"
        assert ncw.end == len(text) - 1  # the story's closing words, before the full stop
        sc = frames.score(page, ["new_cold_war", "rivalry", "espionage"]).set_index("frame")
        assert sc.index.tolist() == ["new_cold_war", "rivalry", "strategic_rivalry", "trade_war",
                                     "espionage"]
        assert sc.loc[["new_cold_war", "rivalry", "strategic_rivalry", "espionage"],
                      "present"].all()
        assert not sc.loc["trade_war", "present"]
        # The headline's "recruit ... as informants"; in the body five times "spy" and once
        # "intelligence gathering" (bare "informant*" left the lexicon in issue 16).
        assert sc.loc["espionage", "headline_hits"] == 1
        assert sc.loc["espionage", "body_hits"] == 6
        assert sc.loc["new_cold_war", "hits"] == 1 and sc.loc["rivalry", "hits"] == 2


@pytest.mark.newsarticles
class TestNewsArticles:
    def test_new_cold_war_by_outlet(self, newsarticles):
        # The development half only: the held-out half is for the final evaluation.
        stories, _ = newsarticles
        halves = pd.read_csv(ROOT / "corpus" / "validation" / "newsarticles_halves.csv",
                             dtype={"story_id": str})
        dev = stories[stories["story_id"].isin(halves.loc[halves["half"] == "development",
                                                          "story_id"])]
        hits = frames.match(dev, "new_cold_war")
        per_outlet = (hits.merge(dev[["story_id", "outlet"]], on="story_id")
                      .groupby("outlet")["story_id"].nunique())
        # Hand-checked against the KWIC of every hit: 15 hits in 11 stories, each coded 1
        # for new_cold_war in corpus/validation/newsarticles_dev_codes.csv.
        assert len(hits) == 15 and per_outlet.sum() == 11
        assert per_outlet.to_dict() == {"ABC News": 1, "Al Jazeera": 3, "CNN": 2, "DW": 4,
                                        "TASS": 1}


class TestStoryText:
    def test_headline_blank_line_body_and_missing_as_empty(self, make_stories):
        s = make_stories("Body.", "x", headlines=["Head", None])
        s.loc[1, "body"] = None
        assert frames.story_text(s).tolist() == ["Head\n\nBody.", "\n\n"]

    def test_missing_body_names_the_column(self):
        with pytest.raises(ValueError, match=r"frames.story_text: `stories` lacks column\(s\) "
                                             r"'body'"):
            frames.story_text(pd.DataFrame({"story_id": ["a"], "headline": ["h"]}))


@pytest.mark.parametrize(
    ("name", "call"),
    [("frames.story_text", lambda t: frames.story_text(t)),
     ("frames.match", lambda t: frames.match(t, "espionage")),
     ("frames.score", lambda t: frames.score(t, "espionage")),
     ("frames.kwic", lambda t: frames.kwic(t, "spy")),
     ("frames.validation_sample",
      lambda t: frames.validation_sample(t, frames.match(t.assign(body="spy"), "espionage"))),
     ("frames.match_batches", lambda t: next(frames.match_batches([t], "espionage"))),
     ("frames.scored_batches", lambda t: next(frames.scored_batches([t], "espionage")))],
)
def test_one_message_for_a_missing_body(name, call):
    table = pd.DataFrame({"story_id": ["a"], "outlet": ["X"], "headline": ["A spy"]})
    with pytest.raises(ValueError, match=rf"^{name}: `(stories|batches)` lacks column\(s\) "
                                         r"'body'; it has 'story_id', 'outlet', 'headline'\. Fix"):
        call(table)


def _two_batches(make_stories):
    s = make_stories("A spy and a rival.", "Nothing.", "A new cold war.",
                     headlines=["Spy row", "", ""])
    return s, [s.iloc[:2].reset_index(drop=True), s.iloc[2:].reset_index(drop=True)]


class TestMatchBatches:
    def test_one_table_per_batch_equal_to_match(self, lex, make_stories):
        s, parts = _two_batches(make_stories)
        tables = list(frames.match_batches(iter(parts), lex))
        assert [len(t) for t in tables] == [3, 1]
        pd.testing.assert_frame_equal(pd.concat(tables, ignore_index=True), frames.match(s, lex))

    def test_one_table_is_not_batches(self, lex, make_stories):
        with pytest.raises(TypeError, match=r"frames.match_batches: `batches` must be an "
                                            r"iterable of Story tables .* call frames.match"):
            next(frames.match_batches(make_stories("a spy"), lex))

    def test_bad_batch_names_the_column(self, lex):
        with pytest.raises(ValueError, match=r"`batches` lacks column\(s\) 'body'"):
            next(frames.match_batches([pd.DataFrame({"story_id": ["a"], "headline": [""]})],
                                      lex))


class TestScoreBatches:
    def test_one_table_per_batch_equal_to_score(self, lex, make_stories):
        s, parts = _two_batches(make_stories)
        tables = list(frames.score_batches(parts, lex))
        assert [len(t) for t in tables] == [2 * 3, 1 * 3]
        pd.testing.assert_frame_equal(pd.concat(tables, ignore_index=True), frames.score(s, lex))

    def test_hits_cannot_come_with_batches(self, lex, make_stories):
        _, parts = _two_batches(make_stories)
        with pytest.raises(ValueError, match="`hits` must be None with batches"):
            frames.score(parts, lex, hits=frames.match(parts[0], lex))


class TestScoredBatches:
    def test_batch_hits_and_scores_from_one_pass(self, lex, make_stories):
        s, parts = _two_batches(make_stories)
        got = list(frames.scored_batches(iter(parts), lex))
        assert [b is p for (b, _, _), p in zip(got, parts, strict=True)] == [True, True]
        for (_, hits, scores), part in zip(got, parts, strict=True):
            pd.testing.assert_frame_equal(hits, frames.match(part, lex))
            pd.testing.assert_frame_equal(scores, frames.score(part, lex))

    def test_matches_each_batch_once(self, lex, make_stories, monkeypatch):
        from wireframe.frames import matching as module

        calls = []
        run = module._run
        monkeypatch.setattr(module, "_run", lambda s, x, f: calls.append(len(s)) or run(s, x, f))
        _, parts = _two_batches(make_stories)
        assert len(list(frames.scored_batches(parts, lex))) == 2
        assert calls == [2, 1]

    def test_empty_batch(self, lex):
        empty = pd.DataFrame({"story_id": [], "headline": [], "body": []}, dtype="string")
        [(batch, hits, scores)] = frames.scored_batches([empty], lex)
        assert list(hits.columns) == list(frames.HIT_COLUMNS) and hits.empty
        assert list(scores.columns) == list(frames.SCORE_COLUMNS) and scores.empty


# -- at scale: batches, a store and Dask give the tables of one pandas table ----------

def _same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
    pd.testing.assert_frame_equal(a.sort_values(keys, ignore_index=True),
                                  b.sort_values(keys, ignore_index=True))


class TestStreaming:
    def test_frames(self, scale_stories):
        lex = [frames.load_lexicon(n) for n in ("espionage", "new_cold_war")]
        _same(frames.match(iter(batches(scale_stories)), lex), frames.match(scale_stories, lex),
              ["story_id", "frame", "start"])
        _same(frames.score(batches(scale_stories), lex), frames.score(scale_stories, lex),
              ["story_id", "frame"])

    def test_from_store(self, scale_stories, tmp_path):
        store.write(scale_stories, tmp_path)
        lex = frames.load_lexicon("espionage")
        _same(frames.score(store.scan(tmp_path, batch_size=500), lex),
              frames.score(scale_stories, lex), ["story_id", "frame"])


class TestDask:
    def test_frames(self, client, scale_stories):
        import dask.dataframe as dd

        dcorpus = dd.from_pandas(scale_stories, npartitions=4)
        lex = frames.load_lexicon("new_cold_war")
        _same(frames.match(dcorpus, lex).compute(), frames.match(scale_stories, lex),
              ["story_id", "frame", "start"])
        _same(frames.score(dcorpus, lex).compute(), frames.score(scale_stories, lex),
              ["story_id", "frame"])
