import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from wireframe import aggregate, frames, intervals


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
        t = aggregate.frame_rates(stories, scores).set_index("outlet")
        # BBC: "A new cold war?" / "Some call it a new cold war." and "Markets" / "Shares rose."
        assert (t.loc["BBC", "n"], t.loc["BBC", "n_present"], t.loc["BBC", "hits"]) == (2, 1, 2)
        assert t.loc["BBC", "share"] == 0.5
        assert t.loc["BBC", "words"] == 4 + 7 + 1 + 2
        assert t.loc["BBC", "rate"] == pytest.approx(1000 * 2 / 14)
        assert list(t.reset_index().columns) == [
            "outlet", "frame", "unit", "n", "n_families", "n_eff", "n_present", "share",
            "share_low", "share_high", "share_method", "hits", "words", "rate", "rate_low",
            "rate_high", "rate_method"]
        assert set(t["share_method"]) == {"clopper-pearson"}
        assert set(t["rate_method"]) == {"gamma-quasi-poisson"}

    def test_zero_hits_have_real_upper_limits(self, stories):
        scores = frames.score(stories, "new_cold_war")
        reuters = aggregate.frame_rates(stories, scores).set_index("outlet").loc["Reuters"]
        # One story, no hit: Clopper-Pearson 1 - 0.025^(1/1); the rate's limit is 3.69 framed
        # stories' worth of hits (d = 2: the frame's one framed story has 2) over 12 words.
        assert (reuters.share_low, reuters.share_high) == (0, pytest.approx(0.975))
        assert reuters.rate_low == 0
        assert reuters.rate_high == pytest.approx(stats.gamma.ppf(0.975, 1) * 1000 * 2 / 12)

    def test_placements_versus_unique_stories(self, wire):
        stories, scores = wire
        place = aggregate.frame_rates(stories, scores).iloc[0]
        assert (place.n, place.n_families, place.n_present) == (10, 2, 9)
        assert place.share == 0.9 and place.rate == pytest.approx(18.0)
        # Nine copies of one framed wire story and one own story: as much evidence as 1.2
        # independent stories (Kish: 10^2 / (9^2 + 1)), not ten.
        n_eff = 100 / 82
        assert place.n_eff == pytest.approx(n_eff)
        assert (place.share_low, place.share_high) == (
            pytest.approx(intervals.clopper_pearson(0.9 * n_eff, n_eff)[0]), pytest.approx(1.0))
        assert place.share_method == "clopper-pearson-kish"
        story = aggregate.frame_rates(stories, scores, unit="story").iloc[0]
        assert (story.n, story.n_families, story.n_present, story.share) == (2, 2, 1, 0.5)
        assert (story.unit, story.share_method) == ("story", "clopper-pearson")
        assert np.allclose((story.share_low, story.share_high),
                           proportion_confint(1, 2, method="beta"))

    def test_stories_without_words_count_for_the_share_only(self, wire):
        stories, scores = wire
        scores = scores.assign(words=[100] * 9 + [0])
        row = aggregate.frame_rates(stories, scores).iloc[0]
        assert (row.n, row.share, row.words) == (10, 0.9, 900)
        assert row.rate == pytest.approx(20.0) and row.rate_low <= 20.0 <= row.rate_high

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
        t = aggregate.frame_rates(stories, scores, period="month")
        assert len(t) == 2 * 2
        assert (t["share_low"] <= t["share"]).all() and (t["share"] <= t["share_high"]).all()
        assert (t["rate_low"] <= t["rate"]).all() and (t["rate"] <= t["rate_high"]).all()
        assert t["period"].dt.strftime("%m-%d").tolist() == ["01-01", "02-01"] * 2
        assert (t["n_eff"] <= t["n_families"]).all()

    def test_scores_of_more_stories_are_ignored(self, stories):
        scores = frames.score(stories, "espionage")
        sub = stories[stories["outlet"] == "BBC"]
        with pytest.warns(UserWarning, match="no story has a hit of espionage"):
            assert aggregate.frame_rates(sub, scores)["n"].tolist() == [2]

    def test_errors(self, stories):
        scores = frames.score(stories, "espionage")
        with pytest.raises(ValueError, match="`unit` must be one of 'placement', 'story'; "
                                             "got 'copies'"):
            aggregate.frame_rates(stories, scores, unit="copies")
        with pytest.raises(ValueError, match="`period` must be one of 'day', 'week', 'month'"):
            aggregate.frame_rates(stories, scores, period="year")
        with pytest.raises(ValueError, match="`method` must be one of 'analytic', 'bootstrap'; "
                                             "got 'bca'"):
            aggregate.frame_rates(stories, scores, method="bca")
        with pytest.raises(ValueError, match="`n_boot` must be an integer >= 1; got 0"):
            aggregate.frame_rates(stories, scores, method="bootstrap", n_boot=0)
        with pytest.raises(ValueError, match=r"`confidence` must be a number in \(0, 1\); got 1.5"):
            aggregate.frame_rates(stories, scores, confidence=1.5)
        with pytest.raises(ValueError, match="`stories` lacks column\\(s\\) 'desk'"):
            aggregate.frame_rates(stories, scores, by="desk")
        with pytest.raises(ValueError, match="no rows for 1 of the stories \\(first 'b2'\\)"):
            aggregate.frame_rates(stories, scores[scores["story_id"] != "b2"])
        with pytest.raises(ValueError, match="`scores` lacks column\\(s\\) 'present'"):
            aggregate.frame_rates(stories, scores.drop(columns="present"))
        with pytest.raises(ValueError, match="more than one row for a story and frame"):
            aggregate.frame_rates(stories, pd.concat([scores, scores.head(1)]))

    def test_n_boot_without_the_bootstrap_warns(self, wire):
        stories, scores = wire
        with pytest.warns(UserWarning, match=r"`n_boot` has no effect with method='analytic'"):
            aggregate.frame_rates(stories, scores, n_boot=500)

    def test_messages_name_the_function_and_numpy_integers_pass(self, wire):
        stories, scores = wire
        with pytest.raises(ValueError, match=r"^aggregate\.frame_rates: `seed` must be an "
                           r"integer >= 0; got -1"):
            aggregate.frame_rates(stories, scores, seed=-1)
        with pytest.raises(ValueError, match=r"^aggregate\.frame_rates: `scores` lacks .*"
                           r"Fix: pass the table that frames\.score\(stories\) returns"):
            aggregate.frame_rates(stories, scores.drop(columns="hits"))
        with pytest.warns(UserWarning, match="percentile bootstrap"):
            a = aggregate.frame_rates(stories, scores, method="bootstrap", n_boot=np.int64(50),
                                      seed=np.int64(3))
        with pytest.warns(UserWarning, match="percentile bootstrap"):
            b = aggregate.frame_rates(stories, scores, method="bootstrap", n_boot=50, seed=3)
        pd.testing.assert_frame_equal(a, b)

    def test_counting_units_checks_unit(self, stories):
        with pytest.raises(ValueError, match=r"^aggregate\.counting_units: `unit` must be one "
                           r"of 'placement', 'story'; got 'family'"):
            aggregate.counting_units(stories, "outlet", None, "family")

    def test_counting_rule_original_then_earliest_then_smallest_id(self):
        t = pd.DataFrame({
            "story_id": ["c", "b", "a", "o", "y", "x"],
            "outlet": ["X", "X", "X", "Y", "Y", "Y"],
            "family_id": ["f", "f", "f", "o", "o", "o"],
            "published": pd.to_datetime(["2017-01-03", "2017-01-02", "2017-01-02",
                                         "2017-01-09", "2017-01-01", "2017-01-01"], utc=True)})
        # X: no original in the cell, two earliest on the 2nd: the smaller id, "a".
        # Y: the original "o" (its id is the family_id) although it is the latest.
        assert aggregate.counting_units(t, "outlet", None, "story")["story_id"].tolist() == [
            "a", "o"]
        assert aggregate.counting_units(t.drop(columns="published"), "outlet", None,
                                        "story")["story_id"].tolist() == ["a", "o"]


class TestBootstrapMethod:
    """method="bootstrap": the percentile bootstrap only where it is shown to cover."""

    @pytest.fixture
    def two_outlets(self):
        # A: 100 unique stories, 40 framed (min(x, m - x) = 40 >= 20); B: 100, 5 framed.
        ids = [f"a{i}" for i in range(100)] + [f"b{i}" for i in range(100)]
        stories = pd.DataFrame({"story_id": ids, "outlet": ["A"] * 100 + ["B"] * 100,
                                "published": pd.Timestamp("2017-02-06", tz="UTC")})
        present = [i < 40 for i in range(100)] + [i < 5 for i in range(100)]
        return stories, _scores(ids, present, hits=[2 * p for p in present])

    def test_used_where_it_covers_and_the_default_elsewhere(self, two_outlets):
        stories, scores = two_outlets
        with pytest.warns(UserWarning, match=r"1 of 2 shares, and every rate, use the analytic"):
            t = aggregate.frame_rates(stories, scores, method="bootstrap", seed=1)
        t = t.set_index("outlet")
        assert t["share_method"].to_dict() == {"A": "percentile-bootstrap",
                                               "B": "clopper-pearson"}
        assert set(t["rate_method"]) == {"gamma-quasi-poisson"}
        # The percentile interval of 40 of 100 is near the binomial one.
        assert t.loc["A", "share_low"] == pytest.approx(0.31, abs=0.03)
        assert t.loc["A", "share_high"] == pytest.approx(0.50, abs=0.03)
        analytic = aggregate.frame_rates(stories, scores).set_index("outlet")
        assert t.loc["B", "share_high"] == analytic.loc["B", "share_high"]

    def test_seeded_and_independent_of_other_groups(self, two_outlets):
        stories, scores = two_outlets
        more = pd.concat([stories, stories.assign(story_id="c" + stories["story_id"],
                                                  outlet="C")], ignore_index=True)
        more_scores = pd.concat([scores, scores.assign(story_id="c" + scores["story_id"])])
        with pytest.warns(UserWarning):
            a = aggregate.frame_rates(stories, scores, method="bootstrap", n_boot=200, seed=3)
        with pytest.warns(UserWarning):
            b = aggregate.frame_rates(more, more_scores, method="bootstrap", n_boot=200, seed=3)
        cols = ["outlet", "share", "share_low", "share_high", "share_method"]
        pd.testing.assert_frame_equal(a[cols], b[b["outlet"] != "C"][cols].reset_index(drop=True))

    def test_never_with_copies_counted_per_placement(self, wire):
        stories, scores = wire
        with pytest.warns(UserWarning, match="percentile bootstrap"):
            t = aggregate.frame_rates(stories, scores, method="bootstrap")
        assert t["share_method"].tolist() == ["clopper-pearson-kish"]


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
        with pytest.warns(UserWarning, match="no story has a hit of espionage"):
            rates = aggregate.frame_rates(stories, scores, period="month")
        merged = att.merge(rates, on=["outlet", "period", "frame"])
        assert len(merged) == len(rates) == 6
        assert (merged["attention"] == merged["share"]).all()

    def test_unique_stories(self, wire):
        stories, scores = wire
        t = aggregate.attention(stories, scores, unit="story", period="day")
        assert t[["matching", "total"]].values.tolist() == [[1, 1], [0, 1]]
