"""Media Cloud: the CSV its search tool exports, and its Python client's results.

Media Cloud (https://www.mediacloud.org) indexes news on the open web. Its
search tool downloads the stories that match a query as CSV, and its API
client (``pip install mediacloud``) returns them as dicts. Both carry story
metadata and a URL, never the text (Media Cloud may not redistribute it).
So every story loads with ``body`` "" and an "empty body" note in the report;
:func:`wireframe.hydrate.hydrate` (``wireframe hydrate``) then fetches the
text from each URL.

The CSV has one column per story field, sorted by name as the search tool
writes them: ``id, indexed_date, language, media_name, media_url,
publish_date, title, url``. They become:

============  =================  ==============================================
Media Cloud   Story column       note
============  =================  ==============================================
id            ``story_id``       Media Cloud's own id (a hex digest)
media_name    ``outlet``         the source's canonical domain, "reuters.com"
media_url     ``outlet_domain``  the domain; also kept as ``media_url``
publish_date  ``published``      a day, read as midnight UTC (Media Cloud
                                 stores publication days in UTC)
title         ``headline``
url           ``url``
language      ``language``       ISO 639-1 as Media Cloud detected it
indexed_date  ``indexed_date``   when Media Cloud indexed the story (UTC)
============  =================  ==============================================

A story without ``publish_date`` (Media Cloud could not find one) is rejected,
or, with ``fallback_date="indexed"``, dated by ``indexed_date`` with a note;
the extra column ``date_source`` says which date each row has. A story id seen
before (in an earlier row or file) is rejected as a duplicate, naming where
it was first seen.
"""

from __future__ import annotations

import csv
import io
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from wireframe import _validate as check
from wireframe._docs import doc
from wireframe.io._exports import add_record, expand, missing_extra, with_extras
from wireframe.io.archives import read_bytes
from wireframe.io.builder import StoryBuilder, domain_of
from wireframe.io.dates import TZ_ABBREVIATIONS, parse_datetime
from wireframe.io.delimited import csv_records
from wireframe.io.encoding import decode
from wireframe.io.report import LoadReport, Recorder

__all__ = ["COLUMNS", "EXTRAS", "read_mediacloud", "search_mediacloud", "stories_from_api"]

logger = logging.getLogger(__name__)

COLUMNS = ("id", "indexed_date", "language", "media_name", "media_url", "publish_date", "title",
           "url")
"""The columns of a Media Cloud search export, in the order the tool writes them."""

EXTRAS = {"indexed_date": "datetime", "media_url": "string", "date_source": "string"}
"""Extra columns after the Story columns, and their dtypes."""

API_KEY_VARIABLE = "MEDIACLOUD_API_KEY"
"""The environment variable :func:`search_mediacloud` reads the API key from."""

_FALLBACKS = (None, "indexed")


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _domain(media_url: str | None) -> str | None:
    if not media_url:
        return None
    # The search tool writes the bare canonical domain ("reuters.com").
    return domain_of(media_url if "://" in media_url else f"http://{media_url}")


class _Loader:
    """Turns Media Cloud story dicts (from CSV rows or the API) into Story rows."""

    def __init__(self, rec: Recorder, *, fallback_date: str | None, language: str) -> None:
        self.rec = rec
        self.fallback_date = fallback_date
        self.language = language
        self.builder = StoryBuilder(
            rec, columns=None, date_format=None, timezone="UTC",
            abbreviations=TZ_ABBREVIATIONS, outlet=None, language=language,
        )

    def _date(self, value: Any) -> pd.Timestamp | None:
        if isinstance(value, date) and not isinstance(value, datetime):
            value = pd.Timestamp(value)  # a day from the client: midnight, UTC below
        return parse_datetime(value) if _text(value) is not None else None

    def add(self, story: Mapping[str, Any], location: str) -> None:
        notes: list[tuple[str, str]] = []
        published_raw = story.get("publish_date")
        try:
            indexed = self._date(story.get("indexed_date"))
        except ValueError as err:
            indexed = None
            notes.append(("indexed_date", f"bad indexed_date, set to NA: {err}"))
        date_source = "publish_date"
        if _text(published_raw) is None:
            if self.fallback_date != "indexed" or indexed is None:
                self.rec.seen()
                self.rec.reject(
                    location, "no publish_date: Media Cloud found no publication date for this "
                    "story. Fix: pass fallback_date='indexed' to date it by when Media Cloud "
                    "indexed it", "published",
                )
                return
            published_raw, date_source = indexed, "indexed_date"
            notes.append(("published", "no publish_date: dated by indexed_date "
                                       "(fallback_date='indexed')"))
        elif isinstance(published_raw, date) and not isinstance(published_raw, datetime):
            published_raw = pd.Timestamp(published_raw)
        language = _text(story.get("language"))
        if language is None:
            notes.append(("language", f"no language: assumed {self.language!r}"))
        media_url = _text(story.get("media_url"))
        record = {
            "story_id": _text(story.get("id")),
            "outlet": _text(story.get("media_name")),
            "outlet_domain": _domain(media_url),
            "published": published_raw,
            "headline": _text(story.get("title")),
            "body": _text(story.get("text")),
            "url": _text(story.get("url")),
            "language": language,
            "indexed_date": indexed,
            "media_url": media_url,
            "date_source": date_source,
        }
        add_record(self.builder, record, location, notes)

    def frame(self) -> pd.DataFrame:
        return with_extras(self.builder.frame(), EXTRAS)


def _header(path: Path) -> list[str]:
    first = decode(read_bytes(path)[0][:65536]).text.split("\n", 1)[0]
    return [h.strip() for h in next(csv.reader(io.StringIO(first)), [])]


@doc
def read_mediacloud(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    fallback_date: str | None = None,
    language: str = "en",
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read the CSV files that Media Cloud's search tool exports.

    Parameters
    ----------
    {paths}
        Export files (``.csv``, ``.csv.gz``).
    fallback_date : {None, "indexed"}, default None
        What to do with a story that has no ``publish_date``: reject it
        (None), or date it by its ``indexed_date`` ("indexed"), with a note.
    language : str, default "en"
        ISO 639-1 code for stories whose language Media Cloud did not detect
        (each gets a note).
    {strict}

    Returns
    -------
    stories : DataFrame
        The Story table (see :mod:`wireframe.schema`) with ``body`` "" for
        every story, plus ``indexed_date`` (UTC), ``media_url`` and
        ``date_source`` ("publish_date" or "indexed_date").
    report : LoadReport
        Stories read, loaded and rejected (``file:line``); an "empty body"
        note per story, to be filled by :func:`wireframe.hydrate.hydrate`.

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    ValueError
        When a file lacks the export's columns (the message names them), or
        ``fallback_date`` is not allowed.
    LoadError
        With ``strict=True``, naming the file and line of the first bad story.

    See Also
    --------
    search_mediacloud : the same stories from Media Cloud's API.
    wireframe.hydrate.hydrate : fetch the text of each story.

    Examples
    --------
    >>> stories, report = read_mediacloud(
    ...     "corpus/samples/mediacloud/mediacloud-search-2026-02-a.csv")  # doctest: +SKIP
    >>> stories.loc[0, ["outlet", "published"]].tolist()  # doctest: +SKIP
    ['reuters.com', Timestamp('2026-02-12 00:00:00+0000', tz='UTC')]
    """
    check.choice("io.mediacloud.read_mediacloud", "fallback_date", fallback_date, _FALLBACKS)
    check.flag("io.mediacloud.read_mediacloud", "strict", strict)
    files = expand(paths, (".csv", ".gz"), what="Media Cloud export")
    rec = Recorder(str(files[0]), strict=strict)
    rec.report.sources = [str(f) for f in files]
    loader = _Loader(rec, fallback_date=fallback_date, language=language)
    for path in files:
        missing = [c for c in ("id", "publish_date", "media_name", "url") if c not in _header(path)]
        if missing:
            raise ValueError(
                f"{path}: not a Media Cloud search export: no column(s) {', '.join(missing)} "
                f"(expected {', '.join(COLUMNS)}). Fix: read other CSV files with "
                "wireframe.io.read_table(path, columns={...})"
            )
        for record, location in csv_records(path, rec, delimiter=","):
            loader.add(record, location)
        loader.builder.finish(str(path))
    return loader.frame(), rec.done()


def stories_from_api(
    stories: Iterable[Mapping[str, Any]],
    *,
    source: str = "mediacloud-search",
    fallback_date: str | None = None,
    language: str = "en",
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Turn story dicts from the ``mediacloud`` client into a Story table.

    Parameters
    ----------
    stories : iterable of dict
        What ``mediacloud.api.SearchApi.story_list`` returns (pages joined),
        or ``story_sample``: dicts with ``id``, ``indexed_date``, ``language``,
        ``media_name``, ``media_url``, ``publish_date`` (a ``date``),
        ``title``, ``url`` and, for accounts that may see it, ``text``.
        ISO strings in place of dates are read too.
    source : str, default "mediacloud-search"
        Names the origin in the ``source`` column: ``SOURCE#N`` for the
        N-th story (from 1).
    fallback_date, language, strict
        As in :func:`read_mediacloud`.

    Returns
    -------
    stories : DataFrame
        As :func:`read_mediacloud`; ``body`` is the ``text`` field when the
        API returned one.
    report : LoadReport

    Examples
    --------
    >>> import datetime as dt
    >>> found = [{"id": "ab12", "media_name": "reuters.com", "media_url": "reuters.com",
    ...           "publish_date": dt.date(2026, 2, 12), "title": "Ports agree",
    ...           "url": "https://www.reuters.com/a", "language": "en",
    ...           "indexed_date": dt.datetime(2026, 2, 12, 15, 3, tzinfo=dt.timezone.utc)}]
    >>> table, report = stories_from_api(found)
    >>> table.loc[0, ["story_id", "outlet_domain", "source"]].tolist()
    ['ab12', 'reuters.com', 'mediacloud-search#1']
    """
    check.choice("io.mediacloud.stories_from_api", "fallback_date", fallback_date, _FALLBACKS)
    check.flag("io.mediacloud.stories_from_api", "strict", strict)
    rec = Recorder(source, strict=strict)
    loader = _Loader(rec, fallback_date=fallback_date, language=language)
    for number, story in enumerate(stories, start=1):
        if not isinstance(story, Mapping):
            rec.seen()
            rec.reject(f"{source}#{number}", f"expected a story dict, got {type(story).__name__}")
            continue
        loader.add(story, f"{source}#{number}")
    return loader.frame(), rec.done()


def search_mediacloud(
    query: str,
    *,
    start: date,
    end: date,
    collection_ids: Sequence[int] = (),
    source_ids: Sequence[int] = (),
    limit: int | None = None,
    api: Any = None,
    fallback_date: str | None = None,
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Search Media Cloud's online news archive and return the stories found.

    The API key is read from the environment variable ``MEDIACLOUD_API_KEY``
    and never taken as an argument, so that it stays out of notebooks and
    scripts. Pages of results are fetched with the client's
    ``SearchApi.story_list`` until the last page or ``limit``.

    Parameters
    ----------
    query : str
        A Media Cloud query ("ice-breaker AND Baltic").
    start, end : datetime.date
        The first and last publication day searched.
    collection_ids, source_ids : sequence of int
        Media Cloud collections and sources to search in.
    limit : int, optional
        Stop after this many stories.
    api : object, optional
        A client with the ``story_list`` method of
        ``mediacloud.api.SearchApi``; made from the environment when None.
    fallback_date, strict
        As in :func:`read_mediacloud`.

    Returns
    -------
    stories, report
        As :func:`stories_from_api`, with ``source`` "mediacloud:QUERY#N".

    Raises
    ------
    RuntimeError
        When ``MEDIACLOUD_API_KEY`` is not set.
    ImportError
        When the ``mediacloud`` package is not installed.

    Examples
    --------
    >>> import datetime as dt, os
    >>> os.environ["MEDIACLOUD_API_KEY"] = "..."  # doctest: +SKIP
    >>> stories, report = search_mediacloud(
    ...     "ice-breaker AND Baltic", start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28),
    ...     collection_ids=[34412234])  # doctest: +SKIP
    """
    func = "io.mediacloud.search_mediacloud"
    check.choice(func, "fallback_date", fallback_date, _FALLBACKS)
    check.flag(func, "strict", strict)
    limit = check.integer(func, "limit", limit, low=1, none=True)
    if api is None:
        key = os.environ.get(API_KEY_VARIABLE)
        if not key:
            raise RuntimeError(
                f"no Media Cloud API key: set the environment variable {API_KEY_VARIABLE} "
                "(your key is on your Media Cloud profile page); it is never read from code"
            )
        try:
            import mediacloud.api
        except ImportError as err:
            raise missing_extra("mediacloud", "searching Media Cloud") from err
        api = mediacloud.api.SearchApi(key)
    found: list[Mapping[str, Any]] = []
    token = None
    while True:
        page, token = api.story_list(
            query, start_date=start, end_date=end, collection_ids=list(collection_ids),
            source_ids=list(source_ids), pagination_token=token,
        )
        found.extend(page)
        logger.info("Media Cloud: %d stories so far for %r", len(found), query)
        if not token or (limit is not None and len(found) >= limit):
            break
    if limit is not None:
        found = found[:limit]
    return stories_from_api(
        found, source=f"mediacloud:{query}", fallback_date=fallback_date, strict=strict
    )
