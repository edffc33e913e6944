"""frames.replicates: the design's draws behind the validation intervals."""

import numpy as np
import pandas as pd
import pytest

from wireframe.frames.replicates import design_weights, percentile, polya_totals, rao_wu


def test_rao_wu_variance_is_the_stratified_variance():
    # Two strata: h1, N 100, n 10 (f 0.1); h2, N 20, n 20 (read in full).
    # The textbook variance of the estimated total of y (Cochran 1977, 5.9):
    #   V = sum_h N_h^2 (1 - f_h) s_h^2 / n_h; h2 adds nothing.
    rng = np.random.default_rng(0)
    y1 = rng.normal(5, 2, 10)
    y2 = rng.normal(1, 1, 20)
    strata = np.array(["h1"] * 10 + ["h2"] * 20)
    w, f = design_weights(pd.Series(strata), pd.Series([100] * 10 + [20] * 20), None, "t")
    assert w.tolist() == [10.0] * 10 + [1.0] * 20
    reps = rao_wu(strata, w, f, 40000, np.random.default_rng(1))
    totals = reps @ np.concatenate([y1, y2])
    expected = 100 ** 2 * (1 - 0.1) * np.var(y1, ddof=1) / 10
    assert np.var(totals) == pytest.approx(expected, rel=0.03)
    # Without the correction the strata are samples of infinite populations:
    # V = sum_h N_h^2 s_h^2 / n_h, h2 included.
    reps = rao_wu(strata, w, f, 40000, np.random.default_rng(1), fpc=False)
    totals = reps @ np.concatenate([y1, y2])
    expected = 100 ** 2 * np.var(y1, ddof=1) / 10 + 20 ** 2 * np.var(y2, ddof=1) / 20
    assert np.var(totals) == pytest.approx(expected, rel=0.03)


def test_rao_wu_clusters_move_together():
    strata = np.array(["h"] * 6)
    reps = rao_wu(strata, np.ones(6), np.zeros(6), 50, np.random.default_rng(2),
                  clusters=np.array(["a", "a", "a", "b", "b", "c"]))
    assert (reps[:, 0] == reps[:, 2]).all() and (reps[:, 3] == reps[:, 4]).all()


def test_a_lonely_stratum_is_warned():
    with pytest.warns(UserWarning, match="stratum 'h2' has a single coded unit"):
        rao_wu(np.array(["h1", "h1", "h2"]), np.ones(3), np.array([0.5, 0.5, 0.5]), 5,
               np.random.default_rng(0))


def test_polya_census_is_exact_and_unread_stories_are_drawn():
    strata = np.array(["h"] * 4 + ["g"] * 2)
    classes = np.array([1, 1, 0, 0, 0, 0])
    codes = np.array([1, 0, 0, 0, 1, 0], dtype=float)
    sizes = np.array([4, 4, 4, 4, 10, 10], dtype=float)
    t = polya_totals(strata, classes, codes, sizes, 2, 2000, np.random.default_rng(3))
    # Stratum h is read in full; g has 8 unread stories, all of class 0.
    assert (t.sum(axis=(1, 2)) == 14).all()
    assert (t[:, 1, :] == [1, 1]).all()
    # Of g's 8 unread stories a share ~ Beta(1 + 1/2, 1 + 1/2) are coded 1: mean 4.
    assert t[:, 0, 1].mean() - 1 == pytest.approx(4, abs=0.2)
    infinite = polya_totals(strata, classes, codes, sizes, 2, 5, np.random.default_rng(3),
                            fpc=False)
    assert infinite.sum(axis=(1, 2)) == pytest.approx([14] * 5)


def test_percentile_leaves_out_undefined_draws():
    draws = np.array([[1.0, np.nan], [2.0, np.nan], [3.0, 1.0], [4.0, np.nan]])
    low, high = percentile(draws, 0.5)
    assert low[0] == pytest.approx(1.75) and high[0] == pytest.approx(3.25)
    assert np.isnan(low[1])
