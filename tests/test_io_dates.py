"""Tests for wireframe.io.dates: every value read to UTC, nothing guessed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from wireframe.io.dates import TZ_ABBREVIATIONS, day_order, parse_datetime, read_datetime


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


class TestReadDatetime:
    @pytest.mark.parametrize(("value", "expected"), [
        ("2017-02-07T10:00:00+01:00", "2017-02-07 09:00"),
        ("2017-02-07T10:00:00Z", "2017-02-07 10:00"),
        ("Thu, 12 Feb 2026 10:00:00 EST", "2026-02-12 15:00"),
        ("Thu, 12 Feb 2026 10:00:00 +0100", "2026-02-12 09:00"),
        ("Sun, 15 Feb 2026 10:00:00 UT", "2026-02-15 10:00"),
        ("February 12, 2026 19:42 IST", "2026-02-12 14:12"),
        ("12 February 2026 (PKT)", "2026-02-11 19:00"),
        ("2026-02-12 10:00 PKT", "2026-02-12 05:00"),
        # News sites mean GMT+5 as five hours ahead of UTC (POSIX would invert it).
        ("2026-02-12 10:00 GMT+5", "2026-02-12 05:00"),
        ("2026-02-12 10:00 UTC-03:30", "2026-02-12 13:30"),
        # ET follows the US daylight-saving calendar: -05:00 in February, -04:00 in July.
        ("2026-02-12 10:00 ET", "2026-02-12 15:00"),
        ("2026-07-12 10:00 ET", "2026-07-12 14:00"),
        ("13.02.2026", "2026-02-13"),  # 13 can only be the day
        ("02/13/2026", "2026-02-13"),  # ... and here only the month can be 02
        ("5.5.2026", "2026-05-05"),  # both readings agree
        ("20260212", "2026-02-12"),
        ("Monday, 12 Feb 2026", "2026-02-12"),
    ])
    def test_full_dates(self, value, expected):
        assert read_datetime(value) == (utc(expected), "")

    def test_local_time_in_timezone(self):
        ts, note = read_datetime("2026-02-12 19:42", timezone="Asia/Kolkata")
        assert ts == utc("2026-02-12 14:12") and note == ""

    @pytest.mark.parametrize(("value", "dayfirst", "expected"), [
        ("12.02.2026", True, "2026-02-12"),
        ("12.02.2026", False, "2026-12-02"),
        ("12/02/2026 10:00", True, "2026-02-12 10:00"),
        ("02-12-2026", False, "2026-02-12"),
    ])
    def test_dayfirst_decides(self, value, dayfirst, expected):
        assert read_datetime(value, dayfirst=dayfirst)[0] == utc(expected)

    def test_ambiguous_refused_with_the_fix(self):
        with pytest.raises(ValueError, match=r"^ambiguous date: '12\.02\.2026' is 12 February "
                           r"or 2 December 2026.*Fix: pass dayfirst=True.*--dayfirst"):
            read_datetime("12.02.2026")

    def test_dayfirst_that_cannot_be(self):
        with pytest.raises(ValueError, match=r"cannot read '02\.13\.2026' day first: there is "
                           r"no month 13"):
            read_datetime("02.13.2026", dayfirst=True)

    def test_two_digit_year_noted(self):
        assert read_datetime("13.02.26") == (utc("2026-02-13"),
                                             "two-digit year in '13.02.26' read as 2026")

    @pytest.mark.parametrize("value", ["10:00", "10:00 PM", "at 9.30 a.m."])
    def test_time_only_refused(self, value):
        with pytest.raises(ValueError, match="is a time without a date: it would become the "
                           "day the file is read"):
            read_datetime(value)

    @pytest.mark.parametrize("value", ["now", "today", "Yesterday", "tomorrow 10:00",
                                       "3 hours ago"])
    def test_relative_refused(self, value):
        with pytest.raises(ValueError, match=r"^relative date"):
            read_datetime(value)

    @pytest.mark.parametrize("value", ["2026-02-12 10:00 XYZ", "12 Feb 2026 10:00 (QQT)"])
    def test_unknown_zone_refused_never_utc(self, value):
        with pytest.raises(ValueError, match=r"unknown time zone '(XYZ|QQT)'.*does not read an "
                           r"unknown zone as UTC"):
            read_datetime(value)

    def test_caller_table_adds_a_zone(self):
        table = {**TZ_ABBREVIATIONS, "XYZ": "+04:30"}
        assert read_datetime("2026-02-12 10:00 XYZ", abbreviations=table)[0] == utc(
            "2026-02-12 05:30")

    def test_month_only_loads_with_a_note(self):
        for value in ("February 2026", "2026-02", "Feb 2026"):
            ts, note = read_datetime(value)
            assert ts == utc("2026-02-01")
            assert note == f"{value!r} gives no day; read as the 1st of the month"

    @pytest.mark.parametrize(("value", "message"), [
        ("2026", "gives only a year, not a day of publication"),
        ("Feb 12", "gives no year"),
    ])
    def test_partial_dates_refused(self, value, message):
        with pytest.raises(ValueError, match=message):
            read_datetime(value)

    @pytest.mark.parametrize("value", ["3000-01-01", "12 Feb 1500", "1677-09-21 00:00",
                                       dt.datetime(2263, 1, 1), pd.Timestamp("1200-05-05")])
    def test_years_outside_the_table_refused(self, value):
        with pytest.raises(ValueError, match=r"is outside the dates the Story table can hold "
                           r"\(21 September 1677 to 11 April 2262"):
            read_datetime(value)

    def test_edges_inside_the_range(self):
        assert read_datetime("1677-09-22")[0] == utc("1677-09-22")
        assert read_datetime("2262-04-11")[0] == utc("2262-04-11")

    def test_numbers_refused(self):
        with pytest.raises(ValueError, match=r"the date is a number \(1770890400\).*unit='s'"):
            read_datetime(1770890400)

    def test_nonexistent_local_time(self):
        with pytest.raises(ValueError, match="not a valid local time"):
            read_datetime("2026-03-08 02:30 ET")

    def test_datetime_objects(self):
        assert read_datetime(dt.date(2026, 2, 12))[0] == utc("2026-02-12")
        aware = dt.datetime(2026, 2, 12, 10, tzinfo=dt.timezone(dt.timedelta(hours=5)))
        assert read_datetime(aware)[0] == utc("2026-02-12 05:00")


class TestParseDatetime:
    def test_refuses_what_needs_a_note(self):
        with pytest.raises(ValueError, match="gives no day; read as the 1st of the month; "
                           "refused here"):
            parse_datetime("February 2026")

    def test_format(self):
        assert parse_datetime("12-02-2026 19:42 IST", format="%d-%m-%Y %H:%M") == utc(
            "2026-02-12 14:12")
        with pytest.raises(ValueError, match="reads no year"):
            parse_datetime("12-02", format="%d-%m")


class TestDayOrder:
    def test_settled_by_a_value_only_day_first_reads(self):
        order = day_order(["12.02.2026", "13.02.2026 10:00", "11.02.2026", None, 5])
        assert (order.dayfirst, order.ambiguous, order.day_first, order.month_first) == (
            True, 2, 1, 0)
        assert order.describe() == (
            "day/month order: 2 ambiguous date(s) (e.g. '12.02.2026') read day first, as 1 "
            "other date(s) in this file can only be read (e.g. '13.02.2026 10:00')")

    def test_month_first(self):
        assert day_order(["02/12/2026", "02/13/2026"]).dayfirst is False

    def test_nothing_settles_it(self):
        order = day_order(["12.02.2026", "11.02.2026", "2026-02-12"])
        assert order.dayfirst is None and order.ambiguous == 2
        assert "no date in the file that settles the order" in order.describe()

    def test_both_orders_in_one_file(self):
        order = day_order(["12.02.2026", "13.02.2026", "02.13.2026"])
        assert order.dayfirst is None
        assert "dates that only day first reads (1) and dates that only month first reads " \
               "(1)" in order.describe()


def test_common_zones_in_the_table():
    assert {k: TZ_ABBREVIATIONS[k] for k in ("IST", "PKT", "NPT", "GST", "SAST", "EAT")} == {
        "IST": "+05:30", "PKT": "+05:00", "NPT": "+05:45", "GST": "+04:00", "SAST": "+02:00",
        "EAT": "+03:00"}
