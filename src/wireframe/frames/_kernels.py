"""Compiled loops of the anchor scan (:mod:`wireframe.frames.anchors`), one pass each.

numba compiles them on first use and caches the machine code beside this
file (``cache=True``), so a fresh process loads them instead of compiling.
They are imported only when a batch is scanned: ``import wireframe`` does
not pay for numba.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Must equal anchors._P, _MIX and _SHIFT: the flags are built there in Python.
_P = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(44)
_EXACT, _GLOB, _GOES_ON = 1, 2, 4
_SIGMA = 0x3A3

OK, SIGMA, SURROGATE = 0, 1, 2
"""What :func:`prepare` met: nothing unusual, a capital sigma (when lowering), a surrogate."""


@njit(cache=True, nogil=True)
def prepare(cp, lowers, classes, lower):  # pragma: no cover - compiled
    """Lowered code points (by the table) and their classes, and what was met.

    Stops at the first surrogate (the text is not all in the Basic
    Multilingual Plane) and, when lowering, at the first capital sigma
    (lowered by its neighbours, not by the table); the caller reads such a
    batch another way.
    """
    out = np.empty(len(cp), dtype=np.uint16)
    cls = np.empty(len(cp), dtype=np.uint8)
    for i in range(len(cp)):
        c = cp[i]
        if (c & 0xF800) == 0xD800:
            return out, cls, SURROGATE
        if lower:
            if c == _SIGMA:
                return out, cls, SIGMA
            c = lowers[c]
        out[i] = c
        cls[i] = classes[c]
    return out, cls, OK


@njit(cache=True, nogil=True)
def _ending(cp, s, n, glob, slot, bucket, ptr, ids, key_len, key_glob, chars, found, n_found
            ):  # pragma: no cover - compiled
    """Add to ``found[n_found:]`` the keys of ``n`` characters and kind ``glob`` in the flag
    table's ``slot`` whose characters are those of ``cp[s:s + n]``; return the new count."""
    b = bucket[slot]
    if b < 0:
        return n_found
    for q in range(ptr[b], ptr[b + 1]):
        k = ids[q]
        if key_len[k] != n or key_glob[k] != glob:
            continue
        same = True
        for c in range(n):
            if cp[s + c] != chars[k, c]:
                same = False
                break
        if same:
            found[n_found] = k
            n_found += 1
    return n_found


@njit(cache=True, nogil=True)
def scan(cp, cls, flags, depth, bucket, ptr, ids, key_len, key_glob, chars, tok, hit_s, hit_e,
         hit_k):  # pragma: no cover - compiled
    """Token starts, and every key hit (run start, run end, key), in one pass.

    A run of word characters (class 1 or 2) is hashed a character at a time
    while the flags say some key goes on; it is a hit of each glob key
    found on the way and of the exact key of its whole length, unless it
    holds an underscore (class 2), which only the run's end tells. The
    token starts go to ``tok`` (long enough: half the text), the hits to
    ``hit_s``, ``hit_e`` and ``hit_k`` as far as they reach; returns the
    number of tokens and of hits (more than fit when the caller must call
    again with longer arrays).
    """
    n = len(cp)
    n_tok = 0
    n_hit = 0
    cap = len(hit_s)
    found = np.empty(len(key_len) + 1, dtype=np.int64)
    i = 0
    while i < n:
        if cls[i] == 0:
            i += 1
            continue
        s = i
        h = np.uint64(0)
        alive = depth > 0
        under = False
        n_found = 0
        last_n = 0
        last_f = np.uint8(0)
        last_slot = np.uint64(0)
        while i < n and cls[i] != 0:
            if cls[i] == 1:
                if i == s or cls[i - 1] != 1:
                    tok[n_tok] = i
                    n_tok += 1
            else:  # "rival_x" is one \w run: no key (the reference's \b agrees)
                under = True
                alive = False
            if alive:
                m = i - s + 1
                h = h * _P + np.uint64(cp[i])
                slot = ((h + np.uint64(m)) * _MIX) >> _SHIFT
                f = flags[slot]
                if f & _GLOB:
                    n_found = _ending(cp, s, m, True, slot, bucket, ptr, ids, key_len, key_glob,
                                      chars, found, n_found)
                last_n, last_f, last_slot = m, f, slot
                if not f & _GOES_ON or m >= depth:
                    alive = False
            i += 1
        if under:
            continue
        if last_n == i - s and last_f & _EXACT:
            n_found = _ending(cp, s, last_n, False, last_slot, bucket, ptr, ids, key_len,
                              key_glob, chars, found, n_found)
        for q in range(n_found):
            if n_hit < cap:
                hit_s[n_hit] = s
                hit_e[n_hit] = i
                hit_k[n_hit] = found[q]
            n_hit += 1
    return n_tok, n_hit
