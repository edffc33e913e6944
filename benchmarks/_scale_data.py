"""Inputs of the bench_scale_* scripts: seeded scale corpora, cached on disk.

``inputs(n)`` writes :func:`wireframe.synthetic.scale_corpus` (pool:
NewsArticles and Reuters-21578, seed 0) as flat Parquet files of 10,000
stories, the raw input of ``wireframe ingest``; ``store(n)`` ingests them into
a corpus store. Both are built once into ``corpus/cache/bench_scale/`` and
reused by every stage's benchmark.
"""

from __future__ import annotations

import os
import platform
import resource
from pathlib import Path

import pandas as pd

from wireframe import datasets, io, store, synthetic

ROOT = Path(__file__).resolve().parents[1] / "corpus" / "cache" / "bench_scale"
SIZES = (10_000, 100_000, 1_000_000)


def pool() -> pd.DataFrame:
    """The real stories whose sentences make the scale corpora."""
    parts = [datasets.load("newsarticles")[0]]
    if datasets.is_available("reuters21578"):
        parts.append(datasets.load("reuters21578")[0])
    return pd.concat([p[["headline", "body"]] for p in parts], ignore_index=True)


def inputs(n: int) -> list[Path]:
    """Flat Parquet files of the n-story corpus, written once."""
    folder = ROOT / f"input-{n}"
    done = folder / "DONE"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for k, chunk in enumerate(synthetic.scale_corpus(n, pool=pool(), seed=0)):
            io.write_stories(chunk, folder / f"chunk-{k:05d}.parquet")
        done.write_text("ok\n")
    return sorted(folder.glob("chunk-*.parquet"))


def store_path(n: int) -> Path:
    """The corpus store of the n-story corpus, ingested once."""
    folder = ROOT / f"store-{n}"
    done = ROOT / f"store-{n}.DONE"
    if not done.exists():
        for f in inputs(n):
            store.write(io.read(f)[0], folder)
        done.write_text("ok\n")
    return folder


def peak_mb() -> float:
    """Peak resident memory of this process, in MB."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / (1024 if platform.system() == "Darwin" else 1)


def machine() -> str:
    """nproc, RAM, CPU and a warning that the machine is shared."""
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in
                     Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line)
    except (OSError, StopIteration):
        model = cpu
    return (f"{os.cpu_count()} cores ({model}), {ram:.0f} GB RAM, Python "
            f"{platform.python_version()}; shared with other engineers while measured, so "
            "times are indicative")


def run(stage: str, methods: dict, sizes: tuple[int, ...] = SIZES) -> None:
    """Time every method at every size, each in a fresh process; print the table.

    ``methods`` maps a name ("pandas", "dask") to a function of ``n`` that
    does the work and returns a short note, or a function that makes it
    (called after the time and peak memory are taken, for a check that reads
    more data). A child process (``python
    SCRIPT --child METHOD N``) runs one method once, timing the work only
    (inputs are prepared before, in the parent), and prints seconds and its
    peak RSS, which includes the interpreter and imports (about 150 MB).
    """
    import argparse
    import json
    import subprocess
    import sys
    import time

    parser = argparse.ArgumentParser(description=f"scale benchmark: {stage}")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(sizes))
    parser.add_argument("--methods", nargs="+", default=list(methods))
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        method, n = args.child[0], int(args.child[1])
        start = time.perf_counter()
        note = methods[method](n)
        seconds, peak = time.perf_counter() - start, peak_mb()
        # A note that checks the result against the truth (reading the store again) is
        # made after the time and the peak are taken: they are the work's alone.
        if callable(note):
            note = note()
        print(json.dumps({"seconds": seconds, "peak_mb": peak, "note": note}))
        return
    print(f"{stage}: stories per second and peak RSS, one fresh process per run")
    print(f"machine: {machine()}")
    print(f"{'stories':>10} {'method':>7} {'seconds':>9} {'stories/s':>10} {'peak MB':>8}  note")
    for n in args.sizes:
        store_path(n)
        for method in args.methods:
            try:
                out = subprocess.run([sys.executable, sys.argv[0], "--child", method, str(n)],
                                     capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(f"{n:>10,} {method:>7} {'timeout':>9}", flush=True)
                continue
            if out.returncode:
                print(f"{n:>10,} {method:>7} {'failed':>9}  {out.stderr.strip()[-300:]}")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{n:>10,} {method:>7} {r['seconds']:>9.1f} {n / r['seconds']:>10,.0f} "
                  f"{r['peak_mb']:>8,.0f}  {r['note']}", flush=True)


def cluster():
    """A LocalCluster of 2 single-threaded worker processes, and its client."""
    from distributed import Client, LocalCluster

    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    return c, Client(c)
