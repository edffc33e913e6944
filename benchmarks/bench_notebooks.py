"""Benchmark `make figures`: the six notebooks one after another, and at once.

Target (issue 19): the notebooks of ``make figures`` under 100 s on this
2-core machine, with figure CSVs byte-identical to the committed ones. The
peer is what ``make figures`` did before: every notebook in turn, in one
process (``run_all(processes=1)``). Both runs write their figures to folders
of their own, in the same run of this script, one after the other, and each
is compared byte for byte with ``figures/``. Before each run the kit's caches
of prepared terms and of sweep fits (notebooks 03 and 06) are emptied (the
default: a first ``make figures``), or, with ``--warm``, kept (a second one). Wall time and the
CPU time of every process (kernels included) are printed for each, with the
machine's load average, since the cores are shared.

    .venv/bin/python benchmarks/bench_notebooks.py [--warm] [--only 01 03]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from wireframe import datasets, notebooks

TARGET_SECONDS = 100.0
FIGURES = Path(__file__).resolve().parents[1] / "figures"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(paths: list[Path], processes: int, out: Path) -> tuple[float, float, dict, list[str]]:
    cpu, start = children_cpu(), time.perf_counter()
    times = notebooks.run_all(paths, output_dir=out / "executed", processes=processes,
                              parameters={"figures_dir": str(out)})
    wall = time.perf_counter() - start
    differ = [p.name for p in sorted(out.glob("*.csv"))
              if not (FIGURES / p.name).exists()
              or p.read_bytes() != (FIGURES / p.name).read_bytes()]
    return wall, children_cpu() - cpu, times, differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", action="store_true",
                        help="keep the caches of terms and sweep fits (a second make figures)")
    parser.add_argument("--only", nargs="+", metavar="NN", help="notebook numbers to run")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    paths = sorted(notebooks.notebook_dir().glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        paths = [p for p in paths if p.name[:2] in set(args.only)]
    print(f"machine: {os.cpu_count()} cores, shared; load average {load()}")
    caches = [datasets.cache_dir() / name for name in ("prepared", "sweeps")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as tmp:
        for label, processes in ((f"at once ({args.processes})", args.processes),
                                 ("one after another (peer)", 1)):
            for cache in caches if not args.warm else []:
                shutil.rmtree(cache, ignore_errors=True)
            print(f"\n-- {label}, load {load()}")
            wall, cpu, times, differ = run(paths, processes, Path(tmp) / str(processes))
            rows.append((label, wall, cpu, times, differ))
    names = [p.name for p in paths]
    print(f"\n| notebook | {' | '.join(r[0] for r in rows)} |")
    print("|---|" + "---:|" * len(rows))
    for name in names:
        cells = [f"{r[3][name]:.1f} s" if name in r[3] else "skipped" for r in rows]
        print(f"| {name[:-6]} | {' | '.join(cells)} |")
    print(f"| **all, wall** | {' | '.join(f'**{r[1]:.1f} s**' for r in rows)} |")
    print(f"| CPU, all processes | {' | '.join(f'{r[2]:.1f} s' for r in rows)} |")
    print(f"| figure CSVs differing from figures/ | "
          f"{' | '.join(', '.join(r[4]) or 'none' for r in rows)} |")
    ratio = rows[1][1] / rows[0][1]
    verdict = "met" if rows[0][1] < TARGET_SECONDS else "NOT met"
    print(f"\nat once: {rows[0][1]:.1f} s, {ratio:.2f}x faster than one after another; "
          f"target < {TARGET_SECONDS:.0f} s {verdict}; load average now {load()}")


if __name__ == "__main__":
    main()
