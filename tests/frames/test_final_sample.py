"""The final validation sample (corpus/validation/final): its files, agreement and results.

The README's "Validating a frame measure" tables come from these files; the tests
recompute them from the codes and the frozen measures.
"""

import hashlib

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from wireframe import frames

from .conftest import ROOT

FINAL = ROOT / "corpus" / "validation" / "final"
FRAMES = ["new_cold_war", "rivalry", "espionage"]
FROZEN = {
    "new_cold_war": "75cbfebe2a9701e7ef0a85624e319f7aba7b4673a238fb0afe2a13fcc44249ee",
    "rivalry": "f5de67272a1135bda7d8162a6aa7d89a0ce986ce02291473aa1c829ba26f24ef",
    "espionage": "8f2efd63b370e8e68a387a27931919360bd4dca341d068381f6004015d1b8b12",
}


@pytest.fixture(scope="module")
def coded():
    return frames.read_codes(sorted(FINAL.glob("codes_*.csv")), design=FINAL / "design.csv",
                             frames=FRAMES)


def test_lexicons_are_the_frozen_ones():
    """The final sample measures these files; a changed lexicon needs a new sample."""
    folder = ROOT / "src" / "wireframe" / "data" / "lexicons"
    for name, digest in FROZEN.items():
        assert hashlib.sha256((folder / f"{name}.yaml").read_bytes()).hexdigest() == digest, (
            f"{name}.yaml changed after the final sample was coded: report from a new sample")


def test_design_from_the_held_out_half_only(coded):
    design = pd.read_csv(FINAL / "design.csv", dtype={"story_id": str})
    halves = pd.read_csv(ROOT / "corpus" / "validation" / "newsarticles_halves.csv",
                         dtype={"story_id": str}).set_index("story_id")["half"]
    assert len(design) == 260 and design["story_id"].is_unique
    assert set(design["story_id"].map(halves)) == {"held_out"}
    strata = design.groupby("stratum").agg(n=("story_id", "size"), N=("stratum_size", "first"))
    assert strata.to_dict("index") == {"cue": {"n": 90, "N": 618}, "hit": {"n": 110, "N": 171},
                                       "none": {"n": 60, "N": 1123}}
    # No development story, and none of the development codes, in the final sample.
    dev = pd.read_csv(ROOT / "corpus" / "validation" / "newsarticles_dev_codes.csv",
                      dtype={"story_id": str})
    assert not set(design["story_id"]) & set(dev["story_id"])
    # Every story coded by both coders of its pair, every frame.
    assert len(coded) == 260 * 2 * 3
    pairs = coded.groupby("story_id")["coder"].agg(lambda c: "".join(sorted(set(c))))
    assert set(pairs) == {"GH", "IJ"} and (pairs == "GH").sum() == 130


def test_agreement_equals_sklearn_per_pair(coded):
    table = frames.agreement(coded, seed=0).set_index(["frame", "coders"])
    wide = coded.pivot_table(index=["story_id", "frame"], columns="coder", values="code")
    for frame in FRAMES:
        for a, b in (("G", "H"), ("I", "J")):
            both = wide.xs(frame, level="frame")[[a, b]].dropna()
            assert len(both) == 130
            got = table.loc[(frame, f"{a}+{b}")]
            assert got["agreement"] == pytest.approx((both[a] == both[b]).mean())
            if both[a].nunique() > 1 or both[b].nunique() > 1:
                assert got["kappa"] == pytest.approx(cohen_kappa_score(both[a], both[b]))
    # 9 of the 780 story-frame pairs disagree; rivalry and espionage kappa >= 0.90 per pair.
    assert int((wide.max(axis=1) != wide.min(axis=1)).sum()) == 9
    kappas = table.loc[(["rivalry", "espionage"], ["G+H", "I+J"]), "kappa"]
    assert kappas.min() == pytest.approx(0.901, abs=0.001)


def test_adjudication_decides_every_disagreement(coded):
    final = frames.adjudicate(coded, FINAL / "adjudication.csv")
    assert len(final) == 780
    assert final["source"].value_counts().to_dict() == {"agreed": 771, "adjudicated": 9}
    positives = final.groupby("frame")["code"].sum().to_dict()
    assert positives == {"new_cold_war": 6, "rivalry": 33, "espionage": 54}


@pytest.mark.newsarticles
def test_frozen_lexicons_against_the_final_codes(coded, newsarticles):
    """The README's final-sample table (lexicon rows)."""
    final = frames.adjudicate(coded, FINAL / "adjudication.csv")
    stories = newsarticles[0]
    sample = stories[stories["story_id"].astype(str).isin(set(final["story_id"]))]
    t = frames.evaluate(frames.score(sample, FRAMES), final, seed=0).set_index("frame")
    expected = {  # precision, recall, kappa
        "new_cold_war": (0.667, 0.667, 0.665),
        "rivalry": (0.535, 0.493, 0.495),
        "espionage": (0.779, 0.923, 0.837),
    }
    for frame, (p, r, k) in expected.items():
        assert t.loc[frame, ["precision", "recall", "kappa"]].to_numpy(float) == pytest.approx(
            np.array([p, r, k]), abs=0.001), frame
    assert t["n_called_1"].to_dict() == {"new_cold_war": 6, "rivalry": 43, "espionage": 68}


@pytest.mark.newsarticles
def test_every_new_cold_war_hit_judged(newsarticles):
    """The hit check covers exactly the frozen lexicon's hits; 13 of 19 held-out hits right."""
    judged = pd.read_csv(FINAL / "new_cold_war_hits.csv", dtype={"story_id": str})
    hits = frames.match(newsarticles[0], "new_cold_war")
    assert sorted(zip(judged["story_id"], judged["match"], strict=True)) == sorted(
        zip(hits["story_id"].astype(str), hits["text"], strict=True))
    right = judged.groupby("half")["right"].agg(["sum", "size"])
    assert right.loc["held_out"].tolist() == [13, 19]
    assert right.loc["development"].tolist() == [15, 15]
    assert judged["reason"].notna().all()
