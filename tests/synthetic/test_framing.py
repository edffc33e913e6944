"""Tests of the frame-bearing copies of the evaluation set (wireframe.synthetic.framing)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

from wireframe import _validate as check
from wireframe import frames, syndication, synthetic, text
from wireframe.synthetic.copies import _Context
from wireframe.synthetic.framing import _Framing, _lexicon

from .test_copies import _made_up_stories

LEX = synthetic.FRAME_LEXICONS
# One paragraph of four sentences, two of them framing (as NewsArticles stories are).
ONE_PARAGRAPH = (
    "The foreign ministry summoned the ambassador on Monday after the arrests. "
    "Officials said the two men had been spying for a foreign intelligence service. "
    "Talks on a new trade agreement will go ahead next week as planned. "
    "Analysts warned of an arms race in the region.")


def _framing(headline: str, body: str) -> _Framing:
    lex = _lexicon(LEX)
    hits = frames.match(pd.DataFrame({"story_id": ["x"], "headline": [headline],
                                      "body": [body]}), lex)
    return _Framing(lex, headline, body, hits)


def _ctx(fr: _Framing, seed: int = 0) -> _Context:
    return _Context(np.random.default_rng(seed), "Devdiscourse", "Reuters", "Monday", [], "",
                    framing=fr)


@pytest.fixture(scope="module")
def made():
    stories = _made_up_stories()
    return (stories, synthetic.evaluation_set({"made": stories}, originals=30, seed=2),
            synthetic.evaluation_set({"made": stories}, originals=30, seed=2, framing=False))


class TestFrameEdits:
    def test_sentence_cut_removes_a_framing_sentence_not_the_last(self):
        for seed in range(6):
            fr = _framing("Envoy summoned", ONE_PARAGRAPH)
            ctx = _ctx(fr, seed)
            h, body, detail = synthetic.EDITS["frame_sentence_cut"].apply("Envoy summoned",
                                                                          ONE_PARAGRAPH, ctx)
            gone = set(text.sentences(ONE_PARAGRAPH)) - set(text.sentences(body))
            assert len(gone) == 1 and "spying" in gone.pop()  # the last sentence stays
            assert ctx.labels == ["cut espionage body"] and detail == 1.0
            assert fr.check(h, body, ctx.labels)

    def test_sentence_cut_needs_a_framing_sentence(self):
        fr = _framing("H", "No frame here at all. Nor here, officials said. The end.")
        assert synthetic.EDITS["frame_sentence_cut"].apply("H", "x", _ctx(fr)) is None
        # In paragraphs, only a one-sentence paragraph is a unit to cut.
        body = "\n\n".join(["A first paragraph without frames. It has two sentences.",
                            "He spoke of spying by agents. And of more things after that.",
                            "The last paragraph."])
        fr = _framing("H", body)
        assert synthetic.EDITS["frame_sentence_cut"].apply("H", body, _ctx(fr)) is None

    def test_paragraph_added_and_headline_retitled(self):
        fr = _framing("Envoy summoned", ONE_PARAGRAPH)
        ctx = _ctx(fr, 3)
        h, body, _ = synthetic.EDITS["frame_paragraph_added"].apply("Envoy summoned",
                                                                    ONE_PARAGRAPH, ctx)
        assert h == "Envoy summoned" and len(text.paragraphs(body)) >= 2
        (label,) = ctx.labels
        assert label.startswith("added ") and label.endswith(" body")
        assert fr.check(h, body, ctx.labels)
        ctx = _ctx(fr, 4)
        h, body, _ = synthetic.EDITS["frame_headline"].apply("Envoy summoned", ONE_PARAGRAPH,
                                                             ctx)
        assert "Envoy summoned" in h and body == ONE_PARAGRAPH
        assert ctx.labels[0].endswith(" headline") and fr.check(h, body, ctx.labels)

    def test_check_refuses_side_effects(self):
        fr = _framing("Envoy summoned", ONE_PARAGRAPH)
        assert not fr.check("Envoy summoned", ONE_PARAGRAPH + " A new cold war.",
                            ["added espionage body"])
        assert fr.check("Envoy summoned", ONE_PARAGRAPH, [])


class TestEvaluationSetFraming:
    def test_other_copies_unchanged(self, made):
        _, (s, truth), (s0, truth0) = made
        old = truth[truth["framing"].isna()].reset_index(drop=True)
        pd.testing.assert_frame_equal(old, truth0)
        pd.testing.assert_frame_equal(s[s["story_id"].isin(s0["story_id"])].reset_index(
            drop=True), s0)

    def test_one_frame_copy_per_original_by_another_outlet(self, made):
        _, (s, truth), _ = made
        framed = truth[truth["framing"].notna()]
        assert set(framed["edit"]) <= {"frame_paragraph_added", "frame_sentence_cut",
                                       "frame_headline"}
        originals = truth.loc[truth["role"] == "original", "story_id"]
        assert sorted(framed["original_id"]) == sorted(originals)
        outlet = s.set_index("story_id")["outlet"]
        for r in framed.itertuples():
            others = truth[(truth["original_id"] == r.original_id) & (truth["role"] == "copy")
                           & (truth["story_id"] != r.story_id)]
            assert outlet[r.story_id] not in set(outlet[others["story_id"]])

    def test_labels_are_what_the_hits_say(self, made):
        _, (s, truth), _ = made
        hits = frames.match(s, list(LEX))
        count = {sid: Counter(zip(g["frame"], g["field"], strict=True))
                 for sid, g in hits.groupby("story_id")}
        for r in truth[truth["framing"].notna()].itertuples():
            want = Counter()
            for item in r.framing.split("; "):
                status, frame, field = item.split()
                want[(frame, field)] += 1 if status == "added" else -1
            got = Counter(count.get(r.story_id, {}))
            got.subtract(count.get(r.original_id, {}))
            assert +got == +want and -got == -want

    def test_bad_lexicon(self):
        with pytest.raises(check.ParameterError, match=r"^synthetic\.evaluation_set: "
                           r"`lexicon` must be shipped lexicon names"):
            synthetic.evaluation_set({"m": _made_up_stories(20)}, lexicon=["nope"])


class TestProvenanceAgreement:
    TRUTH = pd.DataFrame({
        "story_id": ["a", "a/1", "a/2", "a/3"], "edit": [None, "frame_headline",
                                                         "frame_sentence_cut", "verbatim"],
        "framing": [None, "added espionage headline", "cut rivalry body; cut rivalry body",
                    None]})

    def test_counts_labels_and_extras(self):
        table = pd.DataFrame({
            "story_id": ["a/1", "a/1", "a/2", "a/3"],
            "status": ["added", "added", "cut", "added"],
            "frame": ["espionage", "espionage", "rivalry", "espionage"],
            "field": ["headline", "body", "body", "body"]})
        out = synthetic.provenance_agreement(self.TRUTH, table).set_index("edit")
        assert out.loc["frame_headline", ["n", "agree", "labels", "found", "extra"]].tolist() \
            == [1, 0.0, 1, 1, 1]
        assert out.loc["frame_sentence_cut", ["agree", "labels", "found"]].tolist() == [
            0.0, 2, 1]
        assert out.loc["all", ["n", "agree"]].tolist() == [2, 0.0]

    def test_inputs_checked(self):
        with pytest.raises(check.ParameterError, match=r"^synthetic\.provenance_agreement: "
                           r"`table` lacks column\(s\) 'status'"):
            synthetic.provenance_agreement(self.TRUTH, pd.DataFrame({"story_id": []}))


@pytest.mark.slow
@pytest.mark.newsarticles
def test_provenance_agrees_on_real_stories(newsarticles):
    """Frame-bearing copies of NewsArticles stories: labelled as made, copies still found."""
    stories, truth = synthetic.evaluation_set({"newsarticles": newsarticles[0]},
                                              originals=60, seed=1)
    fam = synthetic.truth_families(stories, truth)
    table = frames.provenance(fam, frames.match(fam, list(LEX)), progress=False)
    agree = synthetic.provenance_agreement(truth, table).set_index("edit")
    assert agree.loc["all", "n"] == 60 and agree.loc["all", "agree"] >= 0.95
    found = synthetic.detection_accuracy(truth, syndication.families(stories, progress=False))
    framed = found[found["edit"].str.startswith("frame_")]
    assert (framed["recall"] >= 0.97).all() and (framed["precision"] >= 0.97).all()
