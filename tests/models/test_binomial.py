"""Tests for wireframe.models.presence (binomial.py): statsmodels' own fits on a fixed table,
the counting unit, separation refused with the cell named, and the messages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.formula import options

from wireframe import models
from wireframe.models import binomial
from wireframe.synthetic import prevalence


@pytest.fixture
def formulaic_engine():
    """statsmodels' formulas parsed by formulaic, as the kit's are (its B-spline basis)."""
    saved = options.formula_engine
    options.formula_engine = "formulaic"
    yield
    options.formula_engine = saved


class TestAgainstStatsmodels:
    def test_glm_coefficients_and_clustered_errors(self, trend_table, formulaic_engine):
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f",
                              formula="present ~ outlet + bs(published, df=3)",
                              covariance="cluster", reference="normal")
        data = fit.data
        own = smf.glm("present ~ outlet + bs(published, df=3)", data,
                      family=sm.families.Binomial()).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(data["family"])[0]})
        table = fit.coefficients.set_index("term")
        assert table.index.tolist() == list(own.params.index)
        assert np.allclose(table["estimate"], own.params, rtol=1e-9)
        assert np.allclose(table["std_error"], own.bse, rtol=1e-9)
        assert np.allclose(table["p"], own.pvalues, rtol=1e-6)
        low, high = own.conf_int().to_numpy().T
        assert np.allclose(table["low"], low) and np.allclose(table["high"], high)

    def test_glm_bias_reduced_errors_are_statsmodels_mancl_derouen(self, trend_table):
        # The default sandwich: statsmodels computes Mancl & DeRouen's for GEE; with an
        # independence working correlation GEE's estimating equations are the GLM's.
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f",
                              formula="present ~ outlet + published")
        data = fit.data.assign(group=pd.factorize(fit.data["family"])[0])
        own = smf.gee("present ~ outlet + published", "group", data,
                      family=sm.families.Binomial(),
                      cov_struct=sm.cov_struct.Independence()).fit(cov_type="bias_reduced")
        assert np.allclose(fit.coefficients["estimate"], own.params, rtol=1e-8)
        assert np.allclose(fit.coefficients["std_error"], own.bse, rtol=1e-8)
        assert np.allclose(fit.covariance, own.cov_params(), rtol=1e-8)
        plain = models.presence(stories, scores, frame="f",
                                formula="present ~ outlet + published", covariance="cluster")
        # The correction widens every error, by little with families of a few copies.
        ratio = fit.coefficients["std_error"] / plain.coefficients["std_error"]
        assert ((ratio > 1) & (ratio < 1.1)).all(), ratio
        assert set(fit.coefficients["method"]) == {
            "glm-logit, cluster-robust by family (bias-reduced, Mancl-DeRouen); "
            "t, Satterthwaite df"}

    @pytest.mark.parametrize(("covariance", "cov_type"), [("bias-reduced", "bias_reduced"),
                                                          ("cluster", "robust")])
    def test_gee_is_statsmodels_gee(self, trend_table, covariance, cov_type):
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published",
                              method="gee", covariance=covariance, reference="normal")
        data = fit.data.assign(group=pd.factorize(fit.data["family"])[0])
        own = smf.gee("present ~ outlet + published", "group", data,
                      family=sm.families.Binomial(),
                      cov_struct=sm.cov_struct.Exchangeable()).fit(cov_type=cov_type)
        assert np.allclose(fit.coefficients["estimate"], own.params, rtol=1e-6)
        assert np.allclose(fit.coefficients["std_error"], own.bse, rtol=1e-6)
        assert fit.coefficients["method"].iloc[0] == (
            "gee-logit, exchangeable within family, robust "
            + {"bias-reduced": "(bias-reduced, Mancl-DeRouen)", "cluster": "(plain)"}[covariance]
            + "; normal")
        assert np.allclose(fit.coefficients["p"], own.pvalues, rtol=1e-6)

    def test_clustering_widens_errors_when_copies_agree(self, trend_table):
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published")
        naive = sm.GLM(fit.data["present"], fit.design(fit.data),
                       family=sm.families.Binomial()).fit()
        assert (fit.coefficients["std_error"].to_numpy() > naive.bse.to_numpy()).all()


class TestDegreesOfFreedom:
    """Satterthwaite's degrees of freedom against the formula worked by hand."""

    @staticmethod
    def _families(sizes, framed):
        rows = [(f"s{f}-{k}", f"s{f}", "A", bool(hit)) for f, (m, hit) in
                enumerate(zip(sizes, framed, strict=True)) for k in range(m)]
        stories = pd.DataFrame(rows, columns=["story_id", "family_id", "outlet", "present"])
        scores = stories[["story_id"]].assign(frame="f", present=stories["present"])
        return stories.drop(columns="present"), scores

    def test_intercept_only_by_hand(self):
        # One outlet, ten singletons and four families of 2, 3, 5 and 10, three framed: the
        # fitted share is p = 6/30 for everyone, B = 1/(n v), a_g = m_g B, so
        # nu = 2 (sum m^2 v)^2 / sum(m^4 v (1 - 4v)) = 2 v (sum m^2)^2 / ((1 - 4v) sum m^4).
        sizes = [1] * 10 + [2, 3, 5, 10]
        framed = [1] * 3 + [0] * 7 + [0, 1, 0, 0]
        stories, scores = self._families(sizes, framed)
        fit = models.presence(stories, scores, frame="f", formula="present ~ 1")
        p = 6 / 30
        v = p * (1 - p)
        m = np.array(sizes, dtype=float)
        by_hand = 2 * v * (m**2).sum() ** 2 / ((1 - 4 * v) * (m**4).sum())
        assert by_hand == pytest.approx(2 * 0.16 * 148**2 / (0.36 * 10_732))    # 1.814
        assert fit.coefficients["df"].iloc[0] == pytest.approx(by_hand)
        assert fit.coefficients["p"].iloc[0] == pytest.approx(
            2 * stats.t.sf(abs(fit.coefficients["z"].iloc[0]), by_hand))
        # Without the four families the same share rests on many more trials.
        alone = models.presence(*self._families([1] * 30, [1] * 6 + [0] * 24), frame="f",
                                formula="present ~ 1")
        assert alone.coefficients["df"].iloc[0] == pytest.approx(2 * 0.16 * 30 / 0.36)

    def test_a_rare_frame_in_large_families_has_few(self):
        # The benchmark's hard case (half the stories in families of 2-10): the rarest
        # outlet's share in mid-year rests on about a dozen effective families.
        stories, scores, _ = prevalence.frame_trend(1500, copies="c50", seed=3)
        fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published")
        x = fit.design(pd.DataFrame({"outlet": ["C", "B"],
                                     "published": pd.to_datetime(["2017-07-02"] * 2, utc=True)}))
        rare, common = fit.degrees_of_freedom(x)
        assert 5 < rare < 25 < common
        normal = models.presence(stories, scores, frame="f",
                                 formula="present ~ outlet + published", reference="normal")
        assert np.isinf(normal.degrees_of_freedom(x)).all()
        wide = models.predict(fit, times=["2017-07-02"], groups=["C"])
        narrow = models.predict(normal, times=["2017-07-02"], groups=["C"])
        assert wide["prevalence_high"].iloc[0] > narrow["prevalence_high"].iloc[0]

    def test_gee_weights_are_its_estimating_equations(self, trend_table):
        # GEE's family weight a_g of c'beta, from the explicit matrices
        # c'B X_g' A^1/2 R^-1 A^-1/2 1 of an exchangeable R.
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published",
                              method="gee")
        result = fit.result
        X, mu = np.asarray(result.model.exog), np.asarray(result.fittedvalues)
        groups = pd.factorize(fit.data["family"])[0]
        bread, weight = binomial._weights(result, "gee", X, mu, groups)
        c = np.array([1.0, 0.0, 1.0, 0.5])
        rho = float(result.model.cov_struct.dep_params)
        for family in np.flatnonzero(np.bincount(groups) >= 3)[:3]:
            rows = np.flatnonzero(groups == family)
            v = mu[rows] * (1 - mu[rows])
            R = (1 - rho) * np.eye(len(rows)) + rho
            explicit = (c @ bread @ X[rows].T @ np.diag(np.sqrt(v)) @ np.linalg.inv(R)
                        @ np.diag(1 / np.sqrt(v))).sum()
            assert (X[rows] @ bread @ c * weight[rows]).sum() == pytest.approx(explicit)


class TestPresence:
    def test_a_level_held_by_one_family_is_refused_by_name(self, trend_table):
        # Outlet D's two placements are one family: its coefficient rests on that family
        # alone, whose leverage is 1, so no family-clustered error exists for it.
        stories, scores, _ = trend_table
        extra = pd.DataFrame({"story_id": ["d1", "d2"], "outlet": "D", "family_id": "famD",
                              "published": stories["published"].iloc[:2].to_numpy()})
        stories = pd.concat([stories, extra], ignore_index=True)
        scores = pd.concat([scores, pd.DataFrame({
            "story_id": ["d1", "d2"], "frame": "f", "hits": [1, 0], "words": 100,
            "present": [True, False]})], ignore_index=True)
        with pytest.raises(ValueError, match=r"rests on one syndication family alone "
                                             r"\('family:famD'\).*Fix: drop or merge"):
            models.presence(stories, scores, frame="f", formula="present ~ outlet + published")

    def test_recovers_a_known_model(self):
        from wireframe.synthetic import prevalence

        stories, scores, truth = prevalence.frame_trend(9000, copies="c20", seed=11)
        fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published",
                              origin="2017-01-01")
        got = fit.coefficients.set_index("term")
        # Gross correctness on one dataset (coverage over many: benchmarks/bench_models.py).
        z = (got["estimate"] - pd.Series(truth["coefficients"])) / got["std_error"]
        assert (z.abs() < 3.5).all(), z

    def test_string_columns_are_factors(self, trend_table):
        # Story tables store text as pandas' string dtype, which formulaic would not encode.
        stories, scores, _ = trend_table
        typed = stories.astype({"outlet": "string", "story_id": "string",
                                "family_id": "string"})
        formula = "present ~ outlet + published"
        got = models.presence(typed, scores, frame="f", formula=formula)
        want = models.presence(stories, scores, frame="f", formula=formula)
        pd.testing.assert_frame_equal(got.coefficients, want.coefficients)
        assert models.predict(got, times=["2017-07-02"])["prevalence"].tolist() == (
            models.predict(want, times=["2017-07-02"])["prevalence"].tolist())

    def test_placements_and_unique_stories(self, trend_table):
        stories, scores, _ = trend_table
        place = models.presence(stories, scores, frame="f", formula="present ~ outlet")
        story = models.presence(stories, scores, frame="f", formula="present ~ outlet",
                                unit="story")
        assert len(place.data) == 2400 and place.data["family"].nunique() == len(story.data)
        assert set(place.coefficients["unit"]) == {"placement"}
        assert set(story.coefficients["unit"]) == {"story"}
        assert "placements in" in repr(place) and "storys" not in repr(place)

    def test_origin_and_time_in_years(self, trend_table):
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f", formula="present ~ published")
        assert fit.origin == stories["published"].min().floor("D")
        assert fit.data["published"].max() == pytest.approx(
            (stories["published"].max() - fit.origin) / pd.Timedelta(days=365.25))
        assert fit.times == ("published",)

    def test_missing_covariates_are_dropped_with_a_warning(self, trend_table):
        stories, scores, _ = trend_table
        holes = stories.assign(desk=np.where(np.arange(len(stories)) < 7, None, "news"))
        holes.loc[7:12, "desk"] = "world"
        with pytest.warns(UserWarning, match=r"7 of 2400 rows have a missing value"):
            fit = models.presence(holes, scores, frame="f", formula="present ~ desk")
        assert len(fit.data) == 2393


class TestSeparation:
    def test_an_outlet_without_the_frame_is_named(self, trend_table):
        stories, scores, _ = trend_table
        d = stories[stories["outlet"] == "C"].index
        scores = scores.copy()
        scores.loc[d, "present"] = False
        with pytest.raises(models.SeparationError, match=r"outlet = 'C': 0 of 800 placements "
                           r"have the frame.*outlet\[T\.C\].*Fix: drop or merge") as error:
            models.presence(stories, scores, frame="f", formula="present ~ outlet + published")
        assert error.value.cells == ["outlet = 'C': 0 of 800 placements have the frame"]

    def test_separation_by_time(self, trend_table):
        stories, scores, _ = trend_table
        late = stories["published"] > pd.Timestamp("2017-09-01", tz="UTC")
        with pytest.raises(models.SeparationError, match="a combination of .*published"):
            models.presence(stories, scores.assign(present=late.to_numpy()), frame="f",
                            formula="present ~ published")

    def test_no_story_with_the_frame(self, trend_table):
        stories, scores, _ = trend_table
        with pytest.raises(ValueError, match=r"0 of 2400 placements have the frame 'f': there "
                           r"is nothing to model"):
            models.presence(stories, scores.assign(present=False), frame="f")

    def test_few_events_per_coefficient_warn(self, trend_table):
        stories, scores, _ = trend_table
        some = scores.assign(present=scores["present"] & (np.arange(len(scores)) % 9 == 0))
        with pytest.warns(UserWarning, match=r"fewer than 10 each"):
            models.presence(stories, some, frame="f")


class TestErrors:
    def test_formula(self, trend_table):
        stories, scores, _ = trend_table
        with pytest.raises(ValueError, match=r"^models\.presence: `formula` must be a formula "
                           r"whose left side is `present`"):
            models.presence(stories, scores, frame="f", formula="hits ~ outlet")
        with pytest.raises(ValueError, match=r"`formula` must be a model formula such as"):
            models.presence(stories, scores, frame="f", formula="outlet")
        with pytest.raises(ValueError, match=r"cannot be built on these stories.*Fix: name "
                           r"columns of `stories` \('story_id'"):
            models.presence(stories, scores, frame="f", formula="present ~ desk")

    def test_options(self, trend_table):
        stories, scores, _ = trend_table
        with pytest.raises(ValueError, match=r"`frame` must be a frame of `scores` \(f\); "
                           r"got 'g'"):
            models.presence(stories, scores, frame="g")
        with pytest.raises(ValueError, match=r"`method` must be one of 'glm', 'gee'"):
            models.presence(stories, scores, frame="f", method="firth")
        with pytest.raises(ValueError, match=r"no row of frame 'f' for 1 of the stories"):
            models.presence(stories, scores.iloc[1:], frame="f")
