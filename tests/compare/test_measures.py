"""Tests for wireframe.compare.measures: each measure against a hand computation.

The Yates conventions are checked against R/scipy and quanteda's numbers.
"""

from __future__ import annotations

from math import inf, log, log2, sqrt

import numpy as np
import pytest
from scipy import stats
from scipy.stats import chi2_contingency

from wireframe import compare


class TestChi2:
    # [[3, 14], [2, 10]]: N = 29, ad - bc = 2, margins 5, 24, 17, 12.
    UNCORRECTED = 29 * 2**2 / (5 * 24 * 17 * 12)
    UNCAPPED = 29 * (2 - 29 / 2) ** 2 / (5 * 24 * 17 * 12)

    def test_yates_conventions_on_the_quanteda_table(self):
        cell = ([3], [2], 17, 12)
        assert abs(2 / 29 - 0.069) < 0.001  # every |O - E|, below 0.5
        assert self.UNCORRECTED == pytest.approx(0.004738562, abs=1e-9)
        assert self.UNCAPPED == pytest.approx(0.1851001, abs=1e-7)
        assert compare.chi2(*cell, correction="none")["stat"][0] == pytest.approx(
            self.UNCORRECTED, rel=1e-12)
        assert compare.chi2(*cell, correction="yates")["stat"][0] == pytest.approx(0, abs=1e-15)
        assert compare.chi2(*cell, correction="yates_uncapped")["stat"][0] == pytest.approx(
            self.UNCAPPED, rel=1e-12)
        # quanteda.textstats' compiled rule leaves a table with |O - E| < 0.5 alone.
        assert compare.chi2(*cell, correction="yates_quanteda")["stat"][0] == pytest.approx(
            self.UNCORRECTED, rel=1e-12)

    def test_r_and_scipy_cap_the_correction(self):
        observed = np.array([[3, 14], [2, 10]])
        assert chi2_contingency(observed, correction=True)[0] == pytest.approx(0, abs=1e-15)
        assert chi2_contingency(observed, correction=False)[0] == pytest.approx(self.UNCORRECTED)

    def test_quanteda_rule_corrects_only_small_expected_counts(self):
        # a=6, b=0 of 100 and 100: E_a = 3 < 5, |O - E| = 3: corrected by 0.5.
        small = 200 * (600 - 100) ** 2 / (6 * 194 * 100 * 100)
        got = compare.chi2([6], [0], 100, 100, correction="yates_quanteda")["stat"][0]
        assert got == pytest.approx(small, rel=1e-12) and small == pytest.approx(4.295533, 1e-6)
        # a=20, b=10 of 100 and 100: every E >= 5 (15, 15, 85, 85): no correction...
        large = ([20], [10], 100, 100)
        assert compare.chi2(*large, correction="yates_quanteda")["stat"][0] == pytest.approx(
            200 * 1000**2 / (30 * 170 * 100 * 100), rel=1e-12)
        # ...where R and scipy subtract 0.5 from |O - E| = 5.
        assert compare.chi2(*large, correction="yates")["stat"][0] == pytest.approx(
            200 * 900**2 / (30 * 170 * 100 * 100), rel=1e-12)

    def test_matches_scipy_on_random_tables(self, rng):
        a, b = rng.integers(0, 40, 50), rng.integers(0, 40, 50)
        ta, tb = 400, 700
        for correction, scipy_flag in (("none", False), ("yates", True)):
            got = compare.chi2(a, b, ta, tb, correction=correction)
            want = [chi2_contingency([[x, y], [ta - x, tb - y]], correction=scipy_flag)[0]
                    if x + y else 0.0 for x, y in zip(a, b, strict=True)]
            np.testing.assert_allclose(got["stat"].abs(), want, rtol=1e-10, atol=1e-12)

    def test_sign_and_p(self):
        got = compare.chi2([1, 30], [30, 1], 100, 100, correction="none")
        assert got["stat"][0] < 0 < got["stat"][1]
        # chi2 = 200 (29 * 100)^2 / (31 * 169 * 100 * 100); p from 1 degree of freedom.
        value = 200 * 2900**2 / (31 * 169 * 100 * 100)
        assert got["stat"][1] == pytest.approx(value)
        assert got["p"][1] == pytest.approx(stats.chi2.sf(value, 1))

    def test_bad_correction(self):
        with pytest.raises(ValueError, match=r"`correction` must be one of 'none', 'yates', "
                           r"'yates_uncapped', 'yates_quanteda'; got 'williams'"):
            compare.chi2([1], [1], 10, 10, correction="williams")


class TestG2:
    # a=10, b=5 of T=1000, R=2000: expected 5, 10, 995, 1990.
    G2 = 2 * (10 * log(10 / 5) + 5 * log(5 / 10) + 990 * log(990 / 995)
              + 1995 * log(1995 / 1990))
    Q = 1 + (3000 / 15 + 3000 / 2985 - 1) * (3000 / 1000 + 3000 / 2000 - 1) / (6 * 3000)

    def test_hand_computation(self):
        got = compare.g2([10], [5], 1000, 2000, correction="none")
        assert got["stat"][0] == pytest.approx(self.G2, rel=1e-12)
        assert self.G2 == pytest.approx(6.969192, abs=1e-6)

    def test_williams(self):
        got = compare.g2([10], [5], 1000, 2000, correction="williams")
        assert got["stat"][0] == pytest.approx(self.G2 / self.Q, rel=1e-12)
        assert self.Q == pytest.approx(1.03889, abs=1e-5)

    def test_zero_cell(self):
        # a=0, b=4 of 10 and 10: 0 ln 0 = 0; expected 2, 2, 8, 8; under-represented.
        want = 2 * (4 * log(4 / 2) + 10 * log(10 / 8) + 6 * log(6 / 8))
        got = compare.g2([0], [4], 10, 10, correction="none")["stat"][0]
        assert got == pytest.approx(-want, rel=1e-12)

    def test_matches_scipy_log_likelihood(self, rng):
        a, b = rng.integers(1, 40, 30), rng.integers(1, 40, 30)
        got = compare.g2(a, b, 500, 800, correction="none")["stat"].abs()
        want = [chi2_contingency([[x, y], [500 - x, 800 - y]], correction=False,
                                 lambda_="log-likelihood")[0] for x, y in zip(a, b, strict=True)]
        np.testing.assert_allclose(got, want, rtol=1e-10)


class TestPmi:
    def test_hand_computation(self):
        # a N / ((a + b)(a + c)): 10 * 400 / (20 * 100) = 2 -> 1 bit; 5 * 400 / (20 * 100) = 1.
        got = compare.pmi([10, 5, 0], [10, 15, 4], 100, 300)
        assert got["stat"].tolist() == [pytest.approx(log2(2)), pytest.approx(0), -inf]

    def test_p_is_the_g2_test_of_the_same_table(self):
        got = compare.pmi([10], [10], 100, 300)["p"][0]
        assert got == compare.g2([10], [10], 100, 300, correction="none")["p"][0]


class TestLogOddsDirichlet:
    def test_hand_computation(self):
        # a=[3, 1], b=[1, 3] of 4 and 4, alpha=2 each (alpha_0 = 4):
        # delta = ln(5 / (4 + 4 - 3 - 2)) - ln(3 / (4 + 4 - 1 - 2)) = 2 ln(5/3).
        got = compare.log_odds_dirichlet([3, 1], [1, 3], 4, 4, alpha=[2.0, 2.0])
        delta, var = 2 * log(5 / 3), 1 / 5 + 1 / 3
        assert got["delta"].tolist() == pytest.approx([delta, -delta], rel=1e-12)
        assert got["var"].tolist() == pytest.approx([var, var], rel=1e-12)
        assert got["z"][0] == pytest.approx(delta / sqrt(var), rel=1e-12)
        assert got["z"][0] == pytest.approx(1.398954, abs=1e-6)
        assert (got["stat"] == got["z"]).all()

    def test_alpha_must_be_positive(self):
        with pytest.raises(ValueError, match="`alpha` must be positive for every term"):
            compare.log_odds_dirichlet([1], [0], 1, 1, alpha=0.0)


class TestLogRatio:
    def test_hardie_zero_as_half(self):
        # (20/1000) / (10/1000) = 2 -> 1; (0.5/1000) / (4/1000) = 1/8 -> -3.
        assert compare.log_ratio([20, 0], [10, 4], 1000, 1000).tolist() == [1.0, -3.0]
