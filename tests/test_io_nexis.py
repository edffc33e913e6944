"""Tests for wireframe.io.nexis: Nexis Uni DOCX and RTF downloads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from wireframe import io, schema
from wireframe.io import nexis
from wireframe.io._exports import parse_date_words
from wireframe.io.report import LoadError

pytest.importorskip("docx")
pytest.importorskip("striprtf")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples" / "nexis"
MULTI = SAMPLES / "nexis-uni-ice-breaker-2026-02.docx"
ARCTIC = SAMPLES / "Arctic_research_station_reopens.docx"
PILOTS = SAMPLES / "Harbour_pilots_call_off_strike.docx"
BALTIC = SAMPLES / "Baltic_ports_agree_to_share_ice-breaker_fleet.docx"
GRAIN_RTF = SAMPLES / "nexis-uni-grain-corridor-2026-02.rtf"
TRUNCATED_RTF = SAMPLES / "nexis-uni-truncated.rtf"


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


NA = pd.NA
REUTERS = dict(
    outlet="Reuters News", wire="Reuters", published=utc("2026-02-12 14:12"),
    headline="Baltic ports agree to share ice-breaker fleet", language="en",
    body_starts="STOCKHOLM, Feb 12 (Reuters) - Five Baltic ports agreed on Thursday",
    body_ends='"Together we can keep every lane open."', paragraphs=3,
    byline="Anna Lindqvist", section="WORLD NEWS", length=212, edition=NA,
    dateline="STOCKHOLM", highlight=NA,
    copyright="Copyright 2026 Thomson Reuters. All Rights Reserved.",
    load_date=utc("2026-02-13"), publication_type=NA, subject=NA, geographic=NA,
)
COURIER = dict(
    outlet="The Baltic Courier", wire="Reuters", published=utc("2026-02-13"),
    headline="Ports to pool ice-breakers as winters harden", language="en",
    body_starts="Five Baltic ports agreed on Thursday", body_ends="has the worst ice.",
    paragraphs=2, byline="Reuters", section="BUSINESS; Pg. 7", length=180,
    edition="Final Edition", dateline=NA,
    highlight="Five ports will share nine ships until the spring thaw",
    copyright="Copyright 2026 Baltic Courier Media Ltd. All Rights Reserved",
    load_date=utc("2026-02-14"), publication_type="Newspaper",
    subject="PORTS & HARBORS (90%); ICE BREAKERS (78%); WEATHER (71%)",
    geographic="BALTIC SEA (92%); SWEDEN (79%)",
)
KURIER = dict(
    outlet="Ostsee-Kurier", wire="dpa", published=utc("2026-02-13"),
    headline="Ostseehäfen teilen sich ihre Eisbrecherflotte", language="de",
    body_starts="Stockholm (dpa) - Fünf Ostseehäfen", body_ends="teilte der Hafenverband mit.",
    paragraphs=2, byline="dpa", section="WIRTSCHAFT; S. 9", length=96, edition=NA,
    dateline=NA, highlight=NA,
    copyright="Copyright 2026 Ostsee-Kurier Verlag GmbH Alle Rechte vorbehalten",
    load_date=utc("2026-02-14"), publication_type="Zeitung", subject=NA, geographic=NA,
)
ARCTIC_ROW = dict(
    outlet="Agence France Presse -- English", wire="AFP", published=utc("2026-02-15 09:30"),
    headline="Arctic research station reopens after three-year closure", language="en",
    body_starts="An Arctic research station closed three years ago",
    body_ends="winter at the station this year.", paragraphs=2, byline=NA, section=NA,
    length=120, edition=NA, dateline="Oslo, Feb 15 2026", highlight=NA,
    copyright="Copyright 2026 Agence France Presse All Rights Reserved",
    load_date=utc("2026-02-16"), publication_type="Newswire", subject=NA, geographic=NA,
)
GRAIN = dict(
    outlet="Associated Press International", wire="AP", published=utc("2026-02-15 16:05"),
    headline="Grain corridor talks 'constructive', officials say", language="en",
    body_starts="GENEVA (AP) \u2014 Talks on reopening", body_ends="planned for March.",
    paragraphs=2, byline="By Mira Kovacs, Associated Press", section="INTERNATIONAL NEWS",
    length=140, edition=NA, dateline=NA, highlight=NA,
    copyright="Copyright 2026 Associated Press All Rights Reserved",
    load_date=utc("2026-02-16"), publication_type="Newswire",
    subject="GRAIN MARKETS (88%); NEGOTIATIONS (80%)", geographic=NA,
)
TRIBUNE = dict(
    outlet="Harbour Times", wire="AP", published=utc("2026-02-16"),
    headline="Grain talks to resume in March", language="en",
    body_starts="Talks on reopening a grain shipping corridor", body_ends="planned for March.",
    paragraphs=2, byline="Associated Press", section="WORLD; Pg. 12", length=88, edition=NA,
    dateline=NA, highlight=NA, copyright=NA, load_date=utc("2026-02-17"),
    publication_type=NA, subject=NA, geographic=NA,
)


def check(row: pd.Series, want: dict, source: str) -> None:
    for key, value in want.items():
        if key == "body_starts":
            assert row["body"].startswith(value), row["body"]
        elif key == "body_ends":
            assert row["body"].endswith(value), row["body"]
        elif key == "paragraphs":
            assert len(row["body"].split("\n\n")) == value
        elif value is NA:
            assert pd.isna(row[key]), (key, row[key])
        else:
            assert row[key] == value, (key, row[key], value)
    # Nexis gives no URL and no update time; the id is a stable hash.
    assert pd.isna(row["url"]) and pd.isna(row["outlet_domain"]) and pd.isna(row["updated"])
    assert row["story_id"] == schema.story_id_for(
        row["outlet"], None, row["headline"], row["published"].isoformat()
    )
    assert row["source"] == source


def read(paths, **kwargs):
    stories, report = nexis.read_nexis(paths, **kwargs)
    schema.validate(stories)
    assert list(stories.columns) == [*schema.REQUIRED, *nexis.EXTRAS]
    report.check()
    return stories, report


class TestDocx:
    def test_several_articles_in_one_file(self):
        stories, report = read(MULTI)
        assert (report.read, report.loaded, report.notes) == (3, 3, [])
        for i, want in enumerate([REUTERS, COURIER, KURIER]):
            check(stories.iloc[i], want, f"{MULTI}#{i + 1}")
        assert stories["length"].dtype == "Int64"
        assert stories["load_date"].dtype == schema.UTC_NS

    def test_one_article_per_file(self):
        stories, report = read(ARCTIC)
        assert (report.read, report.loaded) == (1, 1)
        check(stories.iloc[0], ARCTIC_ROW, f"{ARCTIC}#1")

    def test_missing_date_is_rejected_with_file_and_article(self):
        stories, report = read(PILOTS)
        assert stories.empty and (report.read, report.loaded) == (1, 0)
        [issue] = report.rejected
        assert (issue.location, issue.field) == (f"{PILOTS}#1", "published")
        assert issue.reason.startswith("no date: no date line after the publication name")

    def test_duplicate_across_two_files(self):
        stories, report = read([MULTI, BALTIC])
        assert (report.read, report.loaded) == (4, 3)
        [issue] = report.rejected
        assert issue.location == f"{BALTIC}#1"
        assert issue.reason.startswith("duplicate story_id") and f"{MULTI}#1" in issue.reason

    def test_truncated_docx_is_rejected_whole(self, tmp_path):
        cut = tmp_path / "cut.docx"
        cut.write_bytes(MULTI.read_bytes()[:20_000])
        stories, report = read(cut)
        assert stories.empty
        [issue] = report.rejected
        assert issue.location == str(cut)
        assert issue.reason.startswith("truncated: DOCX file cut.docx is not a complete ZIP "
                                       "archive")
        assert issue.reason.endswith("Fix: download it again")

    def test_strict_names_file_and_article(self):
        with pytest.raises(LoadError, match=r"Harbour_pilots_call_off_strike\.docx#1: no date: "):
            nexis.read_nexis(PILOTS, strict=True)

    def test_dates_without_time_follow_timezone(self):
        stories, _ = read(MULTI, timezone="Europe/Stockholm")
        # A zone in the date line wins; a bare day is midnight in Stockholm.
        assert stories["published"].tolist() == [
            utc("2026-02-12 14:12"), utc("2026-02-12 23:00"), utc("2026-02-12 23:00")
        ]


class TestRtf:
    def test_every_field(self):
        stories, report = read(GRAIN_RTF)
        assert (report.read, report.loaded) == (2, 2)
        check(stories.iloc[0], GRAIN, f"{GRAIN_RTF}#1")
        check(stories.iloc[1], TRIBUNE, f"{GRAIN_RTF}#2")

    def test_truncated_file_rejects_the_cut_article(self):
        stories, report = read(TRUNCATED_RTF)
        assert (report.read, report.loaded) == (2, 1)
        check(stories.iloc[0], GRAIN, f"{TRUNCATED_RTF}#1")
        [issue] = report.rejected
        assert issue.location == f"{TRUNCATED_RTF}#2"
        assert issue.reason.startswith("truncated: no 'End of Document' line after this")

    def test_not_rtf(self, tmp_path):
        bad = tmp_path / "notes.rtf"
        bad.write_text("just text\n")
        _, report = read(bad)
        assert "not an RTF file" in report.rejected[0].reason


class TestFolder:
    def test_every_sample_accounted_for(self):
        stories, report = read(SAMPLES)
        assert report.read == 10 and report.loaded == 6 and len(report.rejected) == 4
        assert sorted(stories["headline"]) == sorted(
            w["headline"] for w in (REUTERS, COURIER, KURIER, ARCTIC_ROW, GRAIN, TRIBUNE)
        )

    def test_through_io_read(self, tmp_path):
        for f in (MULTI, GRAIN_RTF):
            shutil.copy(f, tmp_path / f.name)
        stories, report = io.read(sorted(tmp_path.iterdir()), format="nexis")
        assert report.loaded == 5 and len(stories) == 5
        assert io.sniff(MULTI) == "nexis" and io.sniff(GRAIN_RTF) == "nexis"


class TestArticleEdgeCases:
    def write_rtf(self, tmp_path, lines: list[str]) -> Path:
        path = tmp_path / "one.rtf"
        body = "".join(line.replace("\u00a0", "\\u160?") + "\\par\n" for line in lines)
        path.write_text("{\\rtf1\\ansi\n" + body + "}")
        return path

    def test_month_only_date_unknown_language_and_label(self, tmp_path):
        path = self.write_rtf(tmp_path, [
            "Headline", "Monthly Review", "February 2026", "Length:\u00a0about 900",
            "Correction:\u00a0appended", "Body", "Text.", "Classification",
            "Language:\u00a0KLINGON", "Load-Date:\u00a0sometime", "End of Document",
        ])
        stories, report = read(path)
        row = stories.iloc[0]
        assert row["published"] == utc("2026-02-01") and pd.isna(row["length"])
        assert row["language"] == "en" and pd.isna(row["load_date"]) and pd.isna(row["wire"])
        notes = {(n.field, n.reason) for n in report.notes}
        assert notes == {
            ("published", "date 'February 2026' gives no day; used the 1st"),
            ("length", "length 'about 900' is not 'N words'; set to NA"),
            ("", "unrecognised metadata line, not loaded: 'Correction: appended'"),
            ("language", "language 'KLINGON' not recognised; assumed 'en'"),
            ("load_date", "bad Load-Date, set to NA: cannot read 'sometime' as a date "
                          "(expected e.g. 'February 12, 2026')"),
        }

    def test_no_body_line(self, tmp_path):
        path = self.write_rtf(tmp_path, ["Chart", "Graphic", "End of Document"])
        _, report = read(path)
        assert report.rejected[0].field == "body"
        assert report.rejected[0].reason.startswith("no body: no 'Body' line")


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("February 12, 2026 Thursday", "2026-02-12", "day"),
        ("Thursday, February 12, 2026", "2026-02-12", "day"),
        ("February 12, 2026 Thursday 2:12 PM GMT", "2026-02-12 14:12", "time"),
        ("Feb. 12, 2026 11:05 AM EST", "2026-02-12 16:05", "time"),
        ("12 February 2026 Thursday", "2026-02-12", "day"),
        ("13. Februar 2026 Freitag", "2026-02-13", "day"),
        ("jeudi 12 février 2026", "2026-02-12", "day"),
        ("12 de febrero de 2026", "2026-02-12", "day"),
        ("4 oktober 2017 woensdag", "2017-10-04", "day"),
        ("2026-02-12", "2026-02-12", "day"),
        ("February 12, 2026 14:12 GMT+1", "2026-02-12 13:12", "time"),
        ("Winter 2026", None, None),
        ("February 30, 2026", None, None),
    ],
)
def test_nexis_date_formats(text, expected, precision):
    if expected is None:
        with pytest.raises(ValueError, match=r"cannot read"):
            parse_date_words(text)
    else:
        assert parse_date_words(text) == (utc(expected), precision)
