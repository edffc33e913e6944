"""The fast path of matching (frames.anchors, _Matcher.scan_many) against the reference scan."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest

from wireframe import frames
from wireframe.frames.anchors import _AnchorIndex, _class_of, _is_word, has_token, word_counts
from wireframe.frames.boilerplate import strip_furniture
from wireframe.frames.lexicon import _as_lexicon
from wireframe.frames.matching import _when
from wireframe.frames.patterns import _WORD, _lower, _trie_regex

ALL = "".join(map(chr, range(sys.maxunicode + 1)))


def _shipped():
    return _as_lexicon([frames.load_lexicon(n) for n in frames.lexicons()], "test")._matcher


class TestCharacters:
    def test_classes_are_the_regex_classes_for_every_code_point(self):
        cls = _class_of(ALL)
        word = np.zeros(len(ALL), dtype=bool)
        word[[m.start() for m in re.finditer(r"\w", ALL)]] = True
        assert ((cls != 0) == word).all()
        assert np.flatnonzero(cls == 2).tolist() == [ord("_")]
        assert [c for c in ALL if _is_word(c)] == re.findall(r"\w", ALL)

    def test_lowering_keeps_every_class(self):
        # Words are counted (and anchors bounded) on the lowered text: the
        # same as on the text, since no 1:1 lowering changes a class.
        same = [c for c in ALL if len(c.lower()) == 1]
        assert (_class_of("".join(same)) == _class_of("".join(c.lower() for c in same))).all()


class TestWordCounts:
    @pytest.mark.parametrize("text", ["", "_", "a_b", "Cold War-era rival's", "İstanbul x",
                                      "naïve 🙂spy 🙂 ½ x²", "a\n\nb", "١٢٣ 中文字", "𝔘𝔫𝔦"])
    def test_as_the_token_regex(self, text):
        assert word_counts([text, text + " x"]).tolist() == [len(_WORD.findall(text)),
                                                           len(_WORD.findall(text + " x"))]


class TestAnchorIndex:
    def test_random_texts_as_the_reference_regex(self):
        # Tokens from a small alphabet with underscores, digits, non-ASCII and
        # characters beyond the BMP, so that runs share prefixes and collide.
        rng = np.random.default_rng(7)
        alphabet = list("abcdeé_1") + ["𝔞", " ", " ", "-", "\n"]
        exact = {"ab", "abc", "a", "cab", "é1", "bad", "𝔞b"}
        prefixes = {"ab", "dec", "cc", "é𝔞"}
        idx = _AnchorIndex(exact, prefixes)
        rx = re.compile(r"\b" + _trie_regex([(w, False) for w in exact]
                                             + [(p, True) for p in prefixes]) + r"\b")
        texts = ["".join(rng.choice(alphabet, size=rng.integers(0, 60))) for _ in range(400)]
        _, found = idx.find(texts)
        for text, got in zip(texts, found, strict=True):
            want: dict[str, list[int]] = {}
            for m in rx.finditer(text):
                want.setdefault(m.group(), []).append(m.start())
            assert got == want, text

    @pytest.mark.parametrize(("low", "token", "glob", "want"), [
        ("the west", "the", False, True), ("theory", "the", False, False),
        ("x_the y", "the", False, False), ("the_", "the", False, False),
        ("rivalry", "rival", True, True), ("rival_x rivalry", "rival", True, True),
        ("rival_x", "rival", True, False), ("arrival", "rival", True, False),
        ("", "a", False, False),
    ])
    def test_has_token_as_the_word_boundary_regex(self, low, token, glob, want):
        rx = re.compile(r"\b" + re.escape(token) + (r"[^\W_]*" if glob else "") + r"\b")
        assert has_token(low, token, glob) is want is (rx.search(low) is not None)


class TestScanMany:
    def test_edge_texts_as_the_reference(self):
        m = _shipped()
        texts = ["", "spy_ring and the x_spy", "A confrontation between Russia and the West.",
                 "Chinese agents; the U.S. intelligence community; İran’s spies 🙂spy",
                 "no frame words here at all", "Rival_powers, rival powers; RIVAL POWERS",
                 "Chinese hackers w/ a cold\nwar; the new  cold war 2.0"]
        when = [None] * len(texts)
        words, hits = m.scan_many(texts, when)
        assert hits == [m.scan(t) for t in texts]
        assert words.tolist() == [len(_WORD.findall(t)) for t in texts]
        # Hand-checked: "spy_ring" and "x_spy" are one \w run each, no token
        # "spy" (as the reference's \b has it); "the" of "and the west" is
        # found by search, not by the index; "Chinese agents", "spies" and the
        # "spy" after an emoji, but not "U.S." (no demonym); "rival powers"
        # twice, not "Rival_powers"; "Chinese hackers" (w/6 @powers), and
        # "cold war 2.0" over "new cold war" (more tokens); "cold\nwar" is
        # the bare "cold war", bound to before 1992, and the text is undated.
        assert [len(h) for h in hits] == [0, 0, 1, 3, 0, 2, 2]

    @pytest.mark.newsarticles
    @pytest.mark.slow
    def test_newsarticles_hit_for_hit(self, newsarticles):
        # Every story, all four shipped lexicons, furniture stripped, dated
        # (so the period-bound entries count only in their period): the fast
        # path finds exactly the reference scan's hits and words.
        stories, _ = newsarticles
        m = _shipped()
        texts = [strip_furniture(t) for t in frames.story_text(stories)]
        when = _when(stories)
        words, fast = m.scan_many(texts, when)
        ref = [m.scan(t, at) for t, at in zip(texts, when, strict=True)]
        assert fast == ref
        assert words.tolist() == [len(_WORD.findall(t)) for t in texts]
        # The count with the shipped lexicons as of issue 19.
        assert sum(map(len, ref)) == 15_609

    @pytest.mark.newsarticles
    def test_match_in_chunks_equals_one_story_at_a_time(self, newsarticles, monkeypatch):
        from wireframe.frames import matching

        stories, _ = newsarticles
        sample = stories.sample(300, random_state=3)
        whole = frames.score(sample, ["espionage", "new_cold_war"])
        monkeypatch.setattr(matching, "_CHUNK", 1)
        pd_testing = pytest.importorskip("pandas.testing")
        pd_testing.assert_frame_equal(frames.score(sample, ["espionage", "new_cold_war"]), whole)


def test_lowering_helper_keeps_length():
    assert len(_lower("İstanbul")) == len("İstanbul")
