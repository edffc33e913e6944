"""Tests of wireframe.text.collocations: phrases, their layers and their JSON form."""

from __future__ import annotations

import json

import pytest
from gensim.models.phrases import FrozenPhrases

from wireframe import text

COLD_WAR = [
    "the cold war ended in 1991",
    "a new cold war with russia",
    "is this a cold war or not",
    "cold war rhetoric has been back",
    "the war in syria has been long",
    "a cold winter has been hard",
    "the secretary of state met the secretary of state",
    "the secretary of state has been in moscow",
]


@pytest.fixture
def docs():
    return [text.tokenize(d) for d in COLD_WAR]


class TestPhrases:
    def test_cold_war(self, docs):
        model = text.phrases(docs, min_count=3, threshold=0.5)
        assert model[["after", "the", "cold", "war"]] == ["after", "the", "cold_war"]
        assert model[["a", "cold", "winter"]] == ["a", "cold", "winter"]

    def test_connector_words_inside_not_at_the_ends(self, docs):
        model = text.phrases(docs, min_count=3, threshold=0.5)
        assert "secretary_of_state" in model.phrasegrams
        # "has been" occurs four times, but both words are stopwords.
        assert "has_been" not in model.phrasegrams

    def test_npmi_scores(self, docs):
        # cold: 5, war: 5, "cold war": 4 of 54 tokens; npmi = ln(p_ab / (p_a p_b)) / -ln p_ab.
        model = text.phrases(docs, min_count=3, threshold=0.5)
        n = sum(len(d) for d in docs)
        from math import log

        p_ab, p_a = 4 / n, 5 / n
        assert model.phrasegrams["cold_war"] == pytest.approx(log(p_ab / p_a**2) / -log(p_ab))

    def test_deterministic_whatever_the_order(self, docs):
        forward = text.phrases(docs, min_count=2, threshold=0.3).phrasegrams
        backward = text.phrases(docs[::-1], min_count=2, threshold=0.3).phrasegrams
        assert forward == backward and forward

    def test_bad_threshold(self, docs):
        with pytest.raises(ValueError, match=r"`threshold` must be a number in \[-1, 1\]; "
                           r"got 10\. Fix: the score is a normalised PMI \(NPMI\)"):
            text.phrases(docs, threshold=10)




class TestPhraseLayers:
    def test_two_layers_join_new_cold_war(self, layer_docs):
        model = text.phrases(layer_docs, layers=2)
        assert isinstance(model, text.PhraseLayers) and isinstance(model, FrozenPhrases)
        assert model[["a", "new", "cold", "war", "again"]] == ["a", "new_cold_war", "again"]
        assert model[["the", "cold", "war"]] == ["the", "cold_war"]
        assert model[["new", "talks"]] == ["new", "talks"]
        assert {"cold_war", "new_cold_war"} <= set(model.phrasegrams)

    def test_one_layer_is_unchanged(self, layer_docs):
        model = text.phrases(layer_docs)
        assert type(model) is FrozenPhrases
        assert model[["a", "new", "cold", "war"]] == ["a", "new", "cold_war"]

    def test_layers_work_in_a_pipeline(self, layer_docs):
        # And in a term matrix: tests/compare/test_counts.py, TestTermMatrix.
        model = text.phrases(layer_docs, layers=2)
        steps = text.pipeline(phrases=model)
        assert text.preprocess("A new Cold War?", steps) == ["new_cold_war"]

    def test_a_corpus_streams(self, layer_docs):
        model = text.phrases(layer_docs, layers=2)
        assert list(model[[["new", "cold", "war"], ["cold", "war"]]]) == [
            ["new_cold_war"], ["cold_war"]]


    def test_bad_layers(self, layer_docs):
        with pytest.raises(ValueError, match=r"`layers` must be an integer >= 1; got 0"):
            text.phrases(layer_docs, layers=0)

    def test_layers_need_models(self):
        with pytest.raises(TypeError, match="non-empty sequence of FrozenPhrases"):
            text.PhraseLayers([])


class TestPhrasesToDict:
    """phrases_to_dict and phrases_from_dict: a phrase model as plain data and back."""

    def test_round_trip_through_json_needs_no_pickle(self, layer_docs):
        model = text.phrases(layer_docs, layers=2)
        state = text.phrases_to_dict(model)
        assert len(state["layers"]) == 2
        again = text.phrases_from_dict(json.loads(json.dumps(state)))
        assert isinstance(again, text.PhraseLayers)
        assert again.phrasegrams == model.phrasegrams
        assert again[["new", "cold", "war"]] == ["new_cold_war"]

    def test_one_layer(self, docs):
        model = text.phrases(docs, min_count=3, threshold=0.5)
        state = text.phrases_to_dict(model)
        assert (state["threshold"], state["min_count"], state["delimiter"]) == (0.5, 3, "_")
        assert state["connector_words"] == sorted(text.stopwords("en"))
        again = text.phrases_from_dict(state)
        assert type(again) is FrozenPhrases and again.phrasegrams == model.phrasegrams
        assert again[["after", "the", "cold", "war"]] == ["after", "the", "cold_war"]
