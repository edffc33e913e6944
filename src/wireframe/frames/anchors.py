"""Anchors: where a lexicon's anchor tokens stand in many texts, found at once.

The matcher (:mod:`wireframe.frames.patterns`) tries an entry only where
one of its *anchor* tokens stands (its first literal token, or a token that
an entity-set pattern needs nearby). Finding those tokens with Python's
regex engine costs about a microsecond per token of text, which is most of
the time of matching a corpus; here the texts of a batch are joined and
scanned as one array of code points with numpy, so that Python sees only
the tokens that are anchors:

1. each character is classed as a token character (``[^\\W_]``), the
   underscore (the one other ``\\w`` character) or a separator, by a table
   over the Basic Multilingual Plane (characters beyond it one by one);
2. the words counted for rates are the runs of token characters
   (:data:`~wireframe.frames.patterns._WORD`), counted per text from the
   run starts;
3. an anchor is a whole run of word characters (``\\w``, as the ``\\b`` of
   the reference scan bounds it) that equals an anchor token, or, for a
   glob's prefix (``rival*``), begins with it, and holds no underscore;
4. the runs are hashed character by character, all runs together:
   ``h_n = (h_{n-1} * P + c_n) mod 2**64`` (``P`` the 64-bit FNV prime), and
   ``h_n`` is looked up in bit tables of 2**20 bits at
   ``((h_n + n) * M mod 2**64) >> 44`` (``M`` = 2**64 / golden ratio;
   Fibonacci hashing, Knuth, *The Art of Computer Programming* 3, 6.4):
   whether an anchor token ends there, a glob prefix ends there, or some
   anchor goes on. A run is dropped as soon as its first characters begin
   no anchor (after three characters some 16 % of the runs remain, after
   five some 3 %), and every run the tables pass is checked exactly in
   Python, so a collision costs time, never a wrong hit.

The anchors are those that the reference scan's regex (``_Matcher.scan``)
finds among these tokens, at the same places; ``tests/frames/test_anchors.py``
pins the two scans' hits to each other on all of NewsArticles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np

_BMP = 0x10000
_SEP = "\n"  # between texts: not a word character, so no run spans two texts
_P = np.uint64(0x100000001B3)  # the 64-bit FNV prime: odd, so the hash is a bijection per step
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits index the table
_BITS = 20
_SHIFT = np.uint64(64 - _BITS)


@cache
def _classes() -> np.ndarray:
    """Class of each BMP character: 0 separator, 1 token character, 2 underscore-like."""
    return _class_of("".join(map(chr, range(_BMP))))


def _class_of(chars: str) -> np.ndarray:
    out = np.zeros(len(chars), dtype=np.uint8)
    out[[m.start() for m in re.finditer(r"\w", chars)]] = 2
    out[[m.start() for m in re.finditer(r"[^\W_]", chars)]] = 1
    return out


def _char_classes(cp: np.ndarray) -> np.ndarray:
    cls = _classes()[np.minimum(cp, _BMP - 1)]
    wide = np.flatnonzero(cp >= _BMP)
    if len(wide):  # emoji, rare scripts: classed one by one
        cls[wide] = _class_of("".join(map(chr, cp[wide].tolist())))
    return cls


def _key(h: np.ndarray, n: int) -> np.ndarray:
    """Bit-table index of the hash ``h`` of an ``n``-character prefix."""
    with np.errstate(over="ignore"):
        return ((h + np.uint64(n)) * _MIX) >> _SHIFT


def _hash(word: str) -> list[int]:
    """The hash after each character of ``word`` (as the scan computes it)."""
    out, h = [], 0
    for ch in word:
        h = (h * int(_P) + ord(ch)) % 2**64
        out.append(h)
    return out


def _joined(texts: Sequence[str]):
    """The texts joined by separators, where each starts and ends, its code points and classes."""
    # Three more separators at the end: the hash scan reads three characters of every run.
    big = _SEP + _SEP.join(texts) + _SEP * 4
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.ones(len(texts), dtype=np.int64)
    starts[1:] += np.cumsum(lengths[:-1] + 1)
    cp = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    return big, starts, starts + lengths, cp, _char_classes(cp)


def _counts(cls: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Tokens (runs of token characters) between each start and end."""
    tok = cls == 1
    tok_starts = np.flatnonzero(tok[1:] & ~tok[:-1]) + 1
    return (np.searchsorted(tok_starts, ends) - np.searchsorted(tok_starts, starts)
            ).astype(np.int64)


def word_counts(texts: Sequence[str]) -> np.ndarray:
    """The number of tokens (``[^\\W_]+`` runs) in each text, as ``len(_WORD.findall(t))``."""
    if not len(texts):
        return np.zeros(0, dtype=np.int64)
    _, starts, ends, _, cls = _joined(texts)
    return _counts(cls, starts, ends)


def has_token(low: str, token: str, glob: bool) -> bool:
    """Whether a whole ``\\w`` run of ``low`` equals ``token`` (or, ``glob``, begins with it).

    As ``re.search(r"\\btoken\\b", low)`` (``token[^\\W_]*`` for a glob), but
    by ``str.find``, which skips through a text far faster than a pattern
    that starts with ``\\b``.
    """
    i = low.find(token)
    while i != -1:
        if i == 0 or not _is_word(low[i - 1]):
            j = i + len(token)
            if glob:
                m = _TOKEN_RUN.match(low, j)
                j = m.end() if m else j
            if j == len(low) or not _is_word(low[j]):
                return True
        i = low.find(token, i + 1)
    return False


def _is_word(ch: str) -> bool:
    # re's \w for str: alphanumeric as str.isalnum has it, and the underscore.
    return ch.isalnum() or ch == "_"


_TOKEN_RUN = re.compile(r"[^\W_]+")


class _AnchorIndex:
    """Anchor tokens (whole runs) and glob prefixes, for :meth:`find`.

    Parameters
    ----------
    exact : iterable of str
        Tokens (case-folded) that a whole run must equal.
    prefixes : iterable of str
        Glob prefixes (``rival`` of ``rival*``) that a run must begin with.
    """

    def __init__(self, exact: Iterable[str], prefixes: Iterable[str]) -> None:
        self.exact = frozenset(exact)
        self.prefixes = frozenset(prefixes)
        words = self.exact | self.prefixes
        self.depth = max((len(w) for w in words), default=0)
        size = 1 << _BITS
        # One table for whole-run ends, one for glob prefixes, one for
        # "some anchor goes on past these first n characters".
        self.ends = np.zeros(size, dtype=bool)
        self.globs = np.zeros(size, dtype=bool)
        self.goes_on = np.zeros(size, dtype=bool)
        self.end_lengths = {len(w) for w in self.exact}
        self.glob_lengths = {len(w) for w in self.prefixes}
        for w in words:
            hs = _hash(w)
            for n, h in enumerate(hs[:-1], 1):
                self.goes_on[int(_key(np.array([h], np.uint64), n)[0])] = True
            last = int(_key(np.array([hs[-1]], np.uint64), len(w))[0])
            if w in self.exact:
                self.ends[last] = True
            if w in self.prefixes:
                self.globs[last] = True

    def find(self, lows: Sequence[str]) -> tuple[np.ndarray, list[dict[str, list[int]]]]:
        """Count the words of each text and find its anchors.

        Parameters
        ----------
        lows : sequence of str
            Lower-cased texts.

        Returns
        -------
        words : ndarray of int64
            Tokens in each text.
        found : list of dict
            Each text's anchors, token: where it starts (in order): whole
            runs of word characters that are an anchor token or begin with
            a glob prefix.
        """
        n_texts = len(lows)
        if not n_texts:
            return np.zeros(0, dtype=np.int64), []
        big, starts, ends, cp, cls = _joined(lows)
        words = _counts(cls, starts, ends)
        word = cls != 0
        found: list[dict[str, list[int]]] = [{} for _ in range(n_texts)]
        if not self.depth:
            return words, found
        # Runs of word characters (the text starts and ends with a separator).
        run_s = np.flatnonzero(word[1:] & ~word[:-1]) + 1
        run_e = np.flatnonzero(word[:-1] & ~word[1:]) + 1
        under = np.flatnonzero(cls == 2)
        if len(under):  # "rival_x" is one \w run: no anchor (the reference's \b agrees)
            clean = np.ones(len(run_s), dtype=bool)
            clean[np.searchsorted(run_s, under, side="right") - 1] = False
            run_s, run_e = run_s[clean], run_e[clean]
        hits = self._hash_scan(cp, run_s, run_e - run_s)
        if not len(hits):
            return words, found
        hs, he = run_s[hits], run_e[hits]
        which = np.searchsorted(starts, hs, side="right") - 1
        offset = starts[which]
        exact, prefixes = self.exact, self.prefixes
        plens = sorted({len(p) for p in prefixes})
        verdict: dict[str, bool] = {}
        for k, s, e, off in zip(which.tolist(), hs.tolist(), he.tolist(), offset.tolist(),
                                strict=True):
            token = big[s:e]
            ok = verdict.get(token)
            if ok is None:  # exactly, since the bit tables may collide
                ok = token in exact or any(token[:n] in prefixes for n in plens
                                           if n <= len(token))
                verdict[token] = ok
            if ok:
                found[k].setdefault(token, []).append(s - off)
        return words, found

    def _hash_scan(self, cp: np.ndarray, run_s: np.ndarray, run_len: np.ndarray) -> np.ndarray:
        """Indices of the runs whose hashes pass the tables (a superset of the anchors).

        The first three characters of every run are hashed at once (nine
        in ten runs begin no anchor and stop there); the few runs left go
        on one character at a time.
        """
        out = []
        first = min(3, self.depth)
        h = np.zeros(len(run_s), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for i in range(first):
                # Past a run's end this reads the separator or the next run;
                # such runs are looked at only at their own length below.
                h = h * _P + cp[run_s + i].astype(np.uint64)
                n = i + 1
                ends, globs = n in self.end_lengths, n in self.glob_lengths
                if ends or globs or n == first:
                    key = _key(h, n)
                if ends:
                    out.append(np.flatnonzero((run_len == n) & self.ends[key]))
                if globs:
                    out.append(np.flatnonzero((run_len >= n) & self.globs[key]))
            alive = np.flatnonzero((run_len > first) & self.goes_on[key])
            h = h[alive]
            for i in range(first, self.depth):
                n = i + 1
                h = h * _P + cp[run_s[alive] + i].astype(np.uint64)
                key = _key(h, n)
                length = run_len[alive]
                if n in self.end_lengths:
                    out.append(alive[(length == n) & self.ends[key]])
                if n in self.glob_lengths:
                    out.append(alive[self.globs[key]])
                keep = (length > n) & self.goes_on[key]
                alive, h = alive[keep], h[keep]
                if not len(alive):
                    break
        return np.unique(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)
