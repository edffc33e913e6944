"""Tests for wireframe.compare.counts: the term matrix, counts by group, batches and Dask.

Streaming (batches) and Dask must give the same tables as one pandas table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import batches
from gensim.models.phrases import Phrases
from scipy import sparse

from compare.conftest import table
from wireframe import aggregate, compare, text


def reference_matrix(texts: list[str], steps) -> tuple[list[str], sparse.csr_array]:
    """The counts as term_matrix made them before text.encode: text by text, one dict.

    Every text through text.preprocess (phrases joined by gensim's model[tokens]),
    terms numbered in order of first appearance, one sparse row per text.
    """
    vocab: dict[str, int] = {}
    indices: list[int] = []
    indptr = [0]
    for doc in texts:
        indices.extend(vocab.setdefault(t, len(vocab)) for t in text.preprocess(doc, steps))
        indptr.append(len(indices))
    counts = sparse.csr_array((np.ones(len(indices), dtype=np.int32), indices, indptr),
                              shape=(len(texts), len(vocab)))
    counts.sum_duplicates()
    return list(vocab), counts


def same_cells(a: sparse.csr_array, b: sparse.csr_array) -> bool:
    return a.shape == b.shape and (a != b).nnz == 0


@pytest.fixture(scope="module")
def news(newsarticles):
    stories, _ = newsarticles
    texts = (stories["headline"].fillna("") + "\n\n" + stories["body"].fillna("")).tolist()
    return stories, texts


@pytest.mark.slow
@pytest.mark.newsarticles
class TestFastPathIsTheReference:
    """On all of NewsArticles, the counts of text.encode are those of the text-by-text loop."""

    @pytest.mark.parametrize("steps", [
        text.pipeline(),
        text.pipeline(pattern="sklearn", possessives=False, stopwords=None, min_length=1),
    ], ids=["default", "sklearn"])
    def test_unigrams(self, news, steps):
        stories, texts = news
        tm = compare.term_matrix(stories, phrases=False, steps=steps)
        terms, counts = reference_matrix(texts, steps)
        assert tm.terms.tolist() == terms
        assert same_cells(tm.counts, counts) and tm.counts.has_canonical_format

    def test_phrases(self, news):
        stories, texts = news
        tm = compare.term_matrix(stories)
        steps = text.pipeline()
        # gensim's own Phrases on the text-by-text tokens, before the first filter.
        head = [text.preprocess(t, steps[:4]) for t in texts]
        model = Phrases(head, min_count=10, threshold=0.5, scoring="npmi",
                        connector_words=text.stopwords()).freeze()
        assert list(tm.phrases.phrasegrams.items()) == list(model.phrasegrams.items())
        assert len(model.phrasegrams) > 1000
        terms, counts = reference_matrix(texts, text.with_phrases(steps, model))
        assert tm.terms.tolist() == terms
        assert same_cells(tm.counts, counts)
        assert "white_house" in model.phrasegrams and "white_house" in terms


class TestTermMatrix:
    def test_counts_and_metadata(self, stories):
        tm = compare.term_matrix(stories, phrases=False)
        row = dict(zip(tm.terms, tm.counts.toarray()[0].tolist(), strict=True))
        assert {k: v for k, v in row.items() if v} == {"talks": 2, "resume": 1, "resumed": 1,
                                                       "monday": 1, "sides": 1, "met": 1,
                                                       "hour": 1}
        assert "body" not in tm.stories and tm.stories["story_id"].tolist() == [
            "r1", "d1", "b1", "b2"]
        assert tm.counts.format == "csr" and tm.counts.shape == (4, len(tm.terms))

    def test_learns_and_applies_phrases(self):
        t = table({"A": "the cold war ended. a new cold war began. cold war talk."})
        tm = compare.term_matrix(pd.concat([t] * 4, ignore_index=True))
        assert "cold_war" in set(tm.terms) and "cold" not in set(tm.terms)
        assert [s.name for s in tm.steps].index("phrases") == 4
        assert compare.term_matrix(t, phrases=tm.phrases).terms.tolist()[0] == "cold_war"

    def test_plain_texts_are_an_error(self):
        with pytest.raises(TypeError, match=r"compare.term_matrix: `stories` must be a Story "
                           r"table .* got a Series"):
            compare.term_matrix(pd.Series(["a text"]))

    def test_missing_body_names_the_function_and_the_fix(self):
        # The one message for a missing `body` column, as every module gives it.
        with pytest.raises(ValueError, match=r"^compare.term_matrix: `stories` lacks column\(s\) "
                           r"'body'; it has 'outlet', 'headline'. Fix: a Story table has the "
                           r"columns of wireframe.schema"):
            compare.term_matrix(pd.DataFrame({"outlet": ["A"], "headline": ["x"]}))

    def test_empty_vocabulary(self):
        with pytest.raises(ValueError, match=r"the vocabulary is empty: preprocessing left no "
                           r"term in any of the 2 stories"):
            compare.term_matrix(table({"A": "the of and", "B": "it is 2017"}))

    def test_applies_phrase_layers(self):
        # A two-layer model (see tests/text/test_phrases.py, TestPhraseLayers) in a term matrix.
        docs = [text.tokenize(d) for d in
                ["is this a new cold war with russia"] * 12 + ["the cold war ended long ago"] * 12
                + ["a cold winter morning"] * 24 + ["new talks on trade began"] * 4]
        model = text.phrases(docs, layers=2)
        tm = compare.term_matrix(pd.DataFrame({"headline": "", "body": ["A new cold war."]}),
                                 phrases=model)
        assert list(tm.terms) == ["new_cold_war"]


class TestTermCounts:
    def test_placements(self, families):
        got = compare.term_counts(families, by="outlet", phrases=False)
        a = got[got["outlet"] == "A"].set_index("term")["n"].to_dict()
        assert a == {"nato": 2, "opens": 2, "summit": 2, "today": 2, "russia": 1, "update": 1,
                     "warns": 1}
        assert got.columns.tolist() == ["outlet", "term", "n"]

    def test_one_story_per_family(self, families):
        got = compare.term_counts(families, by="outlet", unit="story", phrases=False)
        a = got[got["outlet"] == "A"].set_index("term")["n"].to_dict()
        # a1, the earliest of A's copies, stands for the family; a3 has no family.
        assert a == {"nato": 1, "opens": 1, "russia": 1, "summit": 1, "today": 1, "warns": 1}

    def test_one_story_per_family_is_the_counting_rule_of_aggregate(self, families):
        # Each group's counts are those of the stories aggregate.counting_units keeps.
        got = compare.term_counts(families, by="outlet", unit="story", phrases=False)
        kept = aggregate.counting_units(families, "outlet", None, "story")["story_id"]
        want = compare.term_counts(families[families["story_id"].isin(kept)], by="outlet",
                                   phrases=False)
        pd.testing.assert_frame_equal(got, want)
        # Wire keeps its original w1; A, without the original, its earliest member a1.
        assert set(kept) == {"w1", "a1", "a3", "b1"}

    def test_story_unit_without_families_warns(self, families):
        with pytest.warns(UserWarning, match=r"no 'family_id' column .* counts equal "
                          r"unit='placement'"):
            got = compare.term_counts(families.drop(columns="family_id"), by="outlet",
                                      unit="story", phrases=False)
        assert got["n"].sum() == 3 + 4 + 5 + 2 + 2


# -- batches and Dask ---------------------------------------------------------------

class TestStreaming:
    def test_term_counts_and_keyness(self, scale_stories):
        whole = compare.term_counts(scale_stories, by="outlet", phrases=False)
        pd.testing.assert_frame_equal(
            compare.term_counts(iter(batches(scale_stories)), by="outlet", phrases=False), whole)
        k = compare.keyness(iter(batches(scale_stories)), by="outlet", target="Reuters",
                            phrases=False)
        pd.testing.assert_frame_equal(
            k, compare.keyness(scale_stories, by="outlet", target="Reuters", phrases=False))

    def test_streaming_needs_placements_and_fixed_phrases(self, scale_stories):
        with pytest.raises(ValueError, match="`phrases` must be False or a model"):
            compare.term_counts(iter(batches(scale_stories)), by="outlet")
        with pytest.raises(ValueError, match="`unit` must be 'placement'"):
            compare.term_counts(iter(batches(scale_stories)), by="outlet", unit="story",
                                phrases=False)


@pytest.fixture(scope="module")
def dcorpus(client, scale_stories):
    import dask.dataframe as dd

    return dd.from_pandas(scale_stories, npartitions=4)


class TestDask:
    def test_term_counts_and_keyness(self, client, scale_stories, dcorpus):
        pd.testing.assert_frame_equal(
            compare.term_counts(dcorpus, by="outlet", phrases=False),
            compare.term_counts(scale_stories, by="outlet", phrases=False))
        pd.testing.assert_frame_equal(
            compare.keyness(dcorpus, by="outlet", target="Reuters", measure="log_odds",
                            phrases=False),
            compare.keyness(scale_stories, by="outlet", target="Reuters", measure="log_odds",
                            phrases=False))
