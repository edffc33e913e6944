"""Nexis Uni downloads (DOCX and RTF) read into the Story table.

Nexis Uni (LexisNexis) downloads articles as Word (``.docx``) or Rich Text
(``.rtf``) files, several articles in one file or one per file. The layout,
as LexisNexisTools (Gruber, ``lnt_read``) documents and parses it:

* a **cover page** in multi-article files ("User Name:", "Date and Time:",
  "Job Number:", "Documents (N)", the list of titles, "Search Terms:"), ended
  by a page break; it is skipped;
* per article: the **headline** (first line, a link in DOCX files), the
  **publication** (second line), the **date** line ("February 12, 2026
  Thursday", with a time and zone on wire copy: "... 2:12 PM GMT"), an
  optional edition line and copyright line, then labelled lines:
  ``Section:``, ``Length:`` ("212 words"), ``Byline:``, ``Dateline:``,
  ``Highlight:``;
* a ``Body`` line, the paragraphs of the story, then optional
  ``Classification`` (``Language:``, ``Publication-Type:``, ``Subject:``,
  ``Geographic:``), ``Graphic`` and ``Notes`` sections and ``Load-Date:``;
* an ``End of Document`` line closing each article.

Dates are read by :func:`wireframe.io._exports.parse_date_words`: English,
German, French, Spanish, Dutch, Italian or Portuguese month names, weekday
names ignored, an optional time and zone (``GMT``, ``EST``); a date without
a time is midnight in ``timezone``. A month-only date ("February 2026",
monthly magazines) loads as the first of the month, with a note.

Encoding: RTF is 7-bit by its specification, but downloads carry raw 8-bit
bytes too; those are decided per article (:mod:`wireframe.io.encoding`):
valid UTF-8 stays UTF-8, any other byte is read in the file's code page
(Windows-1252 unless it declares another) and noted on its article, so one
stray byte never becomes a control character or turns the file into
mojibake. DOCX text is XML, always Unicode. A DOCX that would inflate past
the limits of :mod:`wireframe.io.archives` (a decompression bomb) is
refused before it is opened.

What is rejected, each with ``file#N`` (the N-th article of the file, from
1): an article without a ``Body`` line (graphic-only documents), without a
date line, or cut short (no ``End of Document`` after it: a truncated
download); a file that is not a readable DOCX or RTF; an article seen before
(same publication, headline and date, in any file read together), naming
where it was first seen.

The ``wire`` is the agency the export names: the publication when it is one
("Reuters News", "Agence France Presse -- English"), else a byline that is
an agency's name alone ("Associated Press"); :func:`wireframe.wire.attribute`
finds credits in the text of the rest. The Graphic and Notes sections
(photo captions, corrections) are not part of the body.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from wireframe import _validate as check
from wireframe import wire
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
from wireframe.io.archives import check_zip
from wireframe.io.encoding import Decoded, join_surrogates, rtf_codepage, rtf_escapes
from wireframe.io.report import LoadReport

__all__ = ["EXTRAS", "SUFFIXES", "read_nexis"]

logger = logging.getLogger(__name__)

SUFFIXES = (".docx", ".rtf")
"""The files a folder is searched for."""

EXTRAS = {
    "byline": "string",
    "section": "string",
    "length": "Int64",
    "edition": "string",
    "dateline": "string",
    "highlight": "string",
    "copyright": "string",
    "load_date": "datetime",
    "publication_type": "string",
    "subject": "string",
    "geographic": "string",
}
"""Extra columns after the Story columns, and their dtypes. ``length`` is in words."""

PAGE = None
"""Stands for a page break in the list of lines."""

END = "End of Document"
_COVER = re.compile(r"(User Name|Date and Time|Job Number|Client/Matter|Search Terms):.*|"
                    r"Documents? \(\d+\)")
_LABEL = re.compile(r"(?P<label>[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)?):\s*(?P<value>.*)")
_META_LABELS = {"Section": "section", "Length": "length", "Byline": "byline",
                "Author": "byline", "Dateline": "dateline", "Highlight": "highlight"}
_TRAILER_LABELS = {"Load-Date": "load_date", "Language": "language",
                   "Publication-Type": "publication_type", "Subject": "subject",
                   "Geographic": "geographic"}
_SECTIONS = ("Classification", "Graphic", "Notes")
_BODY = ("Body", "Text")
_RTF_PAGE = re.compile(r"\\page(?![a-z])")


def _docx_lines(path: Path) -> list[str | None]:
    try:
        import docx
        from docx.text.paragraph import Paragraph
    except ImportError as err:
        raise missing_extra("python-docx", "reading Nexis Uni DOCX files") from err
    check_zip(path, what="DOCX file")  # a DOCX is a ZIP: refuse a bomb before inflating it
    document = docx.Document(str(path))
    lines: list[str | None] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            breaks = block._p.xpath('.//w:br[@w:type="page"]')
            if breaks or block.paragraph_format.page_break_before:
                lines.append(PAGE)
            lines.extend(block.text.split("\n"))
        else:  # a table in the story: one line per row
            lines.extend(" | ".join(c.text.strip() for c in row.cells) for row in block.rows)
    return lines


def _rtf_lines(path: Path) -> tuple[list[str | None], Decoded]:
    try:
        from striprtf.striprtf import rtf_to_text
    except ImportError as err:
        raise missing_extra("striprtf", "reading Nexis Uni RTF files") from err
    data = path.read_bytes()
    if not data.lstrip()[:5] == b"{\\rtf":
        raise ValueError("not an RTF file (it does not start with '{\\rtf')")
    # RTF should be 7-bit (\'xx and \uN carry the rest); raw 8-bit bytes are decided here.
    raw, decoded = rtf_escapes(data)
    # Keep page breaks visible as a form feed: they end the cover page.
    text = join_surrogates(rtf_to_text(_RTF_PAGE.sub(r"\\par\\u12?\\par ", raw),
                                       encoding=rtf_codepage(data), errors="replace"))
    lines = [PAGE if line.strip("\n") == "\x0c" else line for line in text.split("\n")]
    return lines, decoded


def _lines(path: Path) -> tuple[list[str | None], dict[int, list[str]], str]:
    """A file's lines, the encoding notes of each article (by number), and a file note.

    Each article ends with "End of Document", so a byte that was not UTF-8
    belongs to the article whose number is one more than the count of those
    lines before it. DOCX text is XML, always Unicode: it has no such notes.
    """
    with path.open("rb") as fh:
        is_zip = fh.read(2) == b"PK"  # a DOCX is a zip archive, whatever its name
    if path.suffix.lower() == ".docx" or is_zip:
        return _docx_lines(path), {}, ""
    lines, decoded = _rtf_lines(path)
    ends = [m.end() for m in re.finditer(END, decoded.text)]
    notes = {index + 1: [f.describe() for f in found]
             for index, found in decoded.fallbacks_by([0, *ends]).items()}
    return lines, notes, decoded.note


def _articles(lines: list[str | None]) -> list[tuple[list[str], bool]]:
    """Split a file's lines into articles: (lines, complete) in file order."""
    cleaned: list[str | None] = [
        PAGE if line is PAGE else clean.normalize(line).strip() for line in lines
    ]
    first = next((ln for ln in cleaned if ln), "")
    if _COVER.fullmatch(first) and PAGE in cleaned:
        cleaned = cleaned[cleaned.index(PAGE) + 1 :]
    articles: list[tuple[list[str], bool]] = []
    current: list[str] = []
    for line in cleaned:
        if line == END:
            articles.append((current, True))
            current = []
        elif line:
            current.append(line)
    if current:
        articles.append((current, False))
    return articles


class _Parser:
    """Parses one article's lines into a Story record, or says why it cannot."""

    def __init__(self, *, timezone: str, language: str) -> None:
        self.timezone = timezone
        self.language = language

    def parse(
        self, lines: list[str]
    ) -> tuple[dict[str, Any] | None, str, str, list[tuple[str, str]]]:
        """Return (record, reason rejected, field concerned, notes as (field, text))."""
        notes: list[tuple[str, str]] = []
        body_at = next((i for i, ln in enumerate(lines) if ln in _BODY), None)
        if body_at is None:
            return None, ("no body: no 'Body' line (a graphic-only or abstract-only "
                          "document, or not a Nexis Uni article)"), "body", notes
        meta, rest = lines[:body_at], lines[body_at + 1 :]
        if len(meta) < 2:
            reason = "no headline: no headline and publication lines above 'Body'"
            return None, reason, "headline", notes
        record: dict[str, Any] = {"headline": meta[0], "outlet": meta[1]}
        published = None
        extra_lines: list[str] = []
        for line in meta[2:]:
            m = _LABEL.fullmatch(line)
            if m and m.group("label") in _META_LABELS:
                record[_META_LABELS[m.group("label")]] = m.group("value").strip() or None
            elif line.startswith(("Copyright", "©", "(c)")):
                record["copyright"] = line
            elif m:
                notes.append(("", f"unrecognised metadata line, not loaded: {line!r}"))
            elif published is None:
                try:
                    published, precision = parse_date_words(line, timezone=self.timezone)
                except ValueError:
                    extra_lines.append(line)
                else:
                    if precision == "month":
                        notes.append(("published", f"date {line!r} gives no day; used the 1st"))
            else:
                extra_lines.append(line)
        if published is None:
            return None, ("no date: no date line after the publication name. Fix: check "
                          "the download, or add the date by hand"), "published", notes
        record["published"] = published
        if extra_lines:
            record["edition"] = "; ".join(extra_lines)
        body: list[str] = []
        section = "body"
        for line in rest:
            m = _LABEL.fullmatch(line)
            label = m.group("label") if m else None
            if line in _SECTIONS:
                section = line
            elif m and (label == "Load-Date" or (section != "body" and label in _TRAILER_LABELS)):
                # Load-Date closes the body even when no Classification precedes it.
                section = "trailer" if section == "body" else section
                record[_TRAILER_LABELS[label]] = m.group("value").strip()
            elif section == "body":
                body.append(line)
        record["body"] = clean.join_paragraphs(body)
        self._finish(record, notes)
        return record, "", "", notes

    def _finish(self, record: dict[str, Any], notes: list[tuple[str, str]]) -> None:
        length = record.get("length")
        if length is not None:
            m = re.fullmatch(r"(\d[\d,.]*)\s+words?", str(length))
            record["length"] = int(re.sub(r"\D", "", m.group(1))) if m else None
            if not m:
                notes.append(("length", f"length {length!r} is not 'N words'; set to NA"))
        load = record.get("load_date")
        if load is not None:
            try:
                record["load_date"] = parse_date_words(load, timezone=self.timezone)[0]
            except ValueError as err:
                record["load_date"] = None
                notes.append(("load_date", f"bad Load-Date, set to NA: {err}"))
        name = record.pop("language", None)
        code = language_code(name)
        if name and code is None:
            notes.append(("language", f"language {name!r} not recognised; assumed "
                                      f"{self.language!r}"))
        record["language"] = code or self.language
        byline = record.get("byline")
        record["wire"] = agency(record["outlet"]) or (wire.canonical(byline) if byline else None)


@doc
def read_nexis(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    timezone: str = "UTC",
    language: str = "en",
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read Nexis Uni downloads (DOCX or RTF), one story per article.

    Parameters
    ----------
    {paths}
        Nexis Uni downloads, several articles each or one each; a folder is
        searched for every ``.docx`` and ``.rtf``.
    timezone : str, default "UTC"
        IANA zone of dates printed without a time or zone (most newspapers
        print only the day).
    language : str, default "en"
        ISO 639-1 code of articles whose Classification gives no language.
    {strict}

    Returns
    -------
    stories : DataFrame
        The Story table (see :mod:`wireframe.schema`): ``outlet`` is the
        publication, ``url`` and ``outlet_domain`` are NA (Nexis gives
        none), ``source`` is ``file#N``. Extra columns: ``byline``,
        ``section``, ``length`` (words, Int64), ``edition``, ``dateline``,
        ``highlight``, ``copyright``, ``load_date`` (UTC), ``publication_type``,
        ``subject``, ``geographic``.
    report : LoadReport
        Articles read, loaded and rejected, with ``file#N``.

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    ImportError
        When python-docx (DOCX) or striprtf (RTF) is not installed.
    LoadError
        With ``strict=True``, naming the file and article of the first
        rejected one.

    See Also
    --------
    wireframe.io.factiva.read_factiva : Factiva's downloads.
    wireframe.wire.attribute : credit the agencies named in the text.

    Examples
    --------
    >>> stories, report = read_nexis(
    ...     "corpus/samples/nexis/nexis-uni-ice-breaker-2026-02.docx")  # doctest: +SKIP
    >>> stories.loc[0, ["outlet", "wire", "byline"]].tolist()  # doctest: +SKIP
    ['Reuters News', 'Reuters', 'Anna Lindqvist']
    """
    check.flag("io.nexis.read_nexis", "strict", strict)
    files, rec, builder = open_export(paths, SUFFIXES, what="Nexis Uni", strict=strict,
                                      timezone=timezone, language=language)
    parser = _Parser(timezone=timezone, language=language)
    for path in files:
        try:
            lines, encoding_notes, file_note = _lines(path)
            articles = _articles(lines)
        except ImportError:
            raise
        except Exception as err:  # python-docx and striprtf raise many kinds on a bad file
            unreadable(rec, path, err, "Nexis Uni")
            continue
        if file_note:
            rec.note(str(path), file_note)
        if not articles:
            rec.seen()
            rec.reject(str(path), "no articles: no 'End of Document' line and no text")
        for number, (article, complete) in enumerate(articles, start=1):
            location = f"{path}#{number}"
            if not complete:
                rec.seen()
                rec.reject(location, "truncated: no 'End of Document' line after this "
                           "article, so the file is cut short. Fix: download it again")
                continue
            record, reason, field, notes = parser.parse(article)
            notes += [("", text) for text in encoding_notes.get(number, [])]
            add_or_reject(builder, record, location, reason, field, notes)
    return with_extras(builder.frame(), EXTRAS), rec.done()
