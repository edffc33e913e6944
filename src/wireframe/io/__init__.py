"""Readers: every source format into the Story table, with a LoadReport.

One module per format; each reader returns ``(stories, report)``. :func:`read`
takes files and folders of any mix of formats: it tells each file's format
by its content and name (:func:`wireframe.io.sniffing.sniff`), reads it with
its reader, credits the wire agencies the texts name, and adds up the
reports. A file that cannot be read is reported (kind, file, reason, fix)
and the others still load.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe import schema
from wireframe._docs import doc
from wireframe.io.archives import InputError
from wireframe.io.dates import parse_datetime
from wireframe.io.parquet import read_stories, write_parquet, write_stories
from wireframe.io.report import Issue, LoadError, LoadReport
from wireframe.io.sniffing import files_in, sniff
from wireframe.io.tabular import guess_format, read_table

__all__ = [
    "MAX_PAGE_BYTES",
    "READERS",
    "Issue",
    "LoadError",
    "LoadReport",
    "guess_format",
    "read",
    "read_stories",
    "read_table",
    "sniff",
    "write_parquet",
    "write_stories",
]

logger = logging.getLogger(__name__)

READERS: dict[str, str] = {
    "csv": "wireframe.io.tabular:read_table",
    "jsonl": "wireframe.io.tabular:read_table",
    "parquet": "wireframe.io.tabular:read_table",
    "stories": "wireframe.io.parquet:read_stories",
    "reuters": "wireframe.io.reuters:read_reuters",
    "pages": "wireframe.io.pages:read_pages",
    "mediacloud": "wireframe.io.mediacloud:read_mediacloud",
    "nexis": "wireframe.io.nexis:read_nexis",
    "factiva": "wireframe.io.factiva:read_factiva",
    "feeds": "wireframe.io.feeds:read_feeds",
}
"""Format name to reader, as ``module:function``; imported when first used."""

MAX_PAGE_BYTES = 32 << 20
"""Largest saved page :func:`read` passes to the pages reader (32 MiB); no article is larger."""

# The file names a folder contributes when `format` is given (".gz" is looked through).
_SUFFIXES = {
    "csv": (".csv", ".tsv"), "jsonl": (".jsonl", ".ndjson"), "parquet": (".parquet", ".pq"),
    "stories": (".parquet", ".pq"), "reuters": (".sgm", ".tar"), "mediacloud": (".csv",),
    "pages": (".html", ".htm", ".txt"), "nexis": (".docx", ".rtf"),
    "factiva": (".rtf", ".html", ".htm"), "feeds": (".xml", ".rss", ".atom"),
}
# Options of read() and the readers they go to; fallback_date depends on its value.
_OPTIONS = ("columns", "date_format", "dayfirst", "timezone", "outlet", "fallback_date")


def _reader(fmt: str):
    if fmt not in READERS:
        raise ValueError(f"format must be one of {', '.join(sorted(READERS))}; got {fmt!r}")
    module, func = READERS[fmt].split(":")
    return getattr(importlib.import_module(module), func)


def _name_fits(path: Path, fmt: str) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(_SUFFIXES[fmt])


def _expand(items: list[Path], fmt: str | None) -> tuple[list[Path], list[Issue]]:
    """Files to read, from files and folders, and notes on what a folder left out."""
    files: list[Path] = []
    notes: list[Issue] = []
    for item in items:
        if not item.exists():
            raise FileNotFoundError(f"no such file or folder: {item}")
        if item.is_file():
            files.append(item)
            continue
        found, left = files_in(item)
        notes += [Issue(str(item), text) for text in left]
        if fmt is not None:
            other = [f for f in found if not _name_fits(f, fmt)]
            found = [f for f in found if _name_fits(f, fmt)]
            if other:
                notes.append(Issue(str(item), f"{len(other)} file(s) not read, their names "
                                   f"not those of {fmt} files ({', '.join(_SUFFIXES[fmt])}), "
                                   f"e.g. {other[0].name}; leave out format= to read every "
                                   "file by its content"))
        if not found:
            notes.append(Issue(str(item), "no files to read in this folder"))
        files += found
    return files, notes


def _fallback_applies(fmt: str, value: object) -> bool:
    if value == "indexed":
        return fmt == "mediacloud"
    return fmt == "pages"


def _options(fmt: str, reader, given: Mapping[str, object]) -> tuple[dict, list[str]]:
    """The options a reader takes, and the names of those given that it does not."""
    accepted = inspect.signature(reader).parameters
    kwargs: dict[str, object] = {}
    unused = []
    for name, value in given.items():
        fits = name in accepted and (name != "fallback_date" or _fallback_applies(fmt, value))
        if fits:
            kwargs[name] = value
        else:
            unused.append(name)
    if "strict" in accepted:
        kwargs["strict"] = given.get("strict", False)
    if "format" in accepted:
        kwargs["format"] = fmt
    return kwargs, unused


def _check_options(func: str, options: dict[str, object]) -> None:
    columns = options.get("columns")
    if columns is not None:
        if not isinstance(columns, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
            raise check.fail(func, "columns", "a mapping of source names to Story columns",
                             columns, fix="columns={'title': 'headline', 'date': 'published'}")
        bad = sorted(set(columns.values()) - set(schema.REQUIRED))
        if bad:
            raise check.ParameterError(
                f"{func}: `columns` maps to {', '.join(map(repr, bad))}, which are not Story "
                f"table columns; use one of {', '.join(schema.REQUIRED)}")
    if options.get("dayfirst") is not None:
        check.flag(func, "dayfirst", options["dayfirst"])
    timezone = options.get("timezone")
    if timezone is not None:
        try:
            pd.Timestamp("2000-01-01").tz_localize(timezone)
        except Exception as err:  # pytz and zoneinfo raise several kinds
            raise check.fail(func, "timezone", "an IANA zone name", timezone,
                             fix="e.g. 'Asia/Kolkata', 'Europe/Berlin' or 'UTC'") from err
    fallback = options.get("fallback_date")
    if fallback is not None and fallback not in ("indexed", "mtime"):
        try:
            parse_datetime(fallback)
        except ValueError as err:
            raise check.fail(func, "fallback_date", "'mtime' (saved pages), 'indexed' (Media "
                             "Cloud) or a date", fallback) from err


def _aligned(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate tables whose extra columns differ, keeping each column's dtype."""
    if len(frames) == 1:
        return frames[0]
    order: dict[str, object] = {}
    for f in frames:
        for name in f.columns:
            order.setdefault(name, f[name].dtype)
    filled = []
    for f in frames:
        missing = {}
        for name, dtype in order.items():
            if name not in f.columns:
                try:
                    missing[name] = pd.Series([None] * len(f), index=f.index, dtype=dtype)
                except (TypeError, ValueError):  # a dtype without NA (bool): object
                    missing[name] = pd.Series([None] * len(f), index=f.index, dtype=object)
        filled.append(f.assign(**missing)[list(order)] if missing else f[list(order)])
    return pd.concat(filled, ignore_index=True)


def _read_one(path: Path, fmt: str, given: dict[str, object],
              unused_seen: set) -> tuple[pd.DataFrame, LoadReport]:
    """Read one file with its reader; options it does not take are noted once per format."""
    reader = _reader(fmt)
    kwargs, unused = _options(fmt, reader, given)
    notes = []
    for name in unused:
        if (fmt, name) not in unused_seen:
            unused_seen.add((fmt, name))
            notes.append(Issue(str(path), f"option {name}={given[name]!r} does not apply to "
                               f"{fmt} files: not used", name))
    if fmt == "pages" and path.stat().st_size > MAX_PAGE_BYTES:
        raise InputError("too large", f"{path.stat().st_size / 1e6:,.0f} MB is no saved "
                         "article page", "remove it, or pass format= if it is another kind "
                         "of file")
    stories, report = reader(path, **kwargs)
    report.notes[:0] = notes
    return stories, report


@doc
def read(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    format: str | None = None,
    columns: Mapping[str, str] | None = None,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    timezone: str | None = None,
    outlet: str | None = None,
    fallback_date: str | pd.Timestamp | None = None,
    attribute_wires: bool = True,
    strict: bool = False,
    progress: bool | None = None,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read stories from files and folders of any supported format.

    Parameters
    ----------
    paths : path or list of paths
        Files and folders; a folder's files (in name order; its subfolders
        are noted, not read: pass them too) are each read with the reader
        their content needs.
    format : str, optional
        A key of :data:`READERS` for every file (a folder then gives only
        the files whose names fit it); by default each file's format is told
        by its content and name (:func:`wireframe.io.sniffing.sniff`): Parquet,
        CSV (and Media Cloud's), JSON Lines, Reuters SGML and its archive,
        Nexis Uni DOCX and RTF, Factiva RTF and HTML, RSS and Atom, saved
        pages.
    columns : mapping, optional
        CSV, JSON Lines and Parquet: source column to Story column, as in
        :func:`read_table` (``{"title": "headline", "date": "published"}``).
    date_format : str, optional
        CSV, JSON Lines and Parquet: the ``strftime`` format of the dates.
    dayfirst : bool, optional
        CSV, JSON Lines and Parquet: numeric dates give the day first (True)
        or the month first (False); None: each file's dates decide, and
        ambiguous ones are rejected when they do not.
    timezone : str, optional
        The IANA zone of times without an offset, for the readers that take
        one (tables, pages, Nexis Uni, Factiva); each reader's default (UTC)
        when not given.
    outlet : str, optional
        The outlet of records that name none (tables, feeds).
    fallback_date : str or Timestamp, optional
        The date of a record that has none: "indexed" (Media Cloud: when it
        indexed the story), "mtime" (saved pages: the file's time) or a date
        (saved pages). By default such records are rejected.
    attribute_wires : bool, default True
        Credit the agency each story's text names (:func:`wireframe.wire.attribute`):
        "WASHINGTON (Reuters) -" gives wire "Reuters". A wire the source
        gives is kept. Adds ``wire_evidence``, ``wire_confidence``,
        ``wire_rule`` and ``wire_agencies``.
    {strict}
    progress : bool, optional
        Show a progress bar over the files; None: only on a terminal.

    Returns
    -------
    stories : DataFrame
        All stories, in the order read. A story_id seen in an earlier file is
        rejected in the later one, and reported.
    report : LoadReport
        The reports of every file, added up. A file that cannot be read (0
        bytes, cut short, too large when inflated, of no known format)
        counts as one record read and rejected, at the file, with the kind
        of problem, the reason and the fix. An option that does not apply to
        a file's format is noted once per format.

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    ValueError
        For a bad argument (:class:`~wireframe._validate.ParameterError`).
    LoadError
        With ``strict=True``, at the first rejected record or file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text(
    ...     "published,url,body\\n2026-02-12,http://x.org/a,WASHINGTON (Reuters) - Talks.\\n")
    >>> _ = (folder / "empty.html").write_text("")
    >>> stories, report = read(folder, progress=False)
    >>> stories[["outlet", "wire"]].values.tolist()
    [['x.org', 'Reuters']]
    >>> print(report.rejected[0].reason)
    empty: empty.html has 0 bytes. Fix: download it again, or remove it
    """
    func = "io.read"
    if format is not None:
        check.choice(func, "format", format, sorted(READERS),
                     fix="leave it out to tell each file's format by its content and name")
    check.flag(func, "strict", strict)
    check.flag(func, "attribute_wires", attribute_wires)
    options = {"columns": columns, "date_format": date_format, "dayfirst": dayfirst,
               "timezone": timezone, "outlet": outlet, "fallback_date": fallback_date}
    _check_options(func, options)
    given: dict[str, object] = {k: v for k, v in options.items() if v is not None}
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if not items:
        raise check.fail(func, "paths", "a path or a non-empty list of paths", paths)
    files, notes = _expand([Path(p) for p in items], format)
    total = LoadReport(notes=notes)
    frames: list[pd.DataFrame] = []
    seen: dict[str, str] = {}
    unused_seen: set = set()
    for path in tqdm(files, desc="reading", unit="file", disable=None if progress is None
                     else not progress):
        fmt = format
        try:
            fmt = fmt or sniff(path)
            stories, report = _read_one(path, fmt, {**given, "strict": strict}, unused_seen)
        except (LoadError, check.ParameterError):
            raise
        except Exception as err:  # a file no reader can take must not stop the others
            logger.debug("cannot read %s", path, exc_info=True)
            kind = f"{fmt} " if fmt else ""
            reason = str(err) if isinstance(err, InputError) else (
                f"unreadable {kind}file: {type(err).__name__}: {err}. Fix: check that it is a "
                "complete file of its kind (download it again), or pass format=")
            if strict:
                raise LoadError(f"{path}: {reason}") from err
            total = total + LoadReport(read=1, rejected=[Issue(str(path), reason)],
                                       sources=[str(path)])
            continue
        if attribute_wires and "body" in stories.columns:
            from wireframe import wire

            stories = wire.attribute(stories)
        dup = stories["story_id"].isin(seen.keys())
        for _, row in stories[dup].iterrows():
            first = seen[row["story_id"]]
            reason = f"duplicate story_id {row['story_id']!r}: first seen at {first}; kept that one"
            if strict:
                raise LoadError(f"{row['source']}: {reason}")
            report.rejected.append(Issue(str(row["source"]), reason, "story_id"))
            report.loaded -= 1
        stories = stories[~dup]
        seen.update(zip(stories["story_id"], stories["source"], strict=True))
        frames.append(stories)
        total = total + report
    total.check()
    if not frames:
        frames = [schema.empty()]
        if attribute_wires:
            from wireframe import wire

            frames = [wire.attribute(frames[0])]
    return schema.validate(_aligned(frames).reset_index(drop=True)), total
