"""Tests for wireframe.topics.describe: terms, labels, proportions and
representative stories; agreement with human labels on Reuters-21578.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from topics.conftest import VOCAB, planted_topic
from wireframe import topics


class TestTerms:
    def test_table(self, toy_model):
        table = topics.terms(toy_model)
        assert list(table.columns) == ["topic", "rank", "term", "probability", "exclusivity",
                                       "frex", "frex_rank"]
        assert len(table) == 3 * 24
        sums = table.groupby("topic")["probability"].sum()
        np.testing.assert_allclose(sums, 1.0, rtol=1e-9)
        for _, part in table.groupby("topic"):
            assert part["rank"].tolist() == list(range(1, 25))
            assert part["probability"].is_monotonic_decreasing
            assert sorted(part["frex_rank"]) == list(range(1, 25))

    def test_n_keeps_top_by_probability_or_frex(self, toy_model):
        table = topics.terms(toy_model, n=2)
        assert ((table["rank"] <= 2) | (table["frex_rank"] <= 2)).all()
        assert table.groupby("topic").size().between(2, 4).all()


class TestLabels:
    def test_planted_words(self, toy_model):
        table = topics.labels(toy_model, n=5)
        assert list(table.columns) == ["topic", "label", "token_share", "top_probability",
                                       "top_frex"]
        names = planted_topic(toy_model)
        for _, row in table.iterrows():
            words = VOCAB[names[row["topic"]]]
            assert all(w in words for w in row["top_frex"].split(", "))
            assert row["label"] == ", ".join(row["top_frex"].split(", ")[:3])
        assert table["token_share"].sum() == pytest.approx(1.0)


class TestProportions:
    def test_rows_sum_to_one_and_dominant_topic(self, toy, toy_props, toy_model):
        cols = [f"topic_{i}" for i in (1, 2, 3)]
        np.testing.assert_allclose(toy_props[cols].sum(axis=1), 1.0, rtol=1e-9)
        assert list(toy_props["story_id"]) == list(toy["story_id"])
        assert (toy_props["dominant_topic"] == toy_props[cols].to_numpy().argmax(axis=1) + 1
                ).all()
        names = planted_topic(toy_model)
        found = toy_props["dominant_topic"].map(names)
        assert (found == toy["truth"]).mean() > 0.9

    def test_same_on_every_call(self, toy_model, toy_props):
        # gensim's inference draws from the model's random state; each call starts afresh.
        toy_model.lda.inference(toy_model.corpus.bow[:5])
        pd.testing.assert_frame_equal(topics.proportions(toy_model), toy_props)

    def test_new_stories_tokenized_as_the_corpus(self, toy, toy_model, toy_props):
        new = topics.proportions(toy_model, toy.head(5), progress=False)
        cols = ["topic_1", "topic_2", "topic_3"]
        np.testing.assert_allclose(new[cols], toy_props.head(5)[cols], rtol=1e-6)

    def test_empty_story_gets_the_prior(self, toy, toy_model):
        t = toy.head(1).assign(body="the and of", headline="")
        got = topics.proportions(toy_model, t, progress=False)
        np.testing.assert_allclose(got[["topic_1", "topic_2", "topic_3"]], [[1 / 3] * 3])


class TestRepresentative:
    def test_one_story_per_family(self):
        p = pd.DataFrame({"story_id": ["a", "b", "c"], "family_id": ["f", "f", None],
                          "headline": ["A", "A copy", "C"], "n_terms": 30,
                          "topic_1": [0.9, 0.95, 0.6], "topic_2": [0.1, 0.05, 0.4]})
        got = topics.representative(p, n=2)
        assert got[got["topic"] == 1]["story_id"].tolist() == ["b", "c"]
        every = topics.representative(p, n=2, unit="placement")
        assert every[every["topic"] == 1]["story_id"].tolist() == ["b", "a"]

    def test_short_stories_skipped(self):
        p = pd.DataFrame({"story_id": ["a", "b"], "n_terms": [3, 80],
                          "topic_1": [0.99, 0.7], "topic_2": [0.01, 0.3]})
        got = topics.representative(p, n=1)
        assert got["story_id"].tolist() == ["b", "b"]
        assert list(got.columns) == ["topic", "rank", "story_id", "proportion"]


@pytest.mark.slow
@pytest.mark.reuters
def test_reuters_dominant_topic_agrees_with_topics_label(reuters_tarball):
    """ModApte training stories with exactly one TOPICS label: NMI >= 3x a shuffled baseline.

    All of them (6,552), no subsample; K = 20, 5 passes, to keep the test fast.
    """
    from wireframe.io.reuters import read_reuters, split

    start = time.perf_counter()
    stories, _ = read_reuters(reuters_tarball)
    train = split(stories, name="modapte") == "train"
    single = stories[train & (stories["topics"].map(len) == 1)].reset_index(drop=True)
    assert 6000 < len(single) < 7500
    label = single["topics"].map(lambda t: t[0])
    corpus = topics.prepare(single, progress=False)
    model = topics.fit(corpus, k=20, seed=1, passes=5)
    dominant = topics.proportions(model)["dominant_topic"]
    score = topics.nmi(label, dominant)
    rng = np.random.default_rng(20170301)
    baseline = float(np.mean([topics.nmi(rng.permutation(label.to_numpy()), dominant)
                              for _ in range(20)]))
    print(f"\nReuters-21578 ModApte train, single TOPICS label: n = {len(single):,} stories, "
          f"{label.nunique()} labels, K = 20; NMI = {score:.3f}, shuffled-label baseline = "
          f"{baseline:.3f} (mean of 20), ratio {score / baseline:.1f} "
          f"({time.perf_counter() - start:.1f} s)")
    assert score >= 3 * baseline
