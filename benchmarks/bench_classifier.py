"""Frame classifier speed: training on the development codes, scoring all of NewsArticles.

Three timings, each the median of ``--repeats`` runs, in one process pinned to
one core:

train
    ``frames.train_classifier`` on the 902 coded development stories
    (``corpus/validation/newsarticles_dev_codes.csv``), as
    ``corpus/validation/train_classifier.py`` does: tokenising, the lexicon
    features, 5-fold grouped cross-validation of two frames (a vocabulary
    and a model per fold), the thresholds and the final models.
classify
    ``frames.classify`` of all 3,824 NewsArticles stories with the shipped
    model (tokens, tf-idf, the lexicon features, two frames).
score
    ``frames.score`` of the same stories with the rivalry and espionage
    lexicons: the dictionary measure a researcher would otherwise use, the
    peer of ``classify`` (``classify`` runs it inside, for its features).

The machine may be shared: read the ratio, measured in the same run.

    WIREFRAME_CACHE=corpus/cache .venv/bin/python benchmarks/bench_classifier.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from pathlib import Path

import pandas as pd

from wireframe import datasets, frames

ROOT = Path(__file__).resolve().parents[1]
VALIDATION = ROOT / "corpus" / "validation"


def _median_time(func, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    stories, _ = datasets.load("newsarticles")
    halves = pd.read_csv(VALIDATION / "newsarticles_halves.csv",
                         dtype={"story_id": str, "family": str, "half": str})
    stories = stories.assign(story_id=stories["story_id"].astype(str)).merge(
        halves, on="story_id", how="left", validate="one_to_one")
    codes = frames.adjudicate(frames.read_codes(VALIDATION / "newsarticles_dev_codes.csv",
                                                frames=["rivalry", "espionage"]))
    model = frames.load_classifier("newsarticles")

    def train():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return frames.train_classifier(stories, codes, groups="family", seed=0)

    t_train, _ = _median_time(train, args.repeats)
    t_classify, calls = _median_time(lambda: frames.classify(stories, model), args.repeats)
    t_score, _ = _median_time(lambda: frames.score(stories, ["rivalry", "espionage"]),
                              args.repeats)
    n_coded = codes["story_id"].nunique()
    rows = [("train_classifier (902 coded, 5-fold CV)", n_coded, t_train),
            ("classify (shipped model)", len(stories), t_classify),
            ("score (rivalry + espionage lexicons)", len(stories), t_score)]
    print(f"NewsArticles: {len(stories):,} stories; {n_coded} coded; one core; "
          f"median of {args.repeats}")
    print(f"{'step':<42} {'stories':>8} {'seconds':>9} {'stories/s':>10}")
    for name, n, t in rows:
        print(f"{name:<42} {n:>8,} {t:>9.2f} {n / t:>10,.0f}")
    print(f"classify / score: {t_classify / t_score:.1f}x")
    share = calls.groupby("frame")["present"].mean()  # type: ignore[union-attr]
    print("share of stories called:", ", ".join(f"{f} {v:.3f}" for f, v in share.items()))


if __name__ == "__main__":
    main()
