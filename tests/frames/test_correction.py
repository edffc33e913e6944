"""frames.correction: Rogan-Gladen and precision/recall corrections of frame shares."""

import numpy as np
import pandas as pd
import pytest

from wireframe import frames

from .conftest import ROOT

DEV_CODES = ROOT / "corpus" / "validation" / "newsarticles_dev_codes.csv"


class TestRoganGladen:
    def test_hand_example(self):
        # q = 0.10, Se = 0.60, Sp = 0.98: p = (0.10 + 0.98 - 1) / (0.60 + 0.98 - 1)
        #   = 0.08 / 0.58 = 0.137931.
        assert frames.rogan_gladen(0.10, 0.60, 0.98) == pytest.approx(0.08 / 0.58)
        # Fewer calls than the false positives alone explain: clipped to 0; too many: 1.
        assert frames.rogan_gladen(0.01, 0.60, 0.98) == 0.0
        assert frames.rogan_gladen(0.90, 0.60, 0.98) == 1.0
        # A measure no better than chance says nothing.
        assert np.isnan(frames.rogan_gladen(0.2, 0.5, 0.5))

    def test_vectorised(self):
        out = frames.rogan_gladen(np.array([0.1, 0.3]), 0.5, 0.9)
        assert out.tolist() == pytest.approx([0.0, 0.5])


@pytest.fixture
def design():
    """A validation census of 20 stories: Se = 5/10 = 0.5, Sp = 9/10 = 0.9, precision 5/6.

    Outlet X: 10 stories, 3 called (q = 0.3); outlet Y: 10 stories, 1 called (q = 0.1).
    """
    codes = pd.DataFrame({"story_id": [f"v{i}" for i in range(20)], "frame": "spy",
                          "code": [1] * 10 + [0] * 10, "stratum": "all", "stratum_size": 20})
    stories = pd.DataFrame({"story_id": [f"s{i}" for i in range(20)],
                            "outlet": ["X"] * 10 + ["Y"] * 10,
                            "family_id": [f"f{i // 2}" for i in range(20)]})
    calls = pd.DataFrame({
        "story_id": [*codes["story_id"], *stories["story_id"]], "frame": "spy",
        "call": [1] * 5 + [0] * 5 + [1] + [0] * 9 + [1] * 3 + [0] * 7 + [1] + [0] * 9})
    return stories, calls, codes


class TestCorrectedShares:
    def test_hand_computation(self, design):
        # RG: X (0.3 + 0.9 - 1) / (0.5 + 0.9 - 1) = 0.2 / 0.4 = 0.5; Y (0.1 - 0.1) / 0.4 = 0.
        # precision/recall: p = q P / R: X 0.3 * (5/6) / 0.5 = 0.5; Y 0.1 * (5/6) / 0.5 = 1/6.
        stories, calls, codes = design
        rg = frames.corrected_shares(stories, calls, codes, n_boot=0).set_index("outlet")
        assert list(rg.columns) == list(frames.CORRECTED_COLUMNS)
        assert rg["observed"].to_dict() == pytest.approx({"X": 0.3, "Y": 0.1})
        assert rg["sensitivity"].tolist() == [0.5, 0.5]
        assert rg["specificity"].tolist() == pytest.approx([0.9, 0.9])
        assert rg["corrected"].to_dict() == pytest.approx({"X": 0.5, "Y": 0.0})
        pr = frames.corrected_shares(stories, calls, codes, correction="precision_recall",
                                     n_boot=0).set_index("outlet")
        assert pr["corrected"].to_dict() == pytest.approx({"X": 0.5, "Y": 1 / 6})

    def test_units_and_whole_table(self, design):
        # One story per family (unit="story"): X keeps s0, s2, s4, s6, s8, of which s0 and
        # s2 are called (0.4); the whole table pools 20 placements, 4 called.
        stories, calls, codes = design
        per_story = frames.corrected_shares(stories, calls, codes, unit="story", n_boot=0)
        assert per_story.set_index("outlet").loc["X", ["n", "observed"]].tolist() == [5, 0.4]
        whole = frames.corrected_shares(stories, calls, codes, by=None, n_boot=0).iloc[0]
        assert (whole["n"], whole["n_called"], whole["n_families"]) == (20, 4, 10)
        assert whole["corrected"] == pytest.approx((0.2 + 0.9 - 1) / 0.4)

    @pytest.mark.parametrize("interval", ["posterior", "bootstrap"])
    def test_intervals_carry_the_validation(self, design, interval):
        stories, calls, codes = design
        t = frames.corrected_shares(stories, calls, codes, interval=interval, n_boot=500,
                                    seed=1).set_index("outlet")
        x = t.loc["X"]
        assert x["observed_low"] <= x["observed"] <= x["observed_high"]
        assert x["corrected_low"] <= x["corrected"] <= x["corrected_high"]
        # The corrected interval is wider than the observed one: it carries Se and Sp.
        assert (x["corrected_high"] - x["corrected_low"]) > (x["observed_high"]
                                                             - x["observed_low"])
        again = frames.corrected_shares(stories, calls, codes, interval=interval, n_boot=500,
                                        seed=1).set_index("outlet")
        pd.testing.assert_frame_equal(t, again)

    def test_no_call_is_not_certainty(self, design):
        # An outlet where the measure called nothing: the posterior's interval for the
        # observed share still reaches above 0, a families bootstrap's does not.
        stories, calls, codes = design
        calls = calls.copy()
        calls.loc[calls["story_id"].isin([f"s{i}" for i in range(10, 20)]), "call"] = 0
        post = frames.corrected_shares(stories, calls, codes, seed=2).set_index("outlet")
        boot = frames.corrected_shares(stories, calls, codes, interval="bootstrap",
                                       seed=2).set_index("outlet")
        assert post.loc["Y", "observed"] == 0 and post.loc["Y", "observed_high"] > 0.01
        assert boot.loc["Y", "observed_high"] == 0

    def test_errors(self, design):
        stories, calls, codes = design
        with pytest.raises(ValueError, match="no call for 2 stories of frame 'spy'"):
            frames.corrected_shares(stories, calls[~calls["story_id"].isin(["s0", "s1"])],
                                    codes)
        with pytest.raises(ValueError, match="`correction` must be one of"):
            frames.corrected_shares(stories, calls, codes, correction="ppv")
        with pytest.raises(ValueError, match="`unit` must be one of"):
            frames.corrected_shares(stories, calls, codes, unit="family")


@pytest.mark.newsarticles
def test_development_sample_corrects_newsarticles_shares():
    """DEVELOPMENT numbers: Se and Sp from the sample the lexicons were revised on."""
    from wireframe import datasets
    stories, _ = datasets.load("newsarticles")
    codes = frames.adjudicate(frames.read_codes(DEV_CODES))
    scores = frames.score(stories, ["new_cold_war", "rivalry", "espionage"])
    t = frames.corrected_shares(stories, scores, codes, by=None, seed=0).set_index("frame")
    print("\nDEVELOPMENT correction, all NewsArticles placements:\n",
          t.drop(columns=["interval", "correction", "unit"]).round(3).to_string())
    assert (t["n"] == 3824).all()
    for frame, row in t.iterrows():
        expected = frames.rogan_gladen(row["observed"], row["sensitivity"], row["specificity"])
        assert row["corrected"] == pytest.approx(float(expected)), frame
        assert row["corrected_low"] <= row["corrected"] <= row["corrected_high"]
    # The revised lexicons still under-call rivalry (development sensitivity 0.64 at
    # precision 0.85): its corrected share is over a quarter above the called one;
    # espionage's (0.87 at 0.93) is within a tenth of it.
    assert t.loc["rivalry", "sensitivity"] == pytest.approx(0.643, abs=0.001)
    assert t.loc["rivalry", "corrected"] > 1.25 * t.loc["rivalry", "observed"]
    assert abs(t.loc["espionage", "corrected"] / t.loc["espionage", "observed"] - 1) < 0.1
