"""Anchors: where a lexicon's keys stand in many texts, found at once.

The matcher (:mod:`wireframe.frames.patterns`) tries an entry only where
its first token stands, and only in a text that holds every token it needs.
Finding those tokens with Python's regex engine costs about a microsecond
per token of text, which was most of the time of matching a corpus; here
the texts of a batch are joined and scanned as one array of code points with
numpy (:mod:`wireframe.frames.fastscan` does the rest), so that Python sees
only candidates:

1. the joined texts are lowered and their characters classed as token
   characters (``[^\\W_]``), the underscore (the one other ``\\w``
   character) or separators, by tables over the Basic Multilingual Plane
   (16-bit code points; a batch with a character beyond it is read as 32-bit
   code points and classed one by one);
2. the words counted for rates are the runs of token characters
   (:data:`~wireframe.frames.patterns._WORD`), counted per text from the
   run starts;
3. a key hit is a whole run of word characters (``\\w``, as the ``\\b`` of
   the reference scan bounds it) that holds no underscore and equals an
   exact key, or, for a glob's prefix (``rival*``), begins with it;
4. the runs are hashed character by character, all runs together:
   ``h_n = (h_{n-1} * P + c_n) mod 2**64`` (``P`` the 64-bit FNV prime), and
   ``h_n`` is looked up in a table of 2**20 flags at
   ``((h_n + n) * M mod 2**64) >> 44`` (``M`` = 2**64 / golden ratio;
   Fibonacci hashing, Knuth, *The Art of Computer Programming* 3, 6.4):
   whether an exact key ends there, a glob key ends there, or some key goes
   on. A run is dropped as soon as its first characters begin no key
   (after three characters some 16 % of the runs remain, after five some
   3 %); where a key may end, the 64-bit hash is looked up among the keys'
   and the characters compared, so a collision costs time, never a wrong
   hit.

The runs found are those that the reference scan's regex (``_Matcher.scan``)
finds; ``tests/frames/test_anchors.py`` pins the two to each other on random
texts and, through the matcher, on all of NewsArticles.
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
_EXACT, _GLOB, _GOES_ON = np.uint8(1), np.uint8(2), np.uint8(4)


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


def _lower(text: str) -> str:
    """Lower-case without changing the length, so offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters lower-case to two (U+0130 "İ"); keep those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@cache
def _lowers() -> np.ndarray:
    """Each BMP character lowered as :func:`_lower` lowers it alone (kept if it lowers to two)."""
    out = np.arange(_BMP, dtype=np.uint16)
    for c in range(_BMP):
        if not 0xD800 <= c < 0xE000:
            low = chr(c).lower()
            if len(low) == 1:
                out[c] = ord(low)
    return out


_SIGMA = 0x3A3  # the one character that str.lower lowers by its context (final sigma)


def _joined(texts: Sequence[str], lower: bool = False):
    """The texts joined by separators: where each starts and ends, its code points and classes.

    The code points are 16-bit when every character is in the Basic
    Multilingual Plane (half the memory, and the class table indexes them
    directly), else 32-bit; :func:`_text` reads a text back. With ``lower``
    they are those of the texts lowered by :func:`_lower`: by a table, one
    character at a time, which is what ``str.lower`` does but for a capital
    sigma (final or not by its neighbours), so a batch with one is lowered
    by ``str.lower`` text by text.
    """
    # Three more separators at the end: the hash scan reads three characters of every run.
    big = _SEP + _SEP.join(texts) + _SEP * 4
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.ones(len(texts), dtype=np.int64)
    starts[1:] += np.cumsum(lengths[:-1] + 1)
    cp = _utf16(big)
    if cp is not None and lower and (cp == _SIGMA).any():
        cp = _utf16(_SEP + _SEP.join(map(_lower, texts)) + _SEP * 4)
    elif cp is not None and lower:
        cp = _lowers()[cp]
    if cp is not None:
        return starts, starts + lengths, cp, _classes()[cp]
    if lower:
        big = _SEP + _SEP.join(map(_lower, texts)) + _SEP * 4
    cp = np.frombuffer(big.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return starts, starts + lengths, cp, _char_classes(cp)


def _utf16(big: str) -> np.ndarray | None:
    """The code points of ``big`` in 16 bits, or None if it holds one beyond the BMP."""
    try:
        cp = np.frombuffer(big.encode("utf-16-le"), dtype=np.uint16)
    except UnicodeEncodeError:  # a lone surrogate
        return None
    return None if ((cp & 0xF800) == 0xD800).any() else cp


def _text(cp: np.ndarray, start: int, end: int) -> str:
    """The text of code points ``cp[start:end]`` (as :func:`_joined` made them)."""
    codec = "utf-16-le" if cp.dtype == np.uint16 else "utf-32-le"
    return cp[start:end].tobytes().decode(codec, "surrogatepass")


def _runs(cls: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the runs of word characters (``\\w``) start and end, and where underscores stand.

    The text starts and ends with a separator. Without an underscore these
    runs are the tokens (:func:`_token_starts`).
    """
    word = cls != 0
    return (np.flatnonzero(word[1:] & ~word[:-1]) + 1, np.flatnonzero(word[:-1] & ~word[1:]) + 1,
            np.flatnonzero(cls == 2))


def _token_starts(cls: np.ndarray) -> np.ndarray:
    """Where each token (run of token characters) starts."""
    tok = cls == 1
    return np.flatnonzero(tok[1:] & ~tok[:-1]) + 1


def _counts(tok_starts: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Tokens between each start and end, from :func:`_token_starts`."""
    return (np.searchsorted(tok_starts, ends) - np.searchsorted(tok_starts, starts)
            ).astype(np.int64)


def word_counts(texts: Sequence[str]) -> np.ndarray:
    """The number of tokens (``[^\\W_]+`` runs) in each text, as ``len(_WORD.findall(t))``."""
    if not len(texts):
        return np.zeros(0, dtype=np.int64)
    starts, ends, _, cls = _joined(texts)
    return _counts(_token_starts(cls), starts, ends)


class _AnchorIndex:
    """Looked-for tokens (whole runs) and glob prefixes, for :meth:`hits`.

    Parameters
    ----------
    keys : sequence of (str, bool)
        The looked-for keys, case-folded: ``(token, False)``, a token that a
        whole run must equal, or ``(prefix, True)``, a glob prefix (``rival``
        of ``rival*``) that a run must begin with. A key's id is its place
        in ``keys``.
    """

    def __init__(self, keys: Sequence[tuple[str, bool]]) -> None:
        self.keys = tuple(keys)
        self.depth = max((len(w) for w, _ in self.keys), default=0)
        # One table of flags by the key of an n-character prefix's hash: an
        # exact key ends there, a glob key ends there, some key goes on.
        self.flags = np.zeros(1 << _BITS, dtype=np.uint8)
        by_end: dict[tuple[int, bool], list[tuple[int, int]]] = {}
        for k, (w, glob) in enumerate(self.keys):
            hs = _hash(w)
            for n, h in enumerate(hs[:-1], 1):
                self.flags[int(_key(np.array([h], np.uint64), n)[0])] |= _GOES_ON
            self.flags[int(_key(np.array([hs[-1]], np.uint64), len(w))[0])] |= (
                _GLOB if glob else _EXACT)
            by_end.setdefault((len(w), glob), []).append((hs[-1], k))
        self.ends = {key: _HashTable(pairs) for key, pairs in by_end.items()}
        # The keys' code points, for the exact check of every hash hit.
        self.chars = np.zeros((len(self.keys), max(self.depth, 1)), dtype=np.uint32)
        for k, (w, _) in enumerate(self.keys):
            self.chars[k, :len(w)] = [ord(c) for c in w]

    def hits(self, cp: np.ndarray, runs: tuple[np.ndarray, np.ndarray, np.ndarray]
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every key in the joined lowered texts (:func:`_joined`): run start, run end, key.

        A run of word characters (``\\w``; :func:`_runs`) that holds no
        underscore is a hit of an exact key it equals and of every glob key
        it begins with, so a run may be a hit of several keys. In no
        particular order.
        """
        none = np.zeros(0, dtype=np.int64)
        if not self.depth:
            return none, none, none
        run_s, run_e, under = runs
        if len(under):  # "rival_x" is one \w run: no key (the reference's \b agrees)
            clean = np.ones(len(run_s), dtype=bool)
            clean[np.searchsorted(run_s, under, side="right") - 1] = False
            run_s, run_e = run_s[clean], run_e[clean]
        run, key = self._hash_scan(cp, run_s, run_e - run_s)
        return run_s[run], run_e[run], key

    def _hash_scan(self, cp: np.ndarray, run_s: np.ndarray, run_len: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
        """The runs (indices) that are a key's hits, with the key.

        The first three characters of every run are hashed at once (nine
        in ten runs begin no key and stop there); the few runs left go
        on one character at a time. Where the flags say a key may end, the
        hash is looked up (:class:`_HashTable`) and the characters checked.
        """
        runs: list[np.ndarray] = []
        keys: list[np.ndarray] = []

        def ending(at: np.ndarray, h: np.ndarray, n: int, glob: bool) -> None:
            table = self.ends.get((n, glob))
            if table is None or not len(at):
                return
            j, k = table.find(h)
            # The exact check: a hash hit is a hit only if the characters agree.
            s = run_s[at[j]]
            ok = cp[s] == self.chars[k, 0]
            for c in range(1, n):
                ok &= cp[s + c] == self.chars[k, c]
            runs.append(at[j[ok]])
            keys.append(k[ok])

        def check(at: np.ndarray, h: np.ndarray, length: np.ndarray, n: int) -> np.ndarray:
            """Look up the keys that may end at n characters; return the flags."""
            flags = self.flags[_key(h, n)]
            exact = np.flatnonzero((length == n) & ((flags & _EXACT) != 0))
            ending(at[exact], h[exact], n, False)
            glob = np.flatnonzero((length >= n) & ((flags & _GLOB) != 0))
            ending(at[glob], h[glob], n, True)
            return flags

        first = min(3, self.depth)
        h = np.zeros(len(run_s), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for i in range(first):
                # Past a run's end this reads the separator or the next run;
                # such runs are looked at only at their own length.
                h = h * _P + cp[run_s + i].astype(np.uint64)
                n = i + 1
                if n < first and (n, True) in self.ends:  # a glob of two letters
                    short = np.flatnonzero(run_len >= n)
                    check(short, h[short], run_len[short], n)
                elif n < first and (n, False) in self.ends:
                    short = np.flatnonzero(run_len == n)
                    check(short, h[short], run_len[short], n)
            flags = check(np.arange(len(run_s)), h, run_len, first)
            alive = np.flatnonzero((run_len > first) & ((flags & _GOES_ON) != 0))
            h = h[alive]
            for i in range(first, self.depth):
                n = i + 1
                h = h * _P + cp[run_s[alive] + i].astype(np.uint64)
                length = run_len[alive]
                flags = check(alive, h, length, n)
                keep = (length > n) & ((flags & _GOES_ON) != 0)
                alive, h = alive[keep], h[keep]
                if not len(alive):
                    break
        if not runs:
            none = np.zeros(0, dtype=np.int64)
            return none, none
        return np.concatenate(runs), np.concatenate(keys)


class _HashTable:
    """The keys of one length and kind by their 64-bit hash (keys may share one).

    Asked only of the runs that the flags of :class:`_AnchorIndex` pass.
    """

    def __init__(self, pairs: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(pairs)
        hashes = np.array([h for h, _ in pairs], dtype=np.uint64)
        self.hashes, self.first, self.count = np.unique(hashes, return_index=True,
                                                        return_counts=True)
        self.ids = np.array([k for _, k in pairs], dtype=np.int64)

    def find(self, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The positions in ``h`` that are some key's hash, once per key, and the keys."""
        pos = np.minimum(np.searchsorted(self.hashes, h), len(self.hashes) - 1)
        at = np.flatnonzero(self.hashes[pos] == h)
        pos = pos[at]
        count = self.count[pos]
        if (count == 1).all():
            return at, self.ids[self.first[pos]]
        rep = np.repeat(np.arange(len(at)), count)
        step = np.arange(len(rep)) - np.repeat(np.cumsum(count) - count, count)
        return at[rep], self.ids[self.first[pos][rep] + step]
