"""CSV records, counted against the file's physical lines.

:func:`csv_records` yields each record of a delimited text file with its
``file:line``, and reports every line that is not one:

* **Encoding** per line (:func:`wireframe.io.encoding.decode`): UTF-8, UTF-16
  and their byte-order marks; bytes that are not UTF-8 are read as
  Windows-1252 and noted on their line.
* **Delimiter**: the one given, tab for ``.tsv``, else the one of ``,``
  ``;`` tab ``|`` that splits the header into the most fields (ties go to
  the comma), with a note when it is not the comma.
* **Unclosed quotes**: a quoted field that opens on line L and never closes
  takes in the lines after it. A record that spans several lines is
  checked: when it runs to the end of the file with a quote still open, or
  when one of the lines it took in is a record of its own (the header's
  number of fields and a ``published`` value that reads as a date), line L
  is rejected ("unclosed quote") and reading starts again at line L+1, so
  the records after it load.
* **Fields of any size** (Python's csv module stops at 131,072 characters).
* Rows with the wrong number of fields are rejected; rows with every field
  empty (as spreadsheets leave at the end) are skipped and counted in a
  note; repeated header names get a suffix (``title``, ``title_2``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from wireframe.io.archives import read_bytes
from wireframe.io.encoding import decode
from wireframe.io.report import Recorder

__all__ = ["DELIMITERS", "csv_records", "decoded_lines", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t", "|")
"""The delimiters :func:`sniff_delimiter` chooses among, in order of preference."""

_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@contextlib.contextmanager
def _no_field_limit() -> Iterator[None]:
    old = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def decoded_lines(path: Path, rec: Recorder) -> list[str]:
    """The physical lines of a text file (gzip inflated), each decoded on its own.

    Notes go to ``rec``: the file's encoding when it is not UTF-8, each line
    with bytes that were not UTF-8, and a gzip stream cut short; the line a
    cut falls in is rejected and left out (it counts as one record). Line
    ends are kept; ``\\n``, ``\\r\\n`` and ``\\r`` all end a line.
    """
    raw, cut = read_bytes(path)
    decoded = decode(raw)
    if decoded.note:
        rec.note(str(path), decoded.note)
    if cut:
        rec.note(str(path), cut)
    lines = list(io.StringIO(decoded.text, newline=""))
    if decoded.fallbacks:
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line)
        for index, found in sorted(decoded.fallbacks_by(starts).items()):
            rec.note(f"{path}:{index + 1}", "; ".join(f.describe() for f in found))
    if cut and lines and not lines[-1].endswith(("\n", "\r")):
        rec.seen()
        rec.reject(f"{path}:{len(lines)}", "cut short: the compressed file ends inside this "
                   "record. Fix: download the file again")
        lines.pop()
    return lines


def sniff_delimiter(header: str) -> str:
    """The delimiter of :data:`DELIMITERS` that splits a header line into the most fields.

    Examples
    --------
    >>> sniff_delimiter("id;title;date\\n"), sniff_delimiter('a,"b;c",d\\n')
    (';', ',')
    """
    best, most = ",", 1
    for delimiter in DELIMITERS:
        with _no_field_limit():
            fields = next(csv.reader([header], delimiter=delimiter), [])
        if len(fields) > most:
            best, most = delimiter, len(fields)
    return best


def _quote_open(text: str) -> bool:
    """Whether a quoted field is still open at the end of ``text`` ("" pairs cancel)."""
    return text.count('"') % 2 == 1


def _unique(header: list[str]) -> tuple[list[str], list[str]]:
    seen: dict[str, int] = {}
    out, renamed = [], []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            new = f"{name}_{seen[name]}"
            renamed.append(f"{name!r} again as {new!r}")
            name = new
        out.append(name)
    return out, renamed


def csv_records(
    path: Path,
    rec: Recorder,
    *,
    delimiter: str | None = None,
    looks_like: Callable[[Mapping[str, Any]], bool] | None = None,
    header: Callable[[list[str]], None] | None = None,
) -> Iterator[tuple[dict[str, str], str]]:
    """Yield ``(record, "file:line")`` for each record of a CSV file.

    Parameters
    ----------
    path : Path
        The file (gzip is inflated).
    rec : Recorder
        Takes the rejections (counted as read) and notes.
    delimiter : str, optional
        Sniffed from the header when not given.
    looks_like : callable, optional
        Whether a header-to-field mapping is a record of its own; used to
        tell an unclosed quote (see the module docstring). Without it, a
        line with the header's number of fields counts as a record.
    header : callable, optional
        Called with the column names, once, before the first record.
    """
    lines = decoded_lines(path, rec)
    head = next((i for i, line in enumerate(lines) if line.strip()), None)
    if head is None:
        rec.note(str(path), "empty file: no header and no records")
        return
    if delimiter is None:
        delimiter = sniff_delimiter(lines[head])
        if delimiter != ",":
            rec.note(str(path), f"delimiter: {_NAMES[delimiter]} ({delimiter!r}), which "
                     "splits the header into the most fields")
    with _no_field_limit():
        reader = csv.reader(iter(lines[head:]), delimiter=delimiter)
        names, renamed = _unique([h.strip() for h in next(reader)])
        start = head + reader.line_num
    if renamed:
        rec.note(str(path), f"header repeats names: {', '.join(renamed)}")
    if header is not None:
        header(names)
    width = len(names)

    def is_record(line: str) -> bool:
        with _no_field_limit():
            fields = next(csv.reader([line], delimiter=delimiter), [])
        if len(fields) != width:
            return False
        return looks_like is None or looks_like(dict(zip(names, fields, strict=True)))

    blank = 0
    while start < len(lines):
        restart = None
        pos = start
        with _no_field_limit():
            reader = csv.reader(iter(lines[start:]), delimiter=delimiter)
            try:
                for fields in reader:
                    end = start + reader.line_num
                    first, pos = pos, end
                    location = f"{path}:{first + 1}"
                    if end - first > 1 or end == len(lines):
                        span = "".join(lines[first:end])
                        swallowed = [j + 1 for j in range(first + 1, end) if is_record(lines[j])]
                        at_end = end == len(lines) and _quote_open(span)
                        if swallowed or at_end:
                            rec.seen()
                            took = (f"takes in line(s) {swallowed[0]}-{end} after it, "
                                    f"{len(swallowed)} of them records of their own"
                                    if swallowed else "runs to the end of the file")
                            rec.reject(location, f"unclosed quote: a quoted field opens on "
                                       f"line {first + 1} and never closes, so it {took}. "
                                       f"Fix: close the quote, or double it (\"\"), on line "
                                       f"{first + 1}; the lines after it are read again")
                            restart = first + 1
                            break
                    if not fields or all(not f.strip() for f in fields):
                        blank += bool(lines[first].strip())  # a blank line is no row at all
                        continue
                    if len(fields) != width:
                        rec.seen()
                        rec.reject(location, f"expected {width} fields, found {len(fields)}: "
                                   "check quoting and the delimiter")
                        continue
                    yield dict(zip(names, fields, strict=True)), location
            except csv.Error as err:
                rec.seen()
                rec.reject(f"{path}:{pos + 1}", f"unreadable CSV record: {err}. Fix: correct "
                           f"line {pos + 1}; the lines after it are read again")
                restart = pos + 1
        if restart is None:
            break
        start = restart
    if blank:
        rec.note(str(path), f"{blank} empty row(s) (every field blank) skipped")
