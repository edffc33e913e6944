"""The final sample of issue 16: coders' agreement and the frozen measures against the codes.

Run from the repository root (NewsArticles is fetched once into corpus/cache/):

    .venv/bin/python corpus/validation/final/evaluate.py

Prints the coders' agreement per frame and pair, each measure's design-weighted
precision, recall, F1 and kappa against the adjudicated codes, and the hit-level
check of every new_cold_war hit in NewsArticles, by half. The README's tables
come from this script.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wireframe import datasets, frames

HERE = Path(__file__).resolve().parent
FRAMES = ["new_cold_war", "rivalry", "espionage"]
COLUMNS = ["frame", "n", "n_coded_1", "n_called_1", "precision", "precision_low",
           "precision_high", "recall", "recall_low", "recall_high", "f1", "kappa", "kappa_low",
           "kappa_high"]


def codes() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The four coders' codes, and one code per story (agreed or adjudicated)."""
    coded = frames.read_codes(sorted(HERE.glob("codes_*.csv")), design=HERE / "design.csv",
                              frames=FRAMES)
    return coded, frames.adjudicate(coded, HERE / "adjudication.csv")


def evaluated(stories: pd.DataFrame, final: pd.DataFrame) -> pd.DataFrame:
    """Each frozen measure against the codes of the frames it calls: the shipped lexicons,
    and the shipped classifier (rivalry and espionage; new_cold_war had too few coded
    stories to train on)."""
    lexicon = frames.evaluate(frames.score(stories, FRAMES), final, seed=0)
    model = frames.load_classifier("newsarticles")
    called = frames.classify(stories, model)
    coded = final[final["frame"].isin(set(called["frame"]))]
    classifier = frames.evaluate(called, coded, seed=0)
    return pd.concat([lexicon.assign(measure="lexicon"), classifier.assign(measure="classifier")],
                     ignore_index=True)


def main() -> None:
    pd.set_option("display.width", 200)
    coded, final = codes()
    agreement = frames.agreement(coded, seed=0)
    print("Coders' agreement (pairs G+H on sheets 1-130, I+J on 131-260):")
    print(agreement[["frame", "coders", "n", "prevalence", "agreement", "kappa", "kappa_low",
                     "kappa_high", "alpha"]].round(3).to_string(index=False))
    sources = final.groupby("source").size().to_dict()
    print(f"\nOne code per story and frame: {sources}")
    stories, _ = datasets.load("newsarticles")
    table = evaluated(stories, final)
    print("\nMeasures against the adjudicated codes (design-weighted, "
          f"{table['interval'].iloc[0]}):")
    print(table[["measure", *COLUMNS]].round(3).to_string(index=False))
    hits = pd.read_csv(HERE / "new_cold_war_hits.csv", dtype={"story_id": str})
    print("\nEvery new_cold_war hit in NewsArticles, judged in context (right of all):")
    print(hits.groupby("half")["right"].agg(["sum", "count"]).to_string())


if __name__ == "__main__":
    main()
