"""Tests for wireframe.io.factiva: Factiva RTF and HTML downloads, every field code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wireframe import io, schema
from wireframe.io import factiva
from wireframe.io.report import LoadError

pytest.importorskip("striprtf")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples" / "factiva"
RTF = SAMPLES / "factiva-ice-breaker-2026-02.rtf"
HTML = SAMPLES / "factiva-grain-corridor-2026-02.html"
TRUNCATED = SAMPLES / "factiva-truncated.rtf"
NA = pd.NA


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def row(**given) -> dict:
    """An expected row: every extra column NA unless given."""
    return {**dict.fromkeys(factiva.EXTRAS, NA), **given}


REUTERS = row(
    story_id="LBA0000020260212em2c0005t", outlet="Reuters News", wire="Reuters",
    published=utc("2026-02-12 14:12"), headline="Baltic ports agree to share ice-breaker fleet",
    language="en",
    body="STOCKHOLM, Feb 12 (Reuters) - Five Baltic ports agreed on Thursday to pool their "
         "ice-breakers for the rest of the winter, after the coldest January in a decade left "
         "shipping lanes frozen for days at a time.\n\n"
         "Under the deal, any of the fleet's nine ships can be sent to whichever port has the "
         "worst ice, a spokeswoman for the ports' association said.\n\n"
         "\"No port can afford a full fleet for a winter like this one,\" she said. "
         "\"Together we can keep every lane open.\"\n\n"
         "(Reporting by Anna Lindqvist; Editing by Tomas Berg)",
    byline="By Anna Lindqvist", word_count=212, source_code="LBA",
    copyright="(c) 2026 Thomson Reuters. All rights reserved.",
    subjects="gshipg : Shipping; gwea : Weather; gcat : Political/General News",
    regions="sweden : Sweden; balt : Baltic States; eurz : Europe", ipd="Transportation",
    publisher="Thomson Reuters (Markets) LLC",
)
COURIER = row(
    story_id="BALTCO0020260213em2d0000b", outlet="The Baltic Courier", wire="Reuters",
    published=utc("2026-02-13"), headline="Ports to pool ice-breakers as winters harden",
    language="en",
    body="Five Baltic ports agreed on Thursday to pool their ice-breakers for the rest of the "
         "winter, after the coldest January in a decade left shipping lanes frozen.\n\n"
         "Any of the fleet's nine ships can be sent to whichever port has the worst ice.",
    credit="Reuters", word_count=180, source_code="BALTCO", section="Business", edition="Final",
    page="7", copyright="Copyright 2026 Baltic Courier Media Ltd.",
    companies="bpaass : Baltic Ports Association",
    industries="iwater : Water Transport/Shipping; iports : Ports", subjects="gshipg : Shipping",
    regions="balt : Baltic States", publisher="Baltic Courier Media Ltd.",
)
DPA = row(
    story_id="DPAFX00020260213em2d000xy", outlet="dpa-AFX ProFeed", wire="dpa",
    published=utc("2026-02-13 07:15"), headline="Ostseehäfen teilen sich ihre Eisbrecherflotte",
    language="de",
    body="Stockholm (dpa-AFX) - Fünf Ostseehäfen wollen ihre Eisbrecher bis zum Frühjahr "
         "gemeinsam einsetzen.\n\nNach dem kältesten Januar seit zehn Jahren seien die "
         "Fahrrinnen tagelang zugefroren gewesen, teilte der Hafenverband mit.",
    word_count=96, source_code="DPAFX", copyright="(c) 2026 dpa-AFX",
)
AP = row(
    story_id="APRS000020260215em2f000h3", outlet="Associated Press Newswires", wire="AP",
    published=utc("2026-02-15 16:05"),
    headline="Grain corridor talks 'constructive', officials say", language="en",
    body="GENEVA (AP) \u2014 Talks on reopening a grain shipping corridor were constructive, "
         "officials from both delegations said Sunday.\n\nA second round is planned for March.",
    byline="By Mira Kovacs", credit="Associated Press", word_count=140, source_code="APRS",
    copyright="Copyright 2026. The Associated Press. All Rights Reserved.",
    subjects="gcat : Political/General News; c13 : Regulation/Government Policy",
    regions="switz : Switzerland", ipc="I/GRA; I/SHP", publisher="The Associated Press",
)
HARBOUR = row(
    story_id="HARBTM0020260216em2g00002", outlet="Harbour Times", wire="AP",
    published=utc("2026-02-16"), headline="Grain talks to resume in March", language="en",
    body="Talks on reopening a grain shipping corridor were constructive, officials said "
         "Sunday.\n\nA second round is planned for March.",
    byline="Staff and wire reports", credit="Associated Press", word_count=88,
    source_code="HARBTM", section="World", column="Trade Winds", edition="1", page="A12",
    copyright="(c) 2026 Harbour Times", art="Photo: Delegates in Geneva.",
    contact="newsdesk@harbourtimes.example",
    reference="Corrected on Feb 17: the talks are in Geneva.", volume="Vol. 112, No. 47",
)


def read(paths, **kwargs):
    stories, report = factiva.read_factiva(paths, **kwargs)
    schema.validate(stories)
    assert list(stories.columns) == [*schema.REQUIRED, *factiva.EXTRAS]
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
        assert pd.isna(got["url"]) and pd.isna(got["outlet_domain"]) and pd.isna(got["updated"])


class TestRtf:
    def test_every_field_code(self):
        stories, report = read(RTF)
        check(stories, [(REUTERS, f"{RTF}#1"), (COURIER, f"{RTF}#2"), (DPA, f"{RTF}#3")])
        assert stories["word_count"].dtype == "Int64"
        assert (report.read, report.loaded, report.notes) == (4, 3, [])

    def test_missing_date_is_rejected_with_file_and_article(self):
        _, report = read(RTF)
        [issue] = report.rejected
        assert (issue.location, issue.field) == (f"{RTF}#4", "published")
        assert issue.reason == "no date: no PD (publication date) field"

    def test_truncated_download(self):
        stories, report = read(TRUNCATED)
        check(stories, [(AP, f"{TRUNCATED}#1")])
        [issue] = report.rejected
        assert (issue.location, issue.field) == (f"{TRUNCATED}#2", "story_id")
        assert issue.reason.startswith("truncated: no AN (accession number)")

    def test_et_is_read_in_the_timezone(self):
        stories, _ = read(RTF, timezone="Europe/Stockholm")
        assert stories["published"].tolist() == [
            utc("2026-02-12 13:12"), utc("2026-02-12 23:00"), utc("2026-02-13 06:15")
        ]

    def test_strict(self):
        with pytest.raises(LoadError, match=r"factiva-ice-breaker-2026-02\.rtf#4: no date: no PD"):
            factiva.read_factiva(RTF, strict=True)

    def test_paragraph_layout_and_stray_text(self, tmp_path):
        # Codes on their own lines rather than in table cells; text before the first one.
        lines = ["Exported for a class", "HD", "Hello", "PD", "2026-02-01", "SN", "Weekly",
                 "LA", "Klingon", "WC", "many", "LP", "One.", "AN", "Document X1"]
        path = tmp_path / "plain.rtf"
        path.write_text("{\\rtf1\\ansi\n" + "".join(f"{ln}\\par\n" for ln in lines) + "}")
        stories, report = read(path)
        assert stories.loc[0, ["story_id", "headline", "body", "language", "outlet"]].tolist() == [
            "X1", "Hello", "One.", "en", "Weekly"
        ]
        assert pd.isna(stories.loc[0, "word_count"])
        assert [(n.location, n.field, n.reason) for n in report.notes] == [
            (str(path), "", "1 line(s) outside any article, not loaded, starting "
                            "'Exported for a class'"),
            (f"{path}#1", "word_count", "WC 'many' is not 'N words'; set to NA"),
            (f"{path}#1", "language", "LA 'Klingon' not recognised; assumed 'en'"),
        ]

    def test_no_source_name_is_rejected(self, tmp_path):
        path = tmp_path / "nosn.rtf"
        lines = ["HD", "Hello", "PD", "1 February 2026", "LP", "One.", "AN", "Document X2"]
        path.write_text("{\\rtf1\\ansi\n" + "".join(f"{ln}\\par\n" for ln in lines) + "}")
        _, report = read(path)
        assert [(i.location, i.field) for i in report.rejected] == [(f"{path}#1", "outlet")]

    def test_not_a_factiva_file(self, tmp_path):
        path = tmp_path / "x.rtf"
        path.write_text("{\\rtf1\\ansi Hello\\par}")
        _, report = read(path)
        assert report.rejected[0].reason.startswith("no articles: no HD or AN field codes")


class TestHtml:
    def test_every_field_code(self):
        stories, report = read(HTML)
        check(stories, [(AP, f"{HTML}#1"), (HARBOUR, f"{HTML}#2"), (REUTERS, f"{HTML}#3")])
        assert (report.read, report.loaded, report.rejected) == (3, 3, [])

    def test_duplicate_across_two_downloads(self):
        stories, report = read([RTF, HTML])
        assert len(stories) == 5
        dup = [i for i in report.rejected if i.field == "story_id"]
        assert [i.location for i in dup] == [f"{HTML}#3"]
        assert dup[0].reason == (
            f"duplicate story_id 'LBA0000020260212em2c0005t': first seen at {RTF}#1; kept that one"
        )


class TestFolderAndRegistry:
    def test_folder(self):
        stories, report = read(SAMPLES)
        assert (report.read, report.loaded, len(report.rejected)) == (9, 5, 4)
        assert sorted(stories["story_id"]) == sorted(
            r["story_id"] for r in (REUTERS, COURIER, DPA, AP, HARBOUR)
        )

    def test_io_read_guesses_the_format(self):
        assert io.sniff(RTF) == "factiva" and io.sniff(HTML) == "factiva"
        stories, report = io.read([RTF, HTML])
        assert report.loaded == 5 and len(stories) == 5
