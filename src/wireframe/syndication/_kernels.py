"""Compiled loops of sketching (:mod:`wireframe.syndication.minhash`), one pass each.

numba compiles them on first use and caches the machine code beside this
file (``cache=True``). Imported only when texts are sketched: ``import
wireframe`` does not pay for numba. Integer arithmetic only, so the results
are those of the NumPy code they replace, bit for bit (tests pin them to a
text-by-text reference).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_EMPTY = np.uint32(0xFFFFFFFF)
_MAX = np.uint64(0xFFFFFFFE)
_LOW32 = np.uint64(0xFFFFFFFF)
_STEP = np.uint64(0x9E3779B1)


@njit(cache=True, nogil=True)
def sketch(data, indptr, num_perm, bits):  # pragma: no cover - compiled
    """One-permutation MinHash rows, then rotation densification (see minhash._sketch)."""
    n = len(indptr) - 1
    out = np.full((n, num_perm), _EMPTY, dtype=np.uint32)
    top = np.uint64(64 - bits)
    eight = np.uint64(8)
    for i in range(n):
        row = out[i]
        for p in range(indptr[i], indptr[i + 1]):
            h = data[p]
            value = min((h >> eight) & _LOW32, _MAX)
            b = h >> top
            if value < row[b]:
                row[b] = np.uint32(value)
        filled = 0
        for j in range(num_perm):
            if row[j] != _EMPTY:
                filled += 1
        if filled == 0 or filled == num_perm:
            continue
        # An empty bin takes the nearest non-empty bin to its right (circularly),
        # shifted by the distance: walk the row twice from the right.
        own = row.copy()
        nxt = 0
        for j in range(2 * num_perm - 1, -1, -1):
            if own[j % num_perm] != _EMPTY:
                nxt = j
            if j < num_perm and own[j] == _EMPTY:
                donor = np.uint64(own[nxt % num_perm])
                row[j] = np.uint32((donor + np.uint64(nxt - j) * _STEP) & _LOW32)
    return out


_SPACE = np.uint8(32)
_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)


@njit(cache=True, nogil=True, inline="always")
def _mix(x):  # pragma: no cover - compiled
    """splitmix64's finaliser, as minhash._mix, on one value."""
    y = x ^ (x >> np.uint64(30))
    y *= _C1
    y ^= y >> np.uint64(27)
    y *= _C2
    return y ^ (y >> np.uint64(31))


@njit(cache=True, nogil=True)
def shingles(data, offsets, mults, salt, shingle):  # pragma: no cover - compiled
    """Hashes of every shingle of every text, their offsets, and words per text.

    ``data[offsets[i]:offsets[i + 1]]`` is text ``i``'s bytes from
    :func:`minhash._cleaned`: a word is a run of bytes other than a space.
    A word's hash is ``mix((sum_p (b_p + 1) m_0^(p+1) + length) ^ salt)``, a
    shingle's ``mix((sum_j word_{k+j} m_j) ^ salt)``, all modulo 2^64.
    """
    n = len(offsets) - 1
    # Words per text first (to size the arrays), without a branch per byte.
    words = np.zeros(n, dtype=np.int64)
    for i in range(n):
        count = 0
        after_space = True
        for p in range(offsets[i], offsets[i + 1]):
            space = data[p] == _SPACE
            count += (not space) & after_space
            after_space = space
        words[i] = count
    word_hash = np.empty(words.sum(), dtype=np.uint64)
    m0 = mults[0]
    w = 0
    for i in range(n):
        total, power, length = np.uint64(0), m0, 0
        for p in range(offsets[i], offsets[i + 1]):
            b = data[p]
            if b != _SPACE:
                total += (np.uint64(b) + np.uint64(1)) * power
                power *= m0
                length += 1
            elif length:
                word_hash[w] = _mix((total + np.uint64(length)) ^ salt)
                w += 1
                total, power, length = np.uint64(0), m0, 0
        if length:
            word_hash[w] = _mix((total + np.uint64(length)) ^ salt)
            w += 1
    counts = np.maximum(words - shingle + 1, 0)
    out_offsets = np.zeros(n + 1, dtype=np.int64)
    for i in range(n):
        out_offsets[i + 1] = out_offsets[i] + counts[i]
    out = np.empty(out_offsets[n], dtype=np.uint64)
    first = 0
    for i in range(n):
        at = out_offsets[i]
        for k in range(counts[i]):
            acc = np.uint64(0)
            for j in range(shingle):
                acc += word_hash[first + k + j] * mults[j]
            out[at + k] = _mix(acc ^ salt)
        first += words[i]
    return out, out_offsets, words


@njit(cache=True, nogil=True)
def clean(raw, table):  # pragma: no cover - compiled
    """Each byte by ``table``; U+2000-U+207F (E2 80 xx, E2 81 xx) and U+00A0-U+00BF
    (C2 A0..BF) become spaces (see minhash._cleaned)."""
    n = len(raw)
    out = np.empty(n, dtype=np.uint8)
    i = 0
    while i < n:
        b = raw[i]
        if b == 0xE2 and i + 2 < n and (raw[i + 1] == 0x80 or raw[i + 1] == 0x81):
            out[i] = out[i + 1] = out[i + 2] = _SPACE
            i += 3
        elif b == 0xC2 and i + 1 < n and raw[i + 1] >= 0xA0:
            out[i] = out[i + 1] = _SPACE
            i += 2
        else:
            out[i] = table[b]
            i += 1
    return out
