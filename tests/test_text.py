"""Tests for wireframe.text: each pipeline step alone, then pipelines and phrases."""

from __future__ import annotations

import inspect
import json
from importlib import resources

import nltk
import numpy as np
import pytest
from gensim.models.phrases import FrozenPhrases

from wireframe import text
from wireframe._validate import ParameterError


class TestTokenize:
    def test_words_abbreviations_and_inner_punctuation(self):
        got = text.tokenize("The U.S.-Russia talks didn't resume in 2017; al-Assad stayed.")
        assert got == ["The", "U.S.", "Russia", "talks", "didn't", "resume", "in", "al-Assad",
                       "stayed"]

    def test_sklearn_pattern_is_countvectorizer_default(self):
        # CountVectorizer(lowercase=True) with token_pattern r"(?u)\b\w\w+\b": two or more
        # word characters, so "I'm", "U.S." and "a" leave nothing and digits stay.
        got = text.tokenize("I'm a U.S. citizen since 2017, re-elected.", pattern="sklearn",
                            lowercase=True)
        assert got == ["citizen", "since", "2017", "re", "elected"]

    def test_custom_pattern(self):
        assert text.tokenize("a1 b22 c", pattern=r"[a-z]\d+") == ["a1", "b22"]

    def test_needs_no_nltk_data(self, monkeypatch, tmp_path):
        def refuse(*args, **kwargs):
            raise AssertionError("nltk.download must never be called")

        monkeypatch.setattr(nltk, "download", refuse)
        monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
        text._tokenizer.cache_clear()
        assert text.preprocess("Moscow, February 7. /TASS/.") == ["moscow", "february", "tass"]

    def test_list_of_texts_is_an_error(self):
        with pytest.raises(TypeError, match=r"`text` must be one string; got list"):
            text.tokenize(["a text", "another"])


class TestLowercase:
    def test_unicode(self):
        assert text.lowercase("RTÉ İS") == "rté i̇s"


class TestNormalizeApostrophes:
    def test_curly_modifier_and_grave(self):
        assert text.normalize_apostrophes("don\u2019t \u2018em it\u02bcs rock`n") == (
            "don't 'em it's rock'n")

    def test_double_quote_inside_contractions_only(self):
        got = text.normalize_apostrophes('"We don"t know," Trump"s aide said "so".')
        assert got == '"We don\'t know," Trump\'s aide said "so".'


class TestStripPossessives:
    def test_possessive_s_only(self):
        assert text.strip_possessives(["russia's", "it's", "'s", "didn't", "boss"]) == [
            "russia", "it", "'s", "didn't", "boss"]


class TestStopwords:
    def test_list_and_its_changes(self):
        words = text.stopwords()
        assert len(words) == 330
        assert {"the", "of", "didn't", "we're", "did", "couldnt"} <= words
        # Content words removed from scikit-learn's list.
        assert not {"bill", "fire", "interest", "system", "un", "side"} & words

    def test_file_names_source_and_licence(self):
        raw = resources.files("wireframe").joinpath("data", "stopwords_en.txt").read_text()
        header = "\n".join(line for line in raw.splitlines() if line.startswith("#"))
        assert "scikit-learn's ENGLISH_STOP_WORDS" in header
        assert "Glasgow" in header
        assert "BSD 3-Clause License" in header and "Redistributions of source code" in header
        body = [line for line in raw.splitlines() if line and not line.startswith("#")]
        assert body == sorted(body) and all(w == w.strip().lower() for w in body)

    def test_unknown_list(self):
        with pytest.raises(ValueError, match=r"`name` must be one of 'en'; got 'de'"):
            text.stopwords("de")


class TestDropStopwords:
    def test_drops(self):
        assert text.drop_stopwords(["the", "cold", "war"], words={"the", "war"}) == ["cold"]


class TestDropShort:
    def test_drops(self):
        assert text.drop_short(["a", "us", "war"], min_length=2) == ["us", "war"]


class TestPipeline:
    def test_default_steps_in_order(self):
        names = [s.name for s in text.pipeline()]
        assert names == ["lowercase", "apostrophes", "tokenize", "possessives", "stopwords",
                         "min_length"]
        assert [s.filter for s in text.pipeline()][-2:] == [True, True]

    def test_options_drop_steps(self):
        steps = text.pipeline(lowercase=False, possessives=False, stopwords=None, min_length=1)
        assert [s.name for s in steps] == ["apostrophes", "tokenize"]

    def test_phrases_go_before_filters(self):
        model = text.phrases([["cold", "war"]] * 3, min_count=1)
        assert [s.name for s in text.pipeline(phrases=model)][3:5] == ["possessives", "phrases"]

    def test_own_stopwords_are_lowercased(self):
        steps = text.pipeline(stopwords=["NATO"])
        assert text.preprocess("NATO and the alliance", steps) == ["and", "the", "alliance"]

    def test_bad_min_length(self):
        with pytest.raises(ValueError, match=r"`min_length` must be an integer >= 1; got 0"):
            text.pipeline(min_length=0)

    def test_numpy_integer_min_length(self):
        # Issue 14: np.int64(2) raised "`min_length` must be an integer".
        steps = text.pipeline(min_length=np.int64(2))
        assert text.preprocess("A war of words", steps) == text.preprocess("A war of words")
        assert steps[-1].func.keywords["min_length"] == 2
        assert type(steps[-1].func.keywords["min_length"]) is int

    def test_bool_is_no_integer_and_messages_name_the_function(self):
        with pytest.raises(ParameterError, match=r"^text\.pipeline: `min_length` must be an "
                           r"integer >= 1; got True"):
            text.pipeline(min_length=True)
        with pytest.raises(ParameterError, match=r"^text\.pipeline: `lowercase` must be True or "
                           r"False; got 'yes'"):
            text.pipeline(lowercase="yes")


class TestPreprocess:
    def test_default(self):
        got = text.preprocess("Russia\u2019s view of the U.S. didn't change, Mr Lavrov said.")
        assert got == ["russia", "view", "u.s.", "change", "mr", "lavrov", "said"]

    def test_from_tokens(self):
        steps = text.pipeline()
        assert text.preprocess(["the", "cold", "war"], steps[4:]) == ["cold", "war"]


class TestStepThrough:
    def test_every_stage(self):
        stages = dict(text.step_through("The Kremlin's view"))
        assert stages["input"] == "The Kremlin's view"
        assert stages["lowercase"] == "the kremlin's view"
        assert stages["tokenize"] == ["the", "kremlin's", "view"]
        assert stages["possessives"] == ["the", "kremlin", "view"]
        assert stages["stopwords"] == ["kremlin", "view"]


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


class TestSplitting:
    """The one place where paragraphs, sentences and words are split."""

    def test_abbreviated_month_is_not_a_sentence_end(self):
        t = "Talks resume on Mar. 5 in Geneva. They end on Friday."
        assert text.sentences(t) == ["Talks resume on Mar. 5 in Geneva.", "They end on Friday."]

    def test_initials_titles_and_quotes(self):
        t = 'Mr. Putin met U.S. envoys. "We agreed," he said. Dr. No left!'
        assert text.sentences(t) == [
            "Mr. Putin met U.S. envoys.", '"We agreed," he said.', "Dr. No left!",
        ]

    def test_spans_point_into_the_text_and_paragraphs_end_sentences(self):
        t = "Headline without stop\n\nFirst one. Second one?\n \nThird"
        spans = text.sentence_spans(t)
        assert [t[a:b] for a, b in spans] == [
            "Headline without stop", "First one.", "Second one?", "Third",
        ]

    def test_paragraphs_and_words(self):
        assert text.paragraphs("a\n\n\n b \n\t\n") == ["a", "b"]
        assert text.paragraphs("") == []
        assert text.words("The U.S.-led talks, 2017") == ["the", "u", "s", "led", "talks", "2017"]


# -- phrase layers, documents and dictionary (for topic models) ------------------------

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
def layer_docs() -> list[list[str]]:
    return [text.tokenize(d) for d in NEW_COLD_WAR]


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
