"""Tests for wireframe.io.pagedates: dates printed in saved pages, each rule on real lines.

The lines are quoted from the development pages of corpus/samples/pages/real/
(file named in each case); expected values are worked out by hand from the
printed time and zone.
"""

from __future__ import annotations

import pandas as pd
import pytest

from wireframe.io.pagedates import date_line, find_dates, relative_dates, yearless


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


class TestFindDates:
    @pytest.mark.parametrize(
        ("line", "zone", "want", "printed_zone"),
        [
            # newsmax.com: 04:00 EDT is UTC-4.
            ("Tuesday, 09 August 2022 04:00 AM EDT", "UTC", "2022-08-09 08:00", "EDT"),
            # independent.co.uk: British Summer Time, UTC+1.
            ("Tuesday 09 August 2022 08:09 BST", "UTC", "2022-08-09 07:09", "BST"),
            # shine.cn: the offset printed as UTC+8.
            ("20:41 UTC+8, 2023-08-29       0", "UTC", "2023-08-29 12:41", "UTC+8"),
            # en.people.cn: time before the date, no zone: the site's (Beijing).
            ("Xinhua) 10:37, May 09, 2024", "Asia/Shanghai", "2024-05-09 02:37", None),
            # reuters.com: "/ a year ago" is not read.
            ("May 31, 2016 / 10:27 AM / a year ago", "UTC", "2016-05-31 10:27", None),
            # An ISO stamp with its offset, and a bare "-04" glued to the time.
            ("2016-05-31T10:27:00+01:00", "UTC", "2016-05-31 09:27", "+01:00"),
            ("and last updated 2019-09-23 23:12:28-04", "UTC", "2019-09-24 03:12:28", "-04"),
            # A Pakistani zone (added to TZ_ABBREVIATIONS for pages).
            ("13.02.2026 10:00 PKT", "UTC", "2026-02-13 05:00", "PKT"),
            # Eastern Time keeps its daylight saving: January is EST.
            ("Jan 15, 2026 09:12 ET", "UTC", "2026-01-15 14:12", "ET"),
            ("Jul 15, 2026 09:12 ET", "UTC", "2026-07-15 13:12", "ET"),
            ("Posted on 14th Feb 2015 at 9:30 pm", "Asia/Kolkata", "2015-02-14 16:00", None),
        ],
    )
    def test_time_and_zone(self, line, zone, want, printed_zone):
        (found,) = find_dates(line, timezone=zone)
        assert found.value == utc(want)
        assert found.zone == printed_zone
        assert found.problem is None

    def test_label_decides_the_kind(self):
        # chinadaily.com.cn prints only an update stamp.
        assert find_dates("Updated: 2010-09-27 14:01")[0].kind == "updated"
        assert find_dates("First Published: Feb 20 2026 6:05 PM")[0].kind == "published"
        pair = find_dates("Published 2020-02-03 10:31 / Updated 2020-02-03 11:00")
        assert [f.kind for f in pair] == ["published", "updated"]

    def test_date_without_time_is_midnight_utc_of_the_printed_day(self):
        # legacyofhopkinton.com: a day, never shifted by the site's zone.
        (found,) = find_dates("July 28, 2020", timezone="Asia/Shanghai")
        assert found.value == utc("2020-07-28") and not found.has_time

    def test_ambiguous_numbers_are_not_read(self):
        (found,) = find_dates("Published 01/05/2025, 11:20 PM")
        assert found.value is None
        assert found.problem == "'01/05/2025' is ambiguous: 1 May or 5 January 2025; not used"
        assert found.readings == ((2025, 5, 1), (2025, 1, 5))

    def test_numbers_that_decide_are_read(self):
        assert find_dates("13.02.2026")[0].value == utc("2026-02-13")
        assert find_dates("02/13/2026")[0].value == utc("2026-02-13")

    def test_unknown_zone_is_not_read_as_utc(self):
        (found,) = find_dates("12 Feb 2026 10:00 XYZ")
        assert found.value is None
        assert "the zone 'XYZ'" in found.problem and "not used" in found.problem

    def test_impossible_day(self):
        (found,) = find_dates("February 30, 2024")
        assert found.value is None and "not a valid date" in found.problem

    def test_dates_inside_a_caption_are_found_but_are_no_date_line(self):
        caption = ("Russian military helicopters fly in formation ... in the Black Sea port of "
                   "Sevastopol, Crimea, July 26, 2015. REUTERS/Pavel Rebrov")
        assert find_dates(caption)[0].value == utc("2015-07-26")
        assert date_line(caption) == ([], caption)


class TestDateLine:
    @pytest.mark.parametrize(
        "line",
        [
            "May 31, 2016 / 10:27 AM / a year ago",  # reuters.com
            "  20:41 UTC+8, 2023-08-29       0",  # shine.cn, with a comment count
            "Updated: 2010-09-27 14:01",  # chinadaily.com.cn
            "This was published 9 months ago",  # theage.com.au: relative only
            "Print E-mail Xinhua, November 2, 2016",  # print links and a credit
        ],
    )
    def test_whole_date_lines(self, line):
        assert date_line(line)[1] == ""

    def test_text_glued_after_the_date_is_kept(self):
        found, rest = date_line("July 28, 2020 Kabul (AFP) – Long-delayed peace talks "
                                "between the Afghan government and the Taliban resumed.")
        assert found[0].value == utc("2020-07-28")
        assert rest.startswith("Kabul (AFP) – Long-delayed peace talks")

    def test_a_sentence_mentioning_a_date_is_no_date_line(self):
        line = "The 2017-2018 budget goes into effect July 1, 2017 after the vote."
        assert date_line(line) == ([], line)


class TestRelativeAndYearless:
    def test_relative_times_are_never_dates(self):
        assert relative_dates("February 3, 2020 / 10:31 AM / Updated 6 minutes ago") == [
            "6 minutes ago"
        ]
        assert find_dates("This was published 9 months ago") == []

    def test_a_day_without_a_year(self):
        assert yearless("Friday, November 8") == "Friday, November 8"
        assert yearless("Tuesday 09 August 2022") is None
