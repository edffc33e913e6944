"""Signatures and candidate pairs at scale: batch by batch, or on a Dask DataFrame.

For corpora larger than memory, :func:`signatures` sketches one batch at a
time (each story's signature depends on its own text and the seed only) and
:func:`candidates` proposes the LSH candidate pairs from an iterator of
batches (a store's :func:`wireframe.store.scan`) or from a Dask DataFrame,
whose band keys meet through a shuffle. Only the band keys (8 bytes per
story and band) and the ids are kept; the texts pass once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe.syndication.detect import _DEFAULTS, DetectOptions, _bucket_pairs, _doc, _union
from wireframe.syndication.minhash import _Hasher, _mix, _quiet, _sketches


@_doc
def signatures(
    stories: pd.DataFrame,
    *,
    shingle: int = _DEFAULTS.shingle,
    num_perm: int = _DEFAULTS.num_perm,
    seed: int = _DEFAULTS.seed,
) -> np.ndarray:
    """MinHash signatures of the stories' bodies, as :func:`pairs` computes them.

    Each story's signature depends on its own text and the seed only, so a
    corpus can be sketched batch by batch (``for batch in
    store.scan(path): signatures(batch)``) and the rows stacked.

    Parameters
    ----------
    {stories}
        Columns read: ``body`` only.
    {shingle}
    {num_perm}
    {seed}

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
    func = "syndication.signatures"
    stories = check.stories(func, stories, ("body",), unique=True)
    # min_words is no option here; as low as it may be, so that any shingle is allowed.
    options = DetectOptions(shingle=shingle, num_perm=num_perm, min_words=shingle, seed=seed,
                            func=func)
    hasher = _Hasher.make(options.seed, options.shingle)
    return _sketches(stories["body"], hasher, shingle=options.shingle,
                     num_perm=options.num_perm)[0]


def _band_keys(body: pd.Series, shingle: int, num_perm: int, rows: int, min_words: int,
               seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows (positions in ``body``) of the eligible texts and their 64-bit band keys."""
    hasher = _Hasher.make(seed, shingle)
    sk, _, words = _sketches(body, hasher, shingle=shingle, num_perm=num_perm)
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


@_doc
def candidates(
    stories: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    shingle: int = _DEFAULTS.shingle,
    min_words: int = _DEFAULTS.min_words,
    num_perm: int = _DEFAULTS.num_perm,
    rows: int = _DEFAULTS.rows,
    seed: int = _DEFAULTS.seed,
    progress: bool | None = _DEFAULTS.progress,
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
    {shingle}
    {min_words}
    {num_perm}
    {rows}
    {seed}
    {progress}

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
    wireframe._validate.ParameterError
        A ValueError and a TypeError: when ``stories`` is none of the three,
        a column is missing, ids repeat within a batch, or an option is out of
        range (see :class:`DetectOptions`).

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
    func = "syndication.candidates"
    checked = DetectOptions(shingle=shingle, min_words=min_words, num_perm=num_perm, rows=rows,
                            seed=seed, progress=progress, func=func)
    options = {"shingle": checked.shingle, "num_perm": checked.num_perm, "rows": checked.rows,
               "min_words": checked.min_words, "seed": checked.seed}
    from wireframe._dask import is_dask

    if is_dask(stories):
        # The columns, checked on an empty table of them (nothing is computed).
        check.stories(func, pd.DataFrame(columns=list(stories.columns)), ("story_id", "body"))
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
        raise check.fail(func, "stories", "a Story table, an iterable of them or a Dask "
                         "DataFrame", stories)
    # Only the band keys (8 bytes per story and band) and the ids are kept;
    # buckets are then formed band by band.
    ids, positions, keys, seen = [], [], [], 0
    for batch in tqdm(batches, desc="signatures", unit="batch", disable=_quiet(checked.progress)):
        batch = check.stories(func, batch, ("story_id", "body"), unique=True)
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


