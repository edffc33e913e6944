"""Tests of wireframe.text.collocations: phrases, their layers and their JSON form."""

from __future__ import annotations

import json

import pytest
from gensim.models.phrases import FrozenPhrases, Phrases

from wireframe import text
from wireframe.text import TokenStream

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


def gensim_model(docs, min_count, threshold=0.5):
    """The reference: gensim's own Phrases, counting and scoring in its Python loop."""
    return Phrases(docs, min_count=min_count, threshold=threshold, scoring="npmi",
                   connector_words=text.stopwords()).freeze()


# Chains of phrases ("white house press"), connector words inside, at the ends
# and in a row, a phrase twice in a row, one-word and empty texts.
CHAINS = (
    ["the white house press office said", "white house press secretary of state",
     "at the white house press briefing", "secretary of the state of the union"] * 4
    + ["white white house house", "press", "", "of the of the", "house press house press"] * 3
)


class TestAsGensim:
    """phrases() and join_phrases() count and join as arrays: gensim's results, bit for bit."""

    @pytest.mark.parametrize("min_count", [1, 2, 3, 5])
    def test_learns_the_phrases_and_scores_of_gensim(self, min_count):
        chains = [text.tokenize(d) for d in CHAINS]
        for corpus in (chains, [text.tokenize(d) for d in COLD_WAR]):
            got = text.phrases(corpus, min_count=min_count)
            want = gensim_model(corpus, min_count)
            assert list(got.phrasegrams.items()) == list(want.phrasegrams.items())
            assert type(got) is FrozenPhrases

    @pytest.mark.parametrize("threshold", [-1, 0.0, 0.3, 0.5])
    def test_joins_as_gensim_joins(self, threshold):
        corpus = [text.tokenize(d) for d in CHAINS]
        model = gensim_model(corpus, 2, threshold)
        got = text.join_phrases(TokenStream.from_lists(corpus), model).lists()
        assert got == [model[d] for d in corpus]
        assert any("white_house" in d for d in got)

    def test_a_token_holding_the_delimiter_hands_over_to_gensim(self):
        corpus = [["snake_case", "code"]] * 3 + [["snake_case", "style"]]
        got = text.phrases(corpus, min_count=2, threshold=0.1)
        # gensim's freeze() splits "snake_case_code" at every "_" to score it and finds
        # no such pair, so it keeps nothing; the array path must not guess otherwise.
        assert got.phrasegrams == gensim_model(corpus, 2, 0.1).phrasegrams == {}

    def test_an_empty_token_starts_no_phrase_as_in_gensim(self):
        corpus = [["", "war", "games"]] * 3 + [["war", "games", ""]]
        model = gensim_model(corpus, 2, 0.1)
        stream = TokenStream.from_lists(corpus)
        assert text.join_phrases(stream, model).lists() == [model[d] for d in corpus]

    def test_two_layers_as_gensim_in_turn(self, layer_docs):
        got = text.phrases(layer_docs, min_count=2, threshold=0.3, layers=2)
        first = Phrases(layer_docs, min_count=2, threshold=0.3, scoring="npmi",
                        connector_words=text.stopwords()).freeze()
        assert list(got.layers[0].phrasegrams.items()) == list(first.phrasegrams.items())
        joined = TokenStream.from_lists(layer_docs)
        assert text.join_phrases(joined, got).lists() == [got[d] for d in layer_docs]
