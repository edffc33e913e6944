import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wireframe import frames

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "corpus" / "samples" / "pages"
PAGE = PAGES / "devdiscourse-2026-02-12-cia-chinese-military.txt"
CODED = ROOT / "corpus" / "validation" / "newsarticles_coded.csv"


def _stories(*bodies: str, headlines: list[str] | None = None) -> pd.DataFrame:
    n = len(bodies)
    return pd.DataFrame({
        "story_id": [f"s{i}" for i in range(n)],
        "outlet": ["X"] * n,
        "headline": headlines or [""] * n,
        "body": list(bodies),
    })


def _lexicon(tmp_path: Path, body: str, name: str = "test.yaml") -> frames.Lexicon:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return frames.load_lexicon(path)


def _texts(stories, lexicon) -> list[str]:
    return frames.match(stories, lexicon)["text"].tolist()


@pytest.fixture
def lex(tmp_path) -> frames.Lexicon:
    """A small lexicon with one entry of every kind, and exclusions."""
    return _lexicon(tmp_path, """\
        name: small
        frames:
          ncw:
            description: new cold war
            entries:
              - {pattern: new cold war, note: analogy}
              - {pattern: new ~3 cold war, note: split analogy}
              - pattern: cold war
                note: bare
                exclude: [end of the cold war, during ~2 cold war, cold war era]
          riv:
            entries:
              - {pattern: rival*, note: glob}
              - {pattern: strategic rival, note: phrase}
              - {pattern: zero-sum, note: hyphenated}
              - {pattern: cold war 2.0, note: literal dot}
          spy:
            entries:
              - {pattern: spy, note: word}
              - {pattern: CIA, note: acronym, case: sensitive}
        """)


class TestPatterns:
    def test_word_respects_token_boundaries(self, lex):
        s = _stories("A spy, spyware, a spy's hat, Spy-master and espy.")
        assert _texts(s, lex) == ["spy", "spy", "Spy"]

    def test_phrase_is_case_folded_and_across_one_line_break(self, lex):
        s = _stories("The NEW Cold\nWar began.", "A new cold\n\nwar is not one phrase.")
        hits = frames.match(s, lex)
        assert hits["text"].tolist() == ["NEW Cold\nWar"]
        assert hits[["story_id", "start", "end"]].values.tolist() == [["s0", 6, 18]]

    def test_hyphen_and_quotes_separate_tokens(self, lex):
        s = _stories('a Cold War-style "cold" war, a zero sum game and zero-sum logic')
        assert _texts(s, lex) == ["Cold War", 'cold" war', "zero sum", "zero-sum"]

    def test_possessive_and_curly_quotes(self, lex):
        s = _stories("Washington's strategic rival’s plan; China’s rivals.")
        hits = frames.match(s, lex)
        assert hits["text"].tolist() == ["strategic rival", "rivals"]
        assert hits["entry"].tolist() == ["strategic rival", "rival*"]

    def test_glob_matches_whole_tokens(self, lex):
        s = _stories("Rivalry, rivals and rivaling, but not arrival or derivative.")
        assert _texts(s, lex) == ["Rivalry", "rivals", "rivaling"]

    def test_literal_punctuation_must_match(self, lex):
        s = _stories("It is cold war 2.0 now, not cold war 2 0 or cold war 2.05.")
        hits = frames.match(s, lex)
        riv = hits[hits["frame"] == "riv"]
        assert riv["text"].tolist() == ["cold war 2.0"]

    def test_case_sensitive_entry(self, lex):
        s = _stories("The CIA said; cia and Cia are not it.")
        hits = frames.match(s, lex)
        assert hits[hits["frame"] == "spy"]["text"].tolist() == ["CIA"]

    def test_proximity_allows_up_to_n_tokens_in_order(self, lex):
        s = _stories(
            "a new form of cold war",  # 2 between
            "a new and very different cold war",  # 3 between
            "a new and very different kind of cold war",  # 5 between: too far
            "cold war is not new",  # wrong order
        )
        hits = frames.match(s, lex)
        ncw = hits[hits["frame"] == "ncw"]
        assert ncw[["story_id", "entry", "text"]].values.tolist() == [
            ["s0", "new ~3 cold war", "new form of cold war"],
            ["s1", "new ~3 cold war", "new and very different cold war"],
            ["s2", "cold war", "cold war"],
            ["s3", "cold war", "cold war"],
        ]

    def test_proximity_stops_at_sentence_end(self, lex):
        s = _stories("Something new. Cold war it is not.")
        assert frames.match(s, lex)["entry"].tolist() == ["cold war"]

    def test_proximity_does_not_split_a_word(self, tmp_path):
        lx = _lexicon(tmp_path, """\
            frames:
              f:
                entries:
                  - {pattern: new ~2 war, note: n}
            """)
        assert _texts(_stories("new software is here", "new ships of war"), lx) == [
            "new ships of war"
        ]


class TestExclusions:
    @pytest.mark.parametrize(
        "text",
        ["at the end of the Cold War", "during the Cold War", "During the cold war",
         "during Cold War years", "in the Cold War era", "a Cold War-era treaty",
         "the cold-war era"],
    )
    def test_history_is_excluded(self, lex, text):
        assert frames.match(_stories(text), lex).empty

    def test_analogy_is_not_excluded(self, lex):
        s = _stories("They fear a return to the Cold War.")
        assert _texts(s, lex) == ["Cold War"]

    def test_exclusion_only_covers_the_hit_inside_it(self, lex):
        body = "After the end of the Cold War came a cold war of words."
        hits = frames.match(_stories(body), lex)
        start = len("\n\n") + body.index("cold war")
        assert hits[["start", "end"]].values.tolist() == [[start, start + 8]]

    def test_exclusion_that_starts_before_the_window(self, lex):
        # The exclusion's own start lies before the hit; it still applies.
        s = _stories("We lived during   the\nCold War.")
        assert frames.match(s, lex).empty


class TestOverlaps:
    def test_longest_wins_and_is_counted_once(self, lex):
        s = _stories("Some call it a new cold war.")
        hits = frames.match(s, lex)
        assert hits[["frame", "entry", "text"]].values.tolist() == [
            ["ncw", "new cold war", "new cold war"]
        ]
        sc = frames.score(s, lex).set_index("frame")
        assert sc.loc["ncw", "hits"] == 1

    def test_proximity_beats_the_phrase_inside_it(self, lex):
        hits = frames.match(_stories("a new form of cold war"), lex)
        assert hits["entry"].tolist() == ["new ~3 cold war"]

    def test_same_token_may_count_for_two_frames(self, lex):
        hits = frames.match(_stories("It is cold war 2.0."), lex)
        assert hits[["frame", "text"]].values.tolist() == [
            ["ncw", "cold war"], ["riv", "cold war 2.0"]
        ]

    def test_glob_and_phrase_overlap(self, lex):
        hits = frames.match(_stories("a strategic rival"), lex)
        assert hits["entry"].tolist() == ["strategic rival"]


class TestMatch:
    def test_columns_and_offsets_into_story_text(self, lex):
        s = _stories("The spy met a rival.", headlines=["Spy story"])
        hits = frames.match(s, lex)
        assert list(hits.columns) == list(frames.HIT_COLUMNS)
        text = frames.story_text(s).iloc[0]
        for h in hits.itertuples():
            assert text[h.start:h.end] == h.text
        assert hits["field"].tolist() == ["headline", "body", "body"]

    def test_no_phrase_across_headline_and_body(self, lex):
        s = _stories("cold war fears", headlines=["A new"])
        hits = frames.match(s, lex)
        assert hits["entry"].tolist() == ["cold war"]
        assert hits["field"].tolist() == ["body"]

    def test_missing_text_counts_as_empty(self, lex):
        s = _stories("a spy", "x")
        s.loc[1, "body"] = None
        assert frames.match(s, lex)["story_id"].tolist() == ["s0"]

    def test_length_changing_lower_case_keeps_offsets(self, lex):
        s = _stories("İstanbul spy")
        hits = frames.match(s, lex)
        assert hits[["start", "end", "text"]].values.tolist() == [[11, 14, "spy"]]

    def test_bare_string_is_a_clear_error(self, lex):
        with pytest.raises(TypeError, match="must be a Story table .* got 'a spy'"):
            frames.match("a spy", lex)

    def test_missing_column(self, lex):
        with pytest.raises(ValueError, match="lacks column.*headline"):
            frames.match(pd.DataFrame({"story_id": ["a"], "body": ["x"]}), lex)

    def test_several_lexicons_with_the_same_frame(self, lex):
        with pytest.raises(ValueError, match="frame name.*new_cold_war appear in two"):
            frames.match(_stories("x"), ["new_cold_war", "new_cold_war"])


class TestScore:
    def test_counts_rates_and_presence(self, lex):
        s = _stories("A spy and a spy. A rival.", "Nothing here.", headlines=["Spy", ""])
        sc = frames.score(s, lex)
        assert list(sc.columns) == list(frames.SCORE_COLUMNS)
        assert len(sc) == 2 * 3
        row = sc[(sc["story_id"] == "s0") & (sc["frame"] == "spy")].iloc[0]
        # 1 headline token + 7 body tokens; 3 hits.
        assert (row.headline_hits, row.body_hits, row.hits, row.words) == (1, 2, 3, 8)
        assert row.rate == pytest.approx(375.0) and row.present
        empty = sc[sc["story_id"] == "s1"]
        assert empty["hits"].tolist() == [0, 0, 0] and not empty["present"].any()

    def test_from_hits_equals_direct(self, lex):
        s = _stories("A spy and a new cold war.", "rivals", headlines=["Spy", ""])
        hits = frames.match(s, lex)
        pd.testing.assert_frame_equal(frames.score(s, lex), frames.score(s, lex, hits=hits))

    def test_no_words_gives_nan_rate(self, lex):
        sc = frames.score(_stories(""), lex)
        assert sc["words"].eq(0).all() and sc["rate"].isna().all()

    def test_hits_of_unknown_story(self, lex):
        hits = frames.match(_stories("a spy"), lex)
        with pytest.raises(ValueError,
                           match=r"has 1 hit\(s\) of stories not in `stories` \(first 's0'\)"):
            frames.score(_stories("x").assign(story_id=["other"]), lex, hits=hits)


class TestLoadLexicon:
    def test_every_shipped_lexicon_loads_and_every_entry_has_a_note(self):
        assert frames.lexicons() == ["espionage", "new_cold_war", "news_frames", "rivalry"]
        for name in frames.lexicons():
            lex = frames.load_lexicon(name)
            table = lex.table()
            assert table["note"].str.len().min() > 10, name
            assert lex.references, name
        assert frames.load_lexicon("news_frames").frame_names == [
            "conflict", "economic_consequences", "human_interest", "responsibility", "morality"
        ]

    def test_corpus_lexicons_readme_names_every_lexicon(self):
        readme = (ROOT / "corpus" / "lexicons" / "README.md").read_text()
        for name in frames.lexicons():
            assert f"{name}.yaml" in readme

    def test_table(self, lex):
        t = lex.table()
        assert t.loc[t["pattern"] == "new ~3 cold war", "kind"].item() == "proximity"
        assert t.loc[t["pattern"] == "rival*", "kind"].item() == "glob"
        assert t.loc[t["pattern"] == "cold war", "exclude"].item().startswith("end of the")
        assert t.loc[t["pattern"] == "CIA", "case"].item() == "sensitive"
        assert t.loc[t["pattern"] == "spy", "line"].item() == 19

    def test_unknown_key_names_the_line(self, tmp_path):
        with pytest.raises(frames.LexiconError,
                           match=r"test.yaml:5: unknown key 'exlude' in an entry; allowed keys "
                                 r"are pattern, note, exclude, case \(did you mean 'exclude'\?\)"):
            _lexicon(tmp_path, """\
                frames:
                  f:
                    entries:
                      - pattern: spy
                        exlude: [spy film]
                        note: n
                """)

    def test_bad_pattern_names_the_line(self, tmp_path):
        with pytest.raises(frames.LexiconError,
                           match=r"test.yaml:5: bad pattern 'spy\|spies': unsupported character"):
            _lexicon(tmp_path, """\
                frames:
                  f:
                    entries:
                      - {pattern: spy, note: n}
                      - {pattern: spy|spies, note: n}
                """)

    @pytest.mark.parametrize(
        ("pattern", "reason"),
        [("*spy", "starts with"), ("s* war", "glob's"), ("sp*y", "glob's"),
         ("new ~0 war", "must be 1 to 20"), ("~2 war", "between two words"),
         ("new ~2", "cannot end"), ("new~2 war", "separate"), ("spy.", "ends with")],
    )
    def test_bad_patterns(self, tmp_path, pattern, reason):
        with pytest.raises(frames.LexiconError, match=f"test.yaml:4: bad pattern.*{reason}"):
            _lexicon(tmp_path, f"""\
                frames:
                  f:
                    entries:
                      - {{pattern: "{pattern}", note: n}}
                """)

    def test_duplicate_entry_names_both_lines(self, tmp_path):
        with pytest.raises(frames.LexiconError,
                           match=r"test.yaml:6: duplicate entry 'Cold  War' in frame 'f' "
                                 r"\(first at line 4\)"):
            _lexicon(tmp_path, """\
                frames:
                  f:
                    entries:
                      - {pattern: cold war, note: n}
                      - {pattern: spy, note: n}
                      - {pattern: Cold  War, note: n}
                """)

    def test_duplicate_key(self, tmp_path):
        with pytest.raises(frames.LexiconError, match=r"test.yaml:5: duplicate key 'f'"):
            _lexicon(tmp_path, """\
                frames:
                  f:
                    entries:
                      - {pattern: spy, note: n}
                  f:
                    entries:
                      - {pattern: spy, note: n}
                """)

    def test_missing_note(self, tmp_path):
        with pytest.raises(frames.LexiconError, match=r"test.yaml:4: .* has no 'note'"):
            _lexicon(tmp_path, """\
                frames:
                  f:
                    entries:
                      - pattern: spy
                """)

    def test_exclusion_that_cannot_apply(self, tmp_path):
        with pytest.raises(frames.LexiconError,
                           match=r"test.yaml:6: exclusion 'spy film' does not contain 'spies'"):
            _lexicon(tmp_path, """\
                frames:
                  f:
                    entries:
                      - pattern: spies
                        note: n
                        exclude: [spy film]
                """)

    def test_bad_case_and_frame_name(self, tmp_path):
        with pytest.raises(frames.LexiconError, match="case must be one of 'fold', 'sensitive'"):
            _lexicon(tmp_path, "case: upper\nframes:\n  f:\n    entries: [{pattern: a, note: n}]\n")
        with pytest.raises(frames.LexiconError, match="frame name must be lower-case"):
            _lexicon(tmp_path, "frames:\n  New Cold War:\n    entries: [{pattern: a, note: n}]\n")

    def test_unknown_name(self):
        with pytest.raises(ValueError, match="must be a shipped lexicon .*; got 'cold_war'"):
            frames.load_lexicon("cold_war")

    def test_missing_file(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no such lexicon file"):
            frames.load_lexicon(tmp_path / "none.yaml")


class TestKwic:
    def test_columns_and_window(self, lex):
        s = _stories("one two three four spy five six seven eight")
        k = frames.kwic(s, lex, window=2)
        assert list(k.columns) == list(frames.KWIC_COLUMNS)
        assert k[["pre", "match", "post", "entry", "frame"]].values.tolist() == [
            ["three four", "spy", "five six", "spy", "spy"]
        ]
        assert (k.start.item(), k.end.item()) == (21, 24)  # after the empty headline's "\n\n"

    def test_sentence_bound(self):
        s = _stories("Talks failed. Mr. Smith called it a new cold war. Markets fell.",
                     headlines=["Headline words"])
        k = frames.kwic(s, "new cold war", window=8, sentence=True)
        assert (k.pre.item(), k.post.item()) == ("Mr. Smith called it a", ".")
        k = frames.kwic(s, "new cold war", window=8)
        assert k.pre.item().startswith("words Talks failed.")
        assert k.post.item() == ". Markets fell."

    def test_pattern_list_and_white_space(self):
        s = _stories("A spy\n and a\nnew cold war.")
        k = frames.kwic(s, ["spy", "new ~1 war"], window=1)
        assert k[["pre", "match", "post", "frame"]].values.tolist() == [
            ["A", "spy", "and", "pattern"], ["a", "new cold war", ".", "pattern"]
        ]

    def test_from_hits(self, lex):
        s = _stories("a spy here")
        hits = frames.match(s, lex)
        pd.testing.assert_frame_equal(frames.kwic(s, hits), frames.kwic(s, lex))

    def test_errors(self, lex):
        s = _stories("a spy")
        with pytest.raises(ValueError, match="`window` must be an integer >= 0; got -1"):
            frames.kwic(s, lex, window=-1)
        with pytest.raises(ValueError, match="bad `pattern` 'spy\\(': unsupported"):
            frames.kwic(s, "spy(")
        with pytest.raises(ValueError, match="names 1 story.*not in `stories`"):
            frames.kwic(s.assign(story_id=["z"]), frames.match(s, lex))


class TestKwicHtml:
    def test_escapes_and_bolds(self):
        s = _stories("<b>A</b> spy & co")
        html = frames.kwic_html(frames.kwic(s, "spy"))
        assert "<b>spy</b>" in html and "&lt;b&gt;A&lt;/b&gt;" in html and "&amp; co" in html
        assert html._repr_html_() == str(html)

    def test_limit(self):
        s = _stories("spy " * 5)
        html = frames.kwic_html(frames.kwic(s, "spy"), limit=2)
        assert html.count("<tr>") == 3 and "3 more rows not shown" in html


@pytest.fixture
def many():
    """Two outlets; outlet X has 6 hits of 'spy', outlet Y has 2."""
    return pd.DataFrame({
        "story_id": ["a", "b", "c"],
        "outlet": ["X", "X", "Y"],
        "headline": ["", "", ""],
        "body": ["spy spy spy spy", "spy spy", "spy spy"],
    })


class TestValidationSample:
    def test_strata_weights_and_columns(self, many, tmp_path):
        lx = _lexicon(tmp_path, "frames:\n  f:\n    entries: [{pattern: spy, note: n}]\n")
        hits = frames.match(many, lx)
        out = tmp_path / "s.csv"
        sample = frames.validation_sample(many, hits, per_stratum=3, seed=5, path=out)
        assert list(sample.columns) == list(frames.SAMPLE_COLUMNS)
        counts = sample.groupby("outlet").size().to_dict()
        assert counts == {"X": 3, "Y": 2}
        x = sample[sample["outlet"] == "X"].iloc[0]
        assert (x.stratum_hits, x.stratum_sampled, x.weight) == (6, 3, 2.0)
        assert sample["sample_id"].tolist() == [1, 2, 3, 4, 5]
        assert sample["code"].isna().all()
        assert pd.read_csv(out).shape == (5, len(frames.SAMPLE_COLUMNS))

    def test_seeded(self, many, tmp_path):
        lx = _lexicon(tmp_path, "frames:\n  f:\n    entries: [{pattern: spy, note: n}]\n")
        hits = frames.match(many, lx)
        draw = [frames.validation_sample(many, hits, per_stratum=2, seed=s)[["story_id", "start"]]
                .values.tolist() for s in (1, 1, 2)]
        assert draw[0] == draw[1] and draw[0] != draw[2]

    def test_errors(self, many, tmp_path):
        hits = frames.match(many, "espionage")
        with pytest.raises(ValueError, match="`per_stratum` must be an integer >= 1; got 0"):
            frames.validation_sample(many, hits, per_stratum=0)
        with pytest.raises(ValueError, match="`by` names 'desk', a column of neither"):
            frames.validation_sample(many, hits, by=("frame", "desk"))


class TestReadCoded:
    def test_reads_and_warns_about_uncoded(self, tmp_path):
        path = tmp_path / "c.csv"
        path.write_text("sample_id,frame,entry,match,code\n1,f,a,a,1\n2,f,a,a,\n3,f,a,a,0\n")
        with pytest.warns(UserWarning, match="1 row\\(s\\) not coded yet"):
            coded = frames.read_coded(path)
        assert coded["code"].tolist() == [1, 0] and coded["code"].dtype == "int64"

    def test_bad_code_names_the_row(self, tmp_path):
        path = tmp_path / "c.csv"
        path.write_text("sample_id,frame,entry,match,code\n1,f,a,a,1\n7,f,a,a,yes\n")
        with pytest.raises(ValueError, match="sample_id 7 has 'yes'"):
            frames.read_coded(path)


class TestPrecision:
    def test_wilson_hand_checked(self):
        coded = pd.DataFrame({"frame": ["f"] * 10, "entry": ["a"] * 10,
                              "code": [1] * 9 + [0]})
        row = frames.precision(coded).iloc[0]
        # p = 0.9, z = 1.96: centre 0.789, half-width 0.193.
        assert (row.n, row.correct) == (10, 9)
        assert row.low == pytest.approx(0.5958, abs=1e-4)
        assert row.high == pytest.approx(0.9821, abs=1e-4)

    def test_all_wrong_and_all_right(self):
        coded = pd.DataFrame({"frame": ["f"] * 4 + ["g"] * 4, "entry": ["a"] * 8,
                              "code": [0] * 4 + [1] * 4})
        t = frames.precision(coded).set_index("frame")
        assert t.loc["f", "low"] == 0 and t.loc["f", "high"] == pytest.approx(0.4899, abs=1e-4)
        assert t.loc["g", "high"] == 1 and t.loc["g", "low"] == pytest.approx(0.5101, abs=1e-4)

    def test_by_entry_sorted_worst_first(self):
        coded = pd.DataFrame({"frame": ["f"] * 4, "entry": ["a", "a", "b", "b"],
                              "code": [1, 1, 0, 1]})
        assert frames.precision(coded, by="entry")["entry"].tolist() == ["b", "a"]

    def test_weighted(self):
        coded = pd.DataFrame({"frame": ["f"] * 4, "entry": ["a"] * 4, "code": [1, 1, 0, 0],
                              "weight": [3.0, 3.0, 1.0, 1.0]})
        row = frames.precision(coded, weighted=True).iloc[0]
        # (3 + 3) / 8 = 0.75; n_eff = 8^2 / 20 = 3.2.
        assert row.precision == pytest.approx(0.75) and row.n_eff == pytest.approx(3.2)

    def test_errors(self):
        coded = pd.DataFrame({"frame": ["f"], "entry": ["a"], "code": [1]})
        with pytest.raises(ValueError, match="`by` must be one of 'frame', 'entry', 'outlet'"):
            frames.precision(coded, by="story")
        with pytest.raises(ValueError, match=r"`confidence` must be a number in \(0, 1\); got 95"):
            frames.precision(coded, confidence=95)
        with pytest.raises(ValueError, match="lacks column\\(s\\) 'weight'"):
            frames.precision(coded, weighted=True)


class TestValidationReport:
    def test_names_entries_that_need_work(self):
        coded = pd.DataFrame({
            "frame": ["f"] * 12, "entry": ["good"] * 6 + ["bad"] * 4 + ["unsure"] * 2,
            "pre": ["x"] * 12, "match": ["m"] * 12, "post": ["y"] * 12,
            "code": [1] * 6 + [0] * 4 + [1, 0],
        })
        report = frames.validation_report(coded)
        assert "| f | 12 | 0.58 | 0.32-0.81 |" in report
        work, check = report.split("Entries to check")
        assert "`bad`: 0 of 4" in work and "`unsure`" not in work and "`good`" not in work
        assert "`unsure`: 1 of 2" in check
        assert '"...x **m** y..."' in work


class TestSamplePage:
    """The real syndicated page: Reuters via Devdiscourse, 12 Feb 2026."""

    @pytest.fixture
    def page(self):
        raw = PAGE.read_text(encoding="utf-8")
        start = raw.index("Just weeks after a dramatic purge", raw.index("Created:"))
        last = "deem to be a new form of cold war."
        body = raw[start:raw.index(last) + len(last)]
        return pd.DataFrame({
            "story_id": ["devdiscourse-2026-02-12"],
            "headline": ["CIA makes new push to recruit Chinese military officers as informants"],
            "body": [body],
        })

    def test_scores_on_all_three_frames_with_spans(self, page):
        hits = frames.match(page, ["new_cold_war", "rivalry", "espionage"])
        text = frames.story_text(page).iloc[0]
        got = {(h.frame, h.text) for h in hits.itertuples()}
        assert ("new_cold_war", "new form of cold war") in got
        assert ("rivalry", "strategic rival") in got
        assert ("rivalry", "technological rivalry") in got
        assert ("espionage", "recruit Chinese military officers as informants") in got
        assert ("espionage", "intelligence gathering") in got
        ncw = hits[hits["frame"] == "new_cold_war"].iloc[0]
        assert text[ncw.start:ncw.end] == "new form of cold war"
        assert ncw.end == len(text) - 1  # the story's closing words, before the full stop
        sc = frames.score(page, ["new_cold_war", "rivalry", "espionage"]).set_index("frame")
        assert sc["present"].all()
        assert sc.loc["espionage", "headline_hits"] == 1
        assert sc.loc["espionage", "body_hits"] == 7
        assert sc.loc["new_cold_war", "hits"] == 1 and sc.loc["rivalry", "hits"] == 2

    def test_kwic_of_the_closing_sentence(self, page):
        k = frames.kwic(page, frames.load_lexicon("new_cold_war"), window=6, sentence=True)
        assert k[["pre", "match", "post"]].values.tolist() == [
            ["many observers deem to be a", "new form of cold war", "."]
        ]


@pytest.mark.newsarticles
class TestNewsArticles:
    def test_new_cold_war_by_outlet(self, newsarticles):
        stories, _ = newsarticles
        hits = frames.match(stories, "new_cold_war")
        per_outlet = (hits.merge(stories[["story_id", "outlet"]], on="story_id")
                      .groupby("outlet")["story_id"].nunique())
        # Hand-checked against the KWIC of every hit (see corpus/validation/README.md).
        assert per_outlet.sum() == 25
        assert per_outlet["TASS"] == 4 and per_outlet["DW"] == 7
        assert "RTÉ" not in per_outlet.index

    def test_coded_sample(self):
        coded = frames.read_coded(CODED)
        assert len(coded) >= 60 and set(coded["code"]) == {0, 1}
        t = frames.precision(coded).set_index("frame")
        assert t[["n", "correct"]].to_dict("index") == {
            "espionage": {"n": 26, "correct": 20},
            "new_cold_war": {"n": 20, "correct": 12},
            "rivalry": {"n": 22, "correct": 14},
        }
        assert np.isclose(t.loc["new_cold_war", "low"], 0.3866, atol=1e-4)


class TestCli:
    def test_frames_command_writes_scores_hits_and_rates(self, stories, tmp_path, capsys):
        from wireframe import io
        from wireframe.cli import main

        src = io.write_stories(stories, tmp_path / "s.parquet")
        out, hits, rates, sample = (tmp_path / n for n in
                                    ("scores.csv", "hits.csv", "rates.csv", "sample.csv"))
        code = main(["frames", str(src), "--lexicon", "new_cold_war", "--lexicon", "espionage",
                     "-o", str(out), "--hits", str(hits), "--rates", str(rates),
                     "--n-boot", "50", "--sample", str(sample), "--per-stratum", "1"])
        assert code == 0
        printed = capsys.readouterr().out
        assert "new_cold_war                   1 of 4 stories with hits" in printed
        scores = pd.read_csv(out)
        assert list(scores.columns) == list(frames.SCORE_COLUMNS) and len(scores) == 8
        assert pd.read_csv(hits)["text"].tolist() == ["new cold war", "new cold war"]
        table = pd.read_csv(rates)
        assert table.loc[table["outlet"] == "BBC", "share"].tolist() == [0.5, 0.0]
        assert len(pd.read_csv(sample)) == 1

    @pytest.mark.newsarticles
    def test_frames_command_on_a_store_equals_the_table(self, newsarticles, tmp_path, capsys):
        from wireframe import io, store
        from wireframe.cli import main

        news = newsarticles[0]
        src = io.write_stories(news, tmp_path / "news.parquet")
        store.write(news, tmp_path / "store")
        outs = {}
        for name, stories in (("table", src), ("store", tmp_path / "store")):
            files = [tmp_path / f"{name}-{kind}.parquet" for kind in ("scores", "hits", "kwic")]
            assert main(["frames", str(stories), "--lexicon", "new_cold_war", "--lexicon",
                         "espionage", "-o", str(files[0]), "--hits", str(files[1]),
                         "--kwic", str(files[2])]) == 0
            outs[name] = [pd.read_parquet(f) for f in files]
            printed = capsys.readouterr().out
        # The store is read month by month (6 batches), the output appended;
        # sorted, the tables are the same.
        assert "of 3,824 stories with hits" in printed
        keys = (["story_id", "frame"], ["story_id", "frame", "start"],
                ["story_id", "frame", "start"])
        for table, streamed, key in zip(outs["table"], outs["store"], keys, strict=True):
            pd.testing.assert_frame_equal(
                streamed.sort_values(key, ignore_index=True),
                table.sort_values(key, ignore_index=True))
        assert len(outs["store"][0]) == 2 * 3_824
        assert main(["frames", str(tmp_path / "store"), "--lexicon", "espionage", "-o",
                     str(tmp_path / "x.csv"), "--rates", str(tmp_path / "r.csv")]) == 1
        assert "--rates needs every story at once" in capsys.readouterr().err

    def test_frames_command_on_a_store_without_hits(self, tmp_path, capsys):
        from wireframe import store, synthetic
        from wireframe.cli import main

        store.write(synthetic.toy(), tmp_path / "store")
        hits = tmp_path / "hits.parquet"
        assert main(["frames", str(tmp_path / "store"), "--lexicon", "new_cold_war", "-o",
                     str(tmp_path / "s.csv"), "--hits", str(hits)]) == 0
        assert "0 of 3 stories with hits" in capsys.readouterr().out
        assert list(pd.read_parquet(hits).columns) == list(frames.HIT_COLUMNS)
        assert len(pd.read_parquet(hits)) == 0

    def test_unknown_lexicon_is_a_message(self, stories, tmp_path, capsys):
        from wireframe import io
        from wireframe.cli import main

        src = io.write_stories(stories, tmp_path / "s.parquet")
        assert main(["frames", str(src), "--lexicon", "cold", "-o", "x.csv"]) == 1
        assert "must be a shipped lexicon" in capsys.readouterr().err
