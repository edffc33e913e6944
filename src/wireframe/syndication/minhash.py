"""MinHash sketches of story bodies: word hashing, shingles, one-permutation sketches.

Each body becomes a set of *shingles* (runs of ``shingle`` normalised
words), each shingle a seeded 64-bit hash. A sketch of the set is a
vectorised one-permutation MinHash with rotation densification (Li, Owen and
Zhang 2012; Shrivastava and Li 2014): each shingle is hashed once (instead of
once per permutation), which makes sketching a corpus of 100,000 stories
take seconds; see ``benchmarks/bench_syndication.py`` for the comparison with
datasketch's ``MinHashLSH``. The share of equal values of two sketches
estimates the Jaccard similarity of the two shingle sets (Broder 1997).

Text is read in slices of about 32 MB (:func:`_batches`), so that memory
stays bounded by the sketches, not by the texts' tokens.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents.
*Compression and Complexity of Sequences*, 21-29.

Li, P., Owen, A. B. and Zhang, C.-H. (2012). One permutation hashing.
*Advances in Neural Information Processing Systems 25*.

Shrivastava, A. and Li, P. (2014). Densifying one permutation hashing via
rotation for fast near neighbor search. *ICML 2014*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from tqdm.auto import tqdm

_EMPTY = np.uint32(0xFFFFFFFF)
_BATCH_BYTES = 32 << 20
# Each byte's replacement when words are cut out of text: itself for ASCII
# letters and digits and for the bytes of non-ASCII characters, else a space.
_WORD_BYTE = np.full(256, 32, dtype=np.uint8)
for _lo, _hi in ((48, 58), (97, 123), (128, 256)):
    _WORD_BYTE[_lo:_hi] = np.arange(_lo, _hi)
del _lo, _hi
_WORD_TABLE = _WORD_BYTE.tobytes()


@dataclass(frozen=True)
class _Hasher:
    """The seeded hash functions: words, shingles, bins."""

    mults: np.ndarray
    salt: np.uint64

    @classmethod
    def make(cls, seed: int, shingle: int) -> _Hasher:
        rng = np.random.default_rng(seed)
        mults = rng.integers(1, 2**63, size=shingle, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        salt = rng.integers(0, 2**63, dtype=np.uint64)
        return cls(mults=mults, salt=salt)


def _quiet(progress: bool | None) -> bool | None:
    """tqdm's ``disable`` for a ``progress`` argument: None shows a bar only on a terminal."""
    return None if progress is None else not progress


def _mix(x: np.ndarray) -> np.ndarray:
    # splitmix64's finaliser: every input bit reaches every output bit. In place
    # on one new array (two temporaries, not six): it runs over every shingle.
    with np.errstate(over="ignore"):
        y = x >> np.uint64(30)
        y ^= x
        y *= np.uint64(0xBF58476D1CE4E5B9)
        t = y >> np.uint64(27)
        y ^= t
        y *= np.uint64(0x94D049BB133111EB)
        np.right_shift(y, np.uint64(31), out=t)
        y ^= t
        return y


def _word_bytes(texts: pd.Series) -> pa.LargeStringArray:
    """Lower-case the texts and turn every byte that is not part of a word into a space.

    A word is a run of ASCII letters and digits and non-ASCII characters,
    except the Unicode punctuation that copies swap in (curly quotes, dashes,
    ellipsis, the Latin-1 signs and the no-break space): "don't", "don’t" and
    "don&nbsp;t" all give ``don t``.
    """
    data, offsets = _cleaned(texts)
    return pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets),
                                            pa.py_buffer(data))


def _cleaned(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of :func:`_word_bytes`, all texts in one array, and each text's offsets."""
    arr = pa.array(texts, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = arr.cast(pa.large_string()).fill_null("")
    low = pc.utf8_lower(arr)
    first = low.offset
    offsets = np.frombuffer(low.buffers()[1], dtype=np.int64)[first : first + len(low) + 1]
    start, end = int(offsets[0]), int(offsets[-1])
    # One table look-up per byte: ASCII letters and digits, and every byte of a
    # non-ASCII character, stay; any other byte becomes a space.
    # (bytes.translate, a C loop over the bytes: faster than a NumPy look-up.)
    raw = memoryview(low.buffers()[2])[start:end] if end > start else b""
    data = np.frombuffer(bytearray(raw).translate(_WORD_TABLE), dtype=np.uint8)
    # U+2000-U+207F (General Punctuation) is E2 80 xx or E2 81 xx in UTF-8;
    # U+00A0-U+00BF (no-break space, guillemets, signs) is C2 A0..C2 BF. Both
    # are rare: found by their lead byte, then blanked.
    lead = np.flatnonzero(data[: max(len(data) - 2, 0)] == 0xE2)
    lead = lead[(data[lead + 1] == 0x80) | (data[lead + 1] == 0x81)]
    latin = np.flatnonzero(data[: max(len(data) - 1, 0)] == 0xC2)
    latin = latin[data[latin + 1] >= 0xA0]
    for shift in range(3):
        data[lead + shift] = 32
    for shift in range(2):
        data[latin + shift] = 32
    return data, offsets - start


def _word_hashes(vocab: pa.Array, hasher: _Hasher) -> np.ndarray:
    """A seeded 64-bit hash of each word's UTF-8 bytes.

    A polynomial over the bytes, then mixed: stable across runs, machines
    and corpora (unlike Python's ``hash``), and vectorised over the
    vocabulary.
    """
    vocab = vocab.cast(pa.large_string())
    first = vocab.offset
    off = np.frombuffer(vocab.buffers()[1], dtype=np.int64)[first : first + len(vocab) + 1]
    data = np.frombuffer(vocab.buffers()[2], dtype=np.uint8)[off[0] : off[-1]]
    off = off - off[0]
    lens = np.diff(off)
    if not len(lens):
        return np.zeros(0, dtype=np.uint64)
    pos = np.arange(len(data)) - np.repeat(off[:-1], lens)
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(int(lens.max()), hasher.mults[0], dtype=np.uint64))
        terms = (data.astype(np.uint64) + np.uint64(1)) * powers[pos]
        # Sums as differences of a running sum (modulo 2**64, as the terms), so
        # that an empty word (the dictionary may hold one) sums to 0.
        total = np.zeros(len(terms) + 1, dtype=np.uint64)
        np.cumsum(terms, out=total[1:])
        sums = total[off[1:]] - total[off[:-1]] + lens.astype(np.uint64)
    return _mix(sums ^ hasher.salt)


def _token_hashes(texts: pd.Series, hasher: _Hasher) -> tuple[np.ndarray, np.ndarray]:
    """The hash of every word of every text (:func:`_word_hashes`), and words per text."""
    tokens = pc.ascii_split_whitespace(_word_bytes(texts))
    toff = np.asarray(tokens.offsets, dtype=np.int64)
    enc = pc.dictionary_encode(pc.list_flatten(tokens))
    index = np.asarray(enc.indices, dtype=np.int64)
    # Leading and trailing spaces give empty tokens; they are no words (few:
    # found through the dictionary, not by testing every token's length).
    empty = np.flatnonzero(np.asarray(pc.binary_length(enc.dictionary), dtype=np.int64) == 0)
    words = np.diff(toff)
    if len(empty):
        at = np.flatnonzero(index == empty[0])
        words = words - np.bincount(np.searchsorted(toff, at, side="right") - 1,
                                    minlength=len(texts))
        index = np.delete(index, at)
    return _word_hashes(enc.dictionary, hasher)[index], words


def _shingles(
    texts: pd.Series, *, shingle: int, hasher: _Hasher
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hash every shingle of every text.

    Returns
    -------
    hashes : uint64 array
        The shingle hashes, text after text, in order of position.
    offsets : int64 array
        ``hashes[offsets[i]:offsets[i + 1]]`` belong to text ``i``.
    words : int64 array
        The number of words of each text.
    """
    th, words = _token_hashes(texts, hasher)
    n = len(th)
    counts = np.maximum(words - shingle + 1, 0)
    offsets = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    if n < shingle or offsets[-1] == 0:
        return np.zeros(0, dtype=np.uint64), offsets, words
    m = n - shingle + 1
    with np.errstate(over="ignore"):
        acc = th[:m] * hasher.mults[0]
        tmp = np.empty_like(acc)
        for j in range(1, shingle):
            np.multiply(th[j : j + m], hasher.mults[j], out=tmp)
            acc += tmp
    del tmp
    # The word at position k starts a shingle of its text when the shingle
    # ends inside that text: each text's first counts[d] positions do, its
    # last words[d] - counts[d] do not (runs that alternate, in text order).
    runs = np.column_stack([counts, words - counts]).ravel()
    valid = np.repeat(np.tile(np.array([True, False]), len(words)), runs)[:m]
    out = acc[valid]
    del acc
    out ^= hasher.salt
    return _mix(out), offsets, words


def _sketch(data: np.ndarray, indptr: np.ndarray, num_perm: int) -> np.ndarray:
    """One-permutation MinHash with rotation densification: one row of ``num_perm`` per text.

    From the texts' exact sets (:func:`_exact_sets`): a hash's bin is its top
    bits, so each text's sorted set runs through its bins in order, and each
    bin's minimum is one ``minimum.reduceat`` over the runs.
    """
    n = len(indptr) - 1
    bits = num_perm.bit_length() - 1
    # Cells (text * num_perm + bin) in 32 bits while they fit, as they do for a
    # batch of _BATCH_BYTES: half the memory traffic of 64.
    kind = np.int32 if n * num_perm < 2**31 else np.int64
    cell = np.repeat(np.arange(n, dtype=kind) * kind(num_perm), np.diff(indptr))
    cell += (data >> np.uint64(64 - bits)).astype(kind)
    values = (data >> np.uint64(8)).astype(np.uint32)  # bits 8 to 39
    np.minimum(values, np.uint32(0xFFFFFFFE), out=values)
    sk = np.full(n * num_perm, _EMPTY, dtype=np.uint32)
    if len(cell):
        first = np.empty(len(cell), dtype=bool)
        first[0] = True
        np.not_equal(cell[1:], cell[:-1], out=first[1:])
        first = np.flatnonzero(first)
        sk[cell[first]] = np.minimum.reduceat(values, first)
    sk = sk.reshape(n, num_perm)
    empty = sk == _EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if len(rows):
        # An empty bin borrows the nearest non-empty bin to its right (circularly),
        # shifted by the distance, so that two texts agree on it with probability
        # their Jaccard similarity (Shrivastava and Li 2014). Most texts have
        # empty bins, so this runs in 16 and 32 bits.
        part, hole = sk[rows], empty[rows]
        small = np.int16 if 2 * num_perm < 2**15 else np.int32
        at = np.where(hole, small(2 * num_perm), np.arange(num_perm, dtype=small))
        nxt = np.minimum.accumulate(at[:, ::-1], axis=1)[:, ::-1]
        # No filled bin to the right: the row's first filled bin, one turn on.
        wrap = np.argmax(~hole, axis=1).astype(small) + small(num_perm)
        nxt = np.where(nxt == 2 * num_perm, wrap[:, None], nxt)
        donor = np.take_along_axis(part, (nxt % num_perm).astype(np.intp), axis=1)
        dist = (nxt - np.arange(num_perm, dtype=small)).astype(np.uint32)
        # Modulo 2**32, as uint32 arithmetic wraps.
        dense = donor + dist * np.uint32(0x9E3779B1)
        sk[rows] = np.where(hole, dense, part)
    return sk


def _batches(lengths: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive slices of texts holding about _BATCH_BYTES of text each."""
    block = np.cumsum(lengths) // _BATCH_BYTES
    cuts = [0, *(np.flatnonzero(np.diff(block)) + 1).tolist(), len(lengths)]
    return [(lo, hi) for lo, hi in zip(cuts[:-1], cuts[1:], strict=True) if hi > lo]



def _sketches(body: pd.Series, hasher: _Hasher, *, shingle: int, num_perm: int,
              progress: bool | None = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sketch texts a slice of _BATCH_BYTES at a time.

    Returns
    -------
    sketches : uint32 array, shape (texts, num_perm)
        One MinHash row per text (all 0xFFFFFFFF for a text without a shingle).
    size : int64 array
        Shingles (with repeats) of each text.
    words : int64 array
        Words of each text.
    """
    body = body.reset_index(drop=True)
    n = len(body)
    sk = np.full((n, num_perm), _EMPTY, dtype=np.uint32)
    size = np.zeros(n, dtype=np.int64)
    words = np.zeros(n, dtype=np.int64)
    lengths = body.str.len().fillna(0).to_numpy(dtype=np.int64)
    for lo, hi in tqdm(_batches(lengths), desc="sketching", unit="batch",
                       disable=_quiet(progress)):
        h, off, w = _shingles(body.iloc[lo:hi], shingle=shingle, hasher=hasher)
        sk[lo:hi] = _sketch(*_exact_sets(h, off), num_perm)
        size[lo:hi] = np.diff(off)
        words[lo:hi] = w
    return sk, size, words


def _exact_sets(hashes: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique shingle hashes per text, as CSR (data, indptr).

    Each text's run is sorted on its own (a loop of small in-place sorts is
    about ten times faster than one lexsort of (text, hash) over the batch).
    """
    h = hashes.copy()
    off = offsets.tolist()
    for lo, hi in zip(off[:-1], off[1:], strict=True):
        if hi - lo > 1:
            h[lo:hi].sort()
    repeat = np.zeros(len(h), dtype=bool)
    repeat[1:] = h[1:] == h[:-1]
    repeat[offsets[:-1][np.diff(offsets) > 0]] = False  # a text's first hash is always new
    # Repeats are few (a phrase said twice): the offsets move down by those before them.
    at = np.flatnonzero(repeat)
    gone = np.zeros(len(offsets), dtype=np.int64)
    np.cumsum(np.bincount(np.searchsorted(offsets, at, side="right") - 1,
                          minlength=len(offsets) - 1), out=gone[1:])
    return np.delete(h, at), offsets - gone


@dataclass
class _Digest:
    """What detection keeps of a batch of stories once their text has been read.

    ``data[indptr[i]:indptr[i + 1]]`` is story ``i``'s exact set (sorted
    unique shingle hashes); empty for a story too short to be compared.
    """

    sketch: np.ndarray  # uint32, (stories, num_perm)
    size: np.ndarray  # shingles with repeats
    words: np.ndarray
    data: np.ndarray
    indptr: np.ndarray


def _digest(body: pd.Series, hasher: _Hasher, *, shingle: int, num_perm: int,
            min_words: int) -> _Digest:
    """Sketch and exact sets of texts, shingled once, a slice of _BATCH_BYTES at a time.

    The exact sets are kept only of the texts with ``min_words`` words (the
    others are never compared), so that the text itself can be dropped.
    """
    body = body.reset_index(drop=True)
    n = len(body)
    sk = np.full((n, num_perm), _EMPTY, dtype=np.uint32)
    size = np.zeros(n, dtype=np.int64)
    words = np.zeros(n, dtype=np.int64)
    data, sizes = [np.zeros(0, dtype=np.uint64)], [np.zeros(0, dtype=np.int64)]
    lengths = body.str.len().fillna(0).to_numpy(dtype=np.int64)
    for lo, hi in _batches(lengths):
        h, off, w = _shingles(body.iloc[lo:hi], shingle=shingle, hasher=hasher)
        d, ip = _exact_sets(h, off)
        del h
        sk[lo:hi] = _sketch(d, ip, num_perm)
        size[lo:hi], words[lo:hi] = np.diff(off), w
        kept = w >= min_words
        if not kept.all():
            counted = np.diff(ip)
            d = d[np.repeat(kept, counted)]
            ip = np.zeros(len(kept) + 1, dtype=np.int64)
            np.cumsum(np.where(kept, counted, 0), out=ip[1:])
        data.append(d)
        sizes.append(np.diff(ip))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.concatenate(sizes), out=indptr[1:])
    return _Digest(sk, size, words, np.concatenate(data), indptr)
