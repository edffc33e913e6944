"""Tests for wireframe.topics.prevalence: prevalence and difference against
hand computations, and their cluster-bootstrap intervals.
"""

from __future__ import annotations

import pandas as pd
import pytest

from topics.conftest import SMALL
from wireframe import topics
from wireframe._docs import PARAMS


class TestPrevalence:
    def test_hand_computed(self):
        got = topics.prevalence(SMALL, n_boot=0)
        assert list(got.columns) == ["outlet", "topic", "unit", "n", "n_families", "prevalence",
                                     "prevalence_low", "prevalence_high"]
        x1 = got[(got["outlet"] == "X") & (got["topic"] == 1)].iloc[0]
        assert x1["prevalence"] == pytest.approx((0.9 + 0.7 + 0.2) / 3)
        assert (x1["n"], x1["n_families"]) == (3, 2)
        assert got["prevalence_low"].isna().all()

    def test_unit_story_counts_each_family_once(self):
        got = topics.prevalence(SMALL, unit="story", n_boot=0)
        x1 = got[(got["outlet"] == "X") & (got["topic"] == 1)].iloc[0]
        # The family's earliest story in X (0.9) stands for it.
        assert x1["prevalence"] == pytest.approx((0.9 + 0.2) / 2) and x1["n"] == 2

    def test_cluster_bootstrap(self):
        got = topics.prevalence(SMALL, n_boot=2000, seed=3)
        x1 = got[(got["outlet"] == "X") & (got["topic"] == 1)].iloc[0]
        # Two families: resamples are {f, f}, {f, single} or {single, single}.
        assert x1["prevalence_low"] == pytest.approx(0.2)
        assert x1["prevalence_high"] == pytest.approx(0.8)
        again = topics.prevalence(SMALL, n_boot=2000, seed=3)
        pd.testing.assert_frame_equal(got, again)

    def test_a_new_outlet_leaves_the_others(self):
        more = pd.concat([SMALL, SMALL.head(1).assign(story_id="z1", outlet="Z")])
        a = topics.prevalence(SMALL, n_boot=200, seed=1)
        b = topics.prevalence(more, n_boot=200, seed=1)
        pd.testing.assert_frame_equal(a, b[b["outlet"] != "Z"].reset_index(drop=True))

    def test_pooled_and_by_period(self):
        got = topics.prevalence(SMALL, by=None, period="week", n_boot=0)
        assert list(got.columns[:2]) == ["period", "topic"]
        first = got[(got["period"] == pd.Timestamp("2017-02-06", tz="UTC"))
                    & (got["topic"] == 1)].iloc[0]
        assert first["prevalence"] == pytest.approx((0.9 + 0.7 + 0.4) / 3)

    def test_errors(self):
        with pytest.raises(ValueError, match="no topic_1 ... topic_K columns"):
            topics.prevalence(SMALL.drop(columns=["topic_1", "topic_2"]))
        with pytest.raises(ValueError, match=r"`period` must be one of 'day', 'week', 'month'; "
                           r"got 'year'"):
            topics.prevalence(SMALL, period="year")
        with pytest.raises(ValueError, match=r"`confidence` must be a number in \(0, 1\); "
                           r"got 95"):
            topics.prevalence(SMALL, confidence=95)


class TestDifference:
    def test_hand_computed(self):
        got = topics.difference(SMALL, target="X", reference="Y", n_boot=0)
        assert list(got.columns) == [
            "topic", "target", "reference", "unit", "n_target", "n_reference", "n_families",
            "prevalence_target", "prevalence_reference", "difference", "difference_low",
            "difference_high"]
        assert got["difference"].tolist() == pytest.approx([0.6 - 0.5, 0.4 - 0.5])
        # Families: f (in both), x3, y1.
        assert got.loc[0, ["n_target", "n_reference", "n_families"]].tolist() == [3, 2, 3]

    def test_joint_resampling_keeps_shared_families_together(self):
        # Both sides are copies of the same stories: every resample gives difference 0.
        same = pd.DataFrame({"story_id": ["a1", "b1", "a2", "b2"], "outlet": ["A", "B"] * 2,
                             "family_id": ["f", "f", "g", "g"],
                             "topic_1": [0.9, 0.9, 0.2, 0.2], "topic_2": [0.1, 0.1, 0.8, 0.8]})
        got = topics.difference(same, target="A", reference="B", n_boot=500)
        assert got["difference_low"].tolist() == pytest.approx([0, 0])
        assert got["difference_high"].tolist() == pytest.approx([0, 0])

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
