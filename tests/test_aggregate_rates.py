import numpy as np
import pandas as pd
import pytest

from wireframe import aggregate, frames


def _scores(ids, present, hits=None, words=None, frame="f"):
    n = len(ids)
    hits = hits if hits is not None else [int(p) for p in present]
    return pd.DataFrame({"story_id": ids, "frame": frame, "hits": hits,
                         "words": words or [100] * n, "present": present})


@pytest.fixture
def wire():
    """One outlet: a wire story run nine times (one family), and one own story."""
    ids = [f"w{i}" for i in range(9)] + ["own"]
    stories = pd.DataFrame({
        "story_id": ids,
        "outlet": "X",
        "published": pd.to_datetime(["2017-02-06 10:00"] * 9 + ["2017-02-07 00:00"], utc=True),
        "family_id": ["wire"] * 9 + [None],
    })
    return stories, _scores(ids, [True] * 9 + [False], hits=[2] * 9 + [0])


class TestFamilyOf:
    def test_family_or_own(self, stories):
        assert aggregate.family_of(stories).tolist() == ["story:r1", "story:d1", "story:b1",
                                                        "story:b2"]
        with_fam = stories.assign(family_id=["r1", "r1", None, None])
        assert aggregate.family_of(with_fam).tolist() == ["family:r1", "family:r1", "story:b1",
                                                         "story:b2"]


class TestFrameRates:
    def test_point_estimates_on_fixture(self, stories):
        scores = frames.score(stories, "new_cold_war")
        t = aggregate.frame_rates(stories, scores, n_boot=0).set_index("outlet")
        # BBC: "A new cold war?" / "Some call it a new cold war." and "Markets" / "Shares rose."
        assert (t.loc["BBC", "n"], t.loc["BBC", "n_present"], t.loc["BBC", "hits"]) == (2, 1, 2)
        assert t.loc["BBC", "share"] == 0.5
        assert t.loc["BBC", "words"] == 4 + 7 + 1 + 2
        assert t.loc["BBC", "rate"] == pytest.approx(1000 * 2 / 14)
        assert t.loc["Reuters", "share"] == 0 and t["share_low"].isna().all()
        assert list(t.reset_index().columns) == [
            "outlet", "frame", "unit", "n", "n_families", "n_present", "share", "share_low",
            "share_high", "hits", "words", "rate", "rate_low", "rate_high"]

    def test_placements_versus_unique_stories(self, wire):
        stories, scores = wire
        place = aggregate.frame_rates(stories, scores, n_boot=0).iloc[0]
        assert (place.n, place.n_families, place.n_present) == (10, 2, 9)
        assert place.share == 0.9 and place.rate == pytest.approx(18.0)
        story = aggregate.frame_rates(stories, scores, unit="story", n_boot=0).iloc[0]
        assert (story.n, story.n_families, story.n_present, story.share) == (2, 2, 1, 0.5)
        assert story.unit == "story"

    def test_cluster_bootstrap_resamples_families(self, wire):
        stories, scores = wire
        row = aggregate.frame_rates(stories, scores, n_boot=2000, seed=1).iloc[0]
        # Two families: resamples are (wire, wire) -> 1.0, (wire, own) -> 0.9 and
        # (own, own) -> 0.0, each outer one with probability 1/4. Resampling the ten
        # placements one by one would instead put the interval near 0.9 (about 0.7 to 1).
        assert (row.share_low, row.share_high) == (0.0, 1.0)
        assert (row.rate_low, row.rate_high) == (0.0, 20.0)

    def test_seeded_and_independent_of_other_groups(self, wire):
        stories, scores = wire
        more = pd.concat([stories, stories.assign(story_id=stories["story_id"] + "y",
                                                  outlet="Y")], ignore_index=True)
        more_scores = pd.concat([scores, scores.assign(story_id=scores["story_id"] + "y")])
        a = aggregate.frame_rates(stories, scores, n_boot=50, seed=3)
        b = aggregate.frame_rates(more, more_scores, n_boot=50, seed=3)
        pd.testing.assert_frame_equal(a, b[b["outlet"] == "X"].reset_index(drop=True))

    def test_interval_holds_the_estimate(self, rng):
        n = 200
        ids = [f"s{i}" for i in range(n)]
        stories = pd.DataFrame({
            "story_id": ids, "outlet": rng.choice(["A", "B"], n),
            "published": pd.Timestamp("2017-01-02", tz="UTC")
            + pd.to_timedelta(rng.integers(0, 50, n), unit="D"),
            "family_id": rng.choice([f"f{i}" for i in range(80)], n),
        })
        present = rng.random(n) < 0.3
        scores = _scores(ids, present, hits=present * rng.integers(1, 4, n),
                         words=rng.integers(100, 900, n).tolist())
        t = aggregate.frame_rates(stories, scores, period="month", n_boot=200, seed=0)
        assert len(t) == 2 * 2
        assert (t["share_low"] <= t["share"]).all() and (t["share"] <= t["share_high"]).all()
        assert (t["rate_low"] <= t["rate"]).all() and (t["rate"] <= t["rate_high"]).all()
        assert t["period"].dt.strftime("%m-%d").tolist() == ["01-01", "02-01"] * 2

    def test_scores_of_more_stories_are_ignored(self, stories):
        scores = frames.score(stories, "espionage")
        sub = stories[stories["outlet"] == "BBC"]
        assert aggregate.frame_rates(sub, scores, n_boot=0)["n"].tolist() == [2]

    def test_errors(self, stories):
        scores = frames.score(stories, "espionage")
        with pytest.raises(ValueError, match="`unit` must be one of 'placement', 'story'; "
                                             "got 'copies'"):
            aggregate.frame_rates(stories, scores, unit="copies")
        with pytest.raises(ValueError, match="`period` must be one of 'day', 'week', 'month'"):
            aggregate.frame_rates(stories, scores, period="year")
        with pytest.raises(ValueError, match="`n_boot` must be an integer >= 0; got -5"):
            aggregate.frame_rates(stories, scores, n_boot=-5)
        with pytest.raises(ValueError, match=r"`confidence` must be a number in \(0, 1\); got 1.5"):
            aggregate.frame_rates(stories, scores, confidence=1.5)
        with pytest.raises(ValueError, match="`stories` lacks column\\(s\\) 'desk'"):
            aggregate.frame_rates(stories, scores, by="desk")
        with pytest.raises(ValueError, match="no rows for 1 of the stories \\(first 'b2'\\)"):
            aggregate.frame_rates(stories, scores[scores["story_id"] != "b2"])
        with pytest.raises(ValueError, match="`scores` lacks column\\(s\\) 'present'"):
            aggregate.frame_rates(stories, scores.drop(columns="present"))

    def test_messages_name_the_function_and_numpy_integers_pass(self, stories):
        scores = frames.score(stories, "espionage")
        with pytest.raises(ValueError, match=r"^aggregate\.frame_rates: `seed` must be an "
                           r"integer >= 0; got -1"):
            aggregate.frame_rates(stories, scores, seed=-1)
        with pytest.raises(ValueError, match=r"^aggregate\.frame_rates: `scores` lacks .*"
                           r"Fix: pass the table that frames\.score\(stories\) returns"):
            aggregate.frame_rates(stories, scores.drop(columns="hits"))
        pd.testing.assert_frame_equal(
            aggregate.frame_rates(stories, scores, n_boot=np.int64(50), seed=np.int64(3)),
            aggregate.frame_rates(stories, scores, n_boot=50, seed=3))

    def test_counting_units_checks_unit(self, stories):
        with pytest.raises(ValueError, match=r"^aggregate\.counting_units: `unit` must be one "
                           r"of 'placement', 'story'; got 'family'"):
            aggregate.counting_units(stories, "outlet", None, "family")


class TestAttention:
    def test_matching_over_all_with_empty_weeks(self, stories):
        scores = frames.score(stories, "new_cold_war")
        t = aggregate.attention(stories, scores)
        assert list(t.columns) == ["outlet", "period", "frame", "matching", "total", "attention"]
        got = {(r.outlet, r.period.strftime("%m-%d")): (r.matching, r.total)
               for r in t.itertuples()}
        assert got[("BBC", "02-06")] == (1, 1) and got[("BBC", "02-13")] == (0, 0)
        assert got[("BBC", "02-20")] == (0, 1) and len(t) == 3 * 3
        bbc = t[t["outlet"] == "BBC"]["attention"].tolist()
        assert bbc[0] == 1.0 and np.isnan(bbc[1]) and bbc[2] == 0.0

    def test_equals_share_of_frame_rates(self, stories):
        scores = frames.score(stories, ["new_cold_war", "espionage"])
        att = aggregate.attention(stories, scores, period="month")
        rates = aggregate.frame_rates(stories, scores, period="month", n_boot=0)
        merged = att.merge(rates, on=["outlet", "period", "frame"])
        assert len(merged) == len(rates) == 6
        assert (merged["attention"] == merged["share"]).all()

    def test_unique_stories(self, wire):
        stories, scores = wire
        t = aggregate.attention(stories, scores, unit="story", period="day")
        assert t[["matching", "total"]].values.tolist() == [[1, 1], [0, 1]]
