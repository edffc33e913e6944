"""Tests of wireframe.synthetic.copies: the edits, the evaluation set, the true families."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wireframe import _validate as check
from wireframe import schema, syndication, synthetic, text
from wireframe.synthetic.copies import _Context


def _made_up_stories(n: int = 120, seed: int = 5) -> pd.DataFrame:
    """A Story table of prose-like stories (3-7 paragraphs of real-looking sentences)."""
    rng = np.random.default_rng(seed)
    words = ("officials said the minister met rivals over trade talks and new sanctions on "
             "the agency while markets rose and shares fell amid the plan for a deal").split()
    rows = []
    for i in range(n):
        paras = [f"Story {i}: " + " ".join(" ".join(rng.choice(words, 14)).capitalize() + "."
                                           for _ in range(2)) for _ in range(rng.integers(3, 8))]
        rows.append({"story_id": f"m{i}", "outlet": "Reuters", "outlet_domain": None,
                     "wire": "Reuters", "published": pd.Timestamp("2017-03-01", tz="UTC")
                     + pd.Timedelta(hours=int(i)), "updated": None,
                     "headline": f"Talks on trade deal number {i} go on", "url": None,
                     "body": "\n\n".join(paras), "language": "en", "source": f"m:{i}"})
    return synthetic._as_story_table(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def made_up():
    stories = _made_up_stories()
    return stories, synthetic.evaluation_set({"made": stories}, originals=30, seed=2)


def _ctx(seed: int = 0) -> _Context:
    return _Context(np.random.default_rng(seed), "Devdiscourse", "Reuters", "Monday", [],
                    "Another headline")


class TestEdits:
    """Each edit changes what it says, and nothing else, as the comparison words see it."""

    BODY = "\n\n".join(f"Paragraph {i} says the talks went on for a long day, officials said."
                       for i in range(6))

    def test_every_edit_names_a_kind_of_classify(self):
        assert set(e.expected for e in synthetic.EDITS.values()) <= set(syndication.EDIT_KINDS)
        assert all(name == e.name for name, e in synthetic.EDITS.items())

    def test_verbatim_and_typography_keep_the_words(self):
        for name in ("verbatim", "typography"):
            h, b, detail = synthetic.EDITS[name].apply("A “quoted” headline", self.BODY, _ctx())
            assert text.words(b) == text.words(self.BODY) and detail == 1.0
        _, b, _ = synthetic.EDITS["typography"].apply("H", 'He said "yes" -- twice.', _ctx())
        assert "“yes”" in b and "—" in b

    def test_tail_trimmed_keeps_a_prefix(self):
        _, b, kept = synthetic.EDITS["tail_trimmed"].apply("H", self.BODY, _ctx(1))
        w, whole = text.words(b), text.words(self.BODY)
        assert w == whole[: len(w)] and len(w) < len(whole)
        assert kept == pytest.approx(len(w) / len(whole))

    def test_paragraph_dropped_drops_one_middle_paragraph(self):
        _, b, removed = synthetic.EDITS["paragraph_dropped"].apply("H", self.BODY, _ctx(2))
        kept, whole = text.paragraphs(b), text.paragraphs(self.BODY)
        assert len(kept) == len(whole) - 1 and kept[0] == whole[0] and kept[-1] == whole[-1]
        assert removed == pytest.approx(1 / 6)

    def test_headline_rewritten_keeps_the_body(self):
        h, b, _ = synthetic.EDITS["headline_rewritten"].apply("Officials said talks go on",
                                                              self.BODY, _ctx(3))
        assert b == self.BODY and "authorities stated" in h

    def test_edits_that_do_not_apply(self):
        short = "One sentence only, of no great length."
        for name in ("tail_trimmed", "paragraph_dropped", "lede_rewritten", "house_style"):
            assert synthetic.EDITS[name].apply("H", short, _ctx()) is None


class TestEvaluationSet:
    def test_seeded_labelled_and_valid(self, made_up):
        stories, (s, truth) = made_up
        again = synthetic.evaluation_set({"made": stories}, originals=30, seed=2)
        pd.testing.assert_frame_equal(s, again[0])
        pd.testing.assert_frame_equal(truth, again[1])
        schema.validate(s)
        assert list(truth.columns) == list(synthetic.TRUTH_COLUMNS)
        assert set(truth["story_id"]) == set(s["story_id"])
        copies = truth[truth["role"] == "copy"]
        originals = truth.loc[truth["role"] == "original", "story_id"]
        assert copies["original_id"].isin(originals).all()
        assert copies["edit"].isin(list(synthetic.EDITS)).all()
        assert set(s.loc[s["story_id"].isin(copies["story_id"]), "outlet"]) <= set(
            synthetic.SYNDICATORS)

    def test_copies_keep_what_their_edit_says(self, made_up):
        _, (s, truth) = made_up
        body = s.set_index("story_id")["body"]
        copies = truth[truth["role"] == "copy"]
        for r in copies.itertuples():
            w, orig = text.words(body[r.story_id]), text.words(body[r.original_id])
            if r.edit in ("verbatim", "typography"):
                assert w == orig
            elif r.edit == "tail_trimmed":
                assert w == orig[: len(w)] and r.detail < 1

    def test_stories_in_two_pools_drawn_equally(self):
        a, b = _made_up_stories(60, 1), _made_up_stories(60, 2)
        _, truth = synthetic.evaluation_set({"a": a, "b": b}, originals=10, seed=0)
        originals = truth[truth["role"] == "original"]
        assert originals["pool"].value_counts().to_dict() == {"a": 5, "b": 5}
        assert originals["story_id"].str.match(r"^(a|b):m\d+$").all()

    @pytest.mark.slow
    @pytest.mark.newsarticles
    def test_real_stories(self, newsarticles):
        pools = {"newsarticles": newsarticles[0]}
        a, ta = synthetic.evaluation_set(pools, originals=30, seed=3)
        schema.validate(a)
        copies = ta[ta["role"] == "copy"]
        assert set(copies["expected"]) <= set(syndication.EDIT_KINDS)
        trimmed = copies[copies["edit"] == "tail_trimmed"]
        assert trimmed["detail"].between(0.1, 0.95).all()

    def test_bad_arguments(self):
        toy = synthetic.toy()
        with pytest.raises(check.ParameterError,
                           match=r"^synthetic\.evaluation_set: `copies` must be \(low, high\)"):
            synthetic.evaluation_set({"toy": toy}, copies=(0, 2))
        with pytest.raises(check.ParameterError, match=r"`copies` must be"):
            synthetic.evaluation_set({"toy": toy}, copies=3)
        with pytest.raises(check.ParameterError, match=r"`pools` must be a mapping"):
            synthetic.evaluation_set(toy)
        with pytest.raises(check.ParameterError, match=r"`pools\['toy'\]` lacks column\(s\)"):
            synthetic.evaluation_set({"toy": toy.drop(columns="language")})
        with pytest.raises(check.ParameterError, match=r"`originals` must be an integer >= 1"):
            synthetic.evaluation_set({"toy": toy}, originals=0)
        with pytest.raises(ValueError, match="pool 'toy' has 0 stories fit to copy"):
            synthetic.evaluation_set({"toy": toy}, originals=1)


class TestTruthFamilies:
    def test_family_columns_from_the_truth(self, made_up):
        _, (s, truth) = made_up
        fam = synthetic.truth_families(s, truth)
        copy = fam["relation"] == "copy"
        assert (fam.loc[copy, "copy_of"] == fam.loc[copy, "family_id"]).all()
        assert fam["is_reprint"].tolist() == copy.tolist()
        assert set(fam["relation"]) <= {"copy", "original", "single"}

    def test_truth_must_be_the_evaluation_sets(self):
        with pytest.raises(check.ParameterError, match=r"`truth` lacks column\(s\) 'role'"):
            synthetic.truth_families(synthetic.toy(), pd.DataFrame({"story_id": ["wire-1"]}))


class TestToy:
    def test_a_story_table_with_one_copy(self):
        toy = synthetic.toy()
        schema.validate(toy)
        assert toy["story_id"].tolist() == ["wire-1", "copy-1", "other-1"]
        body = toy.set_index("story_id")["body"]
        assert body["wire-1"].startswith(body["copy-1"])
