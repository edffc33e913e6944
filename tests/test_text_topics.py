"""Tests for what wireframe.text gained for topic models: phrase layers, documents, dictionary."""

from __future__ import annotations

import inspect

import pytest
from gensim.models.phrases import FrozenPhrases

from wireframe import compare, text

# 284 tokens. "cold" is common outside "cold war" (48 times, 24 in "cold war"), so layer one
# joins cold_war (NPMI 0.72) but not new_cold (12 of 16 "new", NPMI 0.47); layer two, where
# cold_war counts 24, joins new + cold_war (NPMI 0.67). "new talks" (4) is too rare.
NEW_COLD_WAR = (
    ["is this a new cold war with russia"] * 12
    + ["the cold war ended long ago"] * 12
    + ["a cold winter morning"] * 24
    + ["new talks on trade began"] * 4
)


@pytest.fixture
def docs() -> list[list[str]]:
    return [text.tokenize(d) for d in NEW_COLD_WAR]


class TestPhraseLayers:
    def test_two_layers_join_new_cold_war(self, docs):
        model = text.phrases(docs, layers=2)
        assert isinstance(model, text.PhraseLayers) and isinstance(model, FrozenPhrases)
        assert model[["a", "new", "cold", "war", "again"]] == ["a", "new_cold_war", "again"]
        assert model[["the", "cold", "war"]] == ["the", "cold_war"]
        assert model[["new", "talks"]] == ["new", "talks"]
        assert {"cold_war", "new_cold_war"} <= set(model.phrasegrams)

    def test_one_layer_is_unchanged(self, docs):
        model = text.phrases(docs)
        assert type(model) is FrozenPhrases
        assert model[["a", "new", "cold", "war"]] == ["a", "new", "cold_war"]

    def test_layers_work_in_a_pipeline_and_a_term_matrix(self, docs):
        model = text.phrases(docs, layers=2)
        steps = text.pipeline(phrases=model)
        assert text.preprocess("A new Cold War?", steps) == ["new_cold_war"]
        import pandas as pd

        tm = compare.term_matrix(pd.DataFrame({"headline": "", "body": ["A new cold war."]}),
                                 phrases=model)
        assert list(tm.terms) == ["new_cold_war"]

    def test_a_corpus_streams(self, docs):
        model = text.phrases(docs, layers=2)
        assert list(model[[["new", "cold", "war"], ["cold", "war"]]]) == [
            ["new_cold_war"], ["cold_war"]]

    def test_state_round_trip_needs_no_pickle(self, docs):
        model = text.phrases(docs, layers=2)
        again = text._phrases_from_state(text._phrases_state(model))
        assert again.phrasegrams == model.phrasegrams
        assert again[["new", "cold", "war"]] == ["new_cold_war"]

    def test_bad_layers(self, docs):
        with pytest.raises(ValueError, match=r"`layers` must be an integer >= 1; got 0"):
            text.phrases(docs, layers=0)

    def test_layers_need_models(self):
        with pytest.raises(TypeError, match="non-empty sequence of FrozenPhrases"):
            text.PhraseLayers([])


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

    def test_given_model_and_no_phrases(self, docs):
        model = text.phrases(docs)
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
