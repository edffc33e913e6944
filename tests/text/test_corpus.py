"""Tests of wireframe.text.corpus: a corpus through a pipeline, and the vocabulary."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from gensim.models.phrases import Phrases

from text.conftest import NEW_COLD_WAR
from wireframe import text


class TestDocuments:
    def test_learns_phrases_before_the_filters(self):
        got = text.documents(NEW_COLD_WAR, progress=False)
        assert got.tokens[0] == ["new_cold_war", "russia"]
        assert {"cold_war", "new_cold_war"} <= set(got.phrases.phrasegrams)
        names = [s.name for s in got.steps]
        assert names.index("phrases") < names.index("stopwords")
        assert text.preprocess("A new cold war", list(got.steps)) == ["new_cold_war"]

    def test_learn_from_a_subset(self):
        # Learned from the "cold war" stories alone, "new cold war" is never a phrase.
        keep = [False] * 12 + [True] * 40
        got = text.documents(NEW_COLD_WAR, learn_from=keep, progress=False)
        assert "new_cold_war" not in got.phrases.phrasegrams
        assert got.tokens[0] == ["new", "cold_war", "russia"]

    def test_given_model_and_no_phrases(self, layer_docs):
        model = text.phrases(layer_docs)
        assert text.documents(["new cold war"], phrases=model).tokens == [["new", "cold_war"]]
        plain = text.documents(["new cold war"], phrases=False)
        assert plain.tokens == [["new", "cold", "war"]] and plain.phrases is None

    def test_errors(self):
        with pytest.raises(TypeError, match="not one string"):
            text.documents("a text")
        with pytest.raises(TypeError, match=r"`phrases` must be True, False or a model"):
            text.documents(["a"], phrases="yes")
        with pytest.raises(ValueError, match=r"`learn_from` must have one value per text \(2\); "
                           r"got 1"):
            text.documents(["a", "b"], learn_from=[True])


class TestDictionary:
    DOCS = [["war", "talks"], ["war", "peace", "talks"], ["war", "syria"], ["peace"]]

    def test_defaults_are_documented_ones(self):
        params = inspect.signature(text.dictionary).parameters
        assert {k: params[k].default for k in text.FILTER_EXTREMES} == text.FILTER_EXTREMES

    def test_filters_rare_and_common(self):
        # war: 3 of 4 documents (over 0.7), syria: 1 (under 2); talks and peace stay.
        vocab = text.dictionary(self.DOCS, no_below=2, no_above=0.7)
        assert list(vocab.token2id) == ["talks", "peace"]
        assert vocab.dfs == {0: 2, 1: 2} and vocab.cfs == {0: 2, 1: 2}

    def test_keep_n_keeps_the_most_widespread(self):
        vocab = text.dictionary(self.DOCS, no_below=1, no_above=1.0, keep_n=1)
        assert list(vocab.token2id) == ["war"]

    def test_nothing_left(self):
        with pytest.raises(ValueError, match=r"no term is left: of 4 terms in 4 documents"):
            text.dictionary(self.DOCS, no_below=4, no_above=0.5)

    @pytest.mark.parametrize(("option", "value", "message"), [
        ("no_below", 0, r"`no_below` must be an integer >= 1; got 0"),
        ("no_above", 1.5, r"`no_above` must be a share of documents in \(0, 1\]; got 1.5"),
        ("keep_n", 0, r"`keep_n` must be an integer >= 1; got 0"),
    ])
    def test_bad_options(self, option, value, message):
        with pytest.raises(ValueError, match=message):
            text.dictionary(self.DOCS, **{option: value})


@pytest.mark.slow
@pytest.mark.newsarticles
def test_documents_are_those_of_gensim_text_by_text(newsarticles):
    """Two phrase layers learned from a subset of NewsArticles: as gensim, text by text."""
    stories, _ = newsarticles
    texts = (stories["headline"].fillna("") + "\n\n" + stories["body"].fillna("")).tolist()
    keep = np.arange(len(texts)) % 3 != 0
    docs = text.documents(texts, layers=2, learn_from=keep)
    # The reference: preprocess each text, gensim's Phrases layer by layer (the second
    # on the first's output, "_" hidden so that freeze() keeps joined parts whole).
    steps = text.pipeline()
    head = [text.preprocess(t, steps[:4]) for t in texts]
    learn = [h for h, k in zip(head, keep, strict=True) if k]
    options = {"min_count": 10, "threshold": 0.5, "scoring": "npmi",
               "connector_words": text.stopwords()}
    first = Phrases(learn, **options).freeze()
    second = Phrases([[t.replace("_", "\x1f") for t in first[d]] for d in learn],
                     **options).freeze()
    second.phrasegrams = {g.replace("\x1f", "_"): s for g, s in second.phrasegrams.items()}
    for got, want in zip(docs.phrases.layers, (first, second), strict=True):
        assert list(got.phrasegrams.items()) == list(want.phrasegrams.items())
    assert first.phrasegrams and second.phrasegrams  # both layers join something
    assert docs.tokens == [text.preprocess(second[first[h]], steps[4:]) for h in head]
