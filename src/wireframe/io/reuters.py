"""Reuters-21578: read the SGML collection into the Story table.

Reuters-21578, Distribution 1.0 (Lewis 1997) holds 21,578 Reuters newswire
stories from 1987 in 22 SGML files, ``reut2-000.sgm`` to ``reut2-021.sgm``.
:func:`read_reuters` reads the distribution archive ``reuters21578.tar.gz``
(without extracting it), a folder of the extracted files, one file or a list
of files, record by record, and returns one row per story with a
:class:`~wireframe.io.report.LoadReport`. :func:`split` labels each story
"train", "test" or "unused" for the ModApte, ModLewis and ModHayes splits.

How the SGML becomes the Story table
------------------------------------
The collection's README (sections VI and VIII, in the archive) defines the
tags; the rules below are wireframe's, for what it leaves open.

Identity
    ``story_id`` is NEWID as text ("1" to "21578"); ``source`` is
    ``reut2-000.sgm#NEWID=1``. ``oldid`` and ``newid`` are also kept as
    nullable integers (``Int64``): they are numbers, NEWIDs follow the order
    of publication, and integers sort that way where text would not.
    A record without a NEWID, or with one seen before, is rejected.
Outlet
    ``outlet`` and ``wire`` are "Reuters", ``outlet_domain`` "reuters.com",
    ``language`` "en"; ``url`` and ``updated`` are missing.
Time
    DATE reads ``26-FEB-1987 15:01:01.79`` (hundredths of a second). The
    collection names no timezone, so the time is read **as UTC**; it is
    most likely the wire's local time, so treat times within a day as
    approximate. White space around and inside the value is ignored. A
    value with material after the time (328 in the collection: control
    characters such as ``\\x05\\x05\\x05RM``, and one editor's comment) is
    read from the date and time alone, with a note. A value whose day reads
    but whose time does not (``31-MAR-1987 605:12:19.12``) is loaded at
    midnight UTC of that day, with a note. A value with no readable day is
    rejected: ``published`` may not be missing. ``date_raw`` keeps the text.
Text
    Each record is decoded on its own, as UTF-8; a byte that is not UTF-8
    (there is one, in reut2-017.sgm) is read as latin-1, which maps each
    byte to one character, so ``.encode("latin-1")`` gives the byte back;
    the record gets a note naming the bytes and the element. Character
    references are then decoded (``&lt;`` to ``<``, ``&#5;`` to ``\\x05``).
    Removed from the body: the start-of-text (``\\x02``) and end-of-text
    (``\\x03``) characters that frame every story, and the closing
    sign-off: "Reuter", "REUTER", "reuter...", "REUTER^M" on a line of its
    own, or ending the last line (upper case after any text, any case after
    a full stop or a number; "told Reuters." stays). Nothing else: other
    control characters, the line noise the README warns about, are kept,
    and each story that has them gets a note.
``<TEXT>`` (NORM, the default)
    ``headline`` is TITLE with its line breaks joined; ``body`` is BODY with
    its paragraphs rebuilt: the wire wraps lines at about 70 characters and
    indents the first line of a paragraph, so a line that starts with white
    space, or follows a blank line, starts a paragraph; the lines of a
    paragraph are joined with one space, and paragraphs are separated by a
    blank line. Tables in a NORM body become one paragraph per row. Text
    that sits inside TEXT but outside TITLE, DATELINE, AUTHOR and BODY (30
    stories, mostly tables the markup cut badly) is not in ``body``; each
    such story gets a note quoting it.
``<TEXT TYPE="BRIEF">``
    A one or two line note: the TITLE is the whole story, so ``headline`` is
    the TITLE and ``body`` is "" (the placeholder "Blah blah blah." and the
    flash asterisks around it are dropped; anything else would be noted).
``<TEXT TYPE="UNPROC">``
    No TITLE or BODY tags: ``headline`` is "" and ``body`` is the raw text,
    framing characters and sign-off removed, its lines kept as they are
    (most of these are price tables whose layout is their meaning). The
    headline-like first line therefore stays in the body.

Extra columns, after the fixed ones: ``topics``, ``places``, ``people``,
``orgs``, ``exchanges``, ``companies`` (lists of category codes, empty when
the field is empty, missing when the element is; dtype
``pd.ArrowDtype(pa.list_(pa.string()))``); ``has_topics`` (the TOPICS
attribute: YES, NO or BYPASS), ``lewissplit``, ``cgisplit``, ``oldid``,
``newid``, ``csecs``, ``text_type`` (NORM, BRIEF or UNPROC), ``dateline``,
``author``, ``mknote``, ``unknown`` (the raw text of the UNKNOWN elements,
joined by a line break when there are several) and ``date_raw``. Rows come
in file-name order (archive and folder; a list is read in the order given)
and, within a file, in record order.

Parquet
    The list columns round-trip through :func:`wireframe.io.write_stories`
    and :func:`wireframe.io.read_stories`; the file also reads with plain
    ``pd.read_parquet`` (each list as a NumPy array), pyarrow, DuckDB and
    polars (see :mod:`wireframe.io.parquet`).
Archives cut short
    A ``.tar.gz`` that ends early (a download cut short) keeps the records
    read before the cut; the rest are one rejection at the archive.

References
----------
Lewis, D. D. (1997). Reuters-21578 text categorization test collection,
Distribution 1.0. README.txt in the distribution.

Examples
--------
>>> from wireframe.io.reuters import read_reuters, split
>>> stories, report = read_reuters("reuters21578.tar.gz")  # doctest: +SKIP
>>> print(report.summary())  # doctest: +SKIP
read 21578, loaded 21578, rejected 0, notes 378 (reuters21578.tar.gz/reut2-000.sgm, ...)
>>> split(stories, name="modapte").value_counts()  # doctest: +SKIP
"""

from __future__ import annotations

import gzip
import logging
import os
import re
import tarfile
import warnings
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import IO, Any

import pandas as pd
import pyarrow as pa
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe import schema
from wireframe._docs import doc
from wireframe.io import archives
from wireframe.io.dates import parse_datetime, to_utc_column
from wireframe.io.report import LoadReport, Recorder

__all__ = ["CATEGORY_FIELDS", "SPLITS", "read_reuters", "split"]

logger = logging.getLogger(__name__)

CATEGORY_FIELDS: tuple[str, ...] = ("topics", "places", "people", "orgs", "exchanges", "companies")
"""The category sets, each a list column named after its lower-cased tag."""

SPLITS: tuple[str, ...] = ("modapte", "modlewis", "modhayes")
"""The training/test splits of README section VIII that :func:`split` knows."""

_COLUMNS = (
    *schema.REQUIRED, *CATEGORY_FIELDS, "has_topics", "lewissplit", "cgisplit",
    "oldid", "newid", "csecs", "text_type", "dateline", "author", "mknote", "unknown",
    "date_raw",
)  # fmt: skip

# Which column a byte in each element ends up in, for encoding notes.
_FIELD_OF_TAG = {
    "DATE": "date_raw", "TITLE": "headline", "BODY": "body", "DATELINE": "dateline",
    "AUTHOR": "author", "UNKNOWN": "unknown", "MKNOTE": "mknote", "TEXT": "body",
    **{f.upper(): f for f in CATEGORY_FIELDS},
}  # fmt: skip

_OPEN_TAG = re.compile(r"<REUTERS\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([A-Za-z]+)\s*=\s*"([^"]*)"')
_TEXT = re.compile(r'<TEXT(?:\s+TYPE\s*=\s*"?([A-Za-z]+)"?)?\s*>(.*?)</TEXT>', re.S)
_D = re.compile(r"<D>(.*?)</D>", re.S)
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ELEMENTS = {
    tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.S)
    for tag in ("DATE", "MKNOTE", "UNKNOWN", "TITLE", "DATELINE", "AUTHOR", "BODY",
                *(f.upper() for f in CATEGORY_FIELDS))
}  # fmt: skip
_INNER = re.compile(r"<(TITLE|DATELINE|AUTHOR|BODY)>.*?</\1>", re.S)
_WRAP = re.compile(r"[ \t]*\n[ \t]*")

# The README's shape, "26-FEB-1987 15:01:01.79"; what follows the time is noise.
_DATE = re.compile(
    r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})"
    r"(?:\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?(.*)",
    re.S,
)
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}

# The sign-off on a line of its own, in the spellings the collection uses
# ("Reuter", "REUTER", "reuter...", "REUTER^M" with a literal caret-M) ...
_SIGNOFF_LINE = re.compile(r"[ \t]*reuters?(?:\.\.\.)?(?:\^M)?[ \t]*", re.I)
# ... or closing the last line: upper case after any text, any case after the
# end of a sentence or a number ("told Reuters" and "Reuters Inc" are prose).
_SIGNOFF_END = re.compile(
    r"(?:(?<=\S)[ \t]+REUTER|(?<=[.\d)\"'])[ \t]+(?i:reuter))(?:\.\.\.)?(?:\^M)?[ \t]*\Z"
)
# Control characters that survive in text (line noise, terminal escapes).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What a BRIEF holds besides its TITLE: flash asterisks and a placeholder.
_BRIEF_FILLER = re.compile(r"\**\s*(?:Blah blah blah\.)?")


# --------------------------------------------------------------------------
# Small text functions, one step each.


def _decode_entities(text: str) -> str:
    """Replace SGML character references (``&lt;``, ``&#5;``) by characters.

    Unlike :func:`html.unescape`, which drops control characters, this keeps
    every referenced character, so that nothing is removed unseen.
    """
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref[0] != "#":
            return _NAMED[ref]
        code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
        # A surrogate or out-of-range code is no character; keep the reference.
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _ENTITY.sub(one, text)


def _unframe(text: str) -> str:
    """Drop the leading start-of-text and trailing end-of-text characters."""
    text = text.strip(" \t\n")
    if text.startswith("\x02"):
        text = text[1:]
    if text.endswith("\x03"):
        text = text[:-1]
    return text.strip("\n").rstrip(" \t\n")


def _drop_signoff(text: str) -> str:
    """Remove the closing "Reuter" sign-off, and nothing else."""
    text = text.rstrip(" \t\n")
    # A few stories were signed twice ("REUTER" then " Reuter"), so repeat.
    while True:
        last = text.rpartition("\n")[2]  # only the last line can hold it
        if _SIGNOFF_LINE.fullmatch(last):
            cut = len(text) - len(last)
        elif m := _SIGNOFF_END.search(last):
            cut = len(text) - len(last) + m.start()
        else:
            return text
        text = text[:cut].rstrip(" \t\n")


def _paragraphs(text: str) -> str:
    """Join wrapped lines into paragraphs separated by one blank line.

    A line that begins with a space or tab, or follows a blank line, starts
    a paragraph; other lines continue the one before.

    Examples
    --------
    >>> _paragraphs("One two\\nthree.\\n    Four\\nfive.")
    'One two three.\\n\\nFour five.'
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip(" \t")
        if not stripped or (line[0] in " \t" and current):
            if current:
                paragraphs.append(" ".join(current))
            current = []
        if stripped:
            current.append(stripped)
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _one_line(text: str) -> str:
    """Join a wrapped single-line field (TITLE, DATELINE, AUTHOR)."""
    return _WRAP.sub(" ", text).strip(" \t\n")


def _decode(raw: bytes) -> tuple[str, list[tuple[int, bytes]]]:
    """Decode one record: UTF-8, and latin-1 for any byte that is not UTF-8.

    Returns the text and, for each run of undecodable bytes, its position in
    the text and the bytes.
    """
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    # surrogateescape keeps each bad byte as U+DC80..U+DCFF, so valid UTF-8
    # around it still decodes as UTF-8 and only the bad bytes fall back.
    text = raw.decode("utf-8", errors="surrogateescape")
    bad = [
        (m.start(), bytes(ord(c) - 0xDC00 for c in m.group()))
        for m in re.finditer("[\udc80-\udcff]+", text)
    ]
    text = re.sub("[\udc80-\udcff]", lambda m: chr(ord(m.group()) - 0xDC00), text)
    return text, bad


def _tag_at(text: str, pos: int) -> str:
    """Name the innermost known element that encloses position ``pos``."""
    best = ""
    for m in re.finditer(r"<([A-Z]+)\b[^>]*>", text[:pos]):
        if text.find(f"</{m.group(1)}>", m.end()) >= pos:
            best = m.group(1)
    return best


# --------------------------------------------------------------------------
# One record.


def _parse_date(raw: str) -> tuple[pd.Timestamp | None, str]:
    """Read a DATE value; return the time and a note (or, when None, why not).

    Examples
    --------
    >>> _parse_date(" 2-JUN-1987 09:14:36.57")
    (Timestamp('1987-06-02 09:14:36.570000+0000', tz='UTC'), '')
    """
    m = _DATE.fullmatch(raw)
    if m is None or m.group(2).upper() not in _MONTHS:
        return None, f"bad date: {raw.strip()!r} is not like '26-FEB-1987 15:01:01.79'"
    day, month, year, hour, minute, second, fraction, rest = m.groups()
    date = f"{year}-{_MONTHS[month.upper()]:02d}-{int(day):02d}"
    rest = rest.strip()
    clock_ok = hour is not None and int(hour) < 24 and int(minute) < 60 and int(second) < 60
    try:
        if clock_ok:
            frac = f".{fraction}" if fraction else ""
            ts = parse_datetime(f"{date}T{int(hour):02d}:{minute}:{second}{frac}")
        else:
            ts = parse_datetime(date)
    except ValueError:
        return None, f"bad date: {raw.strip()!r} is not a calendar date"
    if not clock_ok:
        clock = f"{hour}:{minute}:{second}" if hour is not None else rest
        return ts, (
            f"odd date: no time of day in {raw.strip()!r} (read {clock!r}); published is "
            f"midnight UTC of {day}-{month}-{year}"
        )
    return ts, (f"odd date: text after the time ignored ({rest!r})" if rest else "")


def _parse_record(
    raw: bytes, name: str, line: int, recorder: Recorder, seen: dict[int, str]
) -> tuple[Any, ...] | None:
    """Turn one ``<REUTERS>...</REUTERS>`` record into a row, or reject it."""
    text, bad = _decode(raw.replace(b"\r\n", b"\n"))
    head = _OPEN_TAG.match(text.lstrip())
    attrs = dict(_ATTRIBUTE.findall(head.group(1))) if head else {}
    newid_text = attrs.get("NEWID", "").strip()
    location = f"{name}#NEWID={newid_text}" if newid_text else _label(name, b"", line)
    if not newid_text.isdigit():
        what = f"NEWID {newid_text!r} is not a whole number" if newid_text else "no NEWID"
        recorder.reject(
            location, f"no usable NEWID: {what} (record starts at line {line})", "newid"
        )
        return None
    newid = int(newid_text)
    if newid in seen:
        recorder.reject(
            location,
            f"duplicate story_id {newid_text!r}: first seen at {seen[newid]}; kept that one "
            f"(record starts at line {line})",
            "story_id",
        )
        return None

    date_match = _ELEMENTS["DATE"].search(text)
    if date_match is None:
        recorder.reject(
            location,
            f"bad date: the record has no <DATE> (record starts at line {line})",
            "published",
        )
        return None
    date_raw = _decode_entities(date_match.group(1))
    published, why = _parse_date(date_raw)
    if published is None:
        recorder.reject(location, f"{why} (record starts at line {line})", "published")
        return None
    seen[newid] = location

    notes: list[tuple[str, str]] = []  # (reason, field), recorded once the row is sure
    if why:
        notes.append((why, "published"))
    for pos, chunk in bad:
        tag = _tag_at(text, pos)
        notes.append((
            f"bytes not UTF-8: {chunk.hex(' ')} in <{tag or 'REUTERS'}>, decoded as latin-1 "
            f"{chunk.decode('latin-1')!r}",
            _FIELD_OF_TAG.get(tag, ""),
        ))  # fmt: skip

    text_match = _TEXT.search(text)
    text_type = (text_match.group(1) or "NORM").upper() if text_match else "NORM"
    # Elements are cut from the raw text and decoded one by one, so that a
    # decoded "&lt;/BODY>" cannot pass for a tag.
    content = text_match.group(2) if text_match else ""
    if text_match is None:
        notes.append(("no text: the record has no <TEXT> element; headline and body empty", "body"))

    def element(tag: str, source: str) -> str | None:
        found = _ELEMENTS[tag].findall(source)
        if not found:
            if f"<{tag}>" in source:
                notes.append((f"unclosed <{tag}>: its text is not loaded", _FIELD_OF_TAG[tag]))
            return None
        return "\n".join(_decode_entities(f) for f in found)

    title = _ELEMENTS["TITLE"].search(content)
    headline = _one_line(_decode_entities(title.group(1))) if title else ""
    leftover = _unframe(_decode_entities(_INNER.sub("", content)))
    if text_type == "BRIEF":
        body = ""
        leftover = _BRIEF_FILLER.sub("", leftover, count=1).strip()
    elif text_type == "NORM":
        body_match = _ELEMENTS["BODY"].search(content)
        raw_body = _decode_entities(body_match.group(1)) if body_match else ""
        body = _paragraphs(_drop_signoff(_unframe(raw_body)))
        if body_match is None and text_match is not None:
            notes.append(("no body: a NORM story without <BODY>; body is empty", "body"))
    else:
        if text_type != "UNPROC":
            notes.append((f"unknown TEXT TYPE {text_type!r}: read like UNPROC", "text_type"))
        raw_body = _drop_signoff(_unframe(_decode_entities(content)))
        body = "\n".join(row.rstrip(" \t") for row in raw_body.split("\n"))
        leftover = ""
    if leftover:
        short = leftover if len(leftover) <= 80 else leftover[:77] + "..."
        notes.append((
            f"text outside TITLE, DATELINE and BODY is not in body: {short!r}", "body"
        ))  # fmt: skip
    if text_match is not None and not body and text_type != "BRIEF":
        notes.append((f"empty body: the {text_type} story has no text", "body"))
    for field, value in (("headline", headline), ("body", body)):
        if found := "".join(dict.fromkeys(_CONTROL.findall(value))):
            notes.append((f"control characters kept in {field}: {found!r}", field))
    if title is None and text_type in ("NORM", "BRIEF") and text_match is not None:
        notes.append((f"no headline: the {text_type} story has no <TITLE>", "headline"))

    categories = []
    for field in CATEGORY_FIELDS:
        found = _ELEMENTS[field.upper()].search(text)
        if found is None:
            notes.append((f"no {field}: the record has no <{field.upper()}> element", field))
            categories.append(None)
        else:
            categories.append([_decode_entities(d).strip() for d in _D.findall(found.group(1))])

    for attr in ("TOPICS", "LEWISSPLIT", "CGISPLIT", "OLDID"):
        if attr not in attrs:
            notes.append((f"no {attr}: the <REUTERS> tag lacks it", attr.lower()))
    oldid = attrs.get("OLDID", "").strip()
    if oldid and not oldid.isdigit():
        notes.append((f"odd OLDID: {oldid!r} is not a whole number; oldid is missing", "oldid"))
    dateline = element("DATELINE", content)
    author = element("AUTHOR", content)
    unknown = element("UNKNOWN", text)
    mknote = element("MKNOTE", text)

    for reason, field in notes:
        recorder.note(location, reason, field)
    recorder.loaded()
    return (
        newid_text, "Reuters", "reuters.com", "Reuters", published, None, headline, body,
        None, "en", f"{name}#NEWID={newid_text}", *categories,
        attrs.get("TOPICS"), attrs.get("LEWISSPLIT"), attrs.get("CGISPLIT"),
        int(oldid) if oldid.isdigit() else None, newid, attrs.get("CSECS"), text_type,
        _one_line(dateline) if dateline is not None else None,
        _one_line(author) if author is not None else None,
        mknote, unknown, date_raw,
    )  # fmt: skip


# --------------------------------------------------------------------------
# Files.


def _label(name: str, open_tag: bytes, line: int) -> str:
    """Name a record by its NEWID when the opening tag gives one, else by line."""
    m = re.search(rb'NEWID\s*=\s*"(\d+)"', open_tag)
    return f"{name}#NEWID={m.group(1).decode()}" if m else f"{name}#record at line {line}"


def _records(stream: IO[bytes], name: str, recorder: Recorder) -> Iterator[tuple[int, bytes]]:
    """Yield (first line number, bytes) for each record of one file.

    A record that is not closed before the next ``<REUTERS`` or the end of
    the file is counted and rejected here.
    """
    lines: list[bytes] = []
    start = 0
    for number, line in enumerate(stream, 1):
        stripped = line.lstrip()
        if stripped.startswith(b"<REUTERS") and stripped[8:9] in (b" ", b">", b"\t", b"\n"):
            if lines:
                recorder.seen()
                recorder.reject(
                    _label(name, lines[0], start),
                    f"truncated record: no </REUTERS> before the next <REUTERS> at line {number}",
                )
            lines, start = [line], number
        elif lines:
            lines.append(line)
        elif stripped and not stripped.startswith(b"<!DOCTYPE"):
            recorder.note(f"{name}:{number}", f"text outside any record ignored: {stripped[:60]!r}")
            continue
        if lines and b"</REUTERS>" in line:
            recorder.seen()
            yield start, b"".join(lines)
            lines = []
    if lines:
        recorder.seen()
        recorder.reject(
            _label(name, lines[0], start), "truncated record: the file ends before </REUTERS>"
        )


class _Cut(EOFError):
    """An archive that ends before its gzip stream does: the cut is after its last member."""


def _members(path: Path) -> Iterator[tuple[str, str, IO[bytes]]]:
    """Yield (name, source, stream) for each .sgm member of a tar archive."""
    # Stream mode reads the archive once, front to back, with no extraction.
    with tarfile.open(path, mode="r|*") as archive:
        for member in archive:
            name = PurePosixPath(member.name).name
            if member.isfile() and name.endswith(".sgm"):
                if member.size > archives.MAX_BYTES:
                    raise archives.InputError(
                        "too large", f"{path.name}/{name} holds {member.size:,} bytes, more than "
                        f"wireframe.io.archives.MAX_BYTES", "check where the archive came from")
                stream = archive.extractfile(member)
                if stream is not None:
                    yield name, f"{path.name}/{name}", stream
    # tar reads a cut that falls between its blocks as the end of the archive.
    with path.open("rb") as handle:
        gzipped = handle.read(2) == archives.GZIP_MAGIC
    if gzipped and (cut := archives.gzip_cut(path)):
        raise _Cut(f"{cut}, after its last whole file")


def _plain_files(files: Sequence[Path]) -> Iterator[tuple[str, str, IO[bytes]]]:
    for file in files:
        opener = gzip.open if file.name.endswith(".gz") else open
        with opener(file, "rb") as stream:
            yield file.name.removesuffix(".gz"), str(file), stream


def _sources(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
) -> tuple[Iterator[tuple[str, str, IO[bytes]]], int | None, bool]:
    """Resolve ``path`` to a stream of files, how many, and whether to sort by name."""
    expected = (
        "expected reuters21578.tar.gz, a folder holding the reut2-*.sgm files, "
        "one .sgm file or a list of them"
    )
    if isinstance(path, bytes) or not isinstance(path, str | os.PathLike | Sequence):
        raise check.fail("io.read_reuters", "path", "a path or a list of paths", path,
                         fix=expected)
    if not isinstance(path, str | os.PathLike):
        files = [Path(p) for p in path]
        if not files:
            raise check.fail("io.read_reuters", "path", "a path or a non-empty list of paths",
                             path, fix=expected)
        for file in files:
            if not file.is_file():
                raise FileNotFoundError(f"no such file: {file}")
            if not file.name.endswith((".sgm", ".sgm.gz")):
                raise ValueError(f"{file} is not an .sgm file; {expected}")
        return _plain_files(files), len(files), False
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"no such file or folder: {root}; {expected}")
    if root.is_dir():
        files = sorted(root.glob("*.sgm")) or sorted(root.glob("*.sgm.gz"))
        if files:
            return _plain_files(files), len(files), True
        archive = root / "reuters21578.tar.gz"
        if archive.is_file():
            return _members(archive), None, True
        raise FileNotFoundError(f"no .sgm files and no reuters21578.tar.gz in {root}; {expected}")
    if root.name.endswith((".sgm", ".sgm.gz")):
        return _plain_files([root]), 1, False
    if tarfile.is_tarfile(root):
        return _members(root), None, True
    raise ValueError(f"cannot read {root}: not an .sgm file or a tar archive; {expected}")


def _frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Build the Story table once, from all rows, setting every dtype."""
    columns = dict(zip(_COLUMNS, zip(*rows, strict=True), strict=True)) if rows else {}
    n = len(rows)
    data: dict[str, pd.Series] = {}
    for name in _COLUMNS:
        values = list(columns.get(name, ()))
        if name in ("published", "updated"):
            data[name] = to_utc_column(values if name == "published" else [None] * n)
        elif name in CATEGORY_FIELDS:
            data[name] = pd.Series(
                pd.arrays.ArrowExtensionArray(pa.array(values, type=pa.list_(pa.string())))
            )
        elif name in ("oldid", "newid"):
            data[name] = pd.Series(values, dtype="Int64")
        else:
            data[name] = pd.Series(values, dtype=schema.STRING)
    return pd.DataFrame(data)


@doc
def read_reuters(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read Reuters-21578 into the Story table, one row per story.

    Parameters
    ----------
    path : path or list of paths
        The distribution archive ``reuters21578.tar.gz`` (read as is, not
        extracted), a folder holding the extracted ``reut2-*.sgm`` files (or
        the archive), one ``.sgm`` file, or a list of them. Gzipped files
        (``.sgm.gz``) are opened transparently.
    {strict}

    Returns
    -------
    stories : DataFrame
        The Story table (:data:`wireframe.schema.COLUMNS`), then ``topics``,
        ``places``, ``people``, ``orgs``, ``exchanges``, ``companies`` (lists
        of strings), ``has_topics``, ``lewissplit``, ``cgisplit``, ``oldid``,
        ``newid`` (Int64), ``csecs``, ``text_type``, ``dateline``,
        ``author``, ``mknote``, ``unknown`` and ``date_raw``. The module
        docstring gives the rule for each.
    report : LoadReport
        Records read, loaded and rejected; a note for each loaded record with
        something to say (odd dates, bytes that are not UTF-8, text left out
        of the body). For the full collection: read 21,578, loaded 21,578.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist or holds no Reuters files.
    ValueError
        When ``path`` is not an .sgm file, a folder or a tar archive.
    LoadError
        With ``strict=True``, at the first record that cannot be loaded,
        naming the file and the record or line.

    See Also
    --------
    split : the ModApte, ModLewis and ModHayes training/test splits.

    Notes
    -----
    Times are read as UTC, the collection gives no zone; see the module
    docstring for dates, encodings, BRIEF and UNPROC stories.

    Examples
    --------
    >>> stories, report = read_reuters("reut2-000.sgm")  # doctest: +SKIP
    >>> report.summary()  # doctest: +SKIP
    'read 1000, loaded 1000, rejected 0, notes 0 (reut2-000.sgm)'
    >>> stories.loc[0, ["story_id", "headline"]].tolist()  # doctest: +SKIP
    ['1', 'BAHIA COCOA REVIEW']
    >>> stories.loc[0, "topics"], stories.loc[0, "published"]  # doctest: +SKIP
    (['cocoa'], Timestamp('1987-02-26 15:01:01.790000+0000', tz='UTC'))
    """
    strict = check.flag("io.read_reuters", "strict", strict)
    files, total, by_name = _sources(path)
    recorder = Recorder(str(path), strict=strict)
    recorder.report.sources = []
    rows_by_file: list[tuple[str, list[tuple[Any, ...]]]] = []
    seen: dict[int, str] = {}
    progress = tqdm(files, total=total, desc="Reuters-21578", unit="file", disable=None)
    where = str(path)
    try:
        for name, source, stream in progress:
            recorder.report.sources.append(source)
            where = source
            rows: list[tuple[Any, ...]] = []
            rows_by_file.append((name, rows))
            for line, raw in _records(stream, name, recorder):
                if (row := _parse_record(raw, name, line, recorder, seen)) is not None:
                    rows.append(row)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
        # A download cut short: the records read before the cut stay loaded; the one the
        # cut fell in, and whatever came after it, are this one rejection.
        recorder.seen()
        what = str(err) if isinstance(err, _Cut) else f"{type(err).__name__}: {err}"
        recorder.reject(str(path) if isinstance(err, _Cut) else where,
                        f"truncated: the archive or file ends or breaks here ({what}); the "
                        "records before the cut are loaded, the rest are missing. Fix: "
                        "download it again")
    if by_name:
        # An archive need not list its members in order; a folder is sorted already.
        rows_by_file.sort(key=lambda item: item[0])
    stories = _frame([row for _, rows in rows_by_file for row in rows])
    report = recorder.done()
    logger.info("Reuters-21578: %s", report.summary())
    return stories, report


def split(stories: pd.DataFrame, name: str = "modapte") -> pd.Series:
    """Label each story "train", "test" or "unused" in a standard split.

    Parameters
    ----------
    stories : DataFrame
        Stories read by :func:`read_reuters` (the columns ``has_topics``,
        ``lewissplit`` and ``cgisplit`` are used).
    name : {"modapte", "modlewis", "modhayes"}, default "modapte"
        The split, as defined in section VIII of the collection's README.

    Returns
    -------
    Series
        "train", "test" or "unused" (dtype "string"), indexed like
        ``stories`` and named after the split. A story whose attributes fit
        no rule of the split (only possible in an edited file) is missing,
        with a warning.

    Raises
    ------
    ValueError
        When ``name`` is not a known split or a needed column is absent.

    Notes
    -----
    The README writes ``LEWISSPLIT="TRAIN"`` in section VIII and "TRAINING"
    in section VI; the files say "TRAIN". Both are accepted.

    ============  ==========================  ===========================  =========================
    split         train                       test                         unused
    ============  ==========================  ===========================  =========================
    ModApte       LEWISSPLIT TRAIN, TOPICS    LEWISSPLIT TEST, TOPICS YES  every other story
                  YES (9,603)                 (3,299)                      (8,676)
    ModLewis      LEWISSPLIT TRAIN, TOPICS    LEWISSPLIT TEST, TOPICS YES  LEWISSPLIT NOT-USED or
                  YES or NO (13,625)          or NO (6,188)                TOPICS BYPASS (1,765)
    ModHayes      CGISPLIT TRAINING-SET       CGISPLIT PUBLISHED-TESTSET   none
                  (20,856)                    (722)
    ============  ==========================  ===========================  =========================

    Examples
    --------
    >>> import pandas as pd
    >>> toy = pd.DataFrame({"has_topics": ["YES", "NO", "YES"],
    ...                     "lewissplit": ["TRAIN", "TEST", "NOT-USED"],
    ...                     "cgisplit": ["TRAINING-SET"] * 3})
    >>> split(toy, name="modapte").tolist()
    ['train', 'unused', 'unused']
    >>> split(toy, name="modlewis").tolist()
    ['train', 'test', 'unused']
    """
    func = "io.reuters.split"
    if not isinstance(stories, pd.DataFrame):
        raise check.fail(func, "stories", "the DataFrame io.read_reuters returns", stories)
    key = name.lower() if isinstance(name, str) else name
    if key not in SPLITS:
        raise check.fail(func, "name", "one of " + ", ".join(repr(s) for s in SPLITS), name)
    needed = ["cgisplit"] if key == "modhayes" else ["has_topics", "lewissplit"]
    check.made_by(func, stories, needed, name="stories", maker="io.read_reuters(path)")
    labels = pd.Series(pd.NA, index=stories.index, dtype=schema.STRING, name=key)
    if key == "modhayes":
        cgi = stories["cgisplit"].astype(schema.STRING).str.strip().str.upper()
        labels[cgi == "TRAINING-SET"] = "train"
        labels[cgi == "PUBLISHED-TESTSET"] = "test"
    else:
        topics = stories["has_topics"].astype(schema.STRING).str.strip().str.upper()
        lewis = stories["lewissplit"].astype(schema.STRING).str.strip().str.upper()
        train = lewis.isin(["TRAIN", "TRAINING"])
        test = lewis == "TEST"
        known = topics.isin(["YES", "NO", "BYPASS"]) & (train | test | (lewis == "NOT-USED"))
        labelled = topics.isin(["YES"] if key == "modapte" else ["YES", "NO"])
        labels[known] = "unused"
        labels[known & train & labelled] = "train"
        labels[known & test & labelled] = "test"
    unlabelled = labels.isna()
    if unlabelled.any():
        warnings.warn(
            f"{int(unlabelled.sum())} stories fit no rule of the {key} split (their "
            f"TOPICS/LEWISSPLIT/CGISPLIT attributes are missing or unusual); they are "
            f"left missing, e.g. row {unlabelled[unlabelled].index[0]!r}",
            UserWarning,
            stacklevel=2,
        )
    return labels
