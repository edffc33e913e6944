"""Tests for wireframe.models.presence (binomial.py): statsmodels' own fits on a fixed table,
the counting unit, separation refused with the cell named, and the messages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from statsmodels.formula import options

from wireframe import models


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
                              covariance="cluster")
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
            "glm-logit, cluster-robust by family (bias-reduced, Mancl-DeRouen)"}

    @pytest.mark.parametrize(("covariance", "cov_type"), [("bias-reduced", "bias_reduced"),
                                                          ("cluster", "robust")])
    def test_gee_is_statsmodels_gee(self, trend_table, covariance, cov_type):
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published",
                              method="gee", covariance=covariance)
        data = fit.data.assign(group=pd.factorize(fit.data["family"])[0])
        own = smf.gee("present ~ outlet + published", "group", data,
                      family=sm.families.Binomial(),
                      cov_struct=sm.cov_struct.Exchangeable()).fit(cov_type=cov_type)
        assert np.allclose(fit.coefficients["estimate"], own.params, rtol=1e-6)
        assert np.allclose(fit.coefficients["std_error"], own.bse, rtol=1e-6)
        assert fit.coefficients["method"].iloc[0] == (
            "gee-logit, exchangeable within family, robust "
            + {"bias-reduced": "(bias-reduced, Mancl-DeRouen)", "cluster": "(plain)"}[covariance])

    def test_clustering_widens_errors_when_copies_agree(self, trend_table):
        stories, scores, _ = trend_table
        fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published")
        naive = sm.GLM(fit.data["present"], fit.design(fit.data),
                       family=sm.families.Binomial()).fit()
        assert (fit.coefficients["std_error"].to_numpy() > naive.bse.to_numpy()).all()


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
