"""Coverage of the kit's 95 % intervals, by simulation, through its public functions.

Prints, for every cell of the grid, how often the default interval holds the
true value, and its mean width:

- shares of stories with a frame and rates per 1,000 words
  (``aggregate.frame_rates``), per placement and per unique story;
- topic prevalence and the difference between two outlets
  (``topics.prevalence``, ``topics.difference``), per placement and per
  unique story.

The grid: n in {50, 200, 1000} placements per cell (per outlet, for
topics), true share p in {0.005, 0.02, 0.10, 0.30} (for topics: outlet A's
mean proportion of the topic is p, B's 2p), and three copy designs: none;
20 % of the stories in families of 2-5; 50 % in families of 2-10 (copies
carry their original's text). Topics add a fourth design at n = 50 and 200,
"c20 + wire": 20 % of each outlet's stories are wire stories carried by both
outlets, which correlates the two sides (at n = 1,000 it would add a fifth of
the run time). Data come from ``wireframe.synthetic.prevalence``
(``frame_cells``, ``topic_cells``), whose docstrings give the model.

Each cell has ``--datasets`` datasets (default 2,000: the Monte Carlo
standard error of a coverage near 95 % is then 0.49 points, so a cell's
95 % Monte Carlo interval is about +-1 point). Datasets are drawn in tables of
``--batch`` datasets, each dataset its own outlet (frames) or day (topics),
so one call of the kit's function gives every dataset's interval; a rate's
interval uses how hits spread over the frame's framed stories in the whole
table, here the batch. Everything is seeded (``--seed``; each cell and batch
gets its own stream), so the output is the same on every run.

    .venv/bin/python benchmarks/bench_coverage.py                 # the full grid
    .venv/bin/python benchmarks/bench_coverage.py --quick         # a corner of it, ~1 min
    .venv/bin/python benchmarks/bench_coverage.py --bootstrap     # also method="bootstrap"

``--markdown`` prints the tables as the README shows them. The bar (issue
17): every cell >= 93 % for the default intervals.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
import zlib

import numpy as np
import pandas as pd

from wireframe import aggregate, topics
from wireframe.synthetic import prevalence

NS = (50, 200, 1000)
PS = (0.005, 0.02, 0.10, 0.30)
DESIGNS = ("none", "c20", "c50")
TOPIC_DESIGNS = {"none": ("none", 0.0), "c20": ("c20", 0.0), "c50": ("c50", 0.0),
                 "c20 + wire": ("c20", 0.2)}
BAR = 0.93
TOPICS = 5          # topics per simulated story (psi pools over them; a Dirichlet gives every
                    # topic the same spread, so K changes little but the run time)


def stream(seed: int, *key: object) -> int:
    """A seed for one cell and batch, from the run's seed and the cell's name."""
    return int(np.random.SeedSequence([seed, zlib.crc32(repr(key).encode())]).generate_state(1)[0])


def batches(datasets: int, batch: int) -> list[int]:
    return [min(batch, datasets - start) for start in range(0, datasets, batch)]


def per_cell(args: argparse.Namespace, n: int) -> int:
    """Datasets of a cell: ``--large-datasets`` at n = 1,000 when given (they are slow)."""
    return args.large_datasets if n >= 1000 and args.large_datasets else args.datasets


def score(low: np.ndarray, high: np.ndarray, truth: np.ndarray | float) -> dict[str, float]:
    low, high = np.asarray(low, float), np.asarray(high, float)
    ok = np.isfinite(low) & np.isfinite(high)
    covered = ok & (low <= truth) & (truth <= high)
    return {"covered": int(covered.sum()), "datasets": int(low.size),
            "width": float(np.where(ok, high - low, 0).sum()), "undefined": int((~ok).sum())}


def frames_cell(n: int, p: float, copies: str, args: argparse.Namespace,
                bootstrap: bool) -> list[dict]:
    """Shares and rates of one cell, both units; with ``bootstrap``, method="bootstrap"."""
    parts: dict[tuple, list[dict]] = {}
    datasets = args.bootstrap_datasets if bootstrap else per_cell(args, n)
    for b, size in enumerate(batches(datasets, args.batch)):
        stories, scores, truth = prevalence.frame_cells(
            n, p, copies=copies, datasets=size, seed=stream(args.seed, "frames", n, p, copies, b))
        for unit in ("placement", "story"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")     # the bootstrap's fallback notice
                t = aggregate.frame_rates(stories, scores, unit=unit,
                                          method="bootstrap" if bootstrap else "analytic")
            for quantity in ("share", "rate") if not bootstrap else ("share",):
                method = "+".join(sorted(t[f"{quantity}_method"].unique()))
                parts.setdefault((quantity, unit), []).append(
                    {**score(t[f"{quantity}_low"], t[f"{quantity}_high"], truth[quantity]),
                     "method": method})
    return [{"quantity": q, "unit": u, "n": n, "p": p, "design": copies,
             "method": "bootstrap (hybrid)" if bootstrap else
             "+".join(sorted({x["method"] for x in rows} - {""})),
             **{k: sum(x[k] for x in rows) for k in ("covered", "datasets", "width",
                                                     "undefined")}}
            for (q, u), rows in parts.items()]


def topics_cell(n: int, p: float, design: str, args: argparse.Namespace) -> list[dict]:
    """Prevalence of A and difference A - B of one cell, both units."""
    copies, shared = TOPIC_DESIGNS[design]
    parts: dict[tuple, list[dict]] = {}
    for b, size in enumerate(batches(per_cell(args, n), args.batch)):
        table, truth = prevalence.topic_cells(
            n, p, 2 * p, copies=copies, shared=shared, k=TOPICS, datasets=size,
            seed=stream(args.seed, "topics", n, p, design, b))
        for unit in ("placement", "story"):
            want = truth[truth["unit"] == unit]
            prev = topics.prevalence(table, by="outlet", period="day", unit=unit)
            prev = prev[(prev["topic"] == 1) & (prev["outlet"] == "A")].merge(want, on="period")
            diff = topics.difference(table, target="A", reference="B", period="day", unit=unit)
            diff = diff[diff["topic"] == 1].merge(want, on="period", suffixes=("", "_true"))
            parts.setdefault(("prevalence", unit), []).append(
                {**score(prev["prevalence_low"], prev["prevalence_high"], prev["target"]),
                 "method": prev["prevalence_method"].iloc[0]})
            parts.setdefault(("difference", unit), []).append(
                {**score(diff["difference_low"], diff["difference_high"],
                         diff["difference_true"]), "method": diff["difference_method"].iloc[0]})
    return [{"quantity": q, "unit": u, "n": n, "p": p, "design": design,
             "method": rows[0]["method"],
             **{k: sum(x[k] for x in rows) for k in ("covered", "datasets", "width",
                                                     "undefined")}}
            for (q, u), rows in parts.items()]


def grid(table: pd.DataFrame, quantities: tuple[str, ...], markdown: bool) -> str:
    """Coverage (%) per design and n (rows) and p (blocks), one column per quantity and unit."""
    short = {("share", "story"): "sS", ("share", "placement"): "sP", ("rate", "story"): "rS",
             ("rate", "placement"): "rP", ("prevalence", "story"): "vS",
             ("prevalence", "placement"): "vP", ("difference", "story"): "dS",
             ("difference", "placement"): "dP"}
    cols = [(q, u) for q in quantities for u in ("story", "placement")]
    rows = []
    for (design, n), cell in table.groupby(["design", "n"], sort=False):
        row = {"design": design, "n": n}
        for p in sorted(cell["p"].unique()):
            for q, u in cols:
                hit = cell[(cell["p"] == p) & (cell["quantity"] == q) & (cell["unit"] == u)]
                if len(hit):
                    row[f"{p:g} {short[q, u]}"] = round(100 * hit["coverage"].iloc[0])
        rows.append(row)
    out = pd.DataFrame(rows)
    if markdown:
        head = "| " + " | ".join(out.columns) + " |"
        rule = "|" + "|".join("---" if c == "design" else "---:" for c in out.columns) + "|"
        body = ["| " + " | ".join(str(v) for v in r) + " |" for r in out.itertuples(index=False)]
        return "\n".join([head, rule, *body])
    return out.to_string(index=False)


def summary(table: pd.DataFrame) -> pd.DataFrame:
    g = table.groupby(["quantity", "unit", "method"], sort=False)
    out = g.agg(cells=("coverage", "size"), min_coverage=("coverage", "min"),
                mean_coverage=("coverage", "mean"), mean_width=("mean_width", "mean"),
                datasets=("datasets", "min")).reset_index()
    worst = table.loc[g["coverage"].idxmin()]
    out["worst_cell"] = [f"{r.design} n={r.n} p={r.p:g}" for r in worst.itertuples()]
    out["below_bar"] = g["coverage"].apply(lambda c: int((c < BAR).sum())).to_numpy()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=2000, help="datasets per cell")
    parser.add_argument("--large-datasets", type=int, default=None,
                        help="datasets per cell at n = 1,000 (default: --datasets)")
    parser.add_argument("--batch", type=int, default=250, help="datasets per table")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--quick", action="store_true",
                        help="n in {50, 200}, p in {0.005, 0.1}, 300 datasets per cell")
    parser.add_argument("--parts", default="frames,topics", help="frames, topics or both")
    parser.add_argument("--bootstrap", action="store_true",
                        help="also shares with method='bootstrap' (percentile where it is "
                        "shown to cover, else the default)")
    parser.add_argument("--bootstrap-datasets", type=int, default=500,
                        help="datasets per cell for --bootstrap (its resamples are slow)")
    parser.add_argument("--markdown", action="store_true", help="print README tables")
    parser.add_argument("--csv", metavar="FILE", help="also write every cell here")
    args = parser.parse_args()
    ns, ps = (NS, PS) if not args.quick else ((50, 200), (0.005, 0.10))
    if args.quick:
        args.datasets = args.bootstrap_datasets = 300
    one, five, fifteen = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, shared; load average {one:.1f} / {five:.1f} / "
          f"{fifteen:.1f}; {args.datasets:,} datasets per cell (MC s.e. of 95 %: "
          f"{100 * np.sqrt(0.95 * 0.05 / args.datasets):.2f} points)"
          + (f", {args.large_datasets:,} at n = 1,000 (MC s.e. "
             f"{100 * np.sqrt(0.95 * 0.05 / args.large_datasets):.2f})"
             if args.large_datasets else "") + f", seed {args.seed}")
    rows, start, cpu = [], time.perf_counter(), time.process_time()
    parts = args.parts.split(",")
    for n in ns:
        for p in ps:
            for design in DESIGNS if "frames" in parts else ():
                t0 = time.perf_counter()
                rows += frames_cell(n, p, design, args, bootstrap=False)
                if args.bootstrap:
                    rows += frames_cell(n, p, design, args, bootstrap=True)
                print(f"  frames n={n} p={p:g} {design}: {time.perf_counter() - t0:.0f} s",
                      flush=True)
            for design in TOPIC_DESIGNS if "topics" in parts else ():
                if design == "c20 + wire" and n > 200:
                    continue
                t0 = time.perf_counter()
                rows += topics_cell(n, p, design, args)
                print(f"  topics n={n} p={p:g}/{2 * p:g} {design}: "
                      f"{time.perf_counter() - t0:.0f} s", flush=True)
    table = pd.DataFrame(rows)
    table["coverage"] = table["covered"] / table["datasets"]
    table["mean_width"] = table["width"] / (table["datasets"] - table["undefined"])
    order = {"none": 0, "c20": 1, "c50": 2, "c20 + wire": 3}
    table = table.sort_values(["design", "n", "p"], key=lambda s: s.map(order)
                              if s.name == "design" else s, kind="stable")
    if args.csv:
        table.to_csv(args.csv, index=False, float_format="%.5g")
    pd.set_option("display.width", 200)
    defaults = table[table["method"] != "bootstrap (hybrid)"]
    print("\n=== coverage of the default 95 % intervals, over cells (bar: >= 93 % in every cell)")
    print(summary(table).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    for quantities, title in ((("share", "rate"), "shares (s) and rates (r)"),
                              (("prevalence", "difference"),
                               "topic prevalence of A (v) and difference A - B (d)")):
        sub = defaults[defaults["quantity"].isin(quantities)]
        if len(sub):
            print(f"\n--- coverage (%) of {title}; S = per unique story, P = per placement; "
                  "columns: true p, then quantity and unit")
            print(grid(sub, quantities, args.markdown))
    if args.bootstrap:
        sub = table[table["method"] == "bootstrap (hybrid)"].assign(quantity="share")
        print(f"\n--- coverage (%) of shares with method='bootstrap' ({args.bootstrap_datasets} "
              "datasets per cell)")
        print(grid(sub, ("share",), args.markdown))
    low = defaults[defaults["coverage"] < BAR]
    print(f"\ncells below {BAR:.0%}: {len(low)} of {len(defaults)}"
          + ("" if low.empty else "\n" + low.to_string(index=False)))
    one, five, fifteen = os.getloadavg()
    print(f"total {time.perf_counter() - start:.0f} s wall, {time.process_time() - cpu:.0f} s "
          f"CPU; load average at the end {one:.1f} / {five:.1f} / {fifteen:.1f}")


if __name__ == "__main__":
    main()
