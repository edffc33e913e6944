"""Tests for wireframe.io.mediacloud: the search export CSV and the API client's results."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from wireframe import io, schema
from wireframe.io import mediacloud as mc
from wireframe.io.report import LoadError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples" / "mediacloud"
EXPORT = SAMPLES / "mediacloud-search-2026-02-a.csv"
SECOND = SAMPLES / "mediacloud-search-2026-02-b.csv"

REUTERS_ID = "32ed170ea421aca257950f1f0089f3345fe18387dafaab6a5d612e2e8e93547d"
NO_DATE_ID = "793efbb56f42401b99cfdfcdb7c7ab9191a01cfed88adcbd024a20a4b6dbe7b2"


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


# Every field of every loaded row of the first export, in file order.
EXPECTED = [
    dict(story_id=REUTERS_ID, outlet="reuters.com", outlet_domain="reuters.com",
         published=utc("2026-02-12"), headline="Baltic ports agree to share ice-breaker fleet",
         url="https://www.reuters.com/world/europe/baltic-ports-agree-share-ice-breaker-fleet"
             "-2026-02-12/",
         language="en", source=f"{EXPORT}:2", indexed_date=utc("2026-02-12 15:03:27.512"),
         media_url="reuters.com"),
    dict(story_id="22a6f1ca6b4289466c8daaa899d7c359902b3c091abadc0169b2ae5b0951b364",
         outlet="devdiscourse.com", outlet_domain="devdiscourse.com", published=utc("2026-02-12"),
         headline="Baltic ports agree to share ice-breaker fleet",
         url="https://www.devdiscourse.com/article/international/3300001-baltic-ports-agree-to-"
             "share-ice-breaker-fleet",
         language="en", source=f"{EXPORT}:3", indexed_date=utc("2026-02-12 16:40:02.1"),
         media_url="devdiscourse.com"),
    dict(story_id="7b61b8cfc87529135aacdc5124efdd261c073a674bee44e9875af9ceb8f559fc",
         outlet="zeit.de", outlet_domain="zeit.de", published=utc("2026-02-13"),
         headline="Ostseehäfen teilen sich ihre Eisbrecherflotte",
         url="https://www.zeit.de/news/2026-02/13/ostseehaefen-teilen-sich-ihre-eisbrecherflotte",
         language="de", source=f"{EXPORT}:4", indexed_date=utc("2026-02-13 07:15:44"),
         media_url="zeit.de"),
    dict(story_id="ad905dd2eb24a2c905cc2ca558c7dbdde9ab026972d6023860ecf9665be47da9",
         outlet="apnews.com", outlet_domain="apnews.com", published=utc("2026-02-15"),
         headline='Grain corridor talks "constructive", officials say',
         url="https://apnews.com/article/grain-corridor-talks-constructive-0a1b2c3d",
         language="en", source=f"{EXPORT}:6", indexed_date=utc("2026-02-15 11:22:33"),
         media_url="apnews.com"),
]


def check_rows(stories: pd.DataFrame, expected: list[dict]) -> None:
    schema.validate(stories)
    assert list(stories.columns) == [*schema.REQUIRED, *mc.EXTRAS]
    assert len(stories) == len(expected)
    for (_, row), want in zip(stories.iterrows(), expected, strict=True):
        for key, value in want.items():
            assert row[key] == value, (key, row[key], value)
        # Media Cloud never gives the text, the wire or an update time.
        assert row["body"] == ""
        assert pd.isna(row["wire"]) and pd.isna(row["updated"])
        assert row["date_source"] == want.get("date_source", "publish_date")


class TestReadMediacloud:
    def test_every_field_of_the_export(self):
        stories, report = mc.read_mediacloud(EXPORT)
        check_rows(stories, EXPECTED)
        assert (report.read, report.loaded) == (5, 4)
        assert stories["published"].dtype == schema.UTC_NS
        assert stories["indexed_date"].dtype == schema.UTC_NS

    def test_missing_date_is_rejected_with_file_and_line(self):
        _, report = mc.read_mediacloud(EXPORT)
        [issue] = report.rejected
        assert issue.location == f"{EXPORT}:5"
        assert issue.field == "published"
        assert issue.reason.startswith("no publish_date")

    def test_missing_date_falls_back_to_indexed_date(self):
        stories, report = mc.read_mediacloud(EXPORT, fallback_date="indexed")
        assert (report.read, report.loaded, len(report.rejected)) == (5, 5, 0)
        row = stories.set_index("story_id").loc[NO_DATE_ID]
        assert row["published"] == utc("2026-02-14 09:00")
        assert row["date_source"] == "indexed_date"
        assert row["outlet"] == "harbourtimes.example"
        assert row["headline"] == "Harbour pilots call off strike"
        notes = [n for n in report.notes if n.location == f"{EXPORT}:5" and n.field == "published"]
        assert len(notes) == 1 and "indexed_date" in notes[0].reason

    def test_every_story_is_noted_for_its_empty_body(self):
        _, report = mc.read_mediacloud(EXPORT)
        body_notes = [n for n in report.notes if n.field == "body"]
        assert [n.location for n in body_notes] == [r["source"] for r in EXPECTED]
        assert {n.reason for n in body_notes} == {"empty body"}

    def test_second_language_is_kept(self):
        stories, _ = mc.read_mediacloud(EXPORT)
        assert stories["language"].tolist() == ["en", "en", "de", "en"]

    def test_duplicate_across_two_exports_and_truncated_row(self):
        stories, report = mc.read_mediacloud([EXPORT, SECOND])
        report.check()
        assert (report.read, report.loaded) == (8, 5)
        reasons = {i.location: i.reason for i in report.rejected}
        assert reasons[f"{SECOND}:2"].startswith(f"duplicate story_id '{REUTERS_ID}'")
        assert f"first seen at {EXPORT}:2" in reasons[f"{SECOND}:2"]
        assert reasons[f"{SECOND}:4"] == (
            "expected 8 fields, found 2: check quoting and the delimiter"
        )
        new = stories.iloc[-1]
        assert new["story_id"] == "affe0703607ecb467b953c8f80ef5cddca837f8cb4757500447b6a6843b6d48e"
        assert new["outlet"] == "yahoo.com"
        assert new["headline"] == "Ice-breaker deal to cut winter shipping delays, ports say"
        assert new["published"] == utc("2026-02-16")
        assert new["indexed_date"] == utc("2026-02-16 08:12:09.25")
        assert new["source"] == f"{SECOND}:3"

    def test_folder_reads_every_export(self):
        stories, report = mc.read_mediacloud(SAMPLES)
        assert report.sources == [str(EXPORT), str(SECOND)]
        assert len(stories) == 5

    def test_strict_stops_at_the_first_bad_story(self):
        with pytest.raises(LoadError, match=r"mediacloud-search-2026-02-a\.csv:5: no publish_date"):
            mc.read_mediacloud(EXPORT, strict=True)

    def test_other_csv_is_refused_with_the_fix(self, tmp_path):
        other = tmp_path / "other.csv"
        other.write_text("title,date\nHi,2026-02-01\n")
        with pytest.raises(ValueError, match=r"not a Media Cloud search export: no column\(s\) "
                           r"id, publish_date, media_name, url.*read_table"):
            mc.read_mediacloud(other)

    def test_bad_fallback_is_refused(self):
        with pytest.raises(ValueError,
                           match=r"`fallback_date` must be one of None, 'indexed'; got 'x'"):
            mc.read_mediacloud(EXPORT, fallback_date="x")

    def test_missing_language_is_noted(self, tmp_path):
        path = tmp_path / "mc.csv"
        path.write_text(
            ",".join(mc.COLUMNS) + "\n"
            "x1,2026-02-12 15:00:00+00:00,,bbc.co.uk,bbc.co.uk,2026-02-12,Hi,https://bbc.co.uk/a\n"
        )
        stories, report = mc.read_mediacloud(path, language="fr")
        assert stories.loc[0, "language"] == "fr"
        assert [(n.field, n.reason) for n in report.notes if n.field == "language"] == [
            ("language", "no language: assumed 'fr'")
        ]

    def test_through_io_read_and_its_registry(self):
        stories, report = io.read([EXPORT, SECOND], format="mediacloud")
        assert len(stories) == 5 and report.loaded == 5
        assert io.sniff(EXPORT) == "mediacloud"


def recorded_pages() -> list[dict]:
    return [json.loads((SAMPLES / f"story-list-page-{n}.json").read_text()) for n in (1, 2)]


class _RecordedQuery:
    """Stands in for SearchApi._query: answers from the recorded pages, counts calls."""

    def __init__(self) -> None:
        self.pages = recorded_pages()
        self.calls: list[tuple[str, dict]] = []

    def __call__(self, endpoint: str, params: dict | None = None, method: str = "GET") -> dict:
        self.calls.append((endpoint, dict(params or {})))
        return json.loads(json.dumps(self.pages[len(self.calls) - 1]))


class TestStoriesFromApi:
    def test_every_field_of_the_client_results(self):
        pytest.importorskip("mediacloud")
        import mediacloud.api

        api = mediacloud.api.SearchApi("recorded")
        api._query = _RecordedQuery()  # no network: the client's own story_list runs on it
        page, token = api.story_list("ice-breaker", dt.date(2026, 2, 1), dt.date(2026, 2, 28),
                                     collection_ids=[34412234])
        assert isinstance(page[0]["publish_date"], dt.date) and token
        stories, report = mc.stories_from_api(page)
        check_rows(stories, [
            {**EXPECTED[0], "source": "mediacloud-search#1"},
            dict(story_id="72a07725c928b387287360c17478ac51f3f00dd83668716ebdb2c35938129489",
                 outlet="lemonde.fr", outlet_domain="lemonde.fr", published=utc("2026-02-13"),
                 headline="Les ports de la Baltique partagent leurs brise-glaces",
                 url="https://www.lemonde.fr/international/article/2026/02/13/les-ports-de-la-"
                     "baltique-partagent-leurs-brise-glaces_600001_3210.html",
                 language="fr", source="mediacloud-search#2",
                 indexed_date=utc("2026-02-13 10:01"), media_url="lemonde.fr"),
        ])
        assert (report.read, report.loaded) == (2, 2)

    def test_text_becomes_the_body_and_strings_are_read(self):
        story = {**recorded_pages()[0]["stories"][0], "text": "Ports agreed.\n\nMore."}
        stories, report = mc.stories_from_api([story], source="mine")
        assert stories.loc[0, "body"] == "Ports agreed.\n\nMore."
        assert stories.loc[0, "published"] == utc("2026-02-12")
        assert stories.loc[0, "source"] == "mine#1"
        assert not [n for n in report.notes if n.field == "body"]

    def test_not_a_dict_is_rejected(self):
        _, report = mc.stories_from_api(["just a url"])
        assert [(i.location, i.reason) for i in report.rejected] == [
            ("mediacloud-search#1", "expected a story dict, got str")
        ]


class TestSearchMediacloud:
    def test_pages_through_with_the_key_from_the_environment(self, monkeypatch):
        pytest.importorskip("mediacloud")
        import mediacloud.api

        recorded = _RecordedQuery()
        monkeypatch.setattr(mediacloud.api.SearchApi, "_query",
                            lambda self, *a, **k: recorded(*a, **k))
        made: list[str] = []
        real_init = mediacloud.api.SearchApi.__init__

        def init(self, auth_token=None):
            made.append(auth_token)
            real_init(self, auth_token)

        monkeypatch.setattr(mediacloud.api.SearchApi, "__init__", init)
        monkeypatch.setenv("MEDIACLOUD_API_KEY", "key-from-env")
        stories, report = mc.search_mediacloud(
            "ice-breaker", start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28),
            collection_ids=[34412234],
        )
        assert made == ["key-from-env"]
        assert [c[0] for c in recorded.calls] == ["search/story-list"] * 2
        assert recorded.calls[0][1]["q"] == "ice-breaker"
        assert "34412234" in str(recorded.calls[0][1]["cs"])
        assert recorded.calls[1][1]["pagination_token"] == recorded.pages[0]["pagination_token"]
        assert (report.read, report.loaded) == (3, 2)
        assert stories["source"].tolist() == ["mediacloud:ice-breaker#1",
                                              "mediacloud:ice-breaker#2"]
        [issue] = report.rejected
        assert issue.location == "mediacloud:ice-breaker#3" and issue.field == "published"

    def test_limit_stops_paging(self):
        class Api:
            calls = 0

            def story_list(self, query, **kwargs):
                Api.calls += 1
                return recorded_pages()[0]["stories"], "more"

        stories, _ = mc.search_mediacloud(
            "x", start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 2), limit=1, api=Api()
        )
        assert Api.calls == 1 and len(stories) == 1

    def test_no_key_in_the_environment(self, monkeypatch):
        monkeypatch.delenv("MEDIACLOUD_API_KEY", raising=False)
        with pytest.raises(RuntimeError, match="set the environment variable MEDIACLOUD_API_KEY"):
            mc.search_mediacloud("x", start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 2))

    def test_bad_limit(self):
        with pytest.raises(ValueError, match=r"`limit` must be an integer >= 1 or None; got"):
            mc.search_mediacloud("x", start=dt.date(2026, 2, 1),
                                         end=dt.date(2026, 2, 2), limit=0, api=object())
