"""Tests of wireframe.text.streams: token streams, and tokenizing a corpus piece by piece."""

from __future__ import annotations

import re
import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
import regex

from wireframe import text
from wireframe.text import TokenStream, streams, tokens

# Texts where splitting at white space could go wrong: white space other than
# spaces (no-break, em space, the file separator Python counts as white
# space), leading and trailing white space, empty texts, accents, a combining
# mark (Devanagari), digits, abbreviations, inner hyphens and apostrophes.
AWKWARD = [
    "The U.S.-Russia talks didn't resume in 2017; al-Assad stayed.",
    "",
    "   \n\t  ",
    "  leading\u00a0and\u2003odd\x1cwhite space\u3000here  ",
    "Café crème, naïve façade: Zürich's Straße.",
    "हिन्दी समाचार and नमस्ते, a test",
    "e.g. U.N. forces; N.Y.C.'s mayor -- self-made 'quoted' words'",
    "x1 2x __init__ snake_case O'Neill-Smith's",
]


class TestTokenStream:
    def test_lists_round_trip_and_counts(self):
        docs = [["cold", "war", "cold"], [], ["war", "games"]]
        s = TokenStream.from_lists(docs)
        assert s.lists() == docs
        assert s.offsets.tolist() == [0, 3, 3, 5]
        counts, terms = s.counts()
        assert terms.tolist() == ["cold", "war", "games"]
        assert counts.toarray().tolist() == [[2, 1, 0], [0, 0, 0], [0, 1, 1]]

    def test_map_merges_and_drops(self):
        s = TokenStream.from_lists([["War", "war", "the"], ["WAR", "peace"]])
        mapped = s.map(lambda t: None if t == "the" else t.lower())
        assert mapped.lists() == [["war", "war"], ["war", "peace"]]
        assert sorted(mapped.vocab.tolist()) == ["peace", "war"]

    def test_subset_keeps_the_texts_in_order(self):
        s = TokenStream.from_lists([["a"], ["b", "c"], [], ["d", "e", "f"]])
        assert s.subset([True, False, True, True]).lists() == [["a"], [], ["d", "e", "f"]]

    def test_tokens_that_are_not_strings_are_coded_as_a_dict_codes_them(self):
        # pandas would take None and NaN for one missing value; a dict keeps them apart.
        s = TokenStream.from_lists([[None, float("nan"), "x", None]])
        assert len(s.vocab) == 3 and s.codes.tolist() == [0, 1, 2, 0]


class TestPieces:
    @pytest.mark.parametrize("pattern", sorted(text.TOKEN_PATTERNS))
    def test_same_tokens_as_the_whole_text(self, pattern):
        texts = [t.lower() for t in AWKWARD]
        stream = streams._from_pieces(texts, *tokens._engines(pattern, newline=True))
        assert stream.lists() == [text.tokenize(t, pattern=pattern) for t in texts]

    @pytest.mark.parametrize("texts", [["café"], ["cafe"], ["", "  "], [], ["naïve", "x y"]])
    def test_all_or_no_pieces_in_ascii(self, texts):
        stream = streams._from_pieces(texts, *tokens._engines("word", newline=True))
        assert stream.lists() == [text.tokenize(t) for t in texts]

    def test_hand_checked_tokens(self):
        stream = streams._from_pieces(AWKWARD[3:5], *tokens._engines("word", newline=True))
        assert stream.lists() == [
            ["leading", "and", "odd", "white", "space", "here"],
            ["Café", "crème", "naïve", "façade", "Zürich's", "Straße"],
        ]

    def test_the_regex_engine_for_a_piece_not_in_ascii(self):
        # A combining vowel sign is a word character to `regex` (as NLTK runs it), not to
        # Python's re: the Hindi word stays whole, as RegexpTokenizer keeps it.
        got = streams._from_pieces(["हिन्दी"], *tokens._engines("sklearn", newline=True))
        assert got.lists() == [["हिन्दी"]] == [text.tokenize("हिन्दी", pattern="sklearn")]
        assert re.findall(r"(?u)\b\w\w+\b", "हिन्दी") != ["हिन्दी"]

    def test_a_text_pyarrow_cannot_hold_is_tokenized_text_by_text(self):
        lone = "caf\udce9 au lait"  # a lone surrogate, as surrogateescape leaves one
        assert streams._from_pieces([lone], *tokens._engines("word", newline=True)) is None
        assert text.encode([lone, "tea"]).lists() == [text.preprocess(lone),
                                                      text.preprocess("tea")]

    @pytest.mark.slow
    def test_pyarrow_splits_where_python_does_and_never_in_a_word(self):
        # Every code point between two letters: pyarrow must split exactly where
        # str.split splits, at characters that are no word character to either engine.
        points = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
        pieces = pc.list_value_length(pc.utf8_split_whitespace(
            pa.array([f"a{chr(c)}b" for c in points]))).to_numpy()
        arrow = {chr(c) for c, n in zip(points, pieces, strict=True) if n > 1}
        python = {chr(c) for c in points if chr(c).isspace()}
        assert arrow == python and len(arrow) == 29
        assert not [c for c in arrow if re.match(r"\w", c) or regex.match(r"\w", c)
                    or c in ".-'"]


class TestPiecewise:
    def test_built_in_patterns_only(self):
        steps = {s.name: s for s in text.pipeline()}
        assert tokens._piecewise(steps["tokenize"]) is not None
        assert tokens._piecewise(steps["lowercase"]) is None
        custom = text.pipeline(pattern=r"\w+(?=\s)")
        assert tokens._piecewise(custom[2]) is None

    def test_a_custom_pattern_is_run_on_the_whole_text(self):
        # A lookahead past the white space: piece by piece it would find nothing.
        steps = text.pipeline(pattern=r"\w+(?=\s)", stopwords=None)
        texts = ["cold war now", "peace"]
        assert text.encode(texts, steps).lists() == [["cold", "war"], []]
        assert text.encode(texts, steps).lists() == [text.preprocess(t, steps) for t in texts]


def test_counts_are_canonical_int32():
    counts, _ = TokenStream.from_lists([["b", "a", "b"]]).counts()
    assert counts.dtype == np.int32 and counts.has_canonical_format
