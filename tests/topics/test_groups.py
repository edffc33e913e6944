"""Tests for wireframe.topics.prevalence and difference: hand computations, and their
intervals from the kit's interval core (wireframe.intervals)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from topics.conftest import SMALL
from wireframe import intervals, topics
from wireframe._docs import PARAMS

# One story per family of SMALL (f's original is absent: its earliest, x1, stands for it).
SMALL_PSI = intervals.topic_dispersion(np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6]]))


class TestPrevalence:
    def test_hand_computed(self):
        got = topics.prevalence(SMALL)
        assert list(got.columns) == ["outlet", "topic", "unit", "n", "n_families", "n_eff",
                                     "prevalence", "prevalence_low", "prevalence_high",
                                     "prevalence_method"]
        x1 = got[(got["outlet"] == "X") & (got["topic"] == 1)].iloc[0]
        assert x1["prevalence"] == pytest.approx((0.9 + 0.7 + 0.2) / 3)
        assert (x1["n"], x1["n_families"]) == (3, 2)
        assert set(got["prevalence_method"]) == {"jeffreys-effective-n"}

    def test_interval_by_hand(self):
        x1 = topics.prevalence(SMALL).query("outlet == 'X' and topic == 1").iloc[0]
        # Families of X: f (x1, x2: 0.9 + 0.7) and x3 (0.2).
        y, n = np.array([1.6, 0.2]), np.array([2.0, 1.0])
        mu = y.sum() / n.sum()
        v = 2 * ((y - mu * n) ** 2).sum() / 9
        n_e = min((9 / 5) / SMALL_PSI[0], mu * (1 - mu) / v)
        assert x1["n_eff"] == pytest.approx(n_e)
        assert (x1["prevalence_low"], x1["prevalence_high"]) == (
            pytest.approx(stats.beta.ppf(0.025, mu * n_e + 0.5, (1 - mu) * n_e + 0.5)),
            pytest.approx(stats.beta.ppf(0.975, mu * n_e + 0.5, (1 - mu) * n_e + 0.5)))

    def test_unit_story_counts_each_family_once(self):
        got = topics.prevalence(SMALL, unit="story")
        x1 = got[(got["outlet"] == "X") & (got["topic"] == 1)].iloc[0]
        # The family's earliest story in X (0.9) stands for it.
        assert x1["prevalence"] == pytest.approx((0.9 + 0.2) / 2) and x1["n"] == 2
        # Two unique stories; proportions spread less than shares (psi < 1), so the
        # effective size may pass their number: min(2 / psi, mu (1 - mu) / v).
        mu, v = 0.55, 2 * (0.35 ** 2 + 0.35 ** 2) / 4
        assert x1["unit"] == "story"
        assert x1["n_eff"] == pytest.approx(min(2 / SMALL_PSI[0], mu * (1 - mu) / v))

    def test_a_new_outlet_moves_only_the_spread(self):
        # The estimates of the others stay; their intervals use the topics' spread over the
        # whole table, which the new outlet's story joins.
        more = pd.concat([SMALL, SMALL.head(1).assign(story_id="z1", outlet="Z", family_id=None)])
        a = topics.prevalence(SMALL)
        b = topics.prevalence(more)
        b = b[b["outlet"] != "Z"].reset_index(drop=True)
        pd.testing.assert_series_equal(a["prevalence"], b["prevalence"])
        psi = intervals.topic_dispersion(np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6],
                                                   [0.9, 0.1]]))
        x = intervals.mean_proportion(np.array([[1.6, 0.4], [0.2, 0.8]]), np.array([2.0, 1]),
                                      psi=psi)
        assert b.loc[:1, "prevalence_high"].tolist() == pytest.approx(x.high.tolist())

    def test_pooled_and_by_period(self):
        got = topics.prevalence(SMALL, by=None, period="week")
        assert list(got.columns[:2]) == ["period", "topic"]
        first = got[(got["period"] == pd.Timestamp("2017-02-06", tz="UTC"))
                    & (got["topic"] == 1)].iloc[0]
        assert first["prevalence"] == pytest.approx((0.9 + 0.7 + 0.4) / 3)
        assert (got["prevalence_low"] <= got["prevalence"]).all()
        assert (got["prevalence"] <= got["prevalence_high"]).all()

    def test_errors(self):
        with pytest.raises(ValueError, match="no topic_1 ... topic_K columns"):
            topics.prevalence(SMALL.drop(columns=["topic_1", "topic_2"]))
        with pytest.raises(ValueError, match=r"`period` must be one of 'day', 'week', 'month'; "
                           r"got 'year'"):
            topics.prevalence(SMALL, period="year")
        with pytest.raises(ValueError, match=r"`confidence` must be a number in \(0, 1\); "
                           r"got 95"):
            topics.prevalence(SMALL, confidence=95)

    def test_the_former_bootstrap_arguments_warn_and_change_nothing(self):
        with pytest.warns(FutureWarning, match=r"^topics\.prevalence: n_boot and seed have no "
                          r"effect"):
            old = topics.prevalence(SMALL, n_boot=1000, seed=3)
        pd.testing.assert_frame_equal(old, topics.prevalence(SMALL))
        with pytest.warns(FutureWarning, match=r"^topics\.difference: n_boot has no effect"):
            topics.difference(SMALL, target="X", reference="Y", n_boot=50)


class TestDifference:
    def test_hand_computed(self):
        got = topics.difference(SMALL, target="X", reference="Y")
        assert list(got.columns) == [
            "topic", "target", "reference", "unit", "n_target", "n_reference", "n_families",
            "prevalence_target", "prevalence_reference", "difference", "difference_low",
            "difference_high", "difference_method"]
        assert got["difference"].tolist() == pytest.approx([0.6 - 0.5, 0.4 - 0.5])
        # Families: f (in both), x3, y1.
        assert got.loc[0, ["n_target", "n_reference", "n_families"]].tolist() == [3, 2, 3]
        assert set(got["difference_method"]) == {"mover-jeffreys"}

    def test_mover_over_the_pooled_families(self):
        got = topics.difference(SMALL, target="X", reference="Y")
        # Pooled families f, x3, y1: X has f (x1 + x2) and x3; Y has f (y2) and y1.
        ya = np.array([[1.6, 0.4], [0.2, 0.8], [0.0, 0.0]])
        yb = np.array([[0.6, 0.4], [0.0, 0.0], [0.4, 0.6]])
        want = intervals.difference(ya, np.array([2.0, 1, 0]), yb, np.array([1.0, 0, 1]),
                                    psi=SMALL_PSI)
        assert got["difference_low"].tolist() == pytest.approx(want.low.tolist())
        assert got["difference_high"].tolist() == pytest.approx(want.high.tolist())

    def test_shared_families_count_as_shared_evidence(self):
        # B carries A's two wire stories and one story of its own.
        both = pd.DataFrame({"story_id": ["a1", "a2", "b1", "b2", "b3"],
                             "outlet": ["A", "A", "B", "B", "B"],
                             "family_id": ["f", "g", "f", "g", None],
                             "topic_1": [0.9, 0.2, 0.9, 0.2, 0.5],
                             "topic_2": [0.1, 0.8, 0.1, 0.8, 0.5]})
        shared = topics.difference(both, target="A", reference="B")
        apart = topics.difference(both.assign(family_id=None), target="A", reference="B")
        assert shared["difference"].tolist() == pytest.approx(apart["difference"].tolist())
        width = shared["difference_high"] - shared["difference_low"]
        assert (width < apart["difference_high"] - apart["difference_low"]).all()

    def test_by_period_keeps_periods_with_both_groups(self):
        got = topics.difference(SMALL, target="X", reference="Y", period="week")
        # Week of 6 Feb: X x1, x2 and Y y1; week of 13 Feb: X x3 and Y y2.
        assert got["period"].dt.strftime("%m-%d").tolist() == ["02-06", "02-06", "02-13",
                                                               "02-13"]
        first = got.iloc[0]
        assert first["difference"] == pytest.approx((0.9 + 0.7) / 2 - 0.4)
        only_x = SMALL[~SMALL["story_id"].isin(["y1"])]
        assert topics.difference(only_x, target="X", reference="Y", period="week")[
            "period"].nunique() == 1

    def test_errors(self):
        with pytest.raises(ValueError, match=r"`target` must be a value of column 'outlet' "
                           r"\('X', 'Y'\); got 'Q'"):
            topics.difference(SMALL, target="Q", reference="Y")
        with pytest.raises(ValueError, match="must differ; both are 'X'"):
            topics.difference(SMALL, target="X", reference="X")


def test_unit_is_documented_by_the_kits_one_description():
    # The shared {unit} fragment: the rule of aggregate.counting_units, in the same words.
    described = " ".join(PARAMS["unit"].split())
    for func in (topics.prevalence, topics.difference, topics.prepare):
        assert described.split(" : ", 1)[1].split(None, 2)[2] in " ".join(func.__doc__.split())
