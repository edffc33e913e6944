"""Syndication at scale: families, and LSH candidates, over 10k, 100k, 1M stories.

families: ``syndication.families`` (pandas; the whole table of the columns
it needs, read from the store) - candidates, verification, families.
fam-scan: ``syndication.families(store.scan(...))``, each batch read once and
its bodies dropped once sketched. fam-dask: ``syndication.families`` of
``store.to_dask(...)`` on a LocalCluster of 2 worker processes (sketches and
verification on the workers). candidates: ``syndication.candidates(store.scan(...))``,
signatures batch by batch. dask: ``syndication.candidates(store.to_dask(...))``,
band keys through a shuffle, on the same cluster.

    .venv/bin/python benchmarks/bench_scale_syndication.py [--sizes ...] [--methods ...]
"""

from __future__ import annotations

from _scale_data import cluster, run, store_path

from wireframe import store, syndication

COLUMNS = ["story_id", "outlet", "wire", "published", "body"]


def _found(fam, n: int) -> str:
    """Copies found, against the injected ones (``true_original``, read on its own, after the
    run's time and peak memory are taken: see ``_scale_data.run``)."""
    truth = store.read(store_path(n), columns=["story_id", "true_original"])
    injected = (truth.set_index("story_id")["true_original"].notna()
                .reindex(fam["story_id"]).to_numpy())
    member = fam["relation"].isin(["copy", "version"]).to_numpy()
    return (f"{member.sum():,} copies and versions in {(fam['relation'] == 'original').sum():,} "
            f"families; {(member & injected).sum():,} of {injected.sum():,} injected copies, "
            f"{(member & ~injected).sum():,} members not injected")


def families_way(n: int) -> str:
    stories = store.read(store_path(n), columns=COLUMNS)
    fam = syndication.families(stories, progress=False)
    return lambda: _found(fam, n)


def families_scan_way(n: int) -> str:
    fam = syndication.families(store.scan(store_path(n), columns=COLUMNS), progress=False)
    return lambda: _found(fam, n)


def families_dask_way(n: int) -> str:
    c, client = cluster()
    try:
        fam = syndication.families(store.to_dask(store_path(n), columns=COLUMNS),
                                   progress=False)
    finally:
        client.close()
        c.close()
    return lambda: _found(fam, n)


def candidates_way(n: int) -> str:
    found = syndication.candidates(store.scan(store_path(n), columns=["story_id", "body"]),
                                   progress=False)
    return f"{len(found):,} candidate pairs"


def dask_way(n: int) -> str:
    c, client = cluster()
    try:
        found = syndication.candidates(
            store.to_dask(store_path(n), columns=["story_id", "body"]), progress=False)
    finally:
        client.close()
        c.close()
    return f"{len(found):,} candidate pairs"


if __name__ == "__main__":
    run("syndication", {"families": families_way, "fam-scan": families_scan_way,
                        "fam-dask": families_dask_way, "candidates": candidates_way,
                        "dask": dask_way})
