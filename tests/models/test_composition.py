"""Tests for wireframe.models.topic_effects (the method of composition) and posterior: a
hand-made two-topic example, the limit without posterior uncertainty, and gensim's gamma."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from topics.conftest import planted

from wireframe import models, topics

# Two topics, two outlets of three stories each; every story's posterior is
# Beta(gamma_1, gamma_2) with gamma_1 + gamma_2 = 10.
TABLE = pd.DataFrame({"story_id": list("abcdef"), "outlet": list("AAABBB")})
GAMMA = pd.DataFrame({"story_id": list("abcdef"), "gamma_1": [9.0, 8, 7, 2, 3, 1],
                      "gamma_2": [1.0, 2, 3, 8, 7, 9]})


@pytest.fixture(scope="module")
def effects():
    return models.topic_effects(TABLE, GAMMA, formula="~ outlet", covariance="ols",
                                n_sims=4000, n_draws=20, seed=3)


class TestHandMadeExample:
    """theta_d ~ Beta(g1, g2), regressed on an intercept and outlet B, by OLS.

    Means 0.9, 0.8, 0.7 (A) and 0.2, 0.3, 0.1 (B); Var(theta_d) = g1 g2 / (10^2 11).
    E[b_B] = 0.2 - 0.8 = -0.6, E[b_0] = 0.8. Across draws, Var(b_B) = sum Var_d / 9 over all
    six stories (0.08364 / 9), and within a draw the OLS variance E[s^2] (X'X)^-1, with
    E[RSS] = sum (1 - h_d) Var_d + mu' M mu = (2/3)(0.08364) + 0.04 and h_d = 1/3. The method
    of composition's variance is the sum of the two (Tanner 1996).
    """

    var = np.array([9, 16, 21, 16, 21, 9]) / 1100
    within = ((2 / 3) * var.sum() + 0.04) / 4          # E[s^2], n - p = 4
    se_b = np.sqrt(within * 2 / 3 + var.sum() / 9)
    se_0 = np.sqrt(within / 3 + var[:3].sum() / 9)

    def test_estimates_are_the_ols_of_the_posterior_means(self, effects):
        got = effects.coefficients.query("topic == 1").set_index("term")
        assert got.loc["Intercept", "estimate"] == pytest.approx(0.8, abs=0.006)
        assert got.loc["outlet[T.B]", "estimate"] == pytest.approx(-0.6, abs=0.008)
        # Topic 2 is one minus topic 1: the same slope with the other sign.
        other = effects.coefficients.query("topic == 2").set_index("term")
        assert other.loc["outlet[T.B]", "estimate"] == pytest.approx(0.6, abs=0.008)

    def test_errors_add_the_posterior_to_the_sampling_variance(self, effects):
        got = effects.coefficients.query("topic == 1").set_index("term")
        assert got.loc["outlet[T.B]", "std_error"] == pytest.approx(self.se_b, rel=0.04)
        assert got.loc["Intercept", "std_error"] == pytest.approx(self.se_0, rel=0.04)
        # Without the posterior draws (OLS on the means) the error would be smaller.
        assert np.sqrt(0.04 / 4 * 2 / 3) < 0.7 * self.se_b
        assert set(effects.coefficients["unit"]) == {"placement"}

    def test_predict_by_outlet(self, effects):
        got = models.predict(effects, topic=1).set_index("outlet")
        assert got.loc["B", "prevalence"] == pytest.approx(0.2, abs=0.006)
        assert got.loc["B", "prevalence_low"] < 0.2 < got.loc["B", "prevalence_high"]
        assert got["method"].str.startswith("method of composition").all()


def test_without_posterior_spread_it_is_cluster_robust_ols(rng):
    n = 60
    table = pd.DataFrame({"story_id": [f"s{i}" for i in range(n)],
                          "outlet": rng.choice(["A", "B"], n),
                          "family_id": [f"f{i // 3}" for i in range(n)]})
    means = rng.dirichlet([2.0, 1.0], n)
    gamma = pd.DataFrame({"story_id": table["story_id"], "gamma_1": means[:, 0] * 1e9,
                          "gamma_2": means[:, 1] * 1e9})
    fx = models.topic_effects(table, gamma, formula="~ outlet", n_sims=1, n_draws=40_000,
                              topics=[1], seed=1)
    X = sm.add_constant((table["outlet"] == "B").astype(float).to_numpy())
    ols = sm.OLS(means[:, 0], X).fit(cov_type="cluster",
                                     cov_kwds={"groups": pd.factorize(table["family_id"])[0]})
    got = fx.coefficients.set_index("term")
    assert got["estimate"].to_numpy() == pytest.approx(ols.params, abs=0.003)
    assert got["std_error"].to_numpy() == pytest.approx(ols.bse, rel=0.02)


def test_posterior_is_the_gamma_behind_proportions():
    corpus = topics.prepare(planted(np.random.default_rng(20170301), n_per_outlet=15),
                            phrases=False, no_below=1, no_above=1.0, progress=False)
    model = topics.fit(corpus, k=3, seed=2, passes=5)
    gamma = models.posterior(model)
    theta = topics.proportions(model)
    assert gamma["story_id"].tolist() == theta["story_id"].tolist()
    g = gamma[["gamma_1", "gamma_2", "gamma_3"]].to_numpy()
    assert g / g.sum(axis=1, keepdims=True) == pytest.approx(
        theta[["topic_1", "topic_2", "topic_3"]].to_numpy())
    fx = models.topic_effects(theta, gamma, formula="~ outlet", n_sims=5, n_draws=50)
    assert fx.coefficients["topic"].unique().tolist() == [1, 2, 3]


def test_string_columns_are_factors():
    typed = TABLE.astype({"outlet": "string", "story_id": "string"})
    got = models.topic_effects(typed, GAMMA, formula="~ outlet", n_sims=20, n_draws=20, seed=3)
    want = models.topic_effects(TABLE, GAMMA, formula="~ outlet", n_sims=20, n_draws=20, seed=3)
    pd.testing.assert_frame_equal(got.coefficients, want.coefficients)


class TestErrors:
    def test_messages(self):
        with pytest.raises(ValueError, match=r"`posterior` has no row for 1 of the stories "
                           r"\(first 'f'\)"):
            models.topic_effects(TABLE, GAMMA.head(5), formula="~ outlet")
        with pytest.raises(ValueError, match="no gamma_1 ... gamma_K columns"):
            models.topic_effects(TABLE, GAMMA[["story_id"]])
        with pytest.raises(ValueError, match=r"`topics` must be topic numbers from 1 to 2"):
            models.topic_effects(TABLE, GAMMA, formula="~ outlet", topics=[3])
        with pytest.raises(ValueError, match=r"`formula` must be the right side of a formula"):
            models.topic_effects(TABLE, GAMMA, formula="topic ~ outlet")
        with pytest.raises(ValueError, match=r"`model` must be a TopicModel"):
            models.posterior("model")
