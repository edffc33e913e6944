"""Ingest at scale: flat Parquet files of 10,000 stories into a corpus store.

pandas: ``io.read`` then ``store.write`` file by file (what ``wireframe
ingest FILES -o DIR/`` does), then the same files again, which must add
nothing (the note says how long the no-op took). dask: ``dd.from_map`` over
the files and ``to_parquet`` partitioned by year and month, on a
LocalCluster of 2 worker processes - no deduplication, for comparison only.

    .venv/bin/python benchmarks/bench_scale_ingest.py [--sizes ...] [--methods ...]
"""

from __future__ import annotations

import tempfile
import time

from _scale_data import cluster, inputs, run

from wireframe import io, store


def pandas_way(n: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        for f in inputs(n):
            store.write(io.read(f)[0], tmp)
        start = time.perf_counter()
        again = sum(store.write(io.read(f)[0], tmp).added for f in inputs(n))
        return f"second ingest added {again} in {time.perf_counter() - start:.0f} s (included)"


def dask_way(n: int) -> str:
    import dask.dataframe as dd

    c, client = cluster()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            def load(f):
                table = io.read(f)[0]
                return table.assign(year=table["published"].dt.year,
                                    month=table["published"].dt.month)

            frame = dd.from_map(load, inputs(n))
            frame.to_parquet(tmp, partition_on=["year", "month"], write_index=False)
    finally:
        client.close()
        c.close()
    return "no deduplication"


if __name__ == "__main__":
    run("ingest to the partitioned store", {"pandas": pandas_way, "dask": dask_way})
