"""Frame matching at scale: every shipped lexicon over a store of 10k, 100k, 1M stories.

pandas: ``frames.match_batches(store.scan(...))``, batches of 10,000 stories,
hits written to Parquet batch by batch (memory bounded by a batch).
dask: ``frames.match(store.to_dask(...))`` on a LocalCluster of 2 worker
processes, hits written to Parquet by the workers. Peak RSS is the parent
process's; Dask workers' memory is reported separately by Dask, not here.

    .venv/bin/python benchmarks/bench_scale_frames.py [--sizes 10000 100000] [--methods pandas]
"""

from __future__ import annotations

import tempfile

import pyarrow as pa
import pyarrow.parquet as pq
from _scale_data import cluster, run, store_path

from wireframe import frames, store

COLUMNS = ["story_id", "headline", "body"]


def _lexicon():
    return [frames.load_lexicon(name) for name in frames.lexicons()]


def pandas_way(n: int) -> str:
    hits = 0
    with tempfile.TemporaryDirectory() as tmp:
        writer = None
        for table in frames.match_batches(store.scan(store_path(n), columns=COLUMNS),
                                          _lexicon()):
            arrow = pa.Table.from_pandas(table, preserve_index=False)
            writer = writer or pq.ParquetWriter(f"{tmp}/hits.parquet", arrow.schema)
            writer.write_table(arrow)
            hits += len(table)
        if writer:
            writer.close()
    return f"{hits:,} hits"


def dask_way(n: int) -> str:
    c, client = cluster()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            hits = frames.match(store.to_dask(store_path(n), columns=COLUMNS), _lexicon())
            hits.to_parquet(tmp, write_index=False)
            total = pq.ParquetDataset(tmp).read(columns=["start"]).num_rows
    finally:
        client.close()
        c.close()
    return f"{total:,} hits"


if __name__ == "__main__":
    run("frame matching (4 shipped lexicons)", {"pandas": pandas_way, "dask": dask_way})
