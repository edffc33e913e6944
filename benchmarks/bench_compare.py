"""Benchmark wireframe.compare on NewsArticles: all 9 outlets, each against the rest.

Target (issue 6): the comparison over the full vocabulary in under 5 s, with
peak memory under 1 GB. Each stage is timed against a baseline run in the
same process (see benchmarks/README.md) and quoted as the median of
``--repeats`` runs; memory is the peak resident set size of a fresh process
that runs the whole comparison from the Story table.

    .venv/bin/python benchmarks/bench_compare.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import sparse

from wireframe import compare, datasets, io

TARGET_SECONDS = 5.0
TARGET_BYTES = 1 << 30


def median_time(func: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_python(func: Callable[[], object]) -> int:
    """Peak bytes allocated through Python's allocators (NumPy included) while func runs."""
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def peak_rss_of_fresh_run(path: Path, phrases: bool) -> tuple[int, int]:
    """Peak RSS (bytes) of a new interpreter after reading the Story table, and after comparing.

    The table is read from Parquet, as the ``wireframe keyness`` command does:
    ``datasets.load`` builds it from the raw CSV, which has a peak of its own.
    The peak is VmHWM (Linux), which starts afresh at exec; ``ru_maxrss``
    would carry over this process's peak.
    """
    code = (
        "import re\n"
        "from wireframe import compare, io\n"
        "def hwm():\n"
        "    status = open('/proc/self/status').read()\n"
        "    return int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1))\n"
        f"stories, _ = io.read_stories({str(path)!r})\n"
        "before = hwm()\n"
        f"compare.log_odds(stories, by='outlet', phrases={phrases})\n"
        "print(before, hwm())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    return int(out[0]) * 1024, int(out[1]) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per stage (median)")
    args = parser.parse_args()
    stories, _ = datasets.load("newsarticles")
    texts = (stories["headline"].fillna("") + "\n\n" + stories["body"].fillna("")).tolist()
    outlets = sorted(stories["outlet"].unique())
    build_repeats = max(1, args.repeats // 2)

    tm = compare.term_matrix(stories)
    indicator = sparse.csr_array(
        (np.ones(len(stories)), (stories["outlet"].map(outlets.index).to_numpy(),
                                 np.arange(len(stories)))), shape=(len(outlets), len(stories)))

    def group_sums():
        return indicator @ tm.counts

    def all_log_odds():
        return compare.log_odds(tm, by="outlet")

    def all_keyness(measure: str) -> Callable[[], object]:
        return lambda: [compare.keyness(tm, by="outlet", target=o, measure=measure)
                        for o in outlets]

    rows = []
    base = median_time(group_sums, args.repeats)
    rows.append(("group sums, sparse (baseline)", base, base))
    for name, func in (("log_odds, 9 outlets vs rest", all_log_odds),
                       ("keyness g2, 9 x (outlet vs rest)", all_keyness("g2")),
                       ("keyness chi2, 9 x (outlet vs rest)", all_keyness("chi2"))):
        rows.append((name, median_time(func, args.repeats), base))

    split_base = median_time(lambda: [t.lower().split() for t in texts], build_repeats)
    rows.append(("str.split of every story (baseline)", split_base, split_base))
    rows.append(("term_matrix, unigrams", median_time(
        lambda: compare.term_matrix(stories, phrases=False), build_repeats), split_base))
    rows.append(("term_matrix, + gensim phrases", median_time(
        lambda: compare.term_matrix(stories), build_repeats), split_base))
    rows.append(("Story table -> log_odds, unigrams", median_time(
        lambda: compare.log_odds(stories, by="outlet", phrases=False), build_repeats),
        split_base))
    rows.append(("Story table -> log_odds, + phrases", median_time(
        lambda: compare.log_odds(stories, by="outlet"), build_repeats), split_base))

    result = all_log_odds()
    print(f"NewsArticles: {len(stories):,} stories, {len(outlets)} outlets, {tm!r}, "
          f"{tm.counts.nnz:,} non-zero cells; log_odds table {len(result):,} rows")
    print(f"medians of {args.repeats} runs (stats) and {build_repeats} (building); "
          "machine shared, timings noisy\n")
    print(f"{'stage':<38} {'median s':>9} {'x baseline':>11}")
    for name, seconds, baseline in rows:
        print(f"{name:<38} {seconds:>9.3f} {seconds / baseline:>11.1f}")

    stats_peak = peak_python(all_log_odds)
    build_peak = peak_python(lambda: compare.term_matrix(stories))
    print(f"\nPython-allocated peak: log_odds on the matrix {stats_peak / 2**20:.0f} MiB, "
          f"term_matrix with phrases {build_peak / 2**20:.0f} MiB")
    with tempfile.TemporaryDirectory() as tmp:
        path = io.write_stories(stories, Path(tmp) / "newsarticles.parquet")
        for phrases in (False, True):
            before, after = peak_rss_of_fresh_run(path, phrases)
            print(f"peak RSS, fresh process, Parquet -> log_odds (phrases={phrases}): "
                  f"{after / 2**20:.0f} MiB ({before / 2**20:.0f} MiB after reading the table)")
            if after >= TARGET_BYTES:
                print("  peak memory target (1 GiB) MISSED")
    stats_time = rows[1][1]
    verdict = "met" if stats_time < TARGET_SECONDS else "MISSED"
    print(f"\ntarget: 9 outlets vs rest, full vocabulary, < {TARGET_SECONDS:.0f} s: {verdict} "
          f"({stats_time:.2f} s on counted terms; {rows[-1][1]:.2f} s from the Story table "
          "with phrases)")
    print(f"this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
          " MiB")


if __name__ == "__main__":
    main()
