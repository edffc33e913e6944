"""Tests for wireframe.models.predict, contrast, trend and time_test: each against the
formula computed by hand from the fitted coefficients and their covariance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from wireframe import models


@pytest.fixture(scope="module")
def fit(trend_table):
    stories, scores, _ = trend_table
    return models.presence(stories, scores, frame="f", formula="present ~ outlet + published",
                           origin="2017-01-01")


def _by_hand(fit, outlet, when):
    years = (pd.Timestamp(when, tz="UTC") - fit.origin) / pd.Timedelta(days=365.25)
    levels = {"A": [0, 0], "B": [1, 0], "C": [0, 1]}[outlet]
    x = np.array([1.0, *levels, years])
    beta, V = np.asarray(fit.result.params), fit.covariance
    return x, beta, V


class TestPredict:
    def test_delta_method_on_the_logit_scale(self, fit):
        got = models.predict(fit, times=["2017-07-02"], groups=["B"]).iloc[0]
        x, beta, V = _by_hand(fit, "B", "2017-07-02")
        eta, se = x @ beta, np.sqrt(x @ V @ x)
        # Student's t with the prediction's own degrees of freedom (hand-checked in
        # test_binomial's TestDegreesOfFreedom).
        z = stats.t.ppf(0.975, fit.degrees_of_freedom(x)[0])
        assert 1.96 < z < 2.0
        assert got["prevalence"] == pytest.approx(special.expit(eta))
        assert (got["prevalence_low"], got["prevalence_high"]) == (
            pytest.approx(special.expit(eta - z * se)), pytest.approx(special.expit(eta + z * se)))
        assert got["unit"] == "placement" and "delta method" in got["method"]

    def test_grids_of_time(self, fit):
        points = models.predict(fit, times=5)
        assert points["outlet"].tolist() == ["A"] * 5 + ["B"] * 5 + ["C"] * 5
        first, last = points["published"].min(), points["published"].max()
        monthly = models.predict(fit, times="month", groups=["A"])
        # The middle of each month, clipped to the modelled span (2017-01-01 to the small
        # hours of 2018-01-01).
        assert len(monthly) == 13 and monthly["published"].min() >= first
        assert monthly["published"].iloc[5].strftime("%m-%d %H") == "06-16 00"   # 1 + 30/2
        assert monthly["published"].iloc[-1] == last

    def test_needs_data_for_other_covariates(self, trend_table):
        stories, scores, _ = trend_table
        desk = stories.assign(desk=np.where(np.arange(len(stories)) % 2 == 0, "news", "world"))
        fit = models.presence(desk, scores, frame="f", formula="present ~ outlet + desk")
        with pytest.raises(ValueError, match=r"also depends on 'desk'; pass `data`"):
            models.predict(fit)
        rows = pd.DataFrame({"outlet": ["A", "A"], "desk": ["news", "world"]})
        assert len(models.predict(fit, data=rows)) == 2

    def test_errors(self, fit):
        with pytest.raises(ValueError, match=r"`groups` must be values of 'outlet'"):
            models.predict(fit, groups=["Z"])
        with pytest.raises(ValueError, match=r"`model` must be a PresenceModel"):
            models.predict("fit")


class TestContrast:
    def test_at_one_time(self, fit):
        got = models.contrast(fit, target="B", reference="A", times=["2017-07-02"]).iloc[0]
        xb, beta, V = _by_hand(fit, "B", "2017-07-02")
        xa, _, _ = _by_hand(fit, "A", "2017-07-02")
        pb, pa = special.expit(xb @ beta), special.expit(xa @ beta)
        g = pb * (1 - pb) * xb - pa * (1 - pa) * xa
        se = np.sqrt(g @ V @ g)
        assert got["difference"] == pytest.approx(pb - pa)
        t = stats.t.ppf(0.975, fit.degrees_of_freedom(g)[0])
        assert got["difference_low"] == pytest.approx(pb - pa - t * se)
        assert (got["target"], got["reference"]) == ("B", "A")

    def test_average_over_the_modelled_times(self, fit):
        got = models.contrast(fit, target="C", reference="A", average=True)
        assert len(got) == 1 and "published" not in got.columns
        years = fit.data["published"].to_numpy()
        beta = np.asarray(fit.result.params)
        pc = special.expit(beta[0] + beta[2] + beta[3] * years)
        pa = special.expit(beta[0] + beta[3] * years)
        assert got["difference"].iloc[0] == pytest.approx((pc - pa).mean())

    def test_errors(self, fit):
        with pytest.raises(ValueError, match="must differ"):
            models.contrast(fit, target="A", reference="A")
        with pytest.raises(ValueError, match=r"`reference` must be a value of 'outlet'"):
            models.contrast(fit, target="A", reference="Q")


class TestTrend:
    def test_weighted_by_each_outlets_share(self, fit):
        got = models.trend(fit, times=["2017-03-01"]).iloc[0]
        shares = fit.data["outlet"].value_counts(normalize=True)
        each = models.predict(fit, times=["2017-03-01"]).set_index("outlet")["prevalence"]
        assert got["prevalence"] == pytest.approx((shares * each).sum())
        assert got["prevalence_low"] < got["prevalence"] < got["prevalence_high"]

    def test_normal_reference(self, trend_table):
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published",
                              reference="normal")
        got = models.predict(fit, times=["2017-07-02"], groups=["B"]).iloc[0]
        x, beta, V = _by_hand(fit, "B", "2017-07-02")
        high = special.expit(x @ beta + stats.norm.ppf(0.975) * np.sqrt(x @ V @ x))
        assert got["prevalence_high"] == pytest.approx(high)
        assert got["method"].endswith("; normal; delta method, logit scale")

    def test_time_test_is_the_wald_statistic(self, fit):
        got = models.time_test(fit).iloc[0]
        beta, se = fit.result.params[3], np.sqrt(fit.covariance[3, 3])
        assert got["chi2"] == pytest.approx((beta / se) ** 2)
        assert got["p"] == pytest.approx(2 * stats.norm.sf(abs(beta / se)))
        assert (got["terms"], got["df"]) == (1, 1)

    def test_without_time(self, trend_table):
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f", formula="present ~ outlet")
        with pytest.raises(ValueError, match="no time term"):
            models.trend(fit)
        with pytest.raises(ValueError, match="no time term"):
            models.time_test(fit)
        assert models.predict(fit)["outlet"].tolist() == ["A", "B", "C"]
