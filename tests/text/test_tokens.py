"""Tests of wireframe.text.tokens: each pipeline step alone, then pipelines."""

from __future__ import annotations

import re
from importlib import resources

import nltk
import numpy as np
import pytest
from nltk.tokenize import RegexpTokenizer

from wireframe import text
from wireframe._validate import ParameterError
from wireframe.text import tokens


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
        tokens._tokenizer.cache_clear()
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


@pytest.fixture(scope="module")
def texts(newsarticles):
    stories, _ = newsarticles
    return (stories["headline"].fillna("") + "\n\n" + stories["body"].fillna("")).tolist()


@pytest.mark.slow
@pytest.mark.newsarticles
class TestFastTokenizerIsNLTKs:
    """The built-in patterns skip nltk.redos' timeout and read ASCII with re: same tokens."""

    def test_apostrophes_as_translate_and_lookbehind(self, texts):
        # The rule as first written: str.translate, and the lookbehind before the quote.
        table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
        quote = re.compile(r'(?<=[^\W\d_])"(?=(?:s|t|re|ve|ll|m|d)\b)', re.IGNORECASE)
        assert [text.normalize_apostrophes(t) for t in texts] == [
            quote.sub("'", t.translate(table)) for t in texts]

    @pytest.mark.parametrize("pattern", sorted(text.TOKEN_PATTERNS))
    def test_every_story(self, texts, pattern):
        nltk_tokens = RegexpTokenizer(text.TOKEN_PATTERNS[pattern])
        lowered = [text.normalize_apostrophes(t.lower()) for t in texts]
        assert sum(not t.isascii() for t in lowered) > 500  # both engines are exercised
        assert [text.tokenize(t, pattern=pattern) for t in lowered] == [
            nltk_tokens.tokenize(t) for t in lowered]
