"""Exact verification of candidate pairs, batch by batch: sketches, exact sets, boilerplate.

What :func:`~wireframe.syndication.families` keeps of a corpus once each
batch's text has been read (:func:`.minhash._digest`): the MinHash sketches
and the exact shingle sets, in the batches they were read in, addressed by
corpus row. Nothing here holds a text, and nothing concatenates the batches'
sets into one array (which would need their memory twice):

- :class:`_Sketches`: sketch columns of every row, and the rows of pairs.
- :class:`_Sets`: the exact sets (sorted unique shingle hashes), narrowed to
  the stories in a candidate pair, with boilerplate removed in place, and the
  shingles each pair shares.
- :func:`_boilerplate`: the shingles found in ``limit`` or more different
  stories of one outlet, counted a 32nd of the key space at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from tqdm.auto import tqdm

from wireframe.syndication.minhash import _Digest, _mix, _quiet


def _starts(lengths: Sequence[int]) -> np.ndarray:
    out = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


class _Sketches:
    """The MinHash sketches of a corpus, one array per batch, addressed by corpus row."""

    def __init__(self, parts: Sequence[np.ndarray]) -> None:
        self.parts = list(parts)
        self.starts = _starts([len(p) for p in self.parts])

    def columns(self, lo: int, hi: int) -> np.ndarray:
        """Columns ``lo:hi`` of every row, as one array."""
        if len(self.parts) == 1:
            return self.parts[0][:, lo:hi]
        return np.concatenate([p[:, lo:hi] for p in self.parts])

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The sketches of ``rows`` (corpus rows, any order), one row each."""
        if len(self.parts) == 1:
            return self.parts[0][rows]
        out = np.empty((len(rows), self.parts[0].shape[1] if self.parts else 0), dtype=np.uint32)
        chunk = np.searchsorted(self.starts, rows, side="right") - 1
        order = np.argsort(chunk, kind="stable")
        bounds = np.searchsorted(chunk[order], np.arange(len(self.parts) + 1))
        for c, part in enumerate(self.parts):
            sel = order[bounds[c] : bounds[c + 1]]
            if len(sel):
                out[sel] = part[rows[sel] - self.starts[c]]
        return out


def _member(values: np.ndarray, sorted_set: np.ndarray, chunk: int = 1 << 22) -> np.ndarray:
    """Which ``values`` (uint64 hashes) are in ``sorted_set``, a chunk at a time (no array as
    long as values but the answer).

    Most values are not in the set (a corpus's shingles against its
    boilerplate): a table of flags indexed by a value's low bits, 16 to 32
    slots per member (fewer past 4 million members), rules out all but a
    few percent of them with one read, and only the rest are looked up by
    binary search. The hashes are mixed, so their low bits are uniform; the
    top bits are not, in a slice of the key space (:func:`_common`).
    """
    out = np.zeros(len(values), dtype=bool)
    if not len(sorted_set):
        return out
    bits = min(len(sorted_set).bit_length() + 4, 26)
    mask = np.uint64((1 << bits) - 1)
    flag = np.zeros(1 << bits, dtype=bool)
    flag[sorted_set & mask] = True
    for lo in range(0, len(values), chunk):
        v = values[lo : lo + chunk]
        maybe = np.flatnonzero(flag[v & mask])
        w = v[maybe]
        at = np.minimum(np.searchsorted(sorted_set, w), len(sorted_set) - 1)
        out[lo + maybe] = sorted_set[at] == w
    return out


def _dropped(data: np.ndarray, indptr: np.ndarray, drop: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    """The CSR ``(data, indptr)`` without the elements at positions ``drop`` (sorted, few)."""
    if not len(drop):
        return data, indptr
    owner = np.searchsorted(indptr, drop, side="right") - 1
    gone = np.zeros(len(indptr), dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=len(indptr) - 1), out=gone[1:])
    return np.delete(data, drop), indptr - gone


class _Sets:
    """Exact shingle sets of a corpus, one CSR per batch, addressed by corpus row."""

    def __init__(self, digests: Sequence[_Digest]) -> None:
        self.data = [d.data for d in digests]
        self.indptr = [d.indptr for d in digests]
        self.starts = _starts([len(ip) - 1 for ip in self.indptr])

    def __len__(self) -> int:
        return int(self.starts[-1])

    def narrow(self, rows: np.ndarray) -> None:
        """Keep the sets of ``rows`` only (corpus rows); the others become empty."""
        wanted = np.zeros(len(self), dtype=bool)
        wanted[rows] = True
        for c, (lo, hi) in enumerate(zip(self.starts[:-1], self.starts[1:], strict=True)):
            ip, keep = self.indptr[c], wanted[lo:hi]
            counts = np.diff(ip)
            self.data[c] = self.data[c][np.repeat(keep, counts)]
            self.indptr[c] = np.zeros_like(ip)
            np.cumsum(np.where(keep, counts, 0), out=self.indptr[c][1:])

    def remove(self, common: np.ndarray) -> int:
        """Remove the hashes in ``common`` (sorted) from every set; the occurrences removed."""
        removed = 0
        for c in range(len(self.data)):
            drop = np.flatnonzero(_member(self.data[c], common))
            removed += len(drop)
            self.data[c], self.indptr[c] = _dropped(self.data[c], self.indptr[c], drop)
        return removed

    def sizes(self) -> np.ndarray:
        """Distinct shingles of each row's set."""
        if not self.indptr:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([np.diff(ip) for ip in self.indptr])

    def shared(self, a: np.ndarray, b: np.ndarray, *, progress: bool | None) -> np.ndarray:
        """Shingles in both sets of each pair of rows ``(a[k], b[k])``."""
        chunk = np.repeat(np.arange(len(self.data)), np.diff(self.starts))
        first = np.concatenate([ip[:-1] for ip in self.indptr]) if self.indptr else chunk
        last = np.concatenate([ip[1:] for ip in self.indptr]) if self.indptr else chunk
        out = np.zeros(len(a), dtype=np.int64)
        data = self.data
        with tqdm(total=len(a), desc="verifying pairs", unit="pair",
                  disable=_quiet(progress)) as bar:
            # The pairs' addresses as Python ints a block at a time: for all of
            # 1.8 million pairs at once they would take 0.4 GB.
            for lo in range(0, len(a), 1 << 16):
                ia, ib = a[lo : lo + (1 << 16)], b[lo : lo + (1 << 16)]
                ca, la, ha = chunk[ia].tolist(), first[ia].tolist(), last[ia].tolist()
                cb, lb, hb = chunk[ib].tolist(), first[ib].tolist(), last[ib].tolist()
                for k in range(len(ca)):
                    x = data[ca[k]][la[k] : ha[k]]
                    y = data[cb[k]][lb[k] : hb[k]]
                    if len(x) > len(y):
                        x, y = y, x
                    if not len(x):
                        continue
                    i = np.searchsorted(y, x)
                    i[i == len(y)] = 0
                    out[lo + k] = int(np.count_nonzero(y[i] == x))
                bar.update(len(ca))
        return out


_KEY_MULT = np.uint64(0x9E3779B97F4A7C15)
_SLICE_BITS = 5
_SLICES = 1 << _SLICE_BITS


def _keys(data: np.ndarray, owner_code: np.ndarray) -> np.ndarray:
    """A 64-bit key of each (outlet, shingle): the shingle hash mixed with its outlet's code."""
    with np.errstate(over="ignore"):
        return _mix(data ^ (owner_code * _KEY_MULT))


def _owners(indptr: np.ndarray, first: int) -> np.ndarray:
    """The corpus row of each element of a CSR whose first row is corpus row ``first``."""
    return np.repeat(np.arange(first, first + len(indptr) - 1, dtype=np.int64), np.diff(indptr))


def _parts(data: np.ndarray, owner: np.ndarray, code: np.ndarray) -> np.ndarray:
    """The slice (0 to _SLICES - 1) of the key space of each element's (outlet, shingle) key."""
    part = np.empty(len(data), dtype=np.uint8)
    for lo in range(0, len(data), 1 << 22):
        hi = lo + (1 << 22)
        part[lo:hi] = _keys(data[lo:hi], code[owner[lo:hi]]) >> np.uint64(64 - _SLICE_BITS)
    return part


def _piece(data: np.ndarray, owner: np.ndarray, part: np.ndarray, code: np.ndarray,
           story: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Slice ``p`` of a batch's elements: their keys, story labels and shingle hashes.

    ``code`` and ``story`` are indexed by ``owner`` (corpus rows, or rows of
    one batch).
    """
    sel = np.flatnonzero(part == p)
    raw, row = data[sel], owner[sel]
    return _keys(raw, code[row]), story[row], raw


def _common(pieces: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], limit: int
            ) -> np.ndarray:
    """The shingle hashes of the keys of one slice found in ``limit`` or more stories."""
    key = np.concatenate([np.zeros(0, np.uint64)] + [k for k, _, _ in pieces])
    story = np.concatenate([np.zeros(0, np.int64)] + [s for _, s, _ in pieces])
    ordered = np.sort(key)
    first = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    counts = np.diff(np.r_[first, len(ordered)])
    often = ordered[first[counts >= limit]]
    del ordered
    if not len(often):
        return np.zeros(0, dtype=np.uint64)
    # Keys that occur limit times at all are few: counted again by distinct story.
    m = _member(key, often)
    k, lab = key[m], story[m]
    order = np.lexsort((lab, k))
    k, lab = k[order], lab[order]
    new_story = np.r_[True, (k[1:] != k[:-1]) | (lab[1:] != lab[:-1])]
    uniq, n_stories = np.unique(k[new_story], return_counts=True)
    common = uniq[n_stories >= limit]
    raw = np.concatenate([np.zeros(0, np.uint64)] + [r for _, _, r in pieces])
    return np.unique(raw[_member(key, common)])


def _boilerplate(sets: _Sets, code: np.ndarray, story: np.ndarray, limit: int) -> np.ndarray:
    """Each outlet's boilerplate shingles: the hashes, sorted, to remove from every set.

    A shingle in ``limit`` or more *different* stories of one outlet is
    boilerplate of that outlet (a newsletter footer, a "follow us" line, a
    video credit). ``story`` labels near-identical texts alike (per corpus
    row), so that an outlet's many versions of one story do not make that
    story boilerplate; ``code`` is each row's outlet as an integer.

    The (outlet, shingle) keys are counted in _SLICES (32) slices of the key space, so
    that no array as long as all the shingles is made but one byte per
    shingle (its slice; owners are made batch by batch); within a slice, the keys that occur
    ``limit`` times at all are counted again by distinct story (few are).
    """
    code = code.astype(np.uint64)
    # Each element's owner (its corpus row) is made again for every slice, one
    # batch at a time, instead of held: at a million stories the owners of all
    # elements would be 0.8 GB, and making them costs about a second in all.
    batches = list(zip(sets.data, sets.indptr, sets.starts[:-1].tolist(), strict=True))
    parts = [_parts(d, _owners(ip, first), code) for d, ip, first in batches]
    found = [np.zeros(0, dtype=np.uint64)]
    for p in range(_SLICES):
        pieces = [_piece(d, _owners(ip, first), part, code, story, p)
                  for (d, ip, first), part in zip(batches, parts, strict=True)]
        found.append(_common(pieces, limit))
    return np.unique(np.concatenate(found))
