"""Families of a corpus that is not one table: an iterator of batches, or a Dask DataFrame.

:func:`~wireframe.syndication.families` given batches (a store's
:func:`wireframe.store.scan`) reads each batch once: its bodies are sketched
and shingled (:func:`.minhash._digest`) and dropped, and only the sketches,
the exact shingle sets and a few columns per story are kept; candidates are
verified on those sets (:mod:`.verify`). Given a Dask DataFrame, each
partition is digested on the worker that holds it, and stays there: the
client gathers the sketches (512 bytes a story at the default ``num_perm``)
to find and screen candidate pairs, and the workers remove boilerplate and
verify the pairs, partition by partition, returning only the pairs they
accept. Both give the families of the pandas path, row for row.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe.syndication.detect import (
    FAMILY_READS,
    DetectOptions,
    _candidate_pairs,
    _codes,
    _detect,
    _Detection,
    _eligible,
    _family_columns,
    _published,
    _screened,
    _verified,
    _within_window,
)
from wireframe.syndication.minhash import _Digest, _digest, _Hasher, _quiet
from wireframe.syndication.verify import (
    _SLICES,
    _common,
    _owners,
    _parts,
    _piece,
    _Sets,
    _Sketches,
)

# The columns kept of each story when its body is dropped: what families need after
# detection (and `wire`, when there is one, to choose originals).
KEPT = ("story_id", "outlet", "published", "wire")


def _families_elsewhere(func: str, stories: object, options: DetectOptions,
                        updates: str) -> pd.DataFrame:
    """families() of an iterable of batches or a Dask DataFrame."""
    from wireframe._dask import is_dask

    if is_dask(stories):
        return _families_dask(func, stories, options, updates)
    if isinstance(stories, Iterable) and not isinstance(stories, str | bytes | pd.Series):
        return _families_batches(func, stories, options, updates)
    # Loose text, a Series or anything else: the one message for a table that is none.
    check.stories(func, stories, FAMILY_READS)
    raise check.fail(func, "stories", "a Story table, an iterable of them or a Dask "
                     "DataFrame", stories)


def _kept(func: str, meta: pd.DataFrame) -> pd.DataFrame:
    """The kept columns of a whole corpus, its story ids checked unique across batches."""
    again = meta["story_id"].duplicated()
    if again.any():
        raise check.ParameterError(
            f"{func}: `stories` must have story ids unique across batches; got "
            f"{meta['story_id'][again].iloc[0]!r} in more than one batch "
            f"({int(again.sum())} repeats). Fix: drop the repeated stories (a store written "
            "with store.write keeps one of each)")
    return meta


def _finish(meta: pd.DataFrame, det: _Detection, updates: str) -> pd.DataFrame:
    out = meta.copy()
    for name, values in _family_columns(meta, det, updates).items():
        out[name] = values
    return out


def _families_batches(func: str, batches: Iterable[pd.DataFrame], options: DetectOptions,
                      updates: str) -> pd.DataFrame:
    hasher = _Hasher.make(options.seed, options.shingle)
    metas, digests = [], []
    for batch in tqdm(batches, desc="sketching batches", unit="batch",
                      disable=_quiet(options.progress)):
        batch = check.stories(func, batch, FAMILY_READS, unique=True)
        digests.append(_digest(batch["body"], hasher, shingle=options.shingle,
                               num_perm=options.num_perm, min_words=options.min_words))
        metas.append(batch[[c for c in KEPT if c in batch.columns]].reset_index(drop=True))
    if not metas:
        raise check.fail(func, "stories", "at least one batch", "no batch")
    meta = _kept(func, pd.concat(metas, ignore_index=True))
    det = _detect(digests, _published(meta), _codes(meta["outlet"]), options)
    return _finish(meta, det, updates)


# Dask ------------------------------------------------------------------------------


def _digest_partition(part: pd.DataFrame, options: DetectOptions
                      ) -> tuple[pd.DataFrame, _Digest]:
    """A partition's kept columns and digest (on its worker)."""
    hasher = _Hasher.make(options.seed, options.shingle)
    digest = _digest(part["body"], hasher, shingle=options.shingle, num_perm=options.num_perm,
                     min_words=options.min_words)
    return part[[c for c in KEPT if c in part.columns]].reset_index(drop=True), digest


def _head(digested: tuple[pd.DataFrame, _Digest]) -> tuple[pd.DataFrame, np.ndarray,
                                                              np.ndarray, np.ndarray]:
    """What the client needs of a partition: kept columns, sketches, sizes, words."""
    meta, d = digested
    return meta, d.sketch, d.size, d.words


def _narrowed(digested: tuple[pd.DataFrame, _Digest], rows: np.ndarray) -> _Sets:
    """The partition's exact sets of ``rows`` (its own row numbers) only."""
    sets = _Sets([digested[1]])
    sets.narrow(rows)
    return sets


def _keyed(sets: _Sets, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each element's row in a partition and the slice of its (outlet, shingle) key."""
    owner = _owners(sets.indptr[0], 0)
    return owner, _parts(sets.data[0], owner, code.astype(np.uint64))


def _slice_of(sets: _Sets, keyed: tuple[np.ndarray, np.ndarray], code: np.ndarray,
              story: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Slice ``p`` of a partition's (outlet, shingle) keys (see verify._boilerplate)."""
    owner, part = keyed
    return _piece(sets.data[0], owner, part, code.astype(np.uint64), story, p)


def _cleaned_sets(sets: _Sets, common: list[np.ndarray]) -> _Sets:
    """A copy of a partition's sets without the boilerplate hashes (``common``, by slice)."""
    out = _Sets([])
    out.data, out.indptr, out.starts = list(sets.data), list(sets.indptr), sets.starts
    out.remove(np.unique(np.concatenate([np.zeros(0, np.uint64), *common])))
    return out


def _shared_block(left: _Sets, right: _Sets | None, a: np.ndarray, b: np.ndarray
                  ) -> np.ndarray:
    """Shingles shared by pairs of rows of two partitions (``b`` numbered in ``right``)."""
    if right is None:
        return left.shared(a, b, progress=False)
    both = _Sets([])
    both.data, both.indptr = left.data + right.data, left.indptr + right.indptr
    both.starts = np.r_[left.starts, left.starts[-1] + right.starts[1:]]
    return both.shared(a, b + len(left), progress=False)


def _sizes(sets: _Sets) -> np.ndarray:
    return sets.sizes()


class _RemoteSets:
    """Exact sets that stay on the workers, one future per partition: stands in for _Sets."""

    def __init__(self, parts: list, starts: np.ndarray, sizes: np.ndarray) -> None:
        self.parts, self.starts, self._sizes = parts, starts, sizes

    def __len__(self) -> int:
        return int(self.starts[-1])

    def sizes(self) -> np.ndarray:
        return self._sizes

    def shared(self, a: np.ndarray, b: np.ndarray, *, progress: bool | None) -> np.ndarray:
        """Shared shingles of each pair, computed where the sets are, a block per pair of
        partitions."""
        import dask

        out = np.zeros(len(a), dtype=np.int64)
        if not len(a):
            return out
        pa_ = np.searchsorted(self.starts, a, side="right") - 1
        pb_ = np.searchsorted(self.starts, b, side="right") - 1
        block = pa_ * len(self.parts) + pb_
        order = np.argsort(block, kind="stable")
        cuts = np.flatnonzero(np.r_[True, block[order][1:] != block[order][:-1]])
        tasks, where = [], []
        for lo, hi in zip(cuts, np.r_[cuts[1:], len(order)], strict=True):
            sel = order[lo:hi]
            i, j = int(pa_[sel[0]]), int(pb_[sel[0]])
            la, lb = a[sel] - self.starts[i], b[sel] - self.starts[j]
            right = None if i == j else self.parts[j]
            tasks.append(dask.delayed(_shared_block)(self.parts[i], right, la, lb))
            where.append(sel)
        for sel, shared in zip(where, dask.compute(*tasks), strict=True):
            out[sel] = shared
        return out


def _families_dask(func: str, stories, options: DetectOptions, updates: str) -> pd.DataFrame:
    # The columns, checked on an empty table of them (nothing is computed).
    check.stories(func, pd.DataFrame(columns=list(stories.columns)), FAMILY_READS)
    import dask

    keep = [c for c in KEPT if c in stories.columns]
    digested = dask.persist(*[dask.delayed(_digest_partition)(p, options)
                              for p in stories[[*keep, "body"]].to_delayed()])
    heads = dask.compute(*[dask.delayed(_head)(d) for d in digested])
    meta = _kept(func, pd.concat([h[0] for h in heads], ignore_index=True))
    starts = np.zeros(len(heads) + 1, dtype=np.int64)
    np.cumsum([len(h[0]) for h in heads], out=starts[1:])
    sk = _Sketches([h[1] for h in heads])
    size = np.concatenate([h[2] for h in heads])
    words = np.concatenate([h[3] for h in heads])
    del heads
    # Candidates and their screening on the client, from the sketches.
    a, b = _candidate_pairs(sk, size, _eligible(size, words, options), options)
    a, b = _within_window(_published(meta), a, b, options.window_days)
    a, b, containment = _screened(sk, size, a, b, options)
    del sk
    involved = np.unique(np.r_[a, b])
    at = np.searchsorted(involved, starts)
    sets = dask.persist(*[dask.delayed(_narrowed)(d, involved[at[i]:at[i + 1]] - starts[i])
                          for i, d in enumerate(digested)])
    del digested
    if options.boilerplate is not None and len(a):
        close = containment >= 0.8
        n = len(meta)
        graph = coo_matrix((np.ones(int(close.sum())), (a[close], b[close])), shape=(n, n))
        story = connected_components(graph, directed=False)[1]
        code = _codes(meta["outlet"])
        codes = [code[starts[i] : starts[i + 1]] for i in range(len(sets))]
        stories_ = [story[starts[i] : starts[i + 1]] for i in range(len(sets))]
        keyed = dask.persist(*[dask.delayed(_keyed)(s, c) for s, c in zip(sets, codes,
                                                                           strict=True)])
        common = []
        for p in range(_SLICES):
            pieces = [dask.delayed(_slice_of)(s, k, c, st, p)
                      for s, k, c, st in zip(sets, keyed, codes, stories_, strict=True)]
            common.append(dask.delayed(_common)(pieces, options.boilerplate))
        sets = dask.persist(*[dask.delayed(_cleaned_sets)(s, common) for s in sets])
        del keyed, common  # released on the workers once the cleaned sets exist
    sizes = np.concatenate(dask.compute(*[dask.delayed(_sizes)(s) for s in sets]))
    remote = _RemoteSets(list(sets), starts, sizes)
    ok, shared, exact = _verified(remote, a, b, options)
    return _finish(meta, _Detection(a[ok], b[ok], shared[ok], exact, remote, words), updates)
