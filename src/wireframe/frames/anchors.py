"""Anchors: where a lexicon's keys stand in many texts, found at once.

The matcher (:mod:`wireframe.frames.patterns`) tries an entry only where
its first token stands, and only in a text that holds every token it needs.
Finding those tokens with Python's regex engine costs about a microsecond
per token of text, which was most of the time of matching a corpus; here
the texts of a batch are joined and scanned as one array of code points in
compiled loops (:mod:`wireframe.frames._kernels`; :mod:`wireframe.frames.fastscan`
does the rest), so that Python sees
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
    character at a time (:func:`~wireframe.frames._kernels.prepare`), which
    is what ``str.lower`` does but for a capital sigma (final or not by its
    neighbours), so a batch with one is lowered by ``str.lower`` text by text.
    """
    from wireframe.frames import _kernels

    # More separators at the end: the scan reads a few characters past a run.
    big = _SEP + _SEP.join(texts) + _SEP * 4
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.ones(len(texts), dtype=np.int64)
    starts[1:] += np.cumsum(lengths[:-1] + 1)
    ends = starts + lengths
    cp, cls, met = _kernels.prepare(_utf16(big), _lowers(), _classes(), lower)
    if met == _kernels.SIGMA:
        big = _SEP + _SEP.join(map(_lower, texts)) + _SEP * 4
        cp, cls, met = _kernels.prepare(_utf16(big), _lowers(), _classes(), False)
    if met == _kernels.OK:
        return starts, ends, cp, cls
    if lower:
        big = _SEP + _SEP.join(map(_lower, texts)) + _SEP * 4
    cp = np.frombuffer(big.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return starts, ends, cp, _char_classes(cp)


def _utf16(big: str) -> np.ndarray:
    """The UTF-16 code units of ``big``: a surrogate among them (a character beyond the BMP,
    or a lone surrogate) stops :func:`~wireframe.frames._kernels.prepare`."""
    return np.frombuffer(big.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)


def _text(cp: np.ndarray, start: int, end: int) -> str:
    """The text of code points ``cp[start:end]`` (as :func:`_joined` made them)."""
    codec = "utf-16-le" if cp.dtype == np.uint16 else "utf-32-le"
    return cp[start:end].tobytes().decode(codec, "surrogatepass")


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
    """Looked-for tokens (whole runs) and glob prefixes, for :meth:`scan`.

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
        ends = []
        for k, (w, glob) in enumerate(self.keys):
            hs = _hash(w)
            for n, h in enumerate(hs[:-1], 1):
                self.flags[int(_key(np.array([h], np.uint64), n)[0])] |= _GOES_ON
            slot = int(_key(np.array([hs[-1]], np.uint64), len(w))[0])
            self.flags[slot] |= _GLOB if glob else _EXACT
            ends.append((slot, k))
        self.bucket, self.ptr, self.ids = _buckets(ends, len(self.flags))
        self.length = np.array([len(w) for w, _ in self.keys], dtype=np.int64)
        self.glob = np.array([glob for _, glob in self.keys], dtype=np.bool_)
        # The keys' code points, for the exact check of every hash hit.
        self.chars = np.zeros((len(self.keys), max(self.depth, 1)), dtype=np.uint32)
        for k, (w, _) in enumerate(self.keys):
            self.chars[k, :len(w)] = [ord(c) for c in w]

    def scan(self, cp: np.ndarray, cls: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Token starts and every key in the joined lowered texts (:func:`_joined`).

        Returns
        -------
        tokens : ndarray of int64
            Where each token (run of token characters) starts.
        start, end, key : ndarray of int64
            One element per key hit, by start: a run of word characters
            (``\\w``) that holds no underscore is a hit of an exact key it
            equals and of every glob key it begins with, so a run may be a
            hit of several keys.
        """
        from wireframe.frames import _kernels

        tok = np.empty(len(cp) // 2 + 1, dtype=np.int64)  # a token and a separator at least
        cap = len(cp) // 16 + 64
        while True:
            hits = [np.empty(cap, dtype=np.int64) for _ in range(3)]
            n_tok, n_hit = _kernels.scan(cp, cls, self.flags, self.depth, self.bucket, self.ptr,
                                         self.ids, self.length, self.glob, self.chars, tok, *hits)
            if n_hit <= cap:
                return tok[:n_tok].copy(), *(h[:n_hit].copy() for h in hits)
            cap = n_hit


def _buckets(pairs: Iterable[tuple[int, int]], size: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keys by the flag-table slot where they end (keys may share one): ``bucket[slot]`` is
    -1 or ``b``, and ``ids[ptr[b]:ptr[b + 1]]`` are the keys that end in ``slot``."""
    pairs = sorted(pairs)
    slots, count = np.unique(np.array([s for s, _ in pairs], dtype=np.int64),
                             return_counts=True)
    bucket = np.full(size, -1, dtype=np.int32)
    bucket[slots] = np.arange(len(slots))
    ptr = np.zeros(len(slots) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum(count)
    return bucket, ptr, np.array([k for _, k in pairs], dtype=np.int64)
