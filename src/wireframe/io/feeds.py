"""RSS and Atom feeds read into the Story table, with feedparser.

One entry is one story. Saved feed files are read (``.xml``, ``.rss``,
``.atom``): this reader never fetches a feed, so that a corpus is the files a
researcher kept, re-readable byte for byte. The fields:

==================  ===================  ======================================
feed                Story column         note
==================  ===================  ======================================
entry id / guid     ``story_id``         else a hash of outlet, url, title, date
feed title          ``outlet``           or the ``outlet=`` argument
feed / entry link   ``outlet_domain``    the domain of the feed's site link
published           ``published``        else ``updated``, with a note
updated             ``updated``          only when the entry gives both
title               ``headline``         HTML entities a feed escaped twice
                                         (``&amp;#8216;``) are decoded
content             ``body``             HTML turned into paragraphs
link                ``url``
xml:lang, language  ``language``         the entry's, else the feed's
author              ``byline``
summary             ``summary``          as text
category / tags     ``categories``       joined with "; "
==================  ===================  ======================================

Feeds that carry only a summary (no ``content:encoded`` or Atom
``content``) load with ``body`` "" and an "empty body" note, and the summary
in ``summary``; :func:`wireframe.hydrate.hydrate` then fetches each story's
page. When a feed's summaries are the whole stories, use them:
``stories.assign(body=stories["summary"])``.

Safety. feedparser is given the file's bytes as a stream, never as a string
(which it might take for a URL or a file name to open); it parses with the
SAX parser's external entities off and drops the entity declarations it does
not consider safe. This reader goes further: a file whose prolog declares any
XML entity (``<!ENTITY``) is rejected before parsing, since entities are how
"billion laughs" expansion and external-entity (XXE) file reads work, and
news feeds have no need of them.

Times: each date is read as the feed writes it by
:func:`wireframe.io.dates.read_datetime`, so that a zone abbreviation takes
the offset of :data:`~wireframe.io.dates.TZ_ABBREVIATIONS` (feedparser itself
reads IST, PKT and unknown zones as UTC) and an unknown zone rejects the
entry; a date without a zone is read as UTC; forms only feedparser knows
are taken from its UTC reading. Text is decoded per entry
(:mod:`wireframe.io.encoding`): a byte that is not UTF-8 is read as
Windows-1252 and noted on its entry, the rest stays UTF-8.

A file that is not well-formed XML (a truncated download) is read leniently
by feedparser's loose parser, with a note naming the fault; an entry it
recovers without a date is rejected like any other. A story id seen
before, in this file or another read with it (feeds are saved again and
again, and repeat their entries), is rejected as a duplicate, naming where
it was first seen.
"""

from __future__ import annotations

import calendar
import html
import io
import logging
import os
import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from wireframe import _validate as check
from wireframe._docs import doc
from wireframe.io import clean
from wireframe.io._exports import (
    add_record,
    language_code,
    missing_extra,
    open_export,
    with_extras,
)
from wireframe.io.builder import domain_of
from wireframe.io.dates import read_datetime
from wireframe.io.encoding import declared_encoding, decode
from wireframe.io.report import LoadReport

__all__ = ["EXTRAS", "SUFFIXES", "html_text", "read_feeds"]

logger = logging.getLogger(__name__)

SUFFIXES = (".xml", ".rss", ".atom")
"""The files a folder is searched for."""

EXTRAS = {"byline": "string", "summary": "string", "categories": "string"}
"""Extra columns after the Story columns, and their dtypes."""

_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_ENTRY = re.compile(r"<(?:item|entry)\b")
_PROLOG_ENCODING = re.compile(r"""(<\?xml[^>]*encoding\s*=\s*["'])[\w.:-]+(["'])""")


class _Paragraphs(HTMLParser):
    """Splits HTML into paragraphs at block elements and line breaks."""

    _BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
               "section", "article", "figcaption"}
    _SKIP = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.text: list[str] = []
        self.skipping = 0

    def _flush(self) -> None:
        para = " ".join("".join(self.text).split())
        if para:
            self.paragraphs.append(para)
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.text.append(data)


def html_text(markup: str) -> str:
    """Return the text of an HTML fragment, paragraphs separated by a blank line.

    Block elements (``p``, ``div``, ``li``, headings) and ``<br>`` end a
    paragraph; scripts and styles are dropped; paragraphs that are page
    chrome ("Advertisement") go, as in :func:`wireframe.io.clean.drop_boilerplate`.

    Examples
    --------
    >>> html_text("<p>One <b>two</b>.</p><p>Three.<br/>Four.</p><div>Advertisement</div>")
    'One two.\\n\\nThree.\\n\\nFour.'
    """
    parser = _Paragraphs()
    parser.feed(markup)
    parser.close()
    parser._flush()
    paragraphs = [clean.normalize(p) for p in parser.paragraphs]
    return clean.join_paragraphs(clean.drop_boilerplate(paragraphs))


def _text(detail: Mapping[str, Any] | None) -> str | None:
    if not detail or not detail.get("value"):
        return None
    value = str(detail["value"])
    text = html_text(value) if "html" in str(detail.get("type", "")) else clean.normalize(value)
    return text.strip() or None


def _date(entry: Mapping[str, Any], key: str) -> pd.Timestamp | None:
    """An entry's date (``published`` or ``updated``) in UTC, or None when it has none.

    The date as the feed writes it is read by :func:`wireframe.io.dates.read_datetime`,
    so that a zone abbreviation means what :data:`~wireframe.io.dates.TZ_ABBREVIATIONS`
    says (feedparser reads IST, PKT and any unknown zone as UTC) and an unknown one is
    refused. Forms only feedparser reads (RFC 822 variants, W3C-DTF oddities) are
    taken from its UTC time, within the Story table's years.

    Raises
    ------
    ValueError
        When the date is refused (unknown zone, no year, out of range ...).
    """
    raw = entry.get(key)
    parsed = entry.get(f"{key}_parsed")
    if isinstance(raw, str) and raw.strip():
        try:
            return read_datetime(raw)[0]
        except ValueError as err:
            if not str(err).startswith("cannot read"):
                raise
    if not parsed:
        return None
    # feedparser gives a UTC struct_time.
    return read_datetime(pd.Timestamp(calendar.timegm(parsed), unit="s", tz="UTC"))[0]


def _content(entry: Mapping[str, Any]) -> str | None:
    contents = list(entry.get("content") or [])
    # Prefer HTML (content:encoded, Atom type="html") over a plain-text variant.
    contents.sort(key=lambda c: "html" not in str(c.get("type", "")))
    for item in contents:
        text = _text(item)
        if text:
            return text
    return None


def _entry_language(entry: Mapping[str, Any]) -> str | None:
    for key in ("title_detail", "summary_detail"):
        detail = entry.get(key) or {}
        code = language_code(detail.get("language"))
        if code:
            return code
    for item in entry.get("content") or []:
        code = language_code(item.get("language"))
        if code:
            return code
    return None


@doc
def read_feeds(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    outlet: str | None = None,
    language: str = "en",
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read saved RSS and Atom feeds, one story per entry.

    Parameters
    ----------
    {paths}
        Saved feed files; a folder is searched for every ``.xml``, ``.rss``
        and ``.atom``.
    outlet : str, optional
        The outlet of every entry; by default the feed's title
        ("Harbour Times - World").
    language : str, default "en"
        ISO 639-1 code of entries when neither they nor their feed say.
    {strict}

    Returns
    -------
    stories : DataFrame
        The Story table (see :mod:`wireframe.schema`), ``source`` ``file#N``
        (the N-th entry, from 1), plus ``byline``, ``summary`` and
        ``categories``.
    report : LoadReport
        Entries read, loaded and rejected; notes for entries without a body
        (to hydrate), dated by their update time, or read from a feed that
        is not well-formed XML.

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    ImportError
        When feedparser is not installed.
    LoadError
        With ``strict=True``, naming the file and entry of the first rejected one.

    See Also
    --------
    wireframe.hydrate.hydrate : fetch the text of entries that carry only a summary.

    Examples
    --------
    >>> stories, report = read_feeds(
    ...     "corpus/samples/feeds/harbour-times-rss-2026-02-12.xml")  # doctest: +SKIP
    >>> stories.loc[0, ["story_id", "outlet", "language"]].tolist()  # doctest: +SKIP
    ['harbourtimes-2026-0212-0001', 'Harbour Times - World', 'en']
    """
    check.flag("io.feeds.read_feeds", "strict", strict)
    try:
        import feedparser
    except ImportError as err:
        raise missing_extra("feedparser", "reading RSS and Atom feeds") from err
    files, rec, builder = open_export(paths, SUFFIXES, what="feed", strict=strict,
                                      language=language)
    for path in files:
        data = path.read_bytes()
        decoded = decode(data, declared=declared_encoding(data))
        start = re.search(r"<[A-Za-z]", decoded.text)
        if _ENTITY.search(decoded.text[: start.start() if start else len(decoded.text)]):
            rec.seen()
            rec.reject(str(path), "XML entities declared: the feed declares <!ENTITY ...>, "
                       "which can expand without bound or read local files, so it is refused. "
                       "Fix: remove the DOCTYPE block if you trust the file")
            continue
        if decoded.note:
            rec.note(str(path), decoded.note)
        # Decoded here, per entry (one stray byte must not make feedparser read the whole
        # file as Windows-1252), and handed over as UTF-8 with a prolog that says so.
        utf8 = _PROLOG_ENCODING.sub(r"\g<1>utf-8\g<2>", decoded.text, count=1).encode()
        starts = [m.start() for m in _ENTRY.finditer(decoded.text)]
        encoding_notes = {index: [f.describe() for f in found]
                          for index, found in decoded.fallbacks_by([0, *starts]).items()}
        # A stream, never a string: feedparser treats a string as a URL or path to open.
        parsed = feedparser.parse(io.BytesIO(utf8), sanitize_html=True,
                                  resolve_relative_uris=False)
        fault = parsed.get("bozo_exception")
        if parsed.get("bozo") and not parsed.entries:
            rec.seen()
            rec.reject(str(path), f"not a feed: {fault}")
            continue
        if parsed.get("bozo"):
            rec.note(str(path), "not well-formed XML: read leniently, entries after the fault "
                     f"may be missing ({fault})")
        feed = parsed.feed
        feed_outlet = outlet or clean.normalize(feed.get("title") or "").strip() or None
        feed_domain = domain_of(feed.get("link"))
        feed_language = language_code(feed.get("language"))
        for number, entry in enumerate(parsed.entries, start=1):
            location = f"{path}#{number}"
            notes = [("", text) for text in encoding_notes.get(number, [])]
            try:
                published = _date(entry, "published")
            except ValueError as err:
                rec.seen()
                rec.reject(location, f"bad date: {err}", "published")
                continue
            updated = None
            # feedparser aliases an RSS entry's "updated" to its pubDate: only a real one counts.
            if "updated_parsed" in entry.keys():
                try:
                    updated = _date(entry, "updated")
                except ValueError as err:
                    notes.append(("updated", f"bad date, set to NA: {err}"))
            if published is None and updated is not None:
                published, updated = updated, None
                notes.append(("published", "no published date; used the updated date"))
            if published is None:
                rec.seen()
                given = entry.get("published") or entry.get("updated")
                reason = (f"bad date: cannot read the entry's date {given!r}" if given
                          else "no date: the entry has no published or updated element")
                rec.reject(location, reason, "published")
                continue
            url = entry.get("link")
            title = entry.get("title")
            record = {
                "story_id": entry.get("id"),
                "outlet": feed_outlet,
                "outlet_domain": feed_domain or domain_of(url),
                "published": published,
                "updated": updated if updated != published else None,
                "headline": html.unescape(clean.normalize(title)) if title else None,
                "body": _content(entry),
                "url": url,
                "language": _entry_language(entry) or feed_language,
                "byline": entry.get("author"),
                "summary": _text(entry.get("summary_detail")),
                "categories": "; ".join(t.get("term") for t in entry.get("tags") or []
                                        if t.get("term")) or None,
            }
            if record["language"] is None:
                notes.append(("language", f"neither the entry nor the feed gives a language; "
                                          f"assumed {language!r}"))
            add_record(builder, record, location, notes)
    return with_extras(builder.frame(), EXTRAS), rec.done()
