"""frames.reliability: agreement between coders (hand-computed), and the disagreements table."""

import krippendorff
import numpy as np
import pandas as pd
import pytest

from wireframe import frames

from .conftest import ROOT

DEV_CODES = ROOT / "corpus" / "validation" / "newsarticles_dev_codes.csv"

# Ten stories coded by A and B:
#   A: 1 1 1 1 0 0 0 0 0 0
#   B: 1 1 1 0 1 0 0 0 0 0
A = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
B = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]


def _long(**coders):
    n = len(next(iter(coders.values())))
    rows = [(f"s{i}", c, "spy", v) for c, codes in coders.items()
            for i, v in enumerate(codes) if v is not None]
    out = pd.DataFrame(rows, columns=["story_id", "coder", "frame", "code"])
    assert out["story_id"].nunique() <= n
    return out


class TestAgreement:
    def test_hand_computation(self):
        # The 2 x 2 table: both 1: 3, A only: 1, B only: 1, both 0: 5.
        # Percent agreement p_o = (3 + 5) / 10 = 0.8.
        # Cohen: each coder codes 4 of 10 as 1, so p_e = 0.4 * 0.4 + 0.6 * 0.6 = 0.52 and
        #   kappa = (0.8 - 0.52) / (1 - 0.52) = 0.28 / 0.48 = 0.583333.
        # Krippendorff (nominal): 20 pairable values, n_1 = 8 ones and n_0 = 12 zeros. The
        #   coincidence matrix has o_10 = o_01 = 2 (the two split stories), so
        #   D_o = (o_10 + o_01) / n = 4 / 20 = 0.2 and
        #   D_e = 2 n_1 n_0 / (n (n - 1)) = 2 * 8 * 12 / (20 * 19) = 192 / 380 = 0.505263;
        #   alpha = 1 - D_o / D_e = 1 - 0.2 * 380 / 192 = 1 - 76 / 192 = 0.604167.
        # Prevalence: 8 ones among 20 codes = 0.4.
        t = frames.agreement(_long(A=A, B=B), n_boot=0).iloc[0]
        assert t["coders"] == "A+B" and t["n"] == 10
        assert t["agreement"] == pytest.approx(0.8)
        assert t["kappa"] == pytest.approx(0.28 / 0.48)
        assert t["alpha"] == pytest.approx(1 - 76 / 192)
        assert t["prevalence"] == pytest.approx(0.4)
        assert np.isnan(t["kappa_low"])

    def test_alpha_is_the_krippendorff_package(self):
        rng = np.random.default_rng(5)
        a = rng.integers(0, 2, 40)
        b = np.where(rng.random(40) < 0.8, a, 1 - a)
        t = frames.agreement(_long(A=list(a), B=list(b)), n_boot=0).iloc[0]
        ref = krippendorff.alpha(reliability_data=np.vstack([a, b]),
                                 level_of_measurement="nominal")
        assert t["alpha"] == pytest.approx(ref)

    def test_three_coders_with_missing_codes(self):
        # C coded stories 0-5 only. The "all" row pools every story coded twice or more.
        c = [1, 1, 0, 0, 0, 0, None, None, None, None]
        t = frames.agreement(_long(A=A, B=B, C=c), n_boot=0)
        assert t["coders"].tolist() == ["A+B", "A+C", "B+C", "all"]
        assert t.set_index("coders")["n"].to_dict() == {"A+B": 10, "A+C": 6, "B+C": 6,
                                                        "all": 10}
        data = np.array([A, B, [np.nan if v is None else v for v in c]], dtype=float)
        ref = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert t.iloc[-1]["alpha"] == pytest.approx(ref)
        assert np.isnan(t.iloc[-1]["kappa"])
        # Percent agreement over all pairs of codes of a story: stories 0-5 have 3 pairs,
        # 6-9 one; agreeing pairs: s0 3, s1 3, s2 1 (A, B agree), s3 1 (B, C), s4 1 (A, C),
        # s5 3, s6-s9 1 each: 16 of 22.
        assert t.iloc[-1]["agreement"] == pytest.approx(16 / 22)

    def test_intervals_are_seeded_and_named(self):
        codes = _long(A=A * 5, B=B * 5)
        one = frames.agreement(codes, n_boot=300, seed=3).iloc[0]
        two = frames.agreement(codes, n_boot=300, seed=3).iloc[0]
        assert one["kappa_low"] == two["kappa_low"] and one["alpha_high"] == two["alpha_high"]
        assert one["kappa_low"] < one["kappa"] < one["kappa_high"]
        assert one["alpha_low"] < one["alpha"] < one["alpha_high"]
        assert one["interval"] == ("bootstrap over stories (300 resamples, percentile 95 %, "
                                   "seed 3)")

    def test_one_code_only_says_nothing(self):
        t = frames.agreement(_long(A=[0] * 6, B=[0] * 6), n_boot=50).iloc[0]
        assert t["agreement"] == 1.0
        assert np.isnan(t["kappa"]) and np.isnan(t["alpha"]) and np.isnan(t["alpha_low"])

    def test_no_story_coded_twice(self):
        codes = pd.DataFrame({"story_id": ["a", "b"], "coder": ["A", "B"], "frame": "spy",
                              "code": [1, 0]})
        with pytest.raises(ValueError, match="no story was coded by two coders"):
            frames.agreement(codes)

    def test_development_sample(self):
        # The 30 stories coded by both A and B: they agreed on all 30 (espionage 4
        # positives, rivalry 2, new_cold_war none: kappa undefined).
        t = frames.agreement(frames.read_codes(DEV_CODES), seed=0).set_index("frame")
        print("\nDevelopment sample, coders A and B:\n", t.drop(columns="interval"))
        assert (t["coders"] == "A+B").all() and (t["n"] == 30).all()
        assert (t["agreement"] == 1.0).all()
        assert t.loc["espionage", "prevalence"] == pytest.approx(4 / 30)
        assert t.loc["rivalry", "prevalence"] == pytest.approx(2 / 30)
        assert t.loc["espionage", "kappa"] == 1.0 and t.loc["rivalry", "alpha"] == 1.0
        assert np.isnan(t.loc["new_cold_war", "kappa"])


class TestDisagreements:
    def test_table_with_comments(self, tmp_path):
        codes = _long(A=A, B=B).assign(comment=None, sheet_id=np.tile(np.arange(1, 11), 2))
        codes.loc[3, "comment"] = "'a Russian spy'"
        codes.loc[14, "comment"] = "a spy film"
        t = frames.disagreements(codes, path=tmp_path / "d.csv")
        assert list(t.columns) == list(frames.DISAGREEMENT_COLUMNS)
        assert t[["sheet_id", "story_id", "codes"]].values.tolist() == [
            [4, "s3", "A=1; B=0"], [5, "s4", "A=0; B=1"]]
        assert t["comments"].tolist() == ["A: 'a Russian spy'", "B: a spy film"]
        assert (t["decision"] == "").all()
        assert pd.read_csv(tmp_path / "d.csv").shape == (2, len(frames.DISAGREEMENT_COLUMNS))

    def test_none_when_coders_agree(self):
        assert frames.disagreements(_long(A=A, B=A)).empty
