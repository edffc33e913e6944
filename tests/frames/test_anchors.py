"""The fast path of matching (frames.anchors, frames.fastscan) against the reference scan."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest

from wireframe import frames
from wireframe.frames.anchors import (
    _AnchorIndex,
    _class_of,
    _joined,
    _lowers,
    _text,
    word_counts,
)
from wireframe.frames.boilerplate import strip_furniture
from wireframe.frames.lexicon import _as_lexicon
from wireframe.frames.matching import _when
from wireframe.frames.patterns import _WORD, _lower, _trie_regex

ALL = "".join(map(chr, range(sys.maxunicode + 1)))


def _fast(m, texts, when):
    """The fast path's hits as the reference gives them: a list of (start, end, entry) per text."""
    words, which, start, end, entry = m.fast.scan(texts, when)
    out = [[] for _ in texts]
    for k, s, e, i in zip(which.tolist(), start.tolist(), end.tolist(), entry.tolist(),
                          strict=True):
        out[k].append((s, e, i))
    return words, out


def _shipped():
    return _as_lexicon([frames.load_lexicon(n) for n in frames.lexicons()], "test")._matcher


class TestCharacters:
    def test_classes_are_the_regex_classes_for_every_code_point(self):
        cls = _class_of(ALL)
        word = np.zeros(len(ALL), dtype=bool)
        word[[m.start() for m in re.finditer(r"\w", ALL)]] = True
        assert ((cls != 0) == word).all()
        assert np.flatnonzero(cls == 2).tolist() == [ord("_")]

    def test_lowering_keeps_every_class(self):
        # Words are counted (and anchors bounded) on the lowered text: the
        # same as on the text, since no 1:1 lowering changes a class.
        same = [c for c in ALL if len(c.lower()) == 1]
        assert (_class_of("".join(same)) == _class_of("".join(c.lower() for c in same))).all()


    def test_the_lowering_table_lowers_as_lower_each_character(self):
        table = _lowers()
        chars = [c for c in range(0x10000) if not 0xD800 <= c < 0xE000]
        assert [chr(table[c]) for c in chars] == [_lower(chr(c)) for c in chars]

    @pytest.mark.parametrize("texts", [
        ["İstanbul Cold WAR", "ÀB naïve", "", "plain"],  # by the table
        ["ΟΔΥΣΣΕΥΣ ΚΑΙ", "Σ", "İstanbul ΑΣ"],  # a final sigma: text by text
        ["Cold War 🙂", "ΣΑΣ"],  # beyond the BMP: 32-bit code points
    ])
    def test_joined_texts_are_lowered_as_each_text(self, texts):
        starts, ends, cp, _ = _joined(texts, lower=True)
        assert [_text(cp, s, e) for s, e in zip(starts, ends, strict=True)] == [
            _lower(t) for t in texts]
        assert "ς" in _lower("ΟΔΥΣΣΕΥΣ ΚΑΙ")  # str.lower's final sigma, kept


class TestWordCounts:
    @pytest.mark.parametrize("text", ["", "_", "a_b", "Cold War-era rival's", "İstanbul x",
                                      "naïve 🙂spy 🙂 ½ x²", "a\n\nb", "١٢٣ 中文字", "𝔘𝔫𝔦"])
    def test_as_the_token_regex(self, text):
        assert word_counts([text, text + " x"]).tolist() == [len(_WORD.findall(text)),
                                                           len(_WORD.findall(text + " x"))]


class TestAnchorIndex:
    @staticmethod
    def _random(seed=7, n=400):
        # Tokens from a small alphabet with underscores, digits, non-ASCII and
        # characters beyond the BMP, so that runs share prefixes and collide.
        rng = np.random.default_rng(seed)
        alphabet = list("abcdeé_1") + ["𝔞", " ", " ", "-", "\n"]
        return ["".join(rng.choice(alphabet, size=rng.integers(0, 60))) for _ in range(n)]

    EXACT = ("ab", "abc", "a", "cab", "é1", "bad", "𝔞b", "dec")
    PREFIXES = ("ab", "dec", "cc", "é𝔞")

    def _hits(self, texts):
        keys = [(w, False) for w in self.EXACT] + [(p, True) for p in self.PREFIXES]
        starts, _, cp, cls = _joined(texts)
        _, s, e, k = _AnchorIndex(keys).scan(cp, cls)
        t = np.searchsorted(starts, s, side="right") - 1
        return keys, sorted((int(a), int(b - o), int(c - o), int(d))
                            for a, b, c, d, o in zip(t, s, e, k, starts[t], strict=True))

    def test_random_texts_as_the_reference_regex(self):
        # The runs found are those the reference scan's trie regex finds.
        texts = self._random()
        rx = re.compile(r"\b" + _trie_regex([(w, False) for w in self.EXACT]
                                             + [(p, True) for p in self.PREFIXES]) + r"\b")
        _, hits = self._hits(texts)
        found: list[dict[str, list[int]]] = [{} for _ in texts]
        for t, s, e, _ in sorted({h[:3] + (0,) for h in hits}):
            found[t].setdefault(texts[t][s:e], []).append(s)
        for text, got in zip(texts, found, strict=True):
            want: dict[str, list[int]] = {}
            for m in rx.finditer(text):
                want.setdefault(m.group(), []).append(m.start())
            assert got == want, text

    def test_random_texts_every_key_of_every_run(self):
        # A run without an underscore is a hit of each exact key it equals
        # and of each glob key it begins with: counted here from \w runs.
        texts = self._random(seed=11)
        keys, hits = self._hits(texts)
        want = [(t, m.start(), m.end(), k) for t, text in enumerate(texts)
                for m in re.finditer(r"\w+", text) if "_" not in m.group()
                for k, (w, glob) in enumerate(keys)
                if (m.group().startswith(w) if glob else m.group() == w)]
        assert hits == sorted(want)
        assert len(want) > 150  # the texts hold many runs that are keys (174)

    def test_keys_that_share_a_slot_are_all_found(self):
        # Keys that end in one slot of the flag table (as two keys might)
        # are all listed there, for the exact check to tell apart.
        from wireframe.frames.anchors import _buckets

        bucket, ptr, ids = _buckets([(5, 0), (9, 2), (5, 1)], 16)
        assert [ids[ptr[b]:ptr[b + 1]].tolist() for b in bucket[[9, 5]]] == [[2], [0, 1]]
        assert (np.delete(bucket, [5, 9]) == -1).all()

    def test_tokens_are_the_token_regex(self):
        texts = self._random(seed=3)
        starts, _, cp, cls = _joined(texts)
        tok = _AnchorIndex([("ab", False)]).scan(cp, cls)[0]
        want = [s + m.start() for t, s in zip(texts, starts.tolist(), strict=True)
                for m in _WORD.finditer(t)]
        assert tok.tolist() == want


class TestScanMany:
    def test_edge_texts_as_the_reference(self):
        m = _shipped()
        texts = ["", "spy_ring and the x_spy", "A confrontation between Russia and the West.",
                 "Chinese agents; the U.S. intelligence community; İran’s spies 🙂spy",
                 "no frame words here at all", "Rival_powers, rival powers; RIVAL POWERS",
                 "Chinese hackers w/ a cold\nwar; the new  cold war 2.0"]
        when = [None] * len(texts)
        words, hits = _fast(m, texts, when)
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

    @pytest.mark.parametrize("which", ["shipped", "small"])
    def test_random_texts_of_lexicon_words_as_the_reference(self, which, lex):
        # Texts of the lexicons' own tokens with every kind of separator
        # (underscores, hyphens, line breaks, sentence ends, possessives), so
        # that phrases, ~N patterns, globs, sets and exclusions meet their
        # edge cases: the fast path's tests (a phrase's next token, the token
        # ~N must reach, the texts x keys table) keep every hit of the reference.
        m = _shipped() if which == "shipped" else lex._matcher
        words = sorted({w.strip("*@~") for e in m.entries for w in re.findall(r"\S+", e.pattern)
                        if w.strip("*@~") and not w.startswith(("~", "w/", "@"))}
                       | {"Chinese", "US", "Russia", "Putin", "agents", "the", "of", "rivalry",
                          "CIA", "Cold", "WAR", "x"})
        seps = [" ", " ", " ", "  ", "-", "_", "\n", "\n\n", ". ", ", ", "'s ", '"', "; "]
        rng = np.random.default_rng(19)
        texts = []
        for _ in range(1500):
            n = int(rng.integers(1, 30))
            texts.append("".join(str(rng.choice(words)) + str(rng.choice(seps))
                                 for _ in range(n)))
        words_fast, fast = _fast(m, texts, [None] * len(texts))
        assert fast == [m.scan(t) for t in texts]
        assert words_fast.tolist() == [len(_WORD.findall(t)) for t in texts]
        assert sum(map(len, fast)) > 1000  # the texts hold many hits

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
        words, fast = _fast(m, texts, when)
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


def test_exclusions_found_without_searching_past_the_hit():
    # _excluded finds an exclusion's matches that start by the hit from the
    # places where its first token's text stands; the rule as first written
    # searched with finditer from 300 characters before the hit. The two
    # agree at every token of random texts of the exclusions' own words.
    from wireframe.frames.patterns import _excluded

    m = _shipped()
    items = [it for it in m.items if it[2] and it[3] and all(f for _, f in it[3])]
    assert {m.entries[it[0]].pattern for it in items} >= {"spy", "cold war", "new ~3 cold war"}

    def by_search(excl, low, s, e):
        for rx, _ in excl:
            for xm in rx.finditer(low, max(0, s - 300)):
                if xm.start() > s:
                    break
                if xm.end() >= e:
                    return True
        return False

    words = ["spy", "thriller", "chief", "cold", "war", "since", "the", "start", "of", "end",
             "after", "new", "origins", "during", "x", "spy thriller", "since the cold war",
             "the end of the new cold war", "after a cold war", "spy chiefs"]
    rng = np.random.default_rng(5)
    agree = excluded = 0
    for _ in range(300):
        low = "".join(str(rng.choice(words)) + str(rng.choice([" ", " ", "-", ". ", "_"]))
                      for _ in range(int(rng.integers(2, 40))))
        for t in _WORD.finditer(low):
            for it in items:
                e = t.end() + int(rng.integers(0, 12))
                got = _excluded(it[3], low, low, None, True, t.start(), e)
                assert got == by_search(it[3], low, t.start(), e), (low, t.start(), e)
                agree += 1
                excluded += got
    assert agree > 10_000 and excluded > 300
