"""Train the shipped frame classifier on the NewsArticles development codes.

Reads the development codes only (``newsarticles_dev_codes.csv``, 902
stories of the development half; see README.md), joins each story's
syndication family from ``newsarticles_halves.csv`` (so that copies never
straddle the folds), trains :func:`wireframe.frames.train_classifier` with
its defaults and seed 0, and writes
``src/wireframe/data/classifiers/newsarticles.json``. Seeded throughout: run
again, it writes the same bytes (the SHA-256 is printed).

new_cold_war is not trained: 13 of the 902 stories are coded 1, below
``min_positives`` (20); its measure stays the lexicon.

Usage (from the repository root)::

    WIREFRAME_CACHE=corpus/cache python corpus/validation/train_classifier.py [--out PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import warnings
from pathlib import Path

import pandas as pd

from wireframe import datasets, frames

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CODES = HERE / "newsarticles_dev_codes.csv"
HALVES = HERE / "newsarticles_halves.csv"
OUT = ROOT / "src" / "wireframe" / "data" / "classifiers" / "newsarticles.json"
FRAMES = ["new_cold_war", "rivalry", "espionage"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    args = parser.parse_args()
    stories, _ = datasets.load("newsarticles")
    halves = pd.read_csv(HALVES, dtype={"story_id": str, "family": str, "half": str})
    stories = stories.assign(story_id=stories["story_id"].astype(str)).merge(
        halves, on="story_id", how="left", validate="one_to_one")
    codes = frames.adjudicate(frames.read_codes(CODES, frames=FRAMES))
    dev = set(halves.loc[halves["half"] == "development", "story_id"])
    outside = set(codes["story_id"].astype(str)) - dev
    if outside:
        raise SystemExit(f"{CODES}: {len(outside)} coded stories are not in the development half")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        model = frames.train_classifier(stories, codes, frames=FRAMES, groups="family", seed=0)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    with pd.option_context("display.width", 200, "display.precision", 3):
        print(model.cv.to_string(index=False))
    print(f"{args.out}  sha256 {hashlib.sha256(args.out.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
