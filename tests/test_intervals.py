"""Tests for wireframe.intervals: each method against a published implementation or a hand
computation, and a small coverage grid run through the kit's public functions."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from wireframe import aggregate, intervals, topics
from wireframe.synthetic import prevalence


class TestBinomial:
    @pytest.mark.parametrize(("x", "n"), [(0, 10), (1, 10), (3, 40), (40, 40), (17, 1000)])
    def test_clopper_pearson_is_statsmodels_beta(self, x, n):
        assert np.allclose(intervals.clopper_pearson(x, n), proportion_confint(x, n,
                                                                               method="beta"))

    def test_zero_hits_has_a_real_upper_limit(self):
        low, high = intervals.clopper_pearson(0, 110)
        assert low == 0 and high == pytest.approx(1 - 0.025 ** (1 / 110))   # 0.0330

    @pytest.mark.parametrize(("x", "n"), [(1, 10), (3, 40), (17, 1000)])
    def test_jeffreys_is_statsmodels_inside(self, x, n):
        assert np.allclose(intervals.jeffreys(x, n), proportion_confint(x, n,
                                                                        method="jeffreys"))

    def test_jeffreys_boundaries_and_no_trials(self):
        assert intervals.jeffreys(0, 10)[0] == 0 and intervals.jeffreys(10, 10)[1] == 1
        assert np.isnan(intervals.clopper_pearson(0, 0)).all()

    def test_confidence_is_checked(self):
        with pytest.raises(ValueError, match=r"^intervals\.clopper_pearson: `confidence` must "
                           r"be a number in \(0, 1\); got 95"):
            intervals.clopper_pearson(1, 10, confidence=95)


class TestClusters:
    def test_kish_size_by_hand(self):
        assert intervals.kish_size([8] + [1] * 40) == pytest.approx(48 ** 2 / (64 + 40))
        assert intervals.kish_size(np.ones(30)) == 30
        assert intervals.kish_size([3, 1, 2, 2], cells=np.array([0, 0, 1, 1])).tolist() == [
            pytest.approx(16 / 10), pytest.approx(2.0)]

    def test_cluster_variance_is_statsmodels(self, rng):
        sizes = np.r_[rng.integers(2, 11, 12), np.ones(60, int)]
        fam = np.repeat(np.arange(sizes.size), sizes)
        present = np.repeat(rng.random(sizes.size) < 0.2, sizes).astype(float)
        words = np.repeat(np.exp(np.log(500) + 0.6 * rng.standard_normal(sizes.size)), sizes)
        hits = present * (1 + rng.poisson(2 * words / 1000))
        one = np.ones((fam.size, 1))
        ols = sm.OLS(present, one).fit(cov_type="cluster", cov_kwds={"groups": fam})
        r, v, m = intervals.cluster_ratio(np.bincount(fam, present), np.bincount(fam))
        assert (r, v, m) == (pytest.approx(ols.params[0]), pytest.approx(ols.bse[0] ** 2), 72)
        wls = sm.WLS(1000 * hits / words, one, weights=words).fit(
            cov_type="cluster", cov_kwds={"groups": fam})
        r, v, _ = intervals.cluster_ratio(1000 * np.bincount(fam, hits), np.bincount(fam, words))
        assert (r, v) == (pytest.approx(wls.params[0]), pytest.approx(wls.bse[0] ** 2))

    def test_bad_cells(self):
        with pytest.raises(ValueError, match="`cells` must be one integer code >= 0 per family"):
            intervals.kish_size([1, 2], cells=[0.5, 1])


class TestShare:
    def test_per_story_is_the_exact_binomial(self):
        s = intervals.share([1, 0, 1, 0, 0], np.ones(5))
        assert s.method == "clopper-pearson" and s.estimate == 0.4
        assert np.allclose((s.low, s.high), proportion_confint(2, 5, method="beta"))

    def test_per_placement_at_kish_size(self):
        # A wire story run 8 times, framed, among 40 unframed own stories.
        s = intervals.share([8] + [0] * 40, [8] + [1] * 40)
        n_eff = 48 ** 2 / 104
        assert s.method == "clopper-pearson-kish"
        assert (s.low, s.high) == (
            pytest.approx(stats.beta.ppf(0.025, n_eff / 6, n_eff - n_eff / 6 + 1)),
            pytest.approx(stats.beta.ppf(0.975, n_eff / 6 + 1, n_eff - n_eff / 6)))
        # Wider than if the 48 placements were independent.
        assert s.high - s.low > np.subtract(*proportion_confint(8, 48, method="beta")[::-1])

    def test_cells_and_frames_at_once(self, rng):
        cells = rng.integers(0, 4, 60)
        n_j = rng.integers(1, 4, 60).astype(float)
        y = (rng.random((60, 2)) < 0.3) * n_j[:, None]
        both = intervals.share(y, n_j, cells=cells)
        one = intervals.share(y[cells == 2, 1], n_j[cells == 2])
        assert (both.low[2, 1], both.high[2, 1]) == (pytest.approx(one.low),
                                                       pytest.approx(one.high))

    def test_bootstrap_rule(self):
        assert intervals.bootstrap_covers([19, 20, 180, 181, 50], [200] * 5,
                                          [False, False, False, False, True]).tolist() == [
            False, True, True, False, False]


class TestRate:
    words = np.full(40, 500.0)

    def test_zero_hits_upper_limit_by_hand(self):
        r = intervals.rate(np.zeros(40), self.words, np.ones(40), np.zeros(40),
                           dispersion=(2.75, 2.0))
        # 3.69 framed stories' worth of hits (d = 2.75 each) over 20,000 words.
        assert (r.estimate, r.low) == (0, 0)
        assert r.high == pytest.approx(stats.gamma.ppf(0.975, 1) * 1000 * 2.75 / 20_000)

    def test_copies_widen_it_by_the_design_effect(self):
        single = intervals.rate(np.zeros(41), np.full(41, 500.0), np.ones(41), np.zeros(41),
                                dispersion=(2.0, 1.5))
        copied = intervals.rate(np.zeros(41), np.r_[4000.0, np.full(40, 500.0)],
                                np.r_[8.0, np.ones(40)], np.zeros(41), dispersion=(2.0, 1.5))
        deff = 48 / (48 ** 2 / 104)
        assert copied.high == pytest.approx(stats.gamma.ppf(0.975, 1) * 1000 * 2 * deff / 24_000)
        assert copied.high > single.high

    def test_one_framed_story_is_one_event_wide(self):
        h = np.r_[3.0, np.zeros(39)]
        r = intervals.rate(h, self.words, np.ones(40), (h > 0) * 1.0, dispersion=(2.75, 2.0))
        assert r.estimate == pytest.approx(0.15) and r.low == 0
        assert r.high > 4 * r.estimate

    def test_one_family_and_no_words(self):
        one = intervals.rate([4.0], [600.0], [3.0], [3.0], dispersion=(2.0, 1.5))
        assert np.isfinite(one.high) and one.low <= one.estimate <= one.high
        none = intervals.rate(np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3),
                              dispersion=(2.0, 1.5))
        assert np.isnan([none.estimate, none.low, none.high]).all()

    def test_hit_dispersion(self):
        assert intervals.hit_dispersion([0, 1, 1, 2, 4]) == (22 / 8, 2.0)
        assert intervals.hit_dispersion([0, 0]) == (1.0, 1.0)


class TestTopics:
    def test_dispersion_of_a_dirichlet(self, rng):
        theta = rng.dirichlet(np.full(10, 0.2), size=20_000)
        # Every topic of a Dirichlet(alpha) has psi = 1 / (1 + sum alpha) = 1/3.
        assert intervals.topic_dispersion(theta) == pytest.approx(np.full(10, 1 / 3), rel=0.05)

    def test_mean_proportion_by_hand(self):
        y = np.array([0.3, 0.1, 0.05, 0.0])
        got = intervals.mean_proportion(y, np.ones(4), psi=0.33)
        mu = y.mean()
        v = 4 / 3 * ((y - mu) ** 2).sum() / 16
        n_e = min(4 / 0.33, mu * (1 - mu) / v)
        assert intervals.effective_size(y, np.ones(4), psi=0.33) == pytest.approx(n_e)
        assert (got.low, got.high) == (
            pytest.approx(stats.beta.ppf(0.025, mu * n_e + 0.5, (1 - mu) * n_e + 0.5)),
            pytest.approx(stats.beta.ppf(0.975, mu * n_e + 0.5, (1 - mu) * n_e + 0.5)))

    def test_mover_without_shared_families_is_newcombe(self):
        ya, yb = np.array([0.4, 0.5, 0.2, 0, 0, 0]), np.array([0, 0, 0, 0.1, 0.3, 0.2])
        na, nb = (ya > 0) * 1.0, (yb > 0) * 1.0
        d = intervals.difference(ya, na, yb, nb, psi=0.5)
        a = intervals.mean_proportion(ya, na, psi=0.5)
        b = intervals.mean_proportion(yb, nb, psi=0.5)
        assert d.estimate == pytest.approx(a.estimate - b.estimate)
        assert d.low == pytest.approx(d.estimate - np.hypot(a.estimate - a.low,
                                                            b.high - b.estimate))
        assert d.high == pytest.approx(d.estimate + np.hypot(a.high - a.estimate,
                                                             b.estimate - b.low))

    def test_shared_families_narrow_the_difference(self):
        # Side B carries A's three wire stories and one own story: the shared ones correlate.
        ya = np.array([0.4, 0.1, 0.3, 0.0])
        yb = np.array([0.4, 0.1, 0.3, 0.2])
        na, nb = np.array([1.0, 1, 1, 0]), np.ones(4)
        shared = intervals.difference(ya, na, yb, nb, psi=0.5)
        apart = [intervals.mean_proportion(y, n, psi=0.5) for y, n in ((ya, na), (yb, nb))]
        newcombe = np.hypot(apart[0].estimate - apart[0].low, apart[1].high - apart[1].estimate)
        assert shared.estimate - shared.low < newcombe


# -- coverage, through the kit's public functions ----------------------------------------------

def _covered(low, high, truth):
    return ((np.asarray(low) <= truth) & (truth <= np.asarray(high))).mean()


class TestCoverage:
    """A corner of benchmarks/bench_coverage.py's grid (the full grid prints the README table).

    The cell p = 0.005, n = 50 is where the kit's former percentile bootstrap covered 24 %
    (no hit in 78 % of the datasets gives [0, 0]); 400 datasets put the Monte Carlo standard
    error near 1.1 points, so >= 0.90 fails a method whose true coverage is under 0.93.
    """

    @pytest.mark.parametrize("copies", ["none", "c50"])
    def test_rare_frame_in_50_stories(self, copies):
        stories, scores, truth = prevalence.frame_cells(50, 0.005, copies=copies, datasets=400,
                                                     seed=17)
        for unit in ("placement", "story"):
            t = aggregate.frame_rates(stories, scores, unit=unit)
            assert _covered(t["share_low"], t["share_high"], truth["share"]) >= 0.90, unit
            assert _covered(t["rate_low"], t["rate_high"], truth["rate"]) >= 0.90, unit

    def test_small_grid(self):
        """n in {50, 200}, p in {0.005, 0.1}, no copies and 50 % in families of 2-10.

        Pooled over the grid's 1,600 datasets per quantity and unit (Monte Carlo s.e. about
        0.5 points) the coverage must reach the issue's bar, 0.93; every cell of 200
        datasets (s.e. about 1.5 points) must reach 0.90.
        """
        cells = {}
        for n in (50, 200):
            for p in (0.005, 0.1):
                for copies in ("none", "c50"):
                    stories, scores, truth = prevalence.frame_cells(
                        n, p, copies=copies, datasets=200, seed=int(1000 * p) + n)
                    for unit in ("placement", "story"):
                        t = aggregate.frame_rates(stories, scores, unit=unit)
                        for q in ("share", "rate"):
                            cells[q, unit, n, p, copies] = _covered(
                                t[f"{q}_low"], t[f"{q}_high"], truth[q])
        got = pd.Series(cells)
        assert (got >= 0.90).all(), got[got < 0.90]
        pooled = got.groupby(level=[0, 1]).mean()
        assert (pooled >= 0.93).all(), pooled

    def test_the_percentile_bootstrap_fails_there(self):
        stories, scores, truth = prevalence.frame_cells(50, 0.005, copies="c50", datasets=400,
                                                     seed=17)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            boot = aggregate.frame_rates(stories, scores, unit="story", method="bootstrap")
        assert (boot["share_method"] == "clopper-pearson").all()    # never allowed here
        units = aggregate.counting_units(stories, "outlet", None, "story")
        present = scores.set_index("story_id").loc[units["story_id"], "present"].to_numpy()
        rng = np.random.default_rng(0)
        bounds = [intervals.percentile_bootstrap(p, np.ones(len(p)), rng=rng, n_boot=200)
                  for _, p in pd.Series(present * 1.0).groupby(units["outlet"].to_numpy())]
        low, high = np.array(bounds).T
        assert _covered(low, high, truth["share"]) < 0.40

    def test_common_frame_with_big_families(self):
        stories, scores, truth = prevalence.frame_cells(200, 0.3, copies="c50", datasets=300,
                                                     seed=18)
        for unit in ("placement", "story"):
            t = aggregate.frame_rates(stories, scores, unit=unit)
            assert _covered(t["share_low"], t["share_high"], truth["share"]) >= 0.91, unit
            assert _covered(t["rate_low"], t["rate_high"], truth["rate"]) >= 0.91, unit

    def test_rare_topic_difference(self):
        table, truth = prevalence.topic_cells(50, 0.01, 0.02, copies="c50", datasets=400, seed=19)
        for unit in ("placement", "story"):
            d = topics.difference(table, target="A", reference="B", period="day", unit=unit)
            d = d[d["topic"] == 1].merge(truth[truth["unit"] == unit], on="period",
                                         suffixes=("", "_true"))
            assert len(d) == 400
            assert _covered(d["difference_low"], d["difference_high"],
                            d["difference_true"]) >= 0.90, unit
