"""Readers for tabular story files: CSV, JSON Lines and Parquet.

All three go through one record builder, so a CSV row and a JSON object with
the same content give the same story. Each record is loaded, loaded with a
note (a value set to NA, an empty body, bytes that were not UTF-8), or
rejected with its reason and its ``file:line`` (``file#row`` for Parquet).

Required per record, after the column mapping: a ``published`` date that
parses, and an outlet (a column, the ``outlet=`` argument, or the domain of
``url``). A missing ``story_id`` is made from outlet, url, headline and
published (:func:`wireframe.schema.story_id_for`); a repeated one is rejected,
naming the line of its first use.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from wireframe import _validate as check
from wireframe import schema
from wireframe._docs import doc
from wireframe.io.dates import TZ_ABBREVIATIONS, parse_datetime, to_utc_column
from wireframe.io.report import LoadReport, Recorder

__all__ = ["FORMATS", "domain_of", "guess_format", "read_table", "to_story_frame"]

FORMATS = ("csv", "jsonl", "parquet")
"""The formats :func:`read_table` understands."""

_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".parquet": "parquet", ".pq": "parquet"}


def domain_of(url: str | None) -> str | None:
    """Return the web domain of a URL without ``www.``, or None.

    Examples
    --------
    >>> domain_of("http://www.bbc.co.uk/news/world-38886523")
    'bbc.co.uk'
    """
    if not url or not isinstance(url, str):
        return None
    host = urlsplit(url.strip()).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def guess_format(path: str | Path) -> str:
    """Return the format of a file from its name (``.gz`` is looked through)."""
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = _SUFFIXES.get(suffixes[-1] if suffixes else "")
    if fmt is None:
        raise ValueError(
            f"cannot tell the format of {p.name} from its name; pass format= one of "
            f"{', '.join(repr(f) for f in FORMATS)}"
        )
    return fmt


def open_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def _decoded_lines(path: Path, rec: Recorder) -> Iterator[str]:
    """Yield the lines of a text file, decoding each on its own.

    A file that is all UTF-8 is decoded in one go; otherwise each line that
    is not UTF-8 is decoded as cp1252 (what Windows tools write) and a note
    names the line and the bytes, so nothing is lost and nothing is hidden.
    """
    raw = open_bytes(path)
    try:
        yield from io.StringIO(raw.decode("utf-8-sig"), newline="")
        return
    except UnicodeDecodeError:
        pass
    for lineno, line in enumerate(raw.splitlines(keepends=True), start=1):
        try:
            yield line.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as err:
            bad = line[err.start : err.end + 3]
            rec.note(f"{path}:{lineno}", f"bytes not UTF-8 ({bad!r}); decoded as cp1252")
            yield line.decode("cp1252", errors="replace")


class StoryBuilder:
    """Turns raw records into Story rows and keeps the account."""

    def __init__(
        self,
        rec: Recorder,
        *,
        columns: Mapping[str, str] | None,
        date_format: str | None,
        timezone: str,
        abbreviations: Mapping[str, str],
        outlet: str | None,
        language: str,
    ) -> None:
        self.rec = rec
        self.columns = dict(columns or {})
        bad = sorted(set(self.columns.values()) - set(schema.REQUIRED))
        if bad:
            raise ValueError(
                f"columns= maps to {', '.join(repr(b) for b in bad)}, which are not Story "
                f"table columns; use one of {', '.join(schema.REQUIRED)}"
            )
        self.date_format = date_format
        self.timezone = timezone
        self.abbreviations = abbreviations
        self.outlet = outlet
        self.language = language
        self.rows: list[dict[str, Any]] = []
        self.first_seen: dict[str, str] = {}

    def _date(self, value: Any, location: str, name: str) -> pd.Timestamp | None:
        try:
            return parse_datetime(
                value, format=self.date_format, timezone=self.timezone,
                abbreviations=self.abbreviations,
            )
        except ValueError as err:
            if name == "published":
                self.rec.reject(location, f"bad date: {err}", name)
            else:
                self.rec.note(location, f"bad date, set to NA: {err}", name)
            return None

    def add(self, record: Mapping[str, Any], location: str) -> None:
        self.rec.seen()
        row = {self.columns.get(k, k): v for k, v in record.items()}
        for key, value in list(row.items()):
            if isinstance(value, float) and value != value:
                row[key] = None
            elif isinstance(value, str):
                # A blank field is a missing value, whichever column it is in.
                value = value.strip("\n\r ") if key == "body" else value.strip()
                row[key] = value or None

        published = self._date(row.get("published"), location, "published")
        if published is None:
            return
        row["published"] = published
        if row.get("updated") is not None:
            row["updated"] = self._date(row["updated"], location, "updated")
        else:
            row["updated"] = None

        row["outlet_domain"] = row.get("outlet_domain") or domain_of(row.get("url"))
        if not row.get("outlet"):
            row["outlet"] = self.outlet or row["outlet_domain"]
        if not row["outlet"]:
            self.rec.reject(
                location, "no outlet: the record has no outlet and no url; map a column to "
                "'outlet' with columns=, or pass outlet=", "outlet",
            )
            return
        for name in ("headline", "body"):
            if row.get(name) is None:
                row[name] = ""
                self.rec.note(location, f"empty {name}", name)
        row["language"] = row.get("language") or self.language
        row["source"] = location

        story_id = row.get("story_id")
        if story_id is None:
            story_id = schema.story_id_for(
                row["outlet"], row.get("url"), row["headline"], row["published"].isoformat()
            )
        story_id = str(story_id)
        if story_id in self.first_seen:
            self.rec.reject(
                location, f"duplicate story_id {story_id!r}: first seen at "
                f"{self.first_seen[story_id]}; kept that one", "story_id",
            )
            return
        self.first_seen[story_id] = location
        row["story_id"] = story_id
        self.rows.append(row)
        self.rec.loaded()

    def frame(self) -> pd.DataFrame:
        return to_story_frame(self.rows)


def to_story_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Build a Story table from row dicts, schema columns first, with their dtypes.

    Columns that are not in the schema keep the dtype pandas infers; text
    columns among them become ``string``.
    """
    if not rows:
        return schema.empty()
    data: dict[str, pd.Series] = {}
    for col in schema.COLUMNS:
        values = [r.get(col.name) for r in rows]
        if col.kind == "datetime":
            data[col.name] = to_utc_column(values)
        else:
            data[col.name] = pd.Series(values, dtype=schema.STRING)
    extras: list[str] = []
    for r in rows:
        extras.extend(k for k in r if k not in data and k not in extras)
    for name in extras:
        s = pd.Series([r.get(name) for r in rows])
        if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
            s = s.astype(schema.STRING)
        data[name] = s
    return pd.DataFrame(data)


def csv_records(path: Path, rec: Recorder, *, delimiter: str) -> Iterator[tuple[dict, str]]:
    reader = csv.reader(_decoded_lines(path, rec), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    header = [h.strip() for h in header]
    start = reader.line_num + 1
    try:
        for fields in reader:
            location = f"{path}:{start}"
            start = reader.line_num + 1
            if not fields or fields == [""]:
                continue
            if len(fields) != len(header):
                rec.seen()
                rec.reject(
                    location, f"expected {len(header)} fields, found {len(fields)}: "
                    "check quoting and the delimiter",
                )
                continue
            yield dict(zip(header, fields, strict=True)), location
    except csv.Error as err:
        rec.seen()
        rec.reject(f"{path}:{start}", f"unreadable CSV from here to the end of the file: {err}")


def _jsonl_records(path: Path, rec: Recorder) -> Iterator[tuple[dict, str]]:
    for lineno, line in enumerate(_decoded_lines(path, rec), start=1):
        if not line.strip():
            continue
        location = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            rec.seen()
            rec.reject(location, f"not valid JSON: {err.msg} at column {err.colno}")
            continue
        if not isinstance(obj, dict):
            rec.seen()
            rec.reject(location, f"expected a JSON object per line, found {type(obj).__name__}")
            continue
        yield obj, location


def _parquet_records(path: Path) -> Iterator[tuple[dict, str]]:
    import pyarrow.parquet as pq

    row = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
        for record in batch.to_pylist():
            yield record, f"{path}#{row}"
            row += 1


@doc
def read_table(
    path: str | Path,
    *,
    format: str | None = None,
    columns: Mapping[str, str] | None = None,
    date_format: str | None = None,
    timezone: str = "UTC",
    abbreviations: Mapping[str, str] = TZ_ABBREVIATIONS,
    outlet: str | None = None,
    language: str = "en",
    delimiter: str | None = None,
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read stories from a CSV, JSON Lines or Parquet file.

    Parameters
    ----------
    path : str or Path
        The file. A ``.gz`` file is decompressed on the fly.
    format : {"csv", "jsonl", "parquet"}, optional
        Taken from the file name when not given.
    columns : mapping, optional
        Source column name to Story column name, e.g. ``{"title": "headline",
        "text": "body", "date": "published"}``. Unmapped columns keep their
        names; those that are not Story columns are kept as extra columns.
    date_format : str, optional
        ``strftime`` format of ``published`` and ``updated``; inferred value
        by value when not given.
    timezone : str, default "UTC"
        The zone of times that carry no offset (an IANA name).
    abbreviations : mapping, default TZ_ABBREVIATIONS
        Timezone abbreviations at the end of a time, and their offsets.
    outlet : str, optional
        The outlet of every record that has none; otherwise the domain of
        its url is used.
    language : str, default "en"
        ISO 639-1 code for records that give none.
    delimiter : str, optional
        CSV field delimiter; "," (tab for ``.tsv``) by default.
    {strict}

    Returns
    -------
    stories : DataFrame
        The Story table (see :mod:`wireframe.schema`), in file order.
    report : LoadReport
        Records read, loaded and rejected, with reasons and ``file:line``.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    LoadError
        With ``strict=True``, naming the file and line of the first bad record.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = p.write_text("title,date,url,text\\nHi,2017-02-07,http://bbc.co.uk/a,Body\\n")
    >>> stories, report = read_table(p, columns={"title": "headline", "date": "published",
    ...                                          "text": "body"})
    >>> stories.loc[0, ["outlet", "headline"]].tolist(), report.loaded
    (['bbc.co.uk', 'Hi'], 1)
    """
    func = "io.read_table"
    if format is not None:
        check.choice(func, "format", format, FORMATS)
    check.flag(func, "strict", strict)
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"no such file: {p}")
    fmt = format or guess_format(p)
    rec = Recorder(str(p), strict=strict)
    builder = StoryBuilder(
        rec, columns=columns, date_format=date_format, timezone=timezone,
        abbreviations=abbreviations, outlet=outlet, language=language,
    )
    if fmt == "csv":
        sep = delimiter or ("\t" if ".tsv" in [s.lower() for s in p.suffixes] else ",")
        records = csv_records(p, rec, delimiter=sep)
    elif fmt == "jsonl":
        records = _jsonl_records(p, rec)
    else:
        records = _parquet_records(p)
    for record, location in records:
        builder.add(record, location)
    return builder.frame(), rec.done()

