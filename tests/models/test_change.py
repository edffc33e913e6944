"""Tests for wireframe.models.breaks: a planted shift found at its date with its evidence,
none in a steady series, groups apart, and copies discounted per placement."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wireframe import aggregate, models


def _series(shares: list[float], per_week: int, rng: np.random.Generator, outlet: str = "X",
            copies: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly stories from 2017-01-02 with the given true share in each week."""
    rows, present = [], []
    for week, share in enumerate(shares):
        for i in range(per_week):
            framed = bool(rng.random() < share)
            when = pd.Timestamp("2017-01-02", tz="UTC") + pd.Timedelta(days=7 * week + i % 7)
            for c in range(copies):
                rows.append({"story_id": f"{outlet}{week}-{i}-{c}", "outlet": outlet,
                             "published": when, "family_id": f"{outlet}{week}-{i}-0"})
                present.append(framed)
    stories = pd.DataFrame(rows)
    scores = pd.DataFrame({"story_id": stories["story_id"], "frame": "f",
                           "hits": np.array(present, dtype=int), "words": 300,
                           "present": present})
    return stories, scores


class TestBreaks:
    def test_a_planted_shift(self, rng):
        stories, scores = _series([0.05] * 10 + [0.25] * 10, 40, rng)
        got = models.breaks(stories, scores, frame="f")
        assert len(got) == 1 and list(got.columns) == list(models.BREAK_COLUMNS)
        row = got.iloc[0]
        assert row["break"] == pd.Timestamp("2017-03-13", tz="UTC")       # week 10
        assert (row["n_before"], row["n_after"]) == (400, 400)
        assert row["p"] <= 0.01 and row["lr"] > 20
        # The evidence: each side's share and interval, as frame_rates gives them.
        side = np.where(stories["published"] < row["break"], "before", "after")
        rates = aggregate.frame_rates(stories.assign(side=side), scores, by="side",
                                      unit="story").set_index("side")
        assert row["share_before"] == rates.loc["before", "share"]
        assert row["share_after_low"] == pytest.approx(rates.loc["after", "share_low"])
        assert row["share_before_high"] < row["share_after_low"]
        series = got.attrs["series"]
        assert series["segment"].tolist() == [0] * 10 + [1] * 10

    def test_none_in_a_steady_series(self, rng):
        stories, scores = _series([0.15] * 20, 40, rng)
        got = models.breaks(stories, scores, frame="f")
        assert got.empty and list(got.columns) == list(models.BREAK_COLUMNS)

    def test_groups_apart(self, rng):
        a = _series([0.05] * 8 + [0.3] * 8, 30, rng, outlet="A")
        b = _series([0.2] * 16, 30, rng, outlet="B")
        stories = pd.concat([a[0], b[0]], ignore_index=True)
        scores = pd.concat([a[1], b[1]], ignore_index=True)
        got = models.breaks(stories, scores, frame="f", by="outlet")
        assert got["outlet"].tolist() == ["A"]
        assert got["break"].iloc[0] == pd.Timestamp("2017-02-27", tz="UTC")   # week 8

    def test_copies_are_not_independent_evidence(self, rng):
        stories, scores = _series([0.05] * 8 + [0.25] * 8, 20, rng, copies=4)
        per_story = models.breaks(stories, scores, frame="f")
        per_placement = models.breaks(stories, scores, frame="f", unit="placement")
        # Four identical copies of each story: the placement likelihood, divided by the
        # design effect (4), gives the same ratio as the unique stories.
        assert per_placement["lr"].iloc[0] == pytest.approx(per_story["lr"].iloc[0])
        assert per_placement["n_before"].iloc[0] == 4 * per_story["n_before"].iloc[0]

    def test_errors(self, rng):
        stories, scores = _series([0.1] * 6, 10, rng)
        with pytest.raises(ValueError, match=r"`frame` must be a frame of `scores` \(f\)"):
            models.breaks(stories, scores, frame="g")
        with pytest.raises(ValueError, match=r"`min_size` must be an integer >= 1; got 0"):
            models.breaks(stories, scores, frame="f", min_size=0)
        with pytest.raises(ValueError, match=r"`period` must be one of"):
            models.breaks(stories, scores, frame="f", period="year")
