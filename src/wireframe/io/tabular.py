"""Readers for tabular story files: CSV, JSON Lines and Parquet.

All three go through one record builder (:class:`wireframe.io.builder.StoryBuilder`),
so a CSV row and a JSON object with the same content give the same story.
Each record is loaded, loaded with a note (a value set to NA, an empty body,
bytes that were not UTF-8, a date that needed an assumption), or rejected
with its reason and its ``file:line`` (``file#row`` for Parquet).

Required per record, after the column mapping: a ``published`` date that
parses, and an outlet (a column, the ``outlet=`` argument, or the domain of
``url``, with a note). A missing ``story_id`` is made from outlet, url,
headline and published (:func:`wireframe.schema.story_id_for`); a repeated
one is rejected, naming the line of its first use. CSV specifics (delimiter,
encodings, unclosed quotes) are in :mod:`wireframe.io.delimited`; dates in
:mod:`wireframe.io.dates`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from wireframe import _validate as check
from wireframe._docs import doc
from wireframe.io.builder import StoryBuilder, domain_of, to_story_frame
from wireframe.io.dates import TZ_ABBREVIATIONS
from wireframe.io.delimited import csv_records, decoded_lines
from wireframe.io.report import LoadReport, Recorder

__all__ = ["FORMATS", "domain_of", "guess_format", "read_table", "to_story_frame"]

FORMATS = ("csv", "jsonl", "parquet")
"""The formats :func:`read_table` understands."""

_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".parquet": "parquet", ".pq": "parquet"}


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


def _jsonl_records(path: Path, rec: Recorder) -> Iterator[tuple[dict, str]]:
    for lineno, line in enumerate(decoded_lines(path, rec), start=1):
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


def _parquet_records(path: Path, rec: Recorder) -> Iterator[tuple[dict, str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as err:
        rec.seen()
        rec.reject(str(path), f"unreadable Parquet file: {err}; it may be cut short or not "
                   "Parquet. Fix: write or download it again")
        return
    row = 0
    try:
        for batch in file.iter_batches(batch_size=10_000):
            for record in batch.to_pylist():
                yield record, f"{path}#{row}"
                row += 1
    except (pa.ArrowException, OSError) as err:
        rec.seen()
        rec.reject(f"{path}#{row}", f"unreadable Parquet data from row {row} on: {err}. Fix: "
                   "write or download the file again")


@doc
def read_table(
    path: str | Path,
    *,
    format: str | None = None,
    columns: Mapping[str, str] | None = None,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    timezone: str = "UTC",
    abbreviations: Mapping[str, str] = TZ_ABBREVIATIONS,
    outlet: str | None = None,
    language: str = "en",
    delimiter: str | None = None,
    attribute_wires: bool = False,
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read stories from a CSV, JSON Lines or Parquet file.

    Parameters
    ----------
    path : str or Path
        The file. A gzip file (``.gz``) is decompressed on the fly.
    format : {"csv", "jsonl", "parquet"}, optional
        Taken from the file name when not given.
    columns : mapping, optional
        Source column name to Story column name, e.g. ``{"title": "headline",
        "text": "body", "date": "published"}``. Unmapped columns keep their
        names; those that are not Story columns are kept as extra columns.
    date_format : str, optional
        ``strftime`` format of ``published`` and ``updated``; inferred value
        by value when not given (see :mod:`wireframe.io.dates`).
    dayfirst : bool, optional
        Numeric dates give the day first (True: ``12.02.2026`` is 12
        February) or the month first (False). None: decided by the file's
        other dates; a file whose dates do not settle it has its ambiguous
        records rejected, each saying so.
    timezone : str, default "UTC"
        The zone of times that carry no offset (an IANA name).
    abbreviations : mapping, default TZ_ABBREVIATIONS
        Timezone abbreviations at the end of a time, and their offsets.
    outlet : str, optional
        The outlet of every record that has none; otherwise the domain of
        its url is used, with a note.
    language : str, default "en"
        ISO 639-1 code for records that give none.
    delimiter : str, optional
        CSV field delimiter; tab for ``.tsv``, else sniffed from the header
        (``,`` ``;`` tab ``|``).
    attribute_wires : bool, default False
        Also credit the agency each story's text names
        (:func:`wireframe.wire.attribute`: "WASHINGTON (Reuters) -" gives
        wire "Reuters"), keeping a ``wire`` the file gives. :func:`wireframe.io.read`
        (and ``wireframe ingest``) does this by default.
    {strict}

    Returns
    -------
    stories : DataFrame
        The Story table (see :mod:`wireframe.schema`), in file order; with
        ``attribute_wires``, also ``wire_evidence``, ``wire_confidence``,
        ``wire_rule`` and ``wire_agencies``.
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
    >>> _ = p.write_text("title;date;url;text\\nHi;12.02.2017;http://bbc.co.uk/a;"
    ...                  "WASHINGTON (Reuters) - Talks.\\n")
    >>> stories, report = read_table(p, columns={"title": "headline", "date": "published",
    ...                                          "text": "body"}, dayfirst=True,
    ...                              attribute_wires=True)
    >>> stories.loc[0, ["outlet", "headline", "wire"]].tolist(), report.loaded
    (['bbc.co.uk', 'Hi', 'Reuters'], 1)
    >>> str(stories.loc[0, "published"].date())
    '2017-02-12'
    """
    func = "io.read_table"
    if format is not None:
        check.choice(func, "format", format, FORMATS)
    check.flag(func, "strict", strict)
    check.flag(func, "attribute_wires", attribute_wires)
    if dayfirst is not None:
        check.flag(func, "dayfirst", dayfirst)
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"no such file: {p}")
    fmt = format or guess_format(p)
    rec = Recorder(str(p), strict=strict)
    builder = StoryBuilder(
        rec, columns=columns, date_format=date_format, timezone=timezone,
        abbreviations=abbreviations, outlet=outlet, language=language, dayfirst=dayfirst,
    )
    if fmt == "csv":
        sep = delimiter or ("\t" if ".tsv" in [s.lower() for s in p.suffixes] else None)
        records = csv_records(p, rec, delimiter=sep, looks_like=builder.looks_like_record,
                              header=lambda names: builder.check_header(names, str(p)))
    elif fmt == "jsonl":
        records = _jsonl_records(p, rec)
    else:
        records = _parquet_records(p, rec)
    for record, location in records:
        builder.add(record, location)
    builder.finish(str(p))
    stories = builder.frame()
    if attribute_wires:
        from wireframe import wire

        stories = wire.attribute(stories)
    return stories, rec.done()
