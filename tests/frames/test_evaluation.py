"""frames.evaluation: a measure's calls against codes, weighted by the design."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score, precision_score, recall_score

from wireframe import frames

from .conftest import ROOT

DEV_CODES = ROOT / "corpus" / "validation" / "newsarticles_dev_codes.csv"
SHIPPED = ["new_cold_war", "rivalry", "espionage"]


@pytest.fixture
def tiny():
    """Three strata, two coded stories each.

    hit (N 4, weight 2):   h1 coded 1 called 1, h2 coded 0 called 1
    cue (N 10, weight 5):  c1 coded 1 called 0, c2 coded 0 called 0
    none (N 20, weight 10): n1, n2 coded 0 called 0
    """
    codes = pd.DataFrame({
        "story_id": ["h1", "h2", "c1", "c2", "n1", "n2"], "frame": "spy",
        "code": [1, 0, 1, 0, 0, 0],
        "stratum": ["hit", "hit", "cue", "cue", "none", "none"],
        "stratum_size": [4, 4, 10, 10, 20, 20],
        "outlet": ["X", "Y", "X", "Y", "X", "Y"],
    })
    calls = pd.DataFrame({"story_id": codes["story_id"], "frame": "spy",
                          "call": [1, 1, 0, 0, 0, 0]})
    return codes, calls


class TestEvaluate:
    def test_hand_computation(self, tiny):
        # Weighted cells: TP = 2 (h1), FP = 2 (h2), FN = 5 (c1), TN = 5 + 10 + 10 = 25;
        # N = 34 stories.
        # precision = 2 / 4 = 0.5; recall = 2 / 7; F1 = 2 TP / (2 TP + FP + FN) = 4 / 11;
        # specificity = 25 / 27; prevalence = 7 / 34; called = 4 / 34.
        # kappa: p_o = 27 / 34, p_e = (7 * 4 + 27 * 30) / 34^2 = 838 / 1156,
        #   kappa = (918 - 838) / (1156 - 838) = 80 / 318.
        codes, calls = tiny
        t = frames.evaluate(calls, codes, n_boot=0).iloc[0]
        assert (t["n"], t["n_coded_1"], t["n_called_1"]) == (6, 2, 2)
        assert t["precision"] == pytest.approx(0.5)
        assert t["recall"] == pytest.approx(2 / 7)
        assert t["f1"] == pytest.approx(4 / 11)
        assert t["specificity"] == pytest.approx(25 / 27)
        assert t["prevalence"] == pytest.approx(7 / 34)
        assert t["called"] == pytest.approx(4 / 34)
        assert t["kappa"] == pytest.approx(80 / 318)

    def test_equals_scikit_learn_with_weights(self, tiny):
        codes, calls = tiny
        w = np.array([2, 2, 5, 5, 10, 10])
        t = frames.evaluate(calls, codes, n_boot=0).iloc[0]
        y, c = codes["code"], calls["call"]
        assert t["precision"] == pytest.approx(precision_score(y, c, sample_weight=w))
        assert t["recall"] == pytest.approx(recall_score(y, c, sample_weight=w))
        assert t["kappa"] == pytest.approx(cohen_kappa_score(y, c, sample_weight=w))

    def test_uncoded_stories_leave_their_stratum_to_the_rest(self, tiny):
        # c2 not coded: c1 alone stands for the 10 cue stories (weight 10):
        # FN = 10, so recall = 2 / 12.
        codes, calls = tiny
        t = frames.evaluate(calls, codes[codes["story_id"] != "c2"], n_boot=0).iloc[0]
        assert t["recall"] == pytest.approx(2 / 12)

    def test_weights_alone(self, tiny):
        codes, calls = tiny
        by_weight = codes.drop(columns="stratum_size").assign(weight=[2, 2, 5, 5, 10, 10])
        t = frames.evaluate(calls, by_weight, n_boot=0).iloc[0]
        assert t["recall"] == pytest.approx(2 / 7)

    def test_score_table_and_measures(self, tiny):
        codes, calls = tiny
        scores = calls.assign(present=calls["call"].astype(bool)).drop(columns="call")
        both = pd.concat([calls.assign(measure="lexicon"),
                          calls.assign(measure="all", call=1)])
        assert frames.evaluate(scores, codes, n_boot=0)["precision"].item() == 0.5
        t = frames.evaluate(both, codes, n_boot=0).set_index("measure")
        assert t.loc["all", "recall"] == 1.0 and t.loc["all", "precision"] == pytest.approx(
            7 / 34)

    def test_domains(self, tiny):
        # Outlet X: h1 (TP 2), c1 (FN 5), n1 (TN 10): precision 1, recall 2 / 7.
        codes, calls = tiny
        t = frames.evaluate(calls, codes, by="outlet", n_boot=200).set_index("outlet")
        assert t.loc["X", "precision"] == 1.0 and t.loc["X", "recall"] == pytest.approx(2 / 7)
        assert t.loc["Y", "n"] == 3 and np.isnan(t.loc["Y", "recall"])

    @pytest.mark.parametrize("interval", ["posterior", "bootstrap"])
    @pytest.mark.parametrize("fpc", [False, True])
    def test_intervals(self, interval, fpc):
        rng = np.random.default_rng(0)
        n = 300
        stratum = np.repeat(["hit", "cue", "none"], [60, 140, 100])
        y = rng.random(n) < np.repeat([0.7, 0.15, 0.02], [60, 140, 100])
        c = (stratum == "hit") & (rng.random(n) < 0.9)
        codes = pd.DataFrame({"story_id": np.arange(n).astype(str), "frame": "f",
                              "code": y.astype(int), "stratum": stratum,
                              "stratum_size": np.repeat([60, 700, 1000], [60, 140, 100])})
        calls = codes[["story_id", "frame"]].assign(call=c.astype(int))
        a = frames.evaluate(calls, codes, interval=interval, fpc=fpc, n_boot=400, seed=4)
        b = frames.evaluate(calls, codes, interval=interval, fpc=fpc, n_boot=400, seed=4)
        pd.testing.assert_frame_equal(a, b)
        t = a.iloc[0]
        for s in ("precision", "recall", "f1", "kappa"):
            assert t[f"{s}_low"] <= t[s] <= t[f"{s}_high"], s
        # The hit stratum is read in full: with the finite population correction the
        # precision of these 60 hits is known exactly.
        if fpc:
            assert t["precision_low"] == t["precision_high"] == t["precision"]
        else:
            assert t["precision_high"] - t["precision_low"] > 0.1
        assert ("Polya" if interval == "posterior" else "Rao-Wu") in t["interval"]
        assert ("no finite" not in t["interval"]) == fpc

    def test_posterior_admits_misses_where_none_were_read(self):
        # No story of the heavily weighted `none` stratum was coded 1: the bootstrap
        # sees no miss there and its recall interval collapses; the posterior does not.
        codes = pd.DataFrame({"story_id": [f"s{i}" for i in range(50)], "frame": "f",
                              "code": [1] * 8 + [0] * 2 + [1] * 5 + [0] * 35,
                              "stratum": ["hit"] * 10 + ["none"] * 40,
                              "stratum_size": [10] * 10 + [1000] * 40})
        codes.loc[10:14, "stratum"] = "cue"
        codes.loc[10:14, "stratum_size"] = 5
        calls = codes[["story_id", "frame"]].assign(call=[1] * 10 + [0] * 40)
        boot = frames.evaluate(calls, codes, interval="bootstrap", fpc=True, seed=1).iloc[0]
        post = frames.evaluate(calls, codes, interval="posterior", fpc=True, seed=1).iloc[0]
        assert boot["recall"] == pytest.approx(8 / 13)
        assert boot["recall_low"] == boot["recall_high"] == boot["recall"]
        assert post["recall_low"] < 0.4 and post["recall_high"] == pytest.approx(8 / 13)

    def test_errors(self, tiny):
        codes, calls = tiny
        with pytest.raises(ValueError, match="several codes for story 'h1'.*adjudicate first"):
            frames.evaluate(calls, pd.concat([codes, codes]))
        with pytest.raises(ValueError, match="no call for 1 coded stories of frame 'spy'"):
            frames.evaluate(calls.iloc[1:], codes)
        with pytest.raises(ValueError, match="must be 0/1 or True/False; row 0"):
            frames.evaluate(calls.assign(call=0.7), codes)
        with pytest.raises(ValueError, match="neither `stratum_size` nor `weight`"):
            frames.evaluate(calls, codes.drop(columns="stratum_size"))
        with pytest.raises(ValueError, match="`interval` must be one of"):
            frames.evaluate(calls, codes, interval="wald")


@pytest.mark.newsarticles
def test_development_sample_with_the_shipped_lexicons():
    """DEVELOPMENT numbers: the lexicons were revised on this sample; the final figures
    come from a sample of the held-out half coded after the measures were frozen."""
    from wireframe import datasets
    stories, _ = datasets.load("newsarticles")
    codes = frames.adjudicate(frames.read_codes(DEV_CODES))
    coded = stories[stories["story_id"].astype(str).isin(set(codes["story_id"]))]
    assert len(coded) == 902
    scores = frames.score(coded, SHIPPED)
    t = frames.evaluate(scores, codes, seed=0).set_index("frame")
    print("\nDEVELOPMENT sample (902 stories, the lexicons' own tuning sample):\n",
          t[["n", "n_coded_1", "n_called_1", "precision", "precision_low", "precision_high",
             "recall", "recall_low", "recall_high", "f1", "kappa", "kappa_low",
             "kappa_high"]].round(3).to_string())
    # The same figures counted by hand from the weighted table: the hit and cue
    # strata were coded in full (weight 1), the none stratum 40 of 1,050 (26.25).
    joined = codes.merge(scores.assign(call=scores["present"].astype(int))
                         [["story_id", "frame", "call"]], on=["story_id", "frame"])
    for frame, part in joined.groupby("frame"):
        w = part["stratum_size"] / part.groupby("stratum")["story_id"].transform("size")
        tp = (w * part["code"] * part["call"]).sum()
        assert t.loc[frame, "precision"] == pytest.approx(tp / (w * part["call"]).sum())
        assert t.loc[frame, "recall"] == pytest.approx(tp / (w * part["code"]).sum())
        assert t.loc[frame, "n_coded_1"] == {"new_cold_war": 13, "rivalry": 70,
                                             "espionage": 115}[frame]
        assert t.loc[frame, "recall_low"] < t.loc[frame, "recall"]
