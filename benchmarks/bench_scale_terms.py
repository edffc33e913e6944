"""Term counting at scale: terms per outlet over a store of 10k, 100k, 1M stories.

pandas: ``compare.term_counts(store.scan(...), by="outlet", phrases=False)``,
batches of 10,000 stories summed per outlet as they come. dask: the same
function on ``store.to_dask(...)`` on a LocalCluster of 2 worker processes.
The keyness table (G2, Reuters against all others) from the counts adds
well under a second and is not timed separately.

    .venv/bin/python benchmarks/bench_scale_terms.py [--sizes ...] [--methods ...]
"""

from __future__ import annotations

from _scale_data import cluster, run, store_path

from wireframe import compare, store

COLUMNS = ["story_id", "outlet", "headline", "body"]


def pandas_way(n: int) -> str:
    counts = compare.term_counts(store.scan(store_path(n), columns=COLUMNS), by="outlet",
                                 phrases=False)
    return f"{len(counts):,} outlet-term rows"


def dask_way(n: int) -> str:
    c, client = cluster()
    try:
        counts = compare.term_counts(store.to_dask(store_path(n), columns=COLUMNS),
                                     by="outlet", phrases=False)
    finally:
        client.close()
        c.close()
    return f"{len(counts):,} outlet-term rows"


if __name__ == "__main__":
    run("term counts per outlet", {"pandas": pandas_way, "dask": dask_way})
