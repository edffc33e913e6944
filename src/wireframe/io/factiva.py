"""Factiva downloads (RTF and HTML) read into the Story table.

Factiva (Dow Jones) saves articles as RTF or HTML in its "Full Article/Report
plus Indexing" display, where every field is labelled by a two- or
three-letter code. The codes, as Factiva's custom search fields table
documents them, and where each goes:

====  ============================  ===========================================
code  Factiva field                 here
====  ============================  ===========================================
HD    Headline                      ``headline``
BY    Author                        ``byline``
CR    Credit                        ``credit``; an agency here is the ``wire``
WC    Word count                    ``word_count`` ("212 words" -> 212)
PD    Publication date              ``published`` (with ET)
ET    Publication time              ``published`` (read in ``timezone``)
SN    Source name                   ``outlet``; an agency here is the ``wire``
SC    Source code                   ``source_code``
ED    Edition                       ``edition``
PG    Page                          ``page``
LA    Language                      ``language`` ("English" -> "en")
CY    Copyright                     ``copyright``
LP    Lead paragraphs               ``body`` (first paragraphs)
TD    Text after the lead           ``body`` (the rest)
SE    Section                       ``section``
CLM   Column                        ``column``
ART   Captions, graphics            ``art``
CT    Contact                       ``contact``
RF    Notes/reference               ``reference``
CO    Companies                     ``companies``
IN    Industry codes                ``industries``
NS    Subject codes                 ``subjects``
RE    Region codes                  ``regions``
IPC   Information provider codes    ``ipc``
IPD   Information provider descr.   ``ipd``
PUB   Publisher name                ``publisher``
VOL   Volume                        ``volume``
AN    Accession number              ``story_id`` ("Document LBA00000..." -> the id)
====  ============================  ===========================================

Fields of several lines (NS, RE, IN, CO) are joined with "; ". In RTF, each
code stands on its own line (or in its own table cell) with its value below
or beside it; articles are separated by page breaks. In HTML, each article
is a ``div`` of class ``article`` holding a table whose rows are a code cell
and a value cell, paragraphs as ``<p>``.

Factiva does not print the zone of ET: it is read in ``timezone`` (UTC by
default; set it to the zone your Factiva display preferences name). A PD
without ET is midnight in that zone.

Encoding: RTF is 7-bit by its specification, but downloads carry raw 8-bit
bytes too; those, and the bytes of an HTML download, are decided per
article (:mod:`wireframe.io.encoding`): valid UTF-8 stays UTF-8, any other
byte is read in the file's code page (Windows-1252 unless it declares
another) and noted on its article, so one stray byte never turns a whole
file into mojibake.

What is rejected, each with ``file#N`` (the N-th article in the file, from 1):
an article without PD (or with one that cannot be read); an article without
AN, which every complete Factiva article ends with (a truncated download);
an AN seen before, in this file or another read with it. A "Search Summary"
page after the articles is skipped; other text outside articles is noted.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd

from wireframe import _validate as check
from wireframe._docs import doc
from wireframe.io import clean
from wireframe.io._exports import (
    add_or_reject,
    agency,
    language_code,
    missing_extra,
    open_export,
    parse_date_words,
    unreadable,
    with_extras,
)
from wireframe.io.encoding import (
    Decoded,
    declared_encoding,
    decode,
    join_surrogates,
    rtf_codepage,
    rtf_escapes,
)
from wireframe.io.report import LoadReport

__all__ = ["CODES", "EXTRAS", "SUFFIXES", "read_factiva"]

logger = logging.getLogger(__name__)

SUFFIXES = (".rtf", ".html", ".htm")
"""The files a folder is searched for."""

CODES: dict[str, str] = {
    "HD": "headline", "BY": "byline", "CR": "credit", "WC": "word_count", "PD": "date",
    "ET": "time", "SN": "outlet", "SC": "source_code", "ED": "edition", "PG": "page",
    "LA": "language", "CY": "copyright", "LP": "lead", "TD": "text", "SE": "section",
    "CLM": "column", "ART": "art", "CT": "contact", "RF": "reference", "CO": "companies",
    "IN": "industries", "NS": "subjects", "RE": "regions", "IPC": "ipc", "IPD": "ipd",
    "PUB": "publisher", "VOL": "volume", "AN": "accession",
}
"""Factiva field codes and the names this reader gives them."""

EXTRAS = {
    "byline": "string", "credit": "string", "word_count": "Int64", "source_code": "string",
    "section": "string", "column": "string", "edition": "string", "page": "string",
    "copyright": "string", "art": "string", "contact": "string", "reference": "string",
    "companies": "string", "industries": "string", "subjects": "string", "regions": "string",
    "ipc": "string", "ipd": "string", "publisher": "string", "volume": "string",
}
"""Extra columns after the Story columns, and their dtypes."""

_LISTS = {"companies", "industries", "subjects", "regions", "ipc", "ipd"}
_ACCESSION = re.compile(r"Document [A-Z0-9]{6,8}\d{8}[a-z0-9]{9}")
_RTF_BREAKS = re.compile(r"\\(?:page|cell|nestcell|row|nestrow)(?![a-z])")

Field = tuple[str, list[str]]


# --- from a file to a sequence of (code, paragraphs) --------------------------


def _rtf_fields(path: Path) -> tuple[list[Field | None], Decoded]:
    """Return the fields of an RTF file in order (None marks a page break), and its decoding."""
    try:
        from striprtf.striprtf import rtf_to_text
    except ImportError as err:
        raise missing_extra("striprtf", "reading Factiva RTF files") from err
    data = path.read_bytes()
    if not data.lstrip()[:5] == b"{\\rtf":
        raise ValueError("not an RTF file (it does not start with '{\\rtf')")
    # RTF should be 7-bit (\'xx and \uN carry the rest); raw 8-bit bytes are decided here.
    raw, decoded = rtf_escapes(data)

    # Table cells and rows end a line, so that a code in its own cell stands alone.
    def brk(m: re.Match[str]) -> str:
        return r"\par\u12?\par " if m.group(0) == r"\page" else r"\par "

    text = join_surrogates(rtf_to_text(_RTF_BREAKS.sub(brk, raw), encoding=rtf_codepage(data),
                                       errors="replace"))
    out: list[Field | None] = []
    for line in text.split("\n"):
        if line.strip("\n") == "\x0c":
            out.append(None)
            continue
        line = clean.normalize(line).strip()
        if line in CODES:
            out.append((line, []))
        elif line:
            if out and out[-1] is not None:
                out[-1][1].append(line)
            else:
                out.append(("", [line]))
    return out, decoded


class _HtmlFields(HTMLParser):
    """Collects (code, paragraphs) from the two-cell rows of Factiva's HTML tables."""

    _BLOCKS = {"p", "div", "br", "li", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[Field | None] = []
        self.cells: list[list[str]] | None = None  # the cells of the open row
        self.text: list[str] = []

    def _flush(self) -> None:
        if self.cells is not None:
            para = " ".join("".join(self.text).split())
            if para:
                self.cells[-1].append(para)
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.cells = []
        elif tag == "td" and self.cells is not None:
            self.cells.append([])
            self.text = []
        elif tag in self._BLOCKS:
            self._flush()
        if tag == "div" and "article" in (dict(attrs).get("class") or "").split():
            self.fields.append(None)  # a new article starts

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "p", "div", "li"):
            self._flush()
        if tag == "tr" and self.cells is not None:
            cells, self.cells = self.cells, None
            code = " ".join(cells[0]).strip() if cells else ""
            if code in CODES and len(cells) >= 2:
                self.fields.append((code, [p for cell in cells[1:] for p in cell]))
            elif any(cells):
                self.fields.append(("", [p for cell in cells for p in cell]))

    def handle_data(self, data: str) -> None:
        if self.cells:
            self.text.append(data)


def _html_fields(path: Path) -> tuple[list[Field | None], Decoded]:
    data = path.read_bytes()
    decoded = decode(data, declared=declared_encoding(data))
    parser = _HtmlFields()
    parser.feed(decoded.text)
    parser.close()
    fields = [f if f is None else (f[0], [clean.normalize(p) for p in f[1]])
              for f in parser.fields]
    return fields, decoded


def _fields(path: Path) -> tuple[list[Field | None], dict[int, list[str]], str]:
    """The fields of a file, the encoding notes of each article (by number), a file note.

    Each article ends with its accession number, so a byte that was not
    UTF-8 belongs to the article whose number is one more than the count of
    accession numbers before it.
    """
    reader = _html_fields if path.suffix.lower() in (".html", ".htm") else _rtf_fields
    fields, decoded = reader(path)
    ends = [m.end() for m in _ACCESSION.finditer(decoded.text)]
    notes = {index + 1: [f.describe() for f in found]
             for index, found in decoded.fallbacks_by([0, *ends]).items()}
    return fields, notes, decoded.note


def _articles(fields: list[Field | None]) -> tuple[list[dict[str, list[str]]], list[str]]:
    """Group fields into articles (code -> lines); return them and any stray text.

    An article starts at HD (or at the first code outside an article) and
    ends at AN. Stray text is what stands outside every article.
    """
    articles: list[dict[str, list[str]]] = []
    stray: list[str] = []
    current: dict[str, list[str]] | None = None
    for field in fields:
        if field is None:
            continue
        code, lines = field
        if not code:
            if current:  # unlabelled text inside an article continues its last field
                current[next(reversed(current))] += lines
            else:
                stray += lines
            continue
        if current is None or (code == "HD" and "HD" in current):
            if current:
                articles.append(current)
            current = {}
        current.setdefault(code, []).extend(lines)
        if code == "AN":
            articles.append(current)
            current = None
    if current:
        articles.append(current)
    return articles, stray


# --- one article -------------------------------------------------------------


def _record(
    fields: dict[str, list[str]], *, timezone: str, language: str
) -> tuple[dict[str, Any] | None, str, str, list[tuple[str, str]]]:
    """Return (record, reason rejected, field concerned, notes as (field, text))."""
    notes: list[tuple[str, str]] = []
    values = {CODES[c]: lines for c, lines in fields.items()}
    if not values.get("accession"):
        return None, ("truncated: no AN (accession number), which every complete Factiva "
                      "article ends with. Fix: download it again"), "story_id", notes
    if not values.get("date"):
        return None, "no date: no PD (publication date) field", "published", notes
    date_text = " ".join(values["date"])
    time_text = " ".join(values.get("time", []))
    try:
        published, precision = parse_date_words(f"{date_text} {time_text}".strip(),
                                                timezone=timezone)
    except ValueError as err:
        return None, f"bad PD/ET date: {err}", "published", notes
    if precision == "month":
        notes.append(("published", f"PD {date_text!r} gives no day; used the 1st"))
    record: dict[str, Any] = {
        "story_id": re.sub(r"^Document\s+", "", " ".join(values["accession"])).strip(),
        "published": published,
        "headline": " ".join(values.get("headline", [])),
        "outlet": " ".join(values.get("outlet", [])),
        "body": clean.join_paragraphs([*values.get("lead", []), *values.get("text", [])]),
    }
    for name in EXTRAS:
        lines = values.get(name)
        if lines:
            record[name] = "; ".join(lines) if name in _LISTS else " ".join(lines)
    if "word_count" in record:
        m = re.fullmatch(r"(\d[\d,.]*)\s*(?:words?)?", record["word_count"])
        if m:
            record["word_count"] = int(re.sub(r"\D", "", m.group(1)))
        else:
            notes.append(("word_count", f"WC {record['word_count']!r} is not 'N words'; "
                                        "set to NA"))
            record["word_count"] = None
    name = " ".join(values.get("language", []))
    code = language_code(name)
    if name and code is None:
        notes.append(("language", f"LA {name!r} not recognised; assumed {language!r}"))
    record["language"] = code or language
    record["wire"] = agency(record.get("credit"), record["outlet"])
    return record, "", "", notes


@doc
def read_factiva(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    timezone: str = "UTC",
    language: str = "en",
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read Factiva downloads (RTF or HTML, "Full Article/Report plus Indexing").

    Parameters
    ----------
    {paths}
        Factiva downloads; a folder is searched for every ``.rtf``, ``.html``
        and ``.htm``.
    timezone : str, default "UTC"
        IANA zone in which PD and ET are read (Factiva prints no zone).
    language : str, default "en"
        ISO 639-1 code of articles without LA.
    {strict}

    Returns
    -------
    stories : DataFrame
        The Story table (see :mod:`wireframe.schema`): ``story_id`` is the
        accession number, ``outlet`` the source name, ``url`` and
        ``outlet_domain`` NA (Factiva gives none), ``source`` ``file#N``.
        Extra columns, one per other field code (see the table above):
        ``byline``, ``credit``, ``word_count`` (Int64), ``source_code``,
        ``section``, ``column``, ``edition``, ``page``, ``copyright``,
        ``art``, ``contact``, ``reference``, ``companies``, ``industries``,
        ``subjects``, ``regions``, ``ipc``, ``ipd``, ``publisher``,
        ``volume``.
    report : LoadReport
        Articles read, loaded and rejected, with ``file#N``.

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    ImportError
        When striprtf (RTF files) is not installed.
    LoadError
        With ``strict=True``, naming the file and article of the first
        rejected one.

    See Also
    --------
    wireframe.io.nexis.read_nexis : Nexis Uni's downloads.

    Examples
    --------
    >>> stories, report = read_factiva(
    ...     "corpus/samples/factiva/factiva-ice-breaker-2026-02.rtf")  # doctest: +SKIP
    >>> stories.loc[0, ["story_id", "outlet", "wire"]].tolist()  # doctest: +SKIP
    ['LBA0000020260212em2c0005t', 'Reuters News', 'Reuters']
    """
    check.flag("io.factiva.read_factiva", "strict", strict)
    files, rec, builder = open_export(paths, SUFFIXES, what="Factiva", strict=strict,
                                      timezone=timezone, language=language)
    for path in files:
        try:
            fields, encoding_notes, file_note = _fields(path)
            articles, stray = _articles(fields)
        except ImportError:
            raise
        except Exception as err:  # striprtf and html.parser raise several kinds on bad input
            unreadable(rec, path, err, "Factiva")
            continue
        if file_note:
            rec.note(str(path), file_note)
        if stray and stray[0] != "Search Summary":
            rec.note(str(path), f"{len(stray)} line(s) outside any article, not loaded, "
                     f"starting {stray[0][:60]!r}")
        if not articles:
            rec.seen()
            rec.reject(str(path), "no articles: no HD or AN field codes found; was the "
                       "download in the 'Full Article/Report plus Indexing' display?")
        for number, fields in enumerate(articles, start=1):
            location = f"{path}#{number}"
            record, reason, field, notes = _record(fields, timezone=timezone, language=language)
            notes += [("", text) for text in encoding_notes.get(number, [])]
            add_or_reject(builder, record, location, reason, field, notes)
    return with_extras(builder.frame(), EXTRAS), rec.done()
