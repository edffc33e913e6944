import pandas as pd
import pytest

from wireframe import aggregate


class TestPeriodStart:
    @pytest.mark.parametrize(
        ("period", "expected"),
        [("day", "2017-02-08"), ("week", "2017-02-06"), ("month", "2017-02-01")],
    )
    def test_starts(self, period, expected):
        s = pd.Series(pd.to_datetime(["2017-02-08 23:30"], utc=True))
        assert aggregate.period_start(s, period).iloc[0] == pd.Timestamp(expected, tz="UTC")

    def test_bad_period(self):
        s = pd.Series(pd.to_datetime(["2017-02-08"], utc=True))
        with pytest.raises(ValueError, match="`period` must be one of 'day', 'week', 'month'"):
            aggregate.period_start(s, "year")


class TestVolume:
    def test_counts_fill_empty_weeks(self, stories):
        table = aggregate.volume(stories)
        got = {(r.outlet, r.period.strftime("%m-%d")): r.n for r in table.itertuples()}
        # Weeks of 6, 13 and 20 February; BBC has nothing in the week of the 13th.
        assert got[("BBC", "02-06")] == 1 and got[("BBC", "02-13")] == 0
        assert got[("BBC", "02-20")] == 1 and got[("Reuters", "02-06")] == 1
        assert len(table) == 3 * 3 and table["n"].sum() == len(stories)

    def test_by_other_column(self, stories):
        table = aggregate.volume(stories, by="wire", period="month")
        assert table.set_index("wire")["n"].to_dict() == {"Reuters": 2}

    def test_unknown_column(self, stories):
        with pytest.raises(ValueError, match="`by` must be a column"):
            aggregate.volume(stories, by="section")

    def test_messages_name_the_function(self, stories):
        with pytest.raises(ValueError, match=r"^aggregate\.volume: `by` must be a column of "
                           r"`stories`; got 'section'\. Fix: one of 'story_id', "):
            aggregate.volume(stories, by="section")
        with pytest.raises(ValueError, match=r"^aggregate\.volume: `period` must be one of"):
            aggregate.volume(stories, period="year")
