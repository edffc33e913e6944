"""Tests for wireframe.io.feeds: saved RSS and Atom feeds, parsed safely."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wireframe import io, schema
from wireframe.io import feeds
from wireframe.io.report import LoadError

pytest.importorskip("feedparser")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples" / "feeds"
RSS = SAMPLES / "harbour-times-rss-2026-02-12.xml"
RSS_AGAIN = SAMPLES / "harbour-times-rss-2026-02-13.xml"
ATOM = SAMPLES / "baltic-courier-atom-2026-02-14.xml"
NA = pd.NA


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


HARBOUR = dict(outlet="Harbour Times - World", outlet_domain="harbourtimes.example", wire=NA)
COURIER = dict(outlet="The Baltic Courier", outlet_domain="balticcourier.example", wire=NA)
BALTIC = dict(
    HARBOUR, story_id="harbourtimes-2026-0212-0001", published=utc("2026-02-12 14:12"),
    updated=NA, headline="Baltic ports agree to share ice-breaker fleet",
    body="STOCKHOLM, Feb 12 (Reuters) - Five Baltic ports agreed on Thursday to pool their "
         "ice-breakers for the rest of the winter.\n\n"
         "Any of the fleet\u2019s nine ships can be sent to whichever port has the worst ice."
         "\n\nThe deal runs until the spring thaw.",
    url="https://harbourtimes.example/world/2026/02/12/baltic-ports-ice-breakers",
    language="en", byline="Anna Lindqvist, Reuters",
    summary="Five Baltic ports will pool their ice-breakers for the rest of the winter.",
    categories="World; Shipping",
)
GRAIN = dict(
    HARBOUR, story_id="https://harbourtimes.example/world/2026/02/15/grain-corridor-talks",
    published=utc("2026-02-15 16:05"), updated=NA,
    headline="Grain corridor talks \u2018constructive\u2019, officials say",
    body="GENEVA (AP) \u2014 Talks on reopening a grain shipping corridor were constructive, "
         "officials from both delegations said Sunday.\n\nA second round is planned for March.",
    url="https://harbourtimes.example/world/2026/02/15/grain-corridor-talks", language="en",
    byline="Associated Press",
    summary="Talks on reopening a grain shipping corridor were constructive, officials said.",
    categories="World",
)
PORTS = dict(
    COURIER, story_id="tag:balticcourier.example,2026-02-13:/business/ports-pool-ice-breakers",
    published=utc("2026-02-13 05:00"), updated=utc("2026-02-13 08:30"),
    headline="Ports to pool ice-breakers as winters harden", body="",
    url="https://balticcourier.example/business/2026/02/13/ports-pool-ice-breakers",
    language="en", byline="Reuters",
    summary="Five Baltic ports will share nine ships until the spring thaw.",
    categories="Business; Shipping",
)
OSTSEE = dict(
    COURIER, story_id="tag:balticcourier.example,2026-02-13:/de/wirtschaft/eisbrecher",
    published=utc("2026-02-13 07:15"), updated=NA,
    headline="Ostseehäfen teilen sich ihre Eisbrecherflotte", body="",
    url="https://balticcourier.example/de/wirtschaft/2026/02/13/eisbrecher", language="de",
    byline="dpa", summary="Fünf Ostseehäfen wollen ihre Eisbrecher gemeinsam einsetzen.",
    categories=NA,
)
DELAYS = dict(
    HARBOUR, story_id="harbourtimes-2026-0213-0002", published=utc("2026-02-13 08:30"),
    updated=NA, headline="Ice-breaker deal to cut winter shipping delays", body="",
    url="https://harbourtimes.example/world/2026/02/13/ice-breaker-deal-delays", language="en",
    byline=NA, summary="Shipping lines expect shorter waits at Baltic ports.", categories=NA,
)


def read(paths, **kwargs):
    stories, report = feeds.read_feeds(paths, **kwargs)
    schema.validate(stories)
    assert list(stories.columns) == [*schema.REQUIRED, *feeds.EXTRAS]
    report.check()
    return stories, report


def check(stories: pd.DataFrame, expected: list[tuple[dict, str]]) -> None:
    assert len(stories) == len(expected)
    for (_, got), (want, source) in zip(stories.iterrows(), expected, strict=True):
        for key, value in want.items():
            if value is NA:
                assert pd.isna(got[key]), (key, got[key])
            else:
                assert got[key] == value, (key, got[key], value)
        assert got["source"] == source


class TestRss:
    def test_every_field_with_full_content(self):
        stories, report = read(RSS)
        check(stories, [(BALTIC, f"{RSS}#1"), (GRAIN, f"{RSS}#2")])
        assert (report.read, report.loaded, report.notes) == (3, 2, [])

    def test_missing_date_is_rejected_with_file_and_entry(self):
        _, report = read(RSS)
        [issue] = report.rejected
        assert (issue.location, issue.field) == (f"{RSS}#3", "published")
        assert issue.reason == "no date: the entry has no published or updated element"

    def test_truncated_feed_and_duplicate_across_two_saves(self):
        stories, report = read([RSS, RSS_AGAIN])
        check(stories, [(BALTIC, f"{RSS}#1"), (GRAIN, f"{RSS}#2"),
                        (DELAYS, f"{RSS_AGAIN}#2")])
        rejected = {(i.location, i.field): i.reason for i in report.rejected}
        assert rejected[(f"{RSS_AGAIN}#1", "story_id")] == (
            f"duplicate story_id 'harbourtimes-2026-0212-0001': first seen at {RSS}#1; "
            "kept that one"
        )
        # The entry cut off by the truncation is recovered without a date, and rejected.
        assert (f"{RSS_AGAIN}#3", "published") in rejected
        assert (report.read, report.loaded) == (6, 3)
        notes = [(n.location, n.field, n.reason) for n in report.notes]
        assert notes == [
            (str(RSS_AGAIN), "", "not well-formed XML: read leniently, entries after the fault "
                                 "may be missing (<unknown>:26:0: no element found)"),
            (f"{RSS_AGAIN}#2", "body", "empty body"),
        ]


class TestAtom:
    def test_summaries_only_second_language_updated_only(self):
        stories, report = read(ATOM)
        check(stories, [(PORTS, f"{ATOM}#1"), (OSTSEE, f"{ATOM}#2")])
        assert [(n.location, n.field, n.reason) for n in report.notes] == [
            (f"{ATOM}#1", "body", "empty body"),
            (f"{ATOM}#2", "body", "empty body"),
            (f"{ATOM}#2", "published", "no published date; used the updated date"),
        ]

    def test_outlet_argument(self):
        stories, _ = read(ATOM, outlet="Baltic Courier")
        assert set(stories["outlet"]) == {"Baltic Courier"}


def _rss(tmp_path: Path, *dates: str) -> Path:
    items = "".join(f"<item><guid>e{i}</guid><title>T{i}</title><link>https://h.example/{i}"
                    f"</link><pubDate>{d}</pubDate></item>" for i, d in enumerate(dates, 1))
    path = tmp_path / "dates.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>H</title>'
                    f"<link>https://h.example</link>{items}</channel></rss>")
    return path


class TestDates:
    def test_zones_from_wireframes_table_not_utc(self, tmp_path):
        path = _rss(tmp_path, "Thu, 12 Feb 2026 10:00:00 PKT", "Thu, 12 Feb 2026 19:42:00 IST",
                    "Thu, 12 Feb 2026 10:00:00 XYZ", "Thu, 12 Feb 3000 10:00:00 GMT",
                    "Thu, 12 Feb 2026 10:00:00 +0100", "2026-02-12T10:00:00Z")
        stories, report = read(path)
        report.check()
        assert (report.read, report.loaded, len(report.rejected)) == (6, 4, 2)
        assert stories["published"].tolist() == [
            utc("2026-02-12 05:00"), utc("2026-02-12 14:12"), utc("2026-02-12 09:00"),
            utc("2026-02-12 10:00")]
        reasons = {i.location: i.reason for i in report.rejected}
        assert reasons[f"{path}#3"].startswith("bad date: unknown time zone 'XYZ'")
        assert "year 3000" in reasons[f"{path}#4"]


class TestSafety:
    def test_entity_expansion_is_refused(self, tmp_path):
        bomb = tmp_path / "bomb.xml"
        bomb.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
            "<rss><channel><title>&b;</title><item><title>x</title>"
            "<pubDate>Thu, 12 Feb 2026 14:12:00 GMT</pubDate></item></channel></rss>"
        )
        stories, report = read(bomb)
        assert stories.empty
        [issue] = report.rejected
        assert issue.location == str(bomb)
        assert issue.reason.startswith("XML entities declared: ")

    def test_external_entity_is_refused(self, tmp_path):
        secret = tmp_path / "secret.txt"
        secret.write_text("TOP SECRET")
        xxe = tmp_path / "xxe.rss"
        xxe.write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>\n'
            "<rss><channel><title>t</title><item><title>&x;</title>"
            "<pubDate>Thu, 12 Feb 2026 14:12:00 GMT</pubDate></item></channel></rss>"
        )
        stories, report = read(xxe)
        assert stories.empty and report.rejected[0].reason.startswith("XML entities declared")

    def test_not_a_feed(self, tmp_path):
        junk = tmp_path / "junk.xml"
        junk.write_text("<html><body>Not a feed")
        _, report = read(junk)
        assert report.rejected[0].reason.startswith("not a feed")

    def test_strict(self):
        with pytest.raises(LoadError, match=r"harbour-times-rss-2026-02-12\.xml#3: no date"):
            feeds.read_feeds(RSS, strict=True)


def test_html_text():
    assert feeds.html_text("<p>A<script>x()</script></p><ul><li>B</li></ul>") == "A\n\nB"


def test_folder_and_io_read():
    stories, report = read(SAMPLES)
    assert (report.read, report.loaded) == (8, 5)
    assert io.sniff(RSS) == "feeds"
    via_io, io_report = io.read([ATOM, RSS])
    assert len(via_io) == 4 and io_report.loaded == 4
