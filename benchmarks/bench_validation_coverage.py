"""Coverage of the validation intervals at nominal 95 %, by simulation.

Every interval the validation functions report is checked here against the
truth of simulated populations that look like the kit's use:

A. ``frames.evaluate``: precision, recall, F1, kappa and specificity of a
   measure against codes of a stratified story sample (``hit`` / ``cue`` /
   ``none``), for three designs. Both interval methods (the stratified Polya
   posterior, the default, and the Rao-Wu bootstrap), each for both
   estimands: ``fpc=False`` against the superpopulation's value (the
   measure on news like this), ``fpc=True`` against the finite population's
   (the stories sampled from). Cells: coverage (mean width).
B. ``frames.precision`` of a hit-level sample whose hits cluster in stories:
   Wilson (hits independent) and the bootstrap over stories, against the
   corpus's precision (finite) and the lexicon's (superpopulation).
C. ``frames.agreement``: kappa and alpha of two coders, bootstrap over
   stories, for 50, 100 and 200 stories; the truth is the population value.
D. ``frames.corrected_shares``: a frame's share per outlet corrected with
   Rogan-Gladen and with precision/recall, the validation sample drawn
   anew each time; the truth is each outlet's prevalence. The uncorrected
   share's interval is shown for contrast.

A coverage estimate from R replications has a standard error of about
sqrt(0.95 * 0.05 / R) (0.011 at R = 400).

    .venv/bin/python benchmarks/bench_validation_coverage.py [--reps 400] [--n-boot 500]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from wireframe import frames

# A: strata of a story-level design: (name, N, n, P(y=1), P(call | y=1), P(call | y=0)).
DESIGNS = {
    "held-out half, lexicon (hit census, cue 200/700, none 100/1130)": [
        ("hit", 80, 80, 0.70, 0.95, 0.60),
        ("cue", 700, 200, 0.08, 0.0, 0.0),
        ("none", 1130, 100, 0.004, 0.0, 0.0),
    ],
    "large corpus, lexicon (hit 200/600, cue 300/5000, none 150/10000)": [
        ("hit", 600, 200, 0.75, 0.95, 0.50),
        ("cue", 5000, 300, 0.04, 0.0, 0.0),
        ("none", 10000, 150, 0.002, 0.0, 0.0),
    ],
    "held-out half, classifier calls in every stratum": [
        ("hit", 80, 80, 0.70, 0.90, 0.30),
        ("cue", 700, 200, 0.08, 0.60, 0.03),
        ("none", 1130, 100, 0.004, 0.50, 0.005),
    ],
}
STATS = ("precision", "recall", "f1", "kappa", "specificity")


def _stats(tp: float, fp: float, fn: float, tn: float) -> dict[str, float]:
    n = tp + fp + fn + tn
    po, pt, pc = (tp + tn) / n, (tp + fn) / n, (tp + fp) / n
    pe = pt * pc + (1 - pt) * (1 - pc)
    return {"precision": tp / (tp + fp), "recall": tp / (tp + fn),
            "f1": 2 * tp / (2 * tp + fp + fn), "kappa": (po - pe) / (1 - pe),
            "specificity": tn / (tn + fp)}


def _expected(strata: list[tuple]) -> dict[str, float]:
    """The superpopulation's values: expected cells of every stratum, by its size."""
    cells = np.zeros(4)
    for _, big_n, _, py, se, fpr in strata:
        cells += big_n * np.array([py * se, (1 - py) * fpr, py * (1 - se),
                                   (1 - py) * (1 - fpr)])
    return _stats(*cells)


def story_level(reps: int, n_boot: int) -> pd.DataFrame:
    """Truth: the finite population's values (fpc=True), the superpopulation's (fpc=False)."""
    rows = []
    variants = [(m, f) for m in ("posterior", "bootstrap") for f in (False, True)]
    for name, strata in DESIGNS.items():
        hits = {(v, s): 0 for v in variants for s in STATS}
        width = {k: 0.0 for k in hits}
        seen = {k: 0 for k in hits}
        expected = _expected(strata)
        for r in range(reps):
            rng = np.random.default_rng([1, r])
            ys, cs, codes = [], [], []
            for h, big_n, n, py, se, fpr in strata:
                y = rng.random(big_n) < py
                c = np.where(y, rng.random(big_n) < se, rng.random(big_n) < fpr)
                pick = rng.choice(big_n, size=n, replace=False)
                ys.append(y)
                cs.append(c)
                codes.append(pd.DataFrame({
                    "story_id": [f"{h}{i}" for i in pick], "frame": "f",
                    "code": y[pick].astype(int), "call": c[pick].astype(int), "stratum": h,
                    "stratum_size": big_n}))
            y, c = np.concatenate(ys), np.concatenate(cs)
            finite = _stats(np.sum(y & c), np.sum(~y & c), np.sum(y & ~c), np.sum(~y & ~c))
            sample = pd.concat(codes, ignore_index=True)
            for method, fpc in variants:
                truth = finite if fpc else expected
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ev = frames.evaluate(sample[["story_id", "frame", "call"]],
                                         sample.drop(columns="call"), interval=method, fpc=fpc,
                                         n_boot=n_boot, seed=r).iloc[0]
                for s in STATS:
                    if np.isfinite(truth[s]) and np.isfinite(ev[f"{s}_low"]):
                        k = ((method, fpc), s)
                        seen[k] += 1
                        hits[k] += ev[f"{s}_low"] <= truth[s] <= ev[f"{s}_high"]
                        width[k] += ev[f"{s}_high"] - ev[f"{s}_low"]
        for v in variants:
            row = {"design": name, "interval": v[0], "fpc": v[1]}
            for s in STATS:
                k = (v, s)
                row[s] = f"{hits[k] / max(seen[k], 1):.3f} ({width[k] / max(seen[k], 1):.2f})"
            rows.append(row)
    return pd.DataFrame(rows)


def hit_level(reps: int, n_boot: int) -> pd.DataFrame:
    """Hits cluster in stories: a story's hits are right or wrong mostly together.

    Four outlets of 40 stories, 4 hits a story on average; a story's hits
    are right with its own probability, drawn from a beta of mean 0.75
    with the given intra-story correlation. Truth: the corpus's precision
    (finite) or the lexicon's on news like this (0.75, superpopulation).
    """
    rows = []
    for per_stratum, icc in ((15, 0.3), (15, 0.6), (40, 0.6)):
        names = ("wilson", "bootstrap fpc=False", "bootstrap fpc=True")
        cover = {(m, t): 0 for m in names for t in ("finite", "super")}
        for r in range(reps):
            rng = np.random.default_rng([2, r])
            parts, truth_num, truth_den = [], 0.0, 0.0
            for outlet in range(4):
                n_stories, mean = 40, 0.75
                a, b = mean * (1 - icc) / icc, (1 - mean) * (1 - icc) / icc
                p = rng.beta(a, b, size=n_stories)
                k = rng.geometric(1 / 4, size=n_stories)
                story = np.repeat(np.arange(n_stories), k)
                code = (rng.random(len(story)) < p[story]).astype(int)
                truth_num += code.sum()
                truth_den += len(code)
                take = rng.choice(len(story), size=min(per_stratum, len(story)), replace=False)
                parts.append(pd.DataFrame({
                    "frame": "f", "entry": "e", "outlet": f"o{outlet}",
                    "story_id": [f"{outlet}-{s}" for s in story[take]],
                    "code": code[take], "stratum_hits": len(story),
                    "weight": len(story) / len(take)}))
            coded = pd.concat(parts, ignore_index=True)
            truths = {"finite": truth_num / truth_den, "super": 0.75}
            for m in names:
                kw = {} if m == "wilson" else {"interval": "bootstrap", "n_boot": n_boot,
                                               "seed": r, "fpc": m.endswith("True")}
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t = frames.precision(coded, weighted=True, **kw).iloc[0]
                for target, truth in truths.items():
                    cover[(m, target)] += t["low"] <= truth <= t["high"]
        rows.append({"hits coded per outlet": per_stratum, "intra-story correlation": icc,
                     **{f"{m} vs {t}": round(v / reps, 3) for (m, t), v in cover.items()}})
    return pd.DataFrame(rows)


def agreement(reps: int, n_boot: int) -> pd.DataFrame:
    """Two coders who each misread a story with probability 0.07; prevalence 0.15."""
    prev, err = 0.15, 0.07
    p11 = prev * (1 - err) ** 2 + (1 - prev) * err ** 2
    p00 = (1 - prev) * (1 - err) ** 2 + prev * err ** 2
    p10 = p01 = (1 - p11 - p00) / 2
    marg = p11 + p10
    po, pe = p11 + p00, marg ** 2 + (1 - marg) ** 2
    kappa = (po - pe) / (1 - pe)
    alpha = 1 - (p10 + p01) / (2 * marg * (1 - marg))
    rows = []
    for n in (50, 100, 200):
        cover = {"kappa": 0, "alpha": 0}
        seen = 0
        for r in range(reps):
            rng = np.random.default_rng([3, n, r])
            truth = rng.random(n) < prev
            a = truth ^ (rng.random(n) < err)
            b = truth ^ (rng.random(n) < err)
            codes = pd.DataFrame({"story_id": np.tile(np.arange(n).astype(str), 2),
                                  "coder": np.repeat(["A", "B"], n), "frame": "f",
                                  "code": np.concatenate([a, b]).astype(int)})
            t = frames.agreement(codes, n_boot=n_boot, seed=r).iloc[0]
            if not np.isfinite(t["kappa_low"]):
                continue
            seen += 1
            cover["kappa"] += t["kappa_low"] <= kappa <= t["kappa_high"]
            cover["alpha"] += t["alpha_low"] <= alpha <= t["alpha_high"]
        rows.append({"stories": n, "true kappa": round(kappa, 3), "true alpha": round(alpha, 3),
                     "kappa coverage": round(cover["kappa"] / seen, 3),
                     "alpha coverage": round(cover["alpha"] / seen, 3), "replications": seen})
    return pd.DataFrame(rows)


def corrected(reps: int, n_boot: int) -> pd.DataFrame:
    """Five outlets of 400 stories; a lexicon with Se 0.6, Sp 0.99; a stratified validation."""
    prevalence = np.array([0.02, 0.05, 0.08, 0.12, 0.20])
    se, sp = 0.6, 0.99
    names = [f"outlet{g}" for g in range(len(prevalence))]
    cover = {(m, g): 0 for m in ("rogan_gladen", "precision_recall", "uncorrected")
             for g in names}
    seen = {k: 0 for k in cover}
    for r in range(reps):
        rng = np.random.default_rng([4, r])
        outlet = np.repeat(names, 400)
        y = rng.random(len(outlet)) < np.repeat(prevalence, 400)
        c = np.where(y, rng.random(len(y)) < se, rng.random(len(y)) < 1 - sp)
        cue = ~c & (rng.random(len(y)) < np.where(y, 0.85, 0.3))
        stratum = np.where(c, "hit", np.where(cue, "cue", "none"))
        ids = np.array([f"s{i}" for i in range(len(y))])
        picks = []
        for h, n in (("hit", 80), ("cue", 150), ("none", 80)):
            members = np.flatnonzero(stratum == h)
            picks.append(rng.choice(members, size=min(n, len(members)), replace=False))
        pick = np.concatenate(picks)
        size = pd.Series(stratum).value_counts()
        codes = pd.DataFrame({"story_id": ids[pick], "frame": "f", "code": y[pick].astype(int),
                              "stratum": stratum[pick],
                              "stratum_size": size.reindex(stratum[pick]).to_numpy()})
        stories = pd.DataFrame({"story_id": ids, "outlet": outlet})
        calls = pd.DataFrame({"story_id": ids, "frame": "f", "call": c.astype(int)})
        for method in ("rogan_gladen", "precision_recall"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = frames.corrected_shares(stories, calls, codes, correction=method,
                                            n_boot=n_boot, seed=r)
            for row in t.itertuples():
                truth = prevalence[names.index(row.outlet)]
                seen[(method, row.outlet)] += 1
                cover[(method, row.outlet)] += row.corrected_low <= truth <= row.corrected_high
                if method == "rogan_gladen":
                    seen[("uncorrected", row.outlet)] += 1
                    cover[("uncorrected", row.outlet)] += (
                        row.observed_low <= truth <= row.observed_high)
    rows = []
    for m in ("rogan_gladen", "precision_recall", "uncorrected"):
        rows.append({"interval": m, **{f"{g} (p={p:.2f})": round(cover[(m, g)] / seen[(m, g)], 3)
                                       for g, p in zip(names, prevalence, strict=True)}})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=400, help="replications per design")
    parser.add_argument("--n-boot", type=int, default=500, help="draws per interval")
    parser.add_argument("--parts", default="ABCD", help="which parts to run (A, B, C, D)")
    args = parser.parse_args()
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_colwidth", 70)
    parts = {"A": ("A. frames.evaluate: coverage (mean width) at nominal 0.95", story_level),
             "B": ("B. frames.precision, hits clustered in stories", hit_level),
             "C": ("C. frames.agreement, two coders", agreement),
             "D": ("D. frames.corrected_shares per outlet (truth: the outlet's prevalence)",
                   corrected)}
    print(f"{args.reps} replications, {args.n_boot} draws per interval\n")
    for key in args.parts:
        title, run = parts[key]
        start = time.perf_counter()
        table = run(args.reps, args.n_boot)
        print(f"{title} [{time.perf_counter() - start:.0f} s]")
        print(table.to_string(index=False))
        print()


if __name__ == "__main__":
    main()
