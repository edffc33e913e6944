"""Syndication families: every copy of a wire story, and what each outlet changed.

When several outlets carry one wire story, counting each copy credits the
aggregators with framing they never wrote and counts the wire's choices
several times. This module finds the copies and says what was changed:

1. :func:`pairs` - near-duplicate detection. Each story's body becomes a set
   of *shingles* (runs of ``shingle`` normalised words); a MinHash sketch of
   each set goes through locality-sensitive hashing (LSH) to propose
   candidate pairs; every candidate is then checked on the exact shingle
   sets, by Jaccard similarity *and* by containment, so that a trimmed copy
   of a long story is found although it shares only part of the text.
   Shingles that recur across many different stories of one outlet (its
   footers and "follow us" lines) are not counted.
2. :func:`families` - accepted pairs grouped into syndication families
   (connected components), each with an original: the wire's own story,
   else the earliest wire-credited story, else the earliest. Every story
   gets ``family_id``, ``family_size``, ``copy_of``, ``similarity``,
   ``relation`` and ``is_reprint``.
3. :func:`edits`, :func:`classify`, :func:`side_by_side` - each copy aligned
   to its original by paragraph (or sentence), and what the outlet did:
   identical, truncated (and how much), headline rewritten, paragraphs added
   (which), paragraphs removed, lede or paragraphs rewritten, lightly edited.
4. :func:`originality`, :func:`sources`, :func:`edit_kinds` - per outlet: the
   share of its stories that are reprints, whose stories it reprints, and
   what it does to them.
For corpora larger than memory, :func:`signatures` sketches one batch at a
time and :func:`candidates` proposes the LSH candidate pairs from an
iterator of batches (a store's :func:`wireframe.store.scan`) or from a Dask
DataFrame, whose band keys meet through a shuffle.

5. :func:`collapse` - one row per family (the original, or a member chosen
   by rule), for counting unique stories instead of placements downstream.

The sketching is a vectorised NumPy implementation of one-permutation
MinHash with densification (Li, Owen and Zhang 2012; Shrivastava and Li 2014): each
shingle is hashed once (instead of once per permutation), which makes
sketching a corpus of 100,000 stories take seconds; see
``benchmarks/bench_syndication.py`` for the comparison with datasketch's
``MinHashLSH``.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents.
*Compression and Complexity of Sequences*, 21-29.

Li, P., Owen, A. B. and Zhang, C.-H. (2012). One permutation hashing.
*Advances in Neural Information Processing Systems 25*.

Shrivastava, A. and Li, P. (2014). Densifying one permutation hashing via
rotation for fast near neighbor search. *ICML 2014*.

Leskovec, J., Rajaraman, A. and Ullman, J. D. (2014). *Mining of Massive
Datasets*, 2nd ed., chapter 3 (banding).
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from tqdm.auto import tqdm

from wireframe.io.clean import BOILERPLATE

__all__ = [
    "EDIT_COLUMNS",
    "EDIT_KINDS",
    "FAMILY_COLUMNS",
    "KEEP",
    "RELATIONS",
    "UNITS",
    "candidates",
    "classify",
    "collapse",
    "edit_kinds",
    "edits",
    "families",
    "family_members",
    "originality",
    "pairs",
    "side_by_side",
    "signatures",
    "sources",
]

logger = logging.getLogger(__name__)

FAMILY_COLUMNS: tuple[str, ...] = (
    "family_id", "family_size", "copy_of", "similarity", "relation", "is_reprint",
)
"""The columns :func:`families` adds to the Story table, in order."""

RELATIONS: tuple[str, ...] = ("single", "original", "copy", "version")
"""Values of ``relation``: a story with no copy, a family's original, a copy
of it by another outlet, a later version by the original's own outlet."""

EDIT_KINDS: tuple[str, ...] = (
    "truncated",
    "paragraphs_removed",
    "lede_rewritten",
    "paragraphs_rewritten",
    "paragraphs_added",
    "lightly_edited",
    "headline_rewritten",
    "identical",
)
"""What a copy's outlet did, in order of precedence: a copy's ``kind`` in
:func:`classify` is the first of these that applies (the edit that changes
the most text)."""

KEEP: tuple[str, ...] = ("original", "earliest", "longest")
"""Rules for the member that stands for a family in :func:`collapse`."""

UNITS: tuple[str, ...] = ("placement", "story")
"""Counting units: every copy (``placement``) or one per family (``story``)."""

_EMPTY = np.uint32(0xFFFFFFFF)
_M64 = (1 << 64) - 1
# A pair of units whose words agree at least this much (difflib ratio) is an
# edit of one unit; below it, a rewrite. House-style edits (spelling, "said"
# for "says", numerals) stay well above it, a new lede well below.
_LIGHT = 0.8
# Two units in a replaced block are paired as a rewrite only when at least
# this much of their wording agrees; otherwise one was removed, one added.
_PAIR = 0.3
# Buckets larger than this are linked as a chain instead of all pairs: such
# buckets come from boilerplate, not from copies (exact copies are merged
# before LSH), and all pairs would be quadratic.
_MAX_BUCKET = 64
_BATCH_BYTES = 32 << 20


# Validation ------------------------------------------------------------------


def _check_choice(name: str, value: object, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(
            f"`{name}` must be one of {', '.join(repr(a) for a in allowed)}; got {value!r}"
        )


def _check_fraction(name: str, value: object) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= 1:
        raise ValueError(f"`{name}` must be a number in (0, 1]; got {value!r}")


def _check_int(name: str, value: object, low: int) -> None:
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < low:
        raise ValueError(f"`{name}` must be an integer >= {low}; got {value!r}")


def _check_table(stories: object, columns: Sequence[str], hint: str = "") -> pd.DataFrame:
    if isinstance(stories, str | bytes):
        raise TypeError(
            "expected a Story table (DataFrame), got a single string; wrap texts in a "
            "DataFrame with story_id, outlet, published, headline and body"
        )
    if not isinstance(stories, pd.DataFrame):
        raise TypeError(f"expected a Story table (DataFrame); got {type(stories).__name__}")
    missing = [c for c in columns if c not in stories.columns]
    if missing:
        raise ValueError(f"the table lacks column(s) {', '.join(missing)}{hint}")
    if stories["story_id"].duplicated().any():
        dup = stories.loc[stories["story_id"].duplicated(), "story_id"].iloc[0]
        raise ValueError(f"story_id must be unique; {dup!r} occurs more than once")
    return stories


def _check_families(stories: object) -> pd.DataFrame:
    return _check_table(
        stories, ("story_id", "outlet", *FAMILY_COLUMNS),
        "; run syndication.families(stories) first",
    )


# Sketching --------------------------------------------------------------------


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


# Candidate pairs -------------------------------------------------------------


def _bucket_pairs(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Pairs (as i * n + j codes, i < j) of ids that share a key."""
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, len(k)])
    multi = sizes > 1
    starts, sizes = starts[multi], sizes[multi]
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    members = ids[order]
    small = sizes <= _MAX_BUCKET
    # All pairs within small buckets: member q of a bucket pairs with every later member.
    s, z = starts[small], sizes[small]
    pos = np.repeat(s, z) + (np.arange(z.sum()) - np.repeat(np.cumsum(z) - z, z))
    later = np.repeat(s + z, z) - pos - 1
    left = np.repeat(pos, later)
    right = left + 1 + (np.arange(later.sum()) - np.repeat(np.cumsum(later) - later, later))
    a, b = members[left], members[right]
    # Large buckets: a chain through the members (sorted by id) keeps them
    # reachable for verification at linear cost.
    big_a, big_b = [], []
    for st, sz in zip(starts[~small], sizes[~small], strict=True):
        m = np.sort(members[st : st + sz])
        big_a.append(m[:-1])
        big_b.append(m[1:])
    if big_a:
        a = np.concatenate([a, *big_a])
        b = np.concatenate([b, *big_b])
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return lo.astype(np.int64) * (1 << 32) + hi.astype(np.int64)


def _union(parts: Iterable[np.ndarray], limit: int) -> np.ndarray:
    """The distinct pair codes of all parts, sorted.

    Pairs recur across bands; they are deduplicated whenever the list has
    grown past ``limit`` and twice its last deduplicated size: a few sorts
    of all the pairs, not one per band, however many pairs there are.
    """
    found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    total = 0
    for part in parts:
        found.append(part)
        total += len(part)
        if total > limit:
            found = [np.unique(np.concatenate(found))]
            total = len(found[0])
            limit = max(limit, 2 * total)
    return np.unique(np.concatenate(found))


def _candidates(sk: np.ndarray, ids: np.ndarray, rows: int, *, progress: bool) -> np.ndarray:
    """LSH banding: texts (rows ``ids`` of ``sk``) whose sketches agree on all ``rows`` values
    of any band."""
    num_perm = sk.shape[1]

    def per_band() -> Iterator[np.ndarray]:
        for band in tqdm(range(num_perm // rows), desc="LSH bands", unit="band",
                         disable=not progress):
            cols = sk[ids, band * rows : (band + 1) * rows].astype(np.uint64)
            if rows == 2:
                key = (cols[:, 0] << np.uint64(32)) | cols[:, 1]
            else:
                key = cols[:, 0].copy()
                with np.errstate(over="ignore"):
                    for c in range(1, rows):
                        key = _mix(key * np.uint64(0x100000001B3) ^ cols[:, c])
            yield _bucket_pairs(key, ids)

    return _union(per_band(), 4 * len(ids) + 1_000_000)


# Exact verification ------------------------------------------------------------


def _exact_sets(hashes: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique shingle hashes per text, as CSR (data, indptr)."""
    n = len(offsets) - 1
    doc = np.repeat(np.arange(n), np.diff(offsets))
    order = np.lexsort((hashes, doc))
    h, d = hashes[order], doc[order]
    keep = np.r_[True, (h[1:] != h[:-1]) | (d[1:] != d[:-1])]
    h, d = h[keep], d[keep]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(d, minlength=n), out=indptr[1:])
    return h, indptr


def _exact_sets_of(body: pd.Series, rows: np.ndarray, *, shingle: int, hasher: _Hasher,
                   progress: bool) -> tuple[np.ndarray, np.ndarray]:
    """_exact_sets of the texts ``body.iloc[rows]``, shingled a batch at a time."""
    lengths = body.iloc[rows].str.len().fillna(0).to_numpy(dtype=np.int64)
    data, sizes = [np.zeros(0, dtype=np.uint64)], [np.zeros(0, dtype=np.int64)]
    for lo, hi in tqdm(_batches(lengths), desc="exact shingle sets", unit="batch",
                       disable=not progress):
        h, off, _ = _shingles(body.iloc[rows[lo:hi]], shingle=shingle, hasher=hasher)
        d, ip = _exact_sets(h, off)
        data.append(d)
        sizes.append(np.diff(ip))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.concatenate(sizes), out=indptr[1:])
    return np.concatenate(data), indptr


def _intersections(
    a: np.ndarray, b: np.ndarray, data: np.ndarray, indptr: np.ndarray, *, progress: bool
) -> np.ndarray:
    out = np.zeros(len(a), dtype=np.int64)
    for k in tqdm(range(len(a)), desc="verifying pairs", unit="pair", disable=not progress,
                  miniters=10_000):
        x = data[indptr[a[k]] : indptr[a[k] + 1]]
        y = data[indptr[b[k]] : indptr[b[k] + 1]]
        if len(x) > len(y):
            x, y = y, x
        if not len(x):
            continue
        i = np.searchsorted(y, x)
        i[i == len(y)] = 0
        out[k] = int(np.count_nonzero(y[i] == x))
    return out


def _member(values: np.ndarray, sorted_set: np.ndarray, chunk: int = 1 << 22) -> np.ndarray:
    """Which ``values`` are in ``sorted_set``, a chunk at a time (no array as long as values
    but the answer)."""
    out = np.zeros(len(values), dtype=bool)
    if not len(sorted_set):
        return out
    for lo in range(0, len(values), chunk):
        v = values[lo : lo + chunk]
        at = np.minimum(np.searchsorted(sorted_set, v), len(sorted_set) - 1)
        out[lo : lo + chunk] = sorted_set[at] == v
    return out


def _drop_boilerplate(
    data: np.ndarray, indptr: np.ndarray, outlet: pd.Series, story: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Remove outlets' boilerplate shingles from every story's set.

    A shingle in ``limit`` or more *different* stories of one outlet is
    boilerplate of that outlet (a newsletter footer, a "follow us" line, a
    video credit). ``story`` labels near-identical texts alike, so that an
    outlet's many versions of one story do not make that story boilerplate.
    """
    code = pd.factorize(outlet.astype("string").fillna(""))[0].astype(np.uint64)
    owner = np.repeat(np.arange(len(indptr) - 1, dtype=np.int32), np.diff(indptr))
    key = np.empty_like(data)
    with np.errstate(over="ignore"):
        for lo in range(0, len(data), 1 << 22):
            hi = lo + (1 << 22)
            key[lo:hi] = _mix(data[lo:hi] ^ (code[owner[lo:hi]] * np.uint64(0x9E3779B97F4A7C15)))
    story = story.astype(np.int32)
    # Stories per (outlet, shingle) key are counted in 16 slices of the key
    # space, so that the sort needs a sixteenth of the memory of all keys.
    part = (key >> np.uint64(60)).astype(np.uint8)
    found = [np.zeros(0, dtype=np.uint64)]
    for p in range(16):
        sel = np.flatnonzero(part == p)
        if not len(sel):
            continue
        k, lab = key[sel], story[owner[sel]]
        order = np.lexsort((lab, k))
        k, lab = k[order], lab[order]
        new_story = np.r_[True, (k[1:] != k[:-1]) | (lab[1:] != lab[:-1])]
        uniq, counts = np.unique(k[new_story], return_counts=True)
        found.append(uniq[counts >= limit])
    del part
    common = np.concatenate(found)  # sorted: the slices are in key order
    if not len(common):
        return data, indptr
    # Removed from every story, not only the outlet's own: a copy that
    # carries the footer along, or a wire story's stock phrase, is then
    # compared with its original on the same terms (a verbatim copy stays at 1).
    common = np.unique(data[_member(key, common)])
    del key
    keep = ~_member(data, common)
    logger.info("ignored %d boilerplate shingles (%d occurrences) found in >= %d stories of "
                "one outlet", len(common), int((~keep).sum()), limit)
    new = np.zeros_like(indptr)
    np.cumsum(np.bincount(owner[keep], minlength=len(indptr) - 1), out=new[1:])
    return data[keep], new


@dataclass
class _Detection:
    """What pairs() found, with what families() needs to finish its work."""

    a: np.ndarray
    b: np.ndarray
    shared: np.ndarray
    size: np.ndarray
    data: np.ndarray
    indptr: np.ndarray
    local: np.ndarray  # position of each story in (data, indptr), -1 when not verified
    words: np.ndarray


def _detect(
    stories: pd.DataFrame,
    *,
    jaccard: float,
    containment: float,
    shingle: int,
    min_words: int,
    num_perm: int,
    rows: int,
    window_days: float | None,
    boilerplate: int | None,
    seed: int,
    progress: bool,
) -> _Detection:
    n = len(stories)
    hasher = _Hasher.make(seed, shingle)
    body = stories["body"].reset_index(drop=True)
    lengths = body.str.len().fillna(0).to_numpy(dtype=np.int64)
    sk = np.full((n, num_perm), _EMPTY, dtype=np.uint32)
    size = np.zeros(n, dtype=np.int64)
    words = np.zeros(n, dtype=np.int64)
    for lo, hi in tqdm(_batches(lengths), desc="sketching", unit="batch", disable=not progress):
        h, off, w = _shingles(body.iloc[lo:hi], shingle=shingle, hasher=hasher)
        sk[lo:hi] = _sketch(h, off, num_perm)
        size[lo:hi] = np.diff(off)
        words[lo:hi] = w
    eligible = np.flatnonzero((words >= min_words) & (size > 0))
    logger.info("%d of %d stories have >= %d words and are compared", len(eligible), n,
                min_words)
    # Identical sketches (verbatim copies, almost always) are merged before
    # banding: they would otherwise fill one bucket per band with all their
    # pairs. Rows are compared by a 64-bit hash of the whole sketch.
    rowkey = np.zeros(len(eligible), dtype=np.uint64)
    for c in range(num_perm):
        rowkey = _mix(rowkey ^ sk[eligible, c].astype(np.uint64) ^ np.uint64(c << 32))
    _, first, inverse = np.unique(rowkey, return_index=True, return_inverse=True)
    rep = eligible[first]
    head = eligible[first[inverse]]
    same = head != eligible
    codes = [np.minimum(head[same], eligible[same]).astype(np.int64) * (1 << 32)
             + np.maximum(head[same], eligible[same])]
    codes.append(_candidates(sk, rep.astype(np.int64), rows, progress=progress))
    cand = np.unique(np.concatenate(codes))
    a, b = (cand >> 32).astype(np.int64), (cand & 0xFFFFFFFF).astype(np.int64)
    logger.info("%d candidate pairs from LSH (%d bands of %d rows)", len(a), num_perm // rows,
                rows)
    if window_days is not None:
        t = stories["published"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
        near = np.abs(t[a] - t[b]) <= int(window_days * 86_400e9)
        a, b = a[near], b[near]
    # The sketches estimate each candidate's Jaccard similarity; only pairs
    # whose estimate is within four standard errors, sqrt(J (1 - J) / num_perm),
    # of what either threshold needs are verified exactly. For containment the
    # Jaccard needed depends on the sizes: J = c m / (|A| + |B| - c m), m the
    # smaller size.
    est = np.zeros(len(a))
    for lo in range(0, len(a), 100_000):
        est[lo : lo + 100_000] = (sk[a[lo : lo + 100_000]] == sk[b[lo : lo + 100_000]]).mean(1)
    small = np.minimum(size[a], size[b])
    need = np.minimum(jaccard, containment * small / np.maximum(size[a] + size[b]
                                                                 - containment * small, 1))
    keep = est >= need - 4 * np.sqrt(need * (1 - need) / num_perm)
    a, b = a[keep], b[keep]
    inter = est[keep] / (1 + est[keep]) * (size[a] + size[b])
    est_con = inter / np.maximum(np.minimum(size[a], size[b]), 1)
    involved = np.unique(np.r_[a, b])
    local = np.full(n, -1, dtype=np.int64)
    local[involved] = np.arange(len(involved))
    data, indptr = _exact_sets_of(body, involved, shingle=shingle, hasher=hasher,
                                  progress=progress)
    if boilerplate is not None and "outlet" in stories.columns and len(involved):
        # Versions of one story contain each other almost whole; stories that
        # share only a footer do not (unless the footer is nearly all they say).
        close = est_con >= 0.8
        graph = coo_matrix((np.ones(int(close.sum())), (local[a[close]], local[b[close]])),
                           shape=(len(involved), len(involved)))
        story = connected_components(graph, directed=False)[1]
        data, indptr = _drop_boilerplate(data, indptr, stories["outlet"].iloc[involved], story,
                                         boilerplate)
    exact = np.diff(indptr)
    shared = _intersections(local[a], local[b], data, indptr, progress=progress)
    sa, sb = exact[local[a]], exact[local[b]]
    jac = shared / np.maximum(sa + sb - shared, 1)
    con = shared / np.maximum(np.minimum(sa, sb), 1)
    # A few shingles prove little (boilerplate removal can leave a story only
    # a few): the shorter text must keep as many as a story of min_words has.
    big = np.minimum(sa, sb) >= min_words - shingle + 1
    ok = ((jac >= jaccard) | (con >= containment)) & big
    logger.info("%d of %d verified pairs accepted", int(ok.sum()), len(a))
    exact_size = np.zeros(n, dtype=np.int64)
    exact_size[involved] = exact
    return _Detection(a[ok], b[ok], shared[ok], exact_size, data, indptr, local, words)


_DETECT_DOC = """
    jaccard : float, default 0.5
        Accept a pair whose exact shingle sets have Jaccard similarity
        ``|A & B| / |A | B|`` at least this.
    containment : float, default 0.6
        Also accept a pair when the shorter text's set is contained in the
        longer one's at least this much: ``|A & B| / min(|A|, |B|)``. This
        finds a copy trimmed to a third of a long story (Jaccard 0.33).
    shingle : int, default 5
        Words per shingle.
    min_words : int, default 20
        Stories with fewer words in ``body`` are not compared (a short text
        contained in a long one is weak evidence of copying).
    num_perm : {32, 64, 128, 256}, default 128
        Length of the MinHash sketch.
    rows : int, default 2
        Sketch values per LSH band; ``num_perm // rows`` bands.
    window_days : float, optional
        Only pair stories published at most this many days apart.
    boilerplate : int or None, default 5
        A shingle found in this many or more different stories of one
        outlet (among the stories LSH proposes; stories that contain each
        other, by a sketch estimate of containment >= 0.8, count once) is
        that outlet's boilerplate - a newsletter footer, a "follow us" line -
        and is not counted, in any story; None counts every shingle. Needs
        an ``outlet`` column.
    seed : int, default 0
        Seed of the hash functions; the same seed gives the same result.
    progress : bool, default True
        Show tqdm progress bars."""


def _validate_detect(
    stories, jaccard, containment, shingle, min_words, num_perm, rows, window_days, boilerplate,
    seed,
) -> pd.DataFrame:
    stories = _check_table(stories, ("story_id", "body", "published"))
    _check_fraction("jaccard", jaccard)
    _check_fraction("containment", containment)
    _check_int("shingle", shingle, 1)
    _check_int("min_words", min_words, 1)
    if num_perm not in (32, 64, 128, 256):
        raise ValueError(f"`num_perm` must be one of 32, 64, 128, 256; got {num_perm!r}")
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 1 or num_perm % rows:
        raise ValueError(f"`rows` must be a positive divisor of num_perm={num_perm}; got {rows!r}")
    if window_days is not None and (
        not isinstance(window_days, int | float) or isinstance(window_days, bool) or window_days < 0
    ):
        raise ValueError(f"`window_days` must be None or a number >= 0; got {window_days!r}")
    if boilerplate is not None:
        _check_int("boilerplate", boilerplate, 2)
    _check_int("seed", seed, 0)
    if min_words < shingle:
        raise ValueError(f"`min_words` ({min_words}) must be at least `shingle` ({shingle})")
    return stories


def pairs(
    stories: pd.DataFrame,
    *,
    jaccard: float = 0.5,
    containment: float = 0.6,
    shingle: int = 5,
    min_words: int = 20,
    num_perm: int = 128,
    rows: int = 2,
    window_days: float | None = None,
    boilerplate: int | None = 5,
    seed: int = 0,
    progress: bool = True,
) -> pd.DataFrame:
    """Find pairs of stories whose bodies are near-duplicates.

    Parameters
    ----------
    stories : DataFrame
        A Story table (``story_id``, ``body`` and ``published`` are used).
    {detect}

    Returns
    -------
    DataFrame
        One row per accepted pair, ``story_a < story_b`` in table order:
        ``story_a``, ``story_b`` (story ids), ``shared`` (shingles in both),
        ``size_a``, ``size_b`` (distinct shingles of each), ``jaccard``,
        ``containment``; sorted by ``story_a``, ``story_b``.

    Raises
    ------
    TypeError
        When ``stories`` is not a DataFrame.
    ValueError
        When a column is missing, ``story_id`` repeats, or an option is out
        of range.

    See Also
    --------
    families : the pairs grouped into families, with an original.

    Notes
    -----
    Text is normalised before shingling: lower case; every character that
    is not a letter or digit (ASCII punctuation, curly quotes, dashes,
    ellipses, no-break spaces) separates words. So "don’t" and "don't" agree,
    as do "U.S.-led" and "U.S. led".

    Candidates come from one-permutation MinHash with ``num_perm`` bins and
    banding: with ``rows`` = r and b = ``num_perm / r`` bands, a pair of
    Jaccard similarity s becomes a candidate with probability
    ``1 - (1 - s**r)**b``; at the defaults (r = 2, b = 64) that is 0.998 at
    s = 0.3 and 0.93 at s = 0.2, so that trimmed copies are found. A
    candidate whose sketch estimate of Jaccard is more than four standard
    errors below what either threshold needs (for containment c and sizes
    |A|, |B|, m the smaller: ``c m / (|A| + |B| - c m)``) is dropped; every
    other candidate is verified on its exact shingle sets, and accepted when

    ``|A & B| / |A | B| >= jaccard`` or ``|A & B| / min(|A|, |B|) >= containment``,

    and the smaller set still has ``min_words - shingle + 1`` shingles (as
    many as a story of ``min_words`` words) after boilerplate is removed.

    The defaults were chosen on the evaluation set of
    :func:`wireframe.synthetic.evaluation_set` (seed 0). Copies keep a
    containment in their original of 0.72 or more (a short story with a
    rewritten lede is the lowest; one trimmed to a third *and* given an
    outlet's note falls to about 0.5 when the note is not recognised as
    boilerplate); the closest real non-copies reach 0.52, where a copy
    spliced in a paragraph of background from them. 0.6 lies in the gap.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> table = synthetic.toy()
    >>> pairs(table, progress=False)[["story_a", "story_b"]].values.tolist()
    [['wire-1', 'copy-1']]
    """
    stories = _validate_detect(stories, jaccard, containment, shingle, min_words, num_perm, rows,
                               window_days, boilerplate, seed)
    det = _detect(stories, jaccard=jaccard, containment=containment, shingle=shingle,
                  min_words=min_words, num_perm=num_perm, rows=rows, window_days=window_days,
                  boilerplate=boilerplate, seed=seed, progress=progress)
    ids = stories["story_id"].astype("string").to_numpy()
    sa, sb = det.size[det.a], det.size[det.b]
    out = pd.DataFrame({
        "story_a": pd.array(ids[det.a], dtype="string"),
        "story_b": pd.array(ids[det.b], dtype="string"),
        "shared": det.shared,
        "size_a": sa,
        "size_b": sb,
        "jaccard": det.shared / np.maximum(sa + sb - det.shared, 1),
        "containment": det.shared / np.maximum(np.minimum(sa, sb), 1),
    })
    order = np.lexsort((det.b, det.a))
    return out.iloc[order].reset_index(drop=True)


pairs.__doc__ = pairs.__doc__.replace("{detect}", _DETECT_DOC.strip("\n").lstrip())


def _originals(stories: pd.DataFrame, label: np.ndarray, words: np.ndarray) -> np.ndarray:
    """Position of each family's original, per story."""
    wire = stories["wire"] if "wire" in stories.columns else pd.Series(pd.NA, index=stories.index)
    own = (wire.notna() & (wire.astype("string").str.casefold()
                           == stories["outlet"].astype("string").str.casefold())).fillna(False)
    published = stories["published"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    ids = stories["story_id"].astype(str).to_numpy()
    # The last key sorts first: family, then the wire's own story, any
    # wire-credited story, the earliest, the longest, the smallest story_id.
    order = np.lexsort((ids, -words, published, ~wire.notna().to_numpy(),
                        ~own.to_numpy(dtype=bool), label))
    if not len(label):
        return np.zeros(0, dtype=np.int64)
    first = np.r_[True, label[order][1:] != label[order][:-1]]
    original_of_label = np.empty(label.max() + 1, dtype=np.int64)
    original_of_label[label[order][first]] = order[first]
    return original_of_label[label]


def families(
    stories: pd.DataFrame,
    *,
    jaccard: float = 0.5,
    containment: float = 0.6,
    shingle: int = 5,
    min_words: int = 20,
    num_perm: int = 128,
    rows: int = 2,
    window_days: float | None = None,
    boilerplate: int | None = 5,
    updates: str = "version",
    seed: int = 0,
    progress: bool = True,
) -> pd.DataFrame:
    """Group stories into syndication families and name each family's original.

    Parameters
    ----------
    stories : DataFrame
        A Story table (``story_id``, ``outlet``, ``published``, ``body`` and,
        when present, ``wire`` are used).
    {detect}
    updates : {{"version", "copy"}}, default "version"
        What a later story of the original's own outlet in the family is:
        a ``"version"`` (an update, not a reprint) or a ``"copy"`` (a reprint
        like any other outlet's).

    Returns
    -------
    DataFrame
        The Story table (same index and rows) with the columns of
        :data:`FAMILY_COLUMNS` added:

        ``family_id`` (string)
            The ``story_id`` of the family's original; a story with no copy
            is a family of one and its own ``family_id``.
        ``family_size`` (int64)
            Stories in the family.
        ``copy_of`` (string, NA)
            The original's ``story_id``, for copies and versions.
        ``similarity`` (float64, NaN)
            Containment of the story and its original, ``|A & B| / min(|A|,
            |B|)`` over exact shingle sets; NaN for originals and singles.
        ``relation`` (string)
            One of :data:`RELATIONS`.
        ``is_reprint`` (bool)
            True for copies.

    Raises
    ------
    TypeError
        When ``stories`` is not a DataFrame.
    ValueError
        When a column is missing, ``story_id`` repeats, or an option is out
        of range.

    See Also
    --------
    pairs : the accepted pairs themselves.
    collapse : one row per family.

    Notes
    -----
    A family is a connected component of the accepted pairs (see
    :func:`pairs`), so a copy of a copy joins the family of the first.

    The original is chosen by these keys in turn: the wire's own story
    (``outlet`` equals ``wire``, e.g. Reuters on reuters.com), then any
    story with a ``wire`` credit, then the earliest ``published``, then the
    longest body (an outlet that trims publishes less, and many sources give
    dates without times), then the smallest ``story_id``. Preferring the
    wire's own story over an earlier timestamp guards against outlets' clock
    and timezone errors.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> fam = families(synthetic.toy(), progress=False)
    >>> fam[["story_id", "family_id", "relation"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['wire-1', 'wire-1', 'original'], ['copy-1', 'wire-1', 'copy'],
     ['other-1', 'other-1', 'single']]
    """
    _check_choice("updates", updates, ("version", "copy"))
    stories = _validate_detect(stories, jaccard, containment, shingle, min_words, num_perm, rows,
                               window_days, boilerplate, seed)
    _check_table(stories, ("outlet",))
    det = _detect(stories, jaccard=jaccard, containment=containment, shingle=shingle,
                  min_words=min_words, num_perm=num_perm, rows=rows, window_days=window_days,
                  boilerplate=boilerplate, seed=seed, progress=progress)
    n = len(stories)
    graph = coo_matrix((np.ones(len(det.a)), (det.a, det.b)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    orig = _originals(stories, label, det.words)
    size = np.bincount(label)[label]
    ids = stories["story_id"].astype("string").to_numpy()
    member = (size > 1) & (orig != np.arange(n))
    # Similarity to the original: verified pairs already hold most of it;
    # the rest (members joined through another copy) are computed here.
    sim = np.full(n, np.nan)
    m = np.flatnonzero(member)
    if len(m):
        shared = _intersections(det.local[m], det.local[orig[m]], det.data, det.indptr,
                                progress=False)
        sim[m] = shared / np.maximum(np.minimum(det.size[m], det.size[orig[m]]), 1)
    outlet = stories["outlet"].astype("string").to_numpy()
    same_outlet = outlet == outlet[orig]
    relation = np.where(size == 1, "single", np.where(~member, "original", "copy")).astype(object)
    if updates == "version":
        relation[member & same_outlet] = "version"
    # A shallow copy: the new columns do not touch the caller's table, and a
    # million story texts are not copied.
    out = stories.copy(deep=False)
    out["family_id"] = pd.array(ids[orig], dtype="string")
    out["family_size"] = size.astype(np.int64)
    out["copy_of"] = pd.array(np.where(member, ids[orig], None), dtype="string")
    out["similarity"] = sim
    out["relation"] = pd.array(relation, dtype="string")
    out["is_reprint"] = relation == "copy"
    logger.info("%d families with copies; %d reprints, %d versions",
                int((relation == "original").sum()), int((relation == "copy").sum()),
                int((relation == "version").sum()))
    return out


families.__doc__ = families.__doc__.replace("{detect}", _DETECT_DOC.strip("\n").lstrip()).replace(
    "{{", "{").replace("}}", "}")


# Signatures and candidates at scale ---------------------------------------------


def _check_sketch_options(shingle, num_perm, rows, min_words, seed) -> None:
    _check_int("shingle", shingle, 1)
    _check_int("min_words", min_words, 1)
    _check_int("seed", seed, 0)
    if num_perm not in (32, 64, 128, 256):
        raise ValueError(f"`num_perm` must be one of 32, 64, 128, 256; got {num_perm!r}")
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 1 or num_perm % rows:
        raise ValueError(f"`rows` must be a positive divisor of num_perm={num_perm}; got {rows!r}")


def _sketches(body: pd.Series, shingle: int, num_perm: int, seed: int
              ) -> tuple[np.ndarray, np.ndarray]:
    """MinHash sketches and word counts of texts, in slices of _BATCH_BYTES."""
    hasher = _Hasher.make(seed, shingle)
    body = body.reset_index(drop=True)
    n = len(body)
    sk = np.full((n, num_perm), _EMPTY, dtype=np.uint32)
    words = np.zeros(n, dtype=np.int64)
    lengths = body.str.len().fillna(0).to_numpy(dtype=np.int64)
    for lo, hi in _batches(lengths):
        h, off, w = _shingles(body.iloc[lo:hi], shingle=shingle, hasher=hasher)
        sk[lo:hi] = _sketch(h, off, num_perm)
        words[lo:hi] = w
    return sk, words


def signatures(
    stories: pd.DataFrame,
    *,
    shingle: int = 5,
    num_perm: int = 128,
    seed: int = 0,
) -> np.ndarray:
    """MinHash signatures of the stories' bodies, as :func:`pairs` computes them.

    Each story's signature depends on its own text and the seed only, so a
    corpus can be sketched batch by batch (``for batch in
    store.scan(path): signatures(batch)``) and the rows stacked.

    Parameters
    ----------
    stories : DataFrame
        A Story table; only ``body`` is read.
    shingle : int, default 5
        Words per shingle.
    num_perm : {32, 64, 128, 256}, default 128
        Length of the sketch.
    seed : int, default 0
        Seed of the hash functions.

    Returns
    -------
    ndarray of uint32, shape (stories, num_perm)
        One row per story, in table order; a story with fewer than
        ``shingle`` words has the empty value 0xFFFFFFFF throughout.

    See Also
    --------
    candidates : LSH candidate pairs from these signatures.

    Notes
    -----
    One-permutation MinHash with rotation densification (see the module
    docstring); the share of equal values of two rows estimates the Jaccard
    similarity of the two bodies' shingle sets.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> sig = signatures(synthetic.toy())
    >>> sig.shape, float((sig[0] == sig[1]).mean()) > 0.5, float((sig[0] == sig[2]).mean())
    ((3, 128), True, 0.0)
    """
    stories = _check_table(stories, ("body",))
    _check_sketch_options(shingle, num_perm, 2, shingle, seed)
    return _sketches(stories["body"], shingle, num_perm, seed)[0]


def _band_keys(body: pd.Series, shingle: int, num_perm: int, rows: int, min_words: int,
               seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows (positions in ``body``) of the eligible texts and their 64-bit band keys."""
    sk, words = _sketches(body, shingle, num_perm, seed)
    eligible = np.flatnonzero(words >= min_words)
    bands = num_perm // rows
    sk = sk[eligible].astype(np.uint64)
    keys = np.empty((len(eligible), bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            # The band number is hashed in, so equal values in different bands
            # are different buckets, as in per-band LSH.
            key = _mix(np.uint64(band + 1) * np.uint64(0x9E3779B97F4A7C15)
                       ^ sk[:, band * rows])
            for c in range(1, rows):
                key = _mix(key * np.uint64(0x100000001B3) ^ sk[:, band * rows + c])
            keys[:, band] = key
    return eligible, keys


_BAND_META = {"key": np.uint64, "row": np.int64}


def _band_table(stories: pd.DataFrame, offsets: Sequence[int], shingle: int, num_perm: int,
                rows: int, min_words: int, seed: int, partition_info=None) -> pd.DataFrame:
    """One row per eligible story and band of a Dask partition: band key, row in the corpus.

    ``offsets[i]`` is the corpus row of partition ``i``'s first story; Dask
    passes the partition's number in ``partition_info``.
    """
    first = offsets[partition_info["number"]] if partition_info else 0
    eligible, keys = _band_keys(stories["body"], shingle, num_perm, rows, min_words, seed)
    return pd.DataFrame({"key": keys.ravel(),
                         "row": np.repeat(eligible + first, keys.shape[1])})


def _key_pairs(table: pd.DataFrame) -> pd.DataFrame:
    """Candidate pairs (corpus rows a < b) of a band table: rows that share a key."""
    found = np.unique(_bucket_pairs(table["key"].to_numpy(dtype=np.uint64),
                                    table["row"].to_numpy(dtype=np.int64)))
    return pd.DataFrame({"a": found >> 32, "b": found & 0xFFFFFFFF})


def _named_pairs(codes: np.ndarray, ids: np.ndarray) -> pd.DataFrame:
    """Distinct pairs of corpus rows (as a * 2**32 + b codes) as sorted pairs of story ids."""
    a, b = ids[codes >> 32], ids[codes & 0xFFFFFFFF]
    swap = a > b
    a[swap], b[swap] = b[swap], a[swap]
    order = np.lexsort((b, a))
    return pd.DataFrame({"story_a": pd.array(a[order], dtype="string"),
                         "story_b": pd.array(b[order], dtype="string")})


def candidates(
    stories: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    shingle: int = 5,
    min_words: int = 20,
    num_perm: int = 128,
    rows: int = 2,
    seed: int = 0,
    progress: bool = True,
) -> pd.DataFrame:
    """Candidate pairs of near-duplicates by MinHash LSH, for corpora of any size.

    The first step of :func:`pairs`, on its own: stories whose signatures
    agree on all ``rows`` values of at least one band. ``stories`` may be a
    Story table, an iterator of batches (signatures are computed batch by
    batch, and only band keys kept) or a Dask DataFrame (signatures per
    partition, then band keys shuffled so that equal keys meet in one
    partition); all three give the same table.

    Parameters
    ----------
    stories : DataFrame, iterable of DataFrame or Dask DataFrame
        Story tables with ``story_id`` and ``body``; ids unique across
        batches.
    shingle, min_words, num_perm, rows, seed
        As for :func:`pairs`.
    progress : bool, default True
        Show a tqdm bar over batches.

    Returns
    -------
    DataFrame
        ``story_a``, ``story_b`` (string, ``story_a < story_b``), one row
        per candidate pair, sorted. A pandas DataFrame in every case (the
        pairs are few next to the stories).

    Raises
    ------
    ImportError
        For a Dask DataFrame when Dask is not installed.
    ValueError
        When an option is out of range or a column is missing.

    See Also
    --------
    signatures : the sketches themselves.
    pairs : candidates verified on exact shingle sets.

    Notes
    -----
    A bucket of more than 64 stories is linked as a chain through its
    members in corpus order (the order of the rows, batch after batch or
    partition after partition) instead of all pairs (such buckets come from
    verbatim copies and boilerplate), as in :func:`pairs`. Unlike
    :func:`pairs`, identical signatures are not merged first, and
    candidates are not filtered by the sketch estimate. Memory is 8 bytes
    per story and band (``num_perm // rows`` bands), the ids, and one
    batch; on Dask, stories travel through the shuffle as (band key, row
    number) only, and the ids are collected once to name the pairs.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> t = synthetic.toy()
    >>> candidates(t, progress=False).values.tolist()
    [['copy-1', 'wire-1']]
    >>> candidates(iter([t.iloc[:1], t.iloc[1:]]), progress=False).values.tolist()
    [['copy-1', 'wire-1']]
    """
    _check_sketch_options(shingle, num_perm, rows, min_words, seed)
    if min_words < shingle:
        raise ValueError(f"`min_words` ({min_words}) must be at least `shingle` ({shingle})")
    options = {"shingle": shingle, "num_perm": num_perm, "rows": rows, "min_words": min_words,
               "seed": seed}
    from wireframe._dask import is_dask

    if is_dask(stories):
        missing = [c for c in ("story_id", "body") if c not in stories.columns]
        if missing:
            raise ValueError(f"`stories` lacks column(s) {', '.join(missing)}")
        import dask

        # One pass over the ids: the ids themselves, to name the pairs, and
        # each partition's length, to number the rows of the corpus.
        ids, sizes = dask.compute(stories["story_id"].astype("string"),
                                  stories["story_id"].map_partitions(len))
        ids, sizes = ids.to_numpy(dtype=object), sizes.to_numpy()
        offsets = np.r_[0, np.cumsum(sizes)[:-1]].tolist()
        meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _BAND_META.items()})
        bands = stories[["body"]].map_partitions(_band_table, offsets, **options, meta=meta)
        pair_meta = pd.DataFrame({"a": pd.Series(dtype=np.int64), "b": pd.Series(dtype=np.int64)})
        found = bands.shuffle("key").map_partitions(_key_pairs, meta=pair_meta).compute()
        # A pair that shares keys of several bands comes from several partitions.
        return _named_pairs(np.unique(found["a"].to_numpy() << 32 | found["b"].to_numpy()), ids)
    if isinstance(stories, pd.DataFrame):
        batches: Iterable[pd.DataFrame] = [stories]
    elif isinstance(stories, Iterable) and not isinstance(stories, str | pd.Series):
        batches = stories
    else:
        raise TypeError(f"`stories` must be a Story table, an iterable of them or a Dask "
                        f"DataFrame; got {type(stories).__name__}")
    # Only the band keys (8 bytes per story and band) and the ids are kept;
    # buckets are then formed band by band.
    ids, positions, keys, seen = [], [], [], 0
    for batch in tqdm(batches, desc="signatures", unit="batch", disable=not progress):
        batch = _check_table(batch, ("story_id", "body"))
        eligible, k = _band_keys(batch["body"], **options)
        ids.append(batch["story_id"].astype("string").to_numpy(dtype=object))
        positions.append(eligible + seen)
        keys.append(k)
        seen += len(batch)
    if not ids:
        return _named_pairs(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object))
    at = np.concatenate(positions)
    band_keys = np.concatenate(keys)
    found = _union((_bucket_pairs(band_keys[:, band], at) for band in range(band_keys.shape[1])),
                   4 * len(at) + 1_000_000)
    return _named_pairs(found, np.concatenate(ids))


# Copy diffs -------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?]([\"'”’)\]]*)\s+(?=[\"'“‘’”(\[]?[A-Z0-9])")
# A full stop after these is an abbreviation ("Mr. Trump", "U.S. forces"), not
# the end of a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Rev|No|vs|Inc|Corp|Co|"
    r"Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$"
)
_CHROME = [re.compile(p) for p in BOILERPLATE]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        end = m.start() + 1 + len(m.group(1))
        if _ABBREVIATION.search(paragraph[start : m.start() + 1]):
            continue
        out.append(paragraph[start:end].strip())
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def _units(original: str, copy: str) -> tuple[list[str], list[str], str]:
    """Split both texts into paragraphs when both have several, else into sentences."""
    po = [p.strip() for p in _PARAGRAPH.split(original or "") if _words(p)]
    pc_ = [p.strip() for p in _PARAGRAPH.split(copy or "") if _words(p)]
    if len(po) >= 2 and len(pc_) >= 2:
        return po, pc_, "paragraph"
    so = [s for p in po for s in _sentences(p) if _words(s)]
    sc = [s for p in pc_ for s in _sentences(p) if _words(s)]
    return so, sc, "sentence"


def _ratio(a: Sequence[str], b: Sequence[str]) -> float:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < _PAIR or sm.quick_ratio() < _PAIR:
        return 0.0
    return sm.ratio()


def _joined(units: list[list[str]], start: int, stop: int, target: list[str]) -> int:
    """How many units from ``start`` (2 or 3, before ``stop``) join into ``target``; else 0."""
    for k in (2, 3):
        if start + k <= stop and sum(len(u) for u in units[start : start + k]) == len(target):
            if [w for u in units[start : start + k] for w in u] == target:
                return k
    return 0


def _pair_block(ow, cw, i1, i2, j1, j2) -> list[tuple[str, int | None, int | None, float]]:
    """Pair the units of a replaced block in order, best match first.

    Units that one text splits and the other joins (sentence splitters
    disagree on quotes and abbreviations) are equal, not edited.
    """
    ops: list[tuple[str, int | None, int | None, float]] = []
    i, j = i1, j1
    while i < i2:
        if j < j2 and (k := _joined(ow, i, i2, cw[j])):
            ops.extend(("equal", i + m, j, 1.0) for m in range(k))
            i, j = i + k, j + 1
            continue
        if j < j2 and (k := _joined(cw, j, j2, ow[i])):
            ops.extend(("equal", i, j + m, 1.0) for m in range(k))
            i, j = i + 1, j + k
            continue
        best, best_r = None, _PAIR
        for jj in range(j, j2):
            r = _ratio(ow[i], cw[jj])
            if r > best_r:
                best, best_r = jj, r
        if best is None:
            ops.append(("removed", i, None, 0.0))
            i += 1
            continue
        ops.extend(("added", None, jj, 0.0) for jj in range(j, best))
        if ow[i][: len(cw[best])] == cw[best]:
            op = "cut"
        elif best_r >= _LIGHT:
            op = "edited"
        else:
            op = "rewritten"
        ops.append((op, i, best, best_r))
        i, j = i + 1, best + 1
    ops.extend(("added", None, jj, 0.0) for jj in range(j, j2))
    return ops


def _align(ow: list[list[str]], cw: list[list[str]]) -> list[tuple[str, int | None, int | None,
                                                                   float]]:
    sm = difflib.SequenceMatcher(None, [tuple(w) for w in ow], [tuple(w) for w in cw],
                                 autojunk=False)
    ops: list[tuple[str, int | None, int | None, float]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            ops.extend(("equal", i1 + k, j1 + k, 1.0) for k in range(i2 - i1))
        elif tag == "delete":
            ops.extend(("removed", i, None, 0.0) for i in range(i1, i2))
        elif tag == "insert":
            ops.extend(("added", None, j, 0.0) for j in range(j1, j2))
        else:
            ops.extend(_pair_block(ow, cw, i1, i2, j1, j2))
    return ops


def _word_changes(a: list[str], b: list[str]) -> tuple[int, int]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out = [0, 0]
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            out[0] += i2 - i1
            out[1] += j2 - j1
    return out[0], out[1]


def _diff(
    headline_o: str, body_o: str, headline_c: str, body_c: str
) -> tuple[list[dict[str, object]], list[tuple[str, int | None, int | None, float]], list[str],
           list[str], str]:
    """Edit rows of one copy against its original, and the alignment behind them."""
    uo, uc, unit = _units(body_o, body_c)
    ow, cw = [_words(u) for u in uo], [_words(u) for u in uc]
    total = max(sum(map(len, ow)), 1)
    ops = _align(ow, cw)
    rows: list[dict[str, object]] = []

    def row(edit, unit_, i, j, wo, wc, text_o, text_c, chrome=False):
        rows.append({"edit": edit, "unit": unit_, "at_original": i, "at_copy": j,
                     "words_original": wo, "words_copy": wc, "share": wo / total if edit != (
                         "paragraphs_added") else wc / total,
                     "chrome": chrome, "text_original": text_o, "text_copy": text_c})

    hw_o, hw_c = _words(headline_o or ""), _words(headline_c or "")
    if hw_o != hw_c:
        wo, wc = _word_changes(hw_o, hw_c)
        rows.append({"edit": "headline_rewritten", "unit": "headline", "at_original": None,
                     "at_copy": None, "words_original": wo, "words_copy": wc,
                     "share": 1 - difflib.SequenceMatcher(None, hw_o, hw_c,
                                                          autojunk=False).ratio(),
                     "chrome": False, "text_original": headline_o, "text_copy": headline_c})
    matched = [op for op in ops if op[1] is not None and op[2] is not None]
    last = max((op[1] for op in matched), default=-1)
    tail = [op[1] for op in ops if op[0] == "removed" and matched and op[1] > last]
    cut = [op for op in matched if op[0] == "cut" and op[1] == last]
    if tail or cut:
        dropped = sum(len(ow[i]) for i in tail)
        texts = [uo[i] for i in tail]
        first = tail[0] if tail else last
        if cut:
            dropped += len(ow[last]) - len(cw[cut[0][2]])
            texts.insert(0, " ".join(ow[last][len(cw[cut[0][2]]):]))
        row("truncated", unit, cut[0][1] if cut else first, None, dropped, 0,
            "\n\n".join(texts), "")
    removed = {op[1] for op in ops if op[0] == "removed"} - set(tail)
    added = {op[2] for op in ops if op[0] == "added"}
    # A first unit removed and another put first: the lede was replaced.
    if 0 in removed and 0 in added:
        removed.discard(0)
        added.discard(0)
        row("lede_rewritten", unit, 0, 0, len(ow[0]), len(cw[0]), uo[0], uc[0])
    for op, i, j, _ in ops:
        if op == "removed" and i in removed:
            row("paragraphs_removed", unit, i, None, len(ow[i]), 0, uo[i], "")
        elif op == "added" and j in added:
            chrome = any(p.fullmatch(uc[j].strip()) for p in _CHROME)
            row("paragraphs_added", unit, None, j, 0, len(cw[j]), "", uc[j], chrome)
        elif op == "rewritten":
            kind = "lede_rewritten" if i == 0 else "paragraphs_rewritten"
            row(kind, unit, i, j, len(ow[i]), len(cw[j]), uo[i], uc[j])
        elif op == "edited":
            wo, wc = _word_changes(ow[i], cw[j])
            row("lightly_edited", unit, i, j, wo, wc, uo[i], uc[j])
    if not rows:
        row("identical", unit, None, None, 0, 0, "", "")
    return rows, ops, uo, uc, unit


def _copies(stories: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    by_id = stories.set_index(stories["story_id"].astype("string"), drop=False)
    copies = stories[stories["copy_of"].notna()]
    originals = by_id.loc[copies["copy_of"].astype("string")]
    return copies, originals


EDIT_COLUMNS: tuple[str, ...] = (
    "story_id", "copy_of", "outlet", "relation", "edit", "unit", "at_original", "at_copy",
    "words_original", "words_copy", "share", "chrome", "text_original", "text_copy",
)


def edits(stories: pd.DataFrame, *, progress: bool = True) -> pd.DataFrame:
    """List what each copy changed in its original, one row per edit.

    Parameters
    ----------
    stories : DataFrame
        The output of :func:`families` (every row with a ``copy_of`` is
        compared with its original: copies and versions).
    progress : bool, default True
        Show a tqdm progress bar.

    Returns
    -------
    DataFrame
        Columns ``story_id`` (the copy), ``copy_of``, ``outlet``, ``relation``,
        ``edit`` (one of :data:`EDIT_KINDS`), ``unit`` ("paragraph",
        "sentence" or "headline"), ``at_original`` and ``at_copy`` (0-based
        unit positions, NA where the unit has no counterpart),
        ``words_original`` and ``words_copy`` (words of the original and of
        the copy that the edit touches), ``share`` (those words as a share of
        the original's words: dropped for ``truncated``, added for
        ``paragraphs_added``; for a headline, 1 minus the word similarity),
        ``chrome`` (an added paragraph is page chrome such as
        "Advertisement", by :data:`wireframe.io.clean.BOILERPLATE`),
        ``text_original``, ``text_copy``. A copy with no edit has one row,
        ``identical``.

    Raises
    ------
    ValueError
        When the family columns are missing.

    See Also
    --------
    classify : one row per copy.
    side_by_side : one copy and its original, aligned.

    Notes
    -----
    Both bodies are split into paragraphs (blank lines) when both have at
    least two, else into sentences; units are compared by their lower-cased
    words, so typography (quotes, dashes, white space) is no edit. The units
    are aligned with :class:`difflib.SequenceMatcher`; within a replaced
    block, units are paired in order when their word similarity (difflib
    ratio) is at least 0.3, and a pair is ``lightly_edited`` at 0.8 or more,
    a rewrite below. Original units after the last aligned one are
    ``truncated`` (so is a last unit the copy cuts short); other unaligned
    original units are ``paragraphs_removed``; unaligned copy units are
    ``paragraphs_added``; a first unit replaced, or rewritten, is
    ``lede_rewritten``.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> fam = families(synthetic.toy(), progress=False)
    >>> edits(fam, progress=False)[["story_id", "edit", "share"]].round(2).values.tolist()
    [['copy-1', 'truncated', 0.31]]
    """
    stories = _check_families(stories)
    copies, originals = _copies(stories)
    rows: list[dict[str, object]] = []
    it = zip(copies.itertuples(index=False), originals.itertuples(index=False), strict=True)
    for c, o in tqdm(it, total=len(copies), desc="diffing copies", unit="copy",
                     disable=not progress):
        for r in _diff(o.headline, o.body, c.headline, c.body)[0]:
            rows.append({"story_id": c.story_id, "copy_of": c.copy_of, "outlet": c.outlet,
                         "relation": c.relation, **r})
    out = pd.DataFrame(rows, columns=list(EDIT_COLUMNS))
    for col in ("story_id", "copy_of", "outlet", "relation", "edit", "unit", "text_original",
                "text_copy"):
        out[col] = out[col].astype("string")
    for col in ("at_original", "at_copy"):
        out[col] = out[col].astype("Int64")
    for col in ("words_original", "words_copy"):
        out[col] = out[col].astype("int64")
    out["share"] = out["share"].astype("float64")
    out["chrome"] = out["chrome"].astype(bool)
    return out


def classify(stories: pd.DataFrame, *, progress: bool = True) -> pd.DataFrame:
    """Say what each copy's outlet did to the original, one row per copy.

    Parameters
    ----------
    stories : DataFrame
        The output of :func:`families`.
    progress : bool, default True
        Show a tqdm progress bar.

    Returns
    -------
    DataFrame
        Columns ``story_id``, ``copy_of``, ``outlet``, ``relation``,
        ``kind`` (the first of :data:`EDIT_KINDS` among the copy's edits),
        ``edits`` (all its edit kinds, in that order, joined by "+"),
        ``unit``, ``truncated_share`` (share of the original's words cut
        from the end, 0 when not truncated), ``paragraphs_added``,
        ``paragraphs_removed`` (units, not counting a truncated tail),
        ``words_changed`` (words touched by light edits),
        ``headline_changed`` (bool); in table order.

    Raises
    ------
    ValueError
        When the family columns are missing.

    See Also
    --------
    edits : the edits themselves.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> fam = families(synthetic.toy(), progress=False)
    >>> table = classify(fam, progress=False)
    >>> table[["story_id", "kind", "truncated_share"]].round(2).values.tolist()
    [['copy-1', 'truncated', 0.31]]
    """
    table = edits(stories, progress=progress)
    rank = {k: i for i, k in enumerate(EDIT_KINDS)}
    rows = []
    for sid, g in table.groupby("story_id", sort=False):
        kinds = sorted(set(g["edit"]), key=rank.__getitem__)
        unit = g.loc[g["unit"] != "headline", "unit"]
        rows.append({
            "story_id": sid,
            "copy_of": g["copy_of"].iloc[0],
            "outlet": g["outlet"].iloc[0],
            "relation": g["relation"].iloc[0],
            "kind": kinds[0],
            "edits": "+".join(kinds),
            "unit": unit.iloc[0] if len(unit) else pd.NA,
            "truncated_share": float(g.loc[g["edit"] == "truncated", "share"].sum()),
            "paragraphs_added": int((g["edit"] == "paragraphs_added").sum()),
            "paragraphs_removed": int((g["edit"] == "paragraphs_removed").sum()),
            "words_changed": int(g.loc[g["edit"] == "lightly_edited",
                                       ["words_original", "words_copy"]].max(axis=1).sum()),
            "headline_changed": bool((g["edit"] == "headline_rewritten").any()),
        })
    columns = ["story_id", "copy_of", "outlet", "relation", "kind", "edits", "unit",
               "truncated_share", "paragraphs_added", "paragraphs_removed", "words_changed",
               "headline_changed"]
    out = pd.DataFrame(rows, columns=columns)
    for col in ("story_id", "copy_of", "outlet", "relation", "kind", "edits", "unit"):
        out[col] = out[col].astype("string")
    return out


def side_by_side(stories: pd.DataFrame, story_id: str) -> pd.DataFrame:
    """Align one copy with its original, unit by unit, for reading in a notebook.

    Parameters
    ----------
    stories : DataFrame
        The output of :func:`families`.
    story_id : str
        The copy (a story with a ``copy_of``).

    Returns
    -------
    DataFrame
        One row per aligned unit, the headline first: ``op`` ("equal",
        "edited", "rewritten", "cut", "removed", "added"), ``at_original``,
        ``at_copy`` (Int64, NA where absent), ``similarity`` (word
        similarity of the pair, difflib ratio), ``original``, ``copy``.

    Raises
    ------
    KeyError
        When ``story_id`` is not in the table.
    ValueError
        When the story is not a copy or the family columns are missing.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> fam = families(synthetic.toy(), progress=False)
    >>> side_by_side(fam, "copy-1")["op"].tolist()
    ['equal', 'equal', 'equal', 'removed']
    """
    stories = _check_families(stories)
    by_id = stories.set_index(stories["story_id"].astype("string"), drop=False)
    if story_id not in by_id.index:
        raise KeyError(f"no story with story_id {story_id!r}")
    c = by_id.loc[story_id]
    if pd.isna(c["copy_of"]):
        raise ValueError(f"story {story_id!r} is not a copy (its relation is {c['relation']!r})")
    o = by_id.loc[c["copy_of"]]
    _, ops, uo, uc, _ = _diff(o["headline"], o["body"], c["headline"], c["body"])
    hw = difflib.SequenceMatcher(None, _words(o["headline"] or ""), _words(c["headline"] or ""),
                                 autojunk=False).ratio()
    rows = [("equal" if hw == 1 else "edited" if hw >= _LIGHT else "rewritten", pd.NA, pd.NA,
             hw, o["headline"], c["headline"])]
    for op, i, j, r in ops:
        rows.append((op, pd.NA if i is None else i, pd.NA if j is None else j, r,
                     "" if i is None else uo[i], "" if j is None else uc[j]))
    out = pd.DataFrame(rows, columns=["op", "at_original", "at_copy", "similarity", "original",
                                      "copy"])
    out["at_original"] = out["at_original"].astype("Int64")
    out["at_copy"] = out["at_copy"].astype("Int64")
    return out


def edit_kinds(table: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Count what each outlet does to the stories it reprints.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`classify`; only copies (``relation == "copy"``)
        are counted.
    by : str, default "outlet"
        The group column.

    Returns
    -------
    DataFrame
        Columns ``by``, ``kind``, ``n``, ``share`` (of the group's copies);
        every group and kind of :data:`EDIT_KINDS` appears, 0 where none,
        sorted by group and the order of :data:`EDIT_KINDS`.

    Raises
    ------
    ValueError
        When a column is missing (``table`` is not from :func:`classify`).

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A"], "kind": ["identical", "truncated"],
    ...                   "relation": ["copy", "copy"]})
    >>> edit_kinds(t).query("n > 0")[["outlet", "kind", "n"]].values.tolist()
    [['A', 'truncated', 1], ['A', 'identical', 1]]
    """
    _check_table_columns(table, (by, "kind", "relation"), "; make it with syndication.classify")
    copies = table[table["relation"] == "copy"]
    groups = sorted(copies[by].dropna().unique())
    counts = copies.groupby([by, "kind"], observed=True).size()
    full = pd.MultiIndex.from_product([groups, list(EDIT_KINDS)], names=[by, "kind"])
    out = counts.reindex(full, fill_value=0).rename("n").reset_index()
    out["n"] = out["n"].astype("int64")
    out["share"] = out["n"] / out.groupby(by)["n"].transform("sum").clip(lower=1)
    out[by] = out[by].astype("string")
    out["kind"] = out["kind"].astype("string")
    return out


def _check_table_columns(table: object, columns: Sequence[str], hint: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"expected a DataFrame; got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"the table lacks column(s) {', '.join(missing)}{hint}")
    return table


# Outlets and units --------------------------------------------------------------


def originality(stories: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """How much of each outlet's output is its own, and how much others carry.

    Parameters
    ----------
    stories : DataFrame
        The output of :func:`families`.
    by : str, default "outlet"
        The group column.

    Returns
    -------
    DataFrame
        One row per group: ``by``, ``stories`` (placements), ``reprints``
        (copies of another outlet's story), ``versions`` (updates of its own
        story), ``reprint_share`` (reprints / stories), ``originals``
        (stories that head a family with a copy elsewhere), ``copies_elsewhere``
        (copies of its stories carried by other outlets); sorted by group.

    Raises
    ------
    ValueError
        When the family columns are missing or ``by`` is not a column.

    See Also
    --------
    sources : whose stories each outlet reprints.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> fam = families(synthetic.toy(), progress=False)
    >>> originality(fam)[["outlet", "reprint_share", "copies_elsewhere"]].values.tolist()
    [['Devdiscourse', 1.0, 0], ['Reuters', 0.0, 1], ['TASS', 0.0, 0]]
    """
    stories = _check_families(stories)
    if by not in stories.columns:
        raise ValueError(f"`by` must be a column of the table; got {by!r}")
    copies = stories[stories["relation"] == "copy"]
    by_id = stories.set_index(stories["story_id"].astype("string"))[by]
    source = by_id.loc[copies["copy_of"].astype("string")].to_numpy()
    made = pd.Series(source).value_counts()
    heads = stories[stories["relation"] == "original"]
    has_copy = heads["story_id"].isin(copies["copy_of"])
    key = stories[by]
    relation = stories["relation"].astype(object)
    out = pd.DataFrame({
        "stories": stories.groupby(by, observed=True).size().astype("int64"),
        "reprints": (relation == "copy").groupby(key, observed=True).sum().astype("int64"),
        "versions": (relation == "version").groupby(key, observed=True).sum().astype("int64"),
    })
    out.index.name = by
    out["reprint_share"] = (out["reprints"] / out["stories"].clip(lower=1)).astype("float64")
    out["originals"] = heads[has_copy].groupby(by, observed=True).size().reindex(
        out.index, fill_value=0)
    out["copies_elsewhere"] = made.reindex(out.index, fill_value=0).to_numpy()
    out = out.reset_index().sort_values(by).reset_index(drop=True)
    for col in ("stories", "reprints", "versions", "originals", "copies_elsewhere"):
        out[col] = out[col].astype("int64")
    out[by] = out[by].astype("string")
    return out[[by, "stories", "reprints", "versions", "reprint_share", "originals",
                "copies_elsewhere"]]


def sources(stories: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Whose stories each outlet reprints.

    Parameters
    ----------
    stories : DataFrame
        The output of :func:`families`.
    by : str, default "outlet"
        The group column.

    Returns
    -------
    DataFrame
        One row per group and source: ``by``, ``source`` (the ``by`` value of
        the original), ``wire`` (the original's wire credit, NA when none),
        ``reprints``, ``share`` (of the group's reprints); sorted by group,
        then most reprints first.

    Raises
    ------
    ValueError
        When the family columns are missing or ``by`` is not a column.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> fam = families(synthetic.toy(), progress=False)
    >>> sources(fam)[["outlet", "source", "reprints"]].values.tolist()
    [['Devdiscourse', 'Reuters', 1]]
    """
    stories = _check_families(stories)
    if by not in stories.columns:
        raise ValueError(f"`by` must be a column of the table; got {by!r}")
    copies = stories[stories["relation"] == "copy"]
    by_id = stories.set_index(stories["story_id"].astype("string"))
    orig = by_id.loc[copies["copy_of"].astype("string")]
    wire = orig["wire"] if "wire" in orig.columns else pd.Series(pd.NA, index=orig.index)
    t = pd.DataFrame({by: copies[by].to_numpy(), "source": orig[by].to_numpy(),
                      "wire": wire.to_numpy()})
    out = t.groupby([by, "source", "wire"], dropna=False, observed=True).size().rename(
        "reprints").reset_index()
    out["share"] = out["reprints"] / out.groupby(by)["reprints"].transform("sum")
    out = out.sort_values([by, "reprints", "source"], ascending=[True, False, True])
    for col in (by, "source", "wire"):
        out[col] = out[col].astype("string")
    out["reprints"] = out["reprints"].astype("int64")
    return out.reset_index(drop=True)


def family_members(stories: pd.DataFrame) -> pd.DataFrame:
    """List every family with more than one member, original first.

    Parameters
    ----------
    stories : DataFrame
        The output of :func:`families`.

    Returns
    -------
    DataFrame
        One row per member of a family of two or more: ``family_id``,
        ``family_size``, ``story_id``, ``outlet``, ``published``,
        ``relation``, ``similarity``, ``headline``; families in order of
        their original's publication, members original first, then by time.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> fam = families(synthetic.toy(), progress=False)
    >>> family_members(fam)["relation"].iloc[0]
    'original'
    """
    for col in ("family_id", "family_size", "relation", "similarity"):
        if col not in stories.columns:
            raise ValueError(f"the table has no {col!r} column; run syndication.families first")
    members = stories[stories["family_size"] > 1]
    first = members.groupby("family_id")["published"].transform("min")
    order = members.assign(
        _first=first, _original=members["relation"] != "original"
    ).sort_values(["_first", "family_id", "_original", "published", "story_id"])
    columns = ["family_id", "family_size", "story_id", "outlet", "published", "relation",
               "similarity", "headline"]
    return order[columns].reset_index(drop=True)


def collapse(stories: pd.DataFrame, *, unit: str = "story", keep: str = "original") -> pd.DataFrame:
    """Keep one row per family, to count unique stories instead of placements.

    Parameters
    ----------
    stories : DataFrame
        The output of :func:`families`.
    unit : {"story", "placement"}, default "story"
        ``"story"``: one row per family; ``"placement"``: every row, unchanged
        (so that callers can pass their own ``unit`` straight through).
    keep : {"original", "earliest", "longest"}, default "original"
        The member that stands for its family: the family's original, the
        earliest published (ties: smallest ``story_id``), or the one with
        the most words (ties: earliest, then smallest ``story_id``).

    Returns
    -------
    DataFrame
        The kept rows, in table order, with two more columns:
        ``placements`` (the family's size) and ``outlets`` (distinct outlets
        that carried it).

    Raises
    ------
    ValueError
        When ``unit`` or ``keep`` is not an allowed value, or the family
        columns are missing.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> fam = families(synthetic.toy(), progress=False)
    >>> collapse(fam)[["story_id", "placements", "outlets"]].values.tolist()
    [['wire-1', 2, 2], ['other-1', 1, 1]]
    """
    _check_choice("unit", unit, UNITS)
    _check_choice("keep", keep, KEEP)
    stories = _check_families(stories)
    fam = stories["family_id"]
    placements = stories.groupby(fam, observed=True)["story_id"].transform("size")
    outlets = stories.groupby(fam, observed=True)["outlet"].transform("nunique")
    out = stories.assign(placements=placements.astype("int64"), outlets=outlets.astype("int64"))
    if unit == "placement":
        return out
    if keep == "original":
        chosen = stories["story_id"] == fam
    else:
        words = stories["body"].fillna("").str.count(r"\S+").to_numpy()
        published = stories["published"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
        ids = stories["story_id"].astype(str).to_numpy()
        label = pd.factorize(fam)[0]
        keys = (ids, published, label) if keep == "earliest" else (ids, published, -words, label)
        order = np.lexsort(keys)
        first = np.r_[True, label[order][1:] != label[order][:-1]]
        chosen = np.zeros(len(stories), dtype=bool)
        chosen[order[first]] = True
    return out[np.asarray(chosen, dtype=bool)]
