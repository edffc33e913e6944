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
    # splitmix64's finaliser: every input bit reaches every output bit.
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _word_bytes(texts: pd.Series) -> pa.LargeStringArray:
    """Lower-case the texts and turn every byte that is not part of a word into a space.

    A word is a run of ASCII letters and digits and non-ASCII characters,
    except the Unicode punctuation that copies swap in (curly quotes, dashes,
    ellipsis, the Latin-1 signs and the no-break space): "don't", "don’t" and
    "don&nbsp;t" all give ``don t``.
    """
    arr = pa.array(texts, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = arr.cast(pa.large_string()).fill_null("")
    low = pc.utf8_lower(arr)
    first = low.offset
    offsets = np.frombuffer(low.buffers()[1], dtype=np.int64)[first : first + len(low) + 1]
    start, end = int(offsets[0]), int(offsets[-1])
    data = np.frombuffer(low.buffers()[2], dtype=np.uint8)[start:end].copy()
    word = ((data >= 97) & (data <= 122)) | ((data >= 48) & (data <= 57)) | (data >= 128)
    if len(data) >= 3:
        # U+2000-U+207F (General Punctuation) is E2 80 xx or E2 81 xx in UTF-8.
        gp = (data[:-2] == 0xE2) & ((data[1:-1] == 0x80) | (data[1:-1] == 0x81))
        for shift in range(3):
            word[shift : len(data) - 2 + shift] &= ~gp
    if len(data) >= 2:
        # U+00A0-U+00BF (no-break space, guillemets, signs) is C2 A0..C2 BF.
        l1 = (data[:-1] == 0xC2) & (data[1:] >= 0xA0)
        word[:-1] &= ~l1
        word[1:] &= ~l1
    data[~word] = 32
    return pa.LargeStringArray.from_buffers(
        len(low), pa.py_buffer(offsets - start), pa.py_buffer(data)
    )


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
        sums = np.add.reduceat(terms, off[:-1]) + lens.astype(np.uint64)
    return _mix(sums ^ hasher.salt)


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
    tokens = pc.ascii_split_whitespace(_word_bytes(texts))
    flat = pc.list_flatten(tokens)
    toff = np.asarray(tokens.offsets, dtype=np.int64)
    # Leading and trailing spaces give empty tokens; they are no words.
    nonempty = np.asarray(pc.binary_length(flat), dtype=np.int64) > 0
    owner = np.repeat(np.arange(len(texts)), np.diff(toff))[nonempty]
    words = np.bincount(owner, minlength=len(texts)).astype(np.int64)
    toff = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(words, out=toff[1:])
    flat = flat.filter(pa.array(nonempty))
    enc = pc.dictionary_encode(flat)
    th = _word_hashes(enc.dictionary, hasher)[np.asarray(enc.indices, dtype=np.int64)]
    n = len(th)
    counts = np.maximum(words - shingle + 1, 0)
    offsets = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    if n < shingle or offsets[-1] == 0:
        return np.zeros(0, dtype=np.uint64), offsets, words
    m = n - shingle + 1
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(shingle):
            acc += th[j : j + m] * hasher.mults[j]
    # Shingle i of text d starts at toff[d] + i; keep the starts whose whole
    # shingle lies inside its text.
    doc = np.repeat(np.arange(len(words)), counts)
    pos = np.arange(offsets[-1]) - offsets[doc] + toff[doc]
    return _mix(acc[pos] ^ hasher.salt), offsets, words


def _sketch(hashes: np.ndarray, offsets: np.ndarray, num_perm: int) -> np.ndarray:
    """One-permutation MinHash with rotation densification: one row of ``num_perm`` per text."""
    n = len(offsets) - 1
    bits = num_perm.bit_length() - 1
    doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    bins = (hashes >> np.uint64(64 - bits)).astype(np.int64)
    values = np.minimum((hashes >> np.uint64(8)) & np.uint64(0xFFFFFFFF), np.uint64(0xFFFFFFFE))
    sk = np.full(n * num_perm, _EMPTY, dtype=np.uint32)
    np.minimum.at(sk, doc * num_perm + bins, values.astype(np.uint32))
    sk = sk.reshape(n, num_perm)
    empty = sk == _EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if len(rows):
        # An empty bin borrows the nearest non-empty bin to its right (circularly),
        # shifted by the distance, so that two texts agree on it with probability
        # their Jaccard similarity (Shrivastava and Li 2014).
        part = np.concatenate([sk[rows], sk[rows]], axis=1)
        filled = ~np.concatenate([empty[rows], empty[rows]], axis=1)
        idx = np.where(filled, np.arange(2 * num_perm), 2 * num_perm)
        nxt = np.minimum.accumulate(idx[:, ::-1], axis=1)[:, ::-1][:, :num_perm]
        donor = np.take_along_axis(part, nxt, axis=1).astype(np.uint64)
        dist = (nxt - np.arange(num_perm)).astype(np.uint64)
        dense = ((donor + dist * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        sk[rows] = np.where(empty[rows], dense, sk[rows])
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
        sk[lo:hi] = _sketch(h, off, num_perm)
        size[lo:hi] = np.diff(off)
        words[lo:hi] = w
    return sk, size, words
