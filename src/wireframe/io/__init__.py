"""Readers: every source format into the Story table, with a LoadReport.

One module per format; each reader returns ``(stories, report)``. :func:`read`
picks the reader from :data:`READERS` by the ``format`` name (or the file
name), reads several files and concatenates them, and adds up their reports.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from wireframe import _validate as check
from wireframe import schema
from wireframe._docs import doc
from wireframe.io.parquet import read_stories, write_stories
from wireframe.io.report import Issue, LoadError, LoadReport
from wireframe.io.tabular import guess_format, read_table

__all__ = [
    "READERS",
    "Issue",
    "LoadError",
    "LoadReport",
    "read",
    "read_stories",
    "read_table",
    "write_stories",
]

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


def _reader(fmt: str):
    if fmt not in READERS:
        raise ValueError(f"format must be one of {', '.join(sorted(READERS))}; got {fmt!r}")
    module, func = READERS[fmt].split(":")
    return getattr(importlib.import_module(module), func)


def _sniff(path: Path, name: str) -> str | None:
    """Tell a database export or a feed by its first bytes, or return None.

    A ``.csv`` whose header has Media Cloud's columns is "mediacloud"; an
    ``.rtf`` is "nexis" when it has an "End of Document" line, "factiva" when
    it has a Factiva accession number; an ``.html`` with Factiva's article
    tables is "factiva"; an ``.xml`` whose root is ``rss``, ``feed`` or
    ``rdf:RDF`` is "feeds".
    """
    if name.endswith(".docx"):
        return "nexis"
    if name.endswith((".rss", ".atom")):
        return "feeds"
    if not name.endswith((".csv", ".rtf", ".html", ".htm", ".xml")):
        return None
    with path.open("rb") as fh:
        head = fh.read(1 << 20).decode("utf-8", errors="replace")
    if name.endswith(".csv"):
        header = head.lstrip("\ufeff").split("\n", 1)[0].strip().split(",")
        return "mediacloud" if {"id", "media_name", "publish_date"} <= set(header) else None
    if name.endswith(".xml"):
        return "feeds" if re.search(r"<(?:rss|feed|rdf:RDF)\b", head) else None
    if name.endswith(".rtf"):
        if "End of Document" in head:
            return "nexis"
        if re.search(r"Document [A-Z0-9]{6,8}\d{8}[a-z0-9]{9}", head):
            return "factiva"
        raise ValueError(
            f"cannot tell whether {path.name} is a Nexis Uni or a Factiva download; pass "
            "format='nexis' or format='factiva'"
        )
    factiva_table = re.search(r'class="article\b[^>]*>\s*<table', head) and "<b>HD</b>" in head
    return "factiva" if factiva_table else None


def _format_of(path: Path) -> str:
    if path.is_dir():
        return "pages"
    name = path.name.lower()
    if name.endswith((".sgm", ".tar.gz")) and ("reut" in name):
        return "reuters"
    sniffed = _sniff(path, name)
    if sniffed:
        return sniffed
    if name.endswith((".html", ".htm", ".txt")):
        return "pages"
    return guess_format(path)


@doc
def read(
    paths: str | Path | Sequence[str | Path],
    *,
    format: str | None = None,
    strict: bool = False,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read stories from one or more files of any supported format.

    Parameters
    ----------
    paths : path or list of paths
        Files (or, for saved pages, folders).
    format : str, optional
        A key of :data:`READERS`; guessed from each file name when not given
        (``.csv``, ``.jsonl``, ``.parquet``, ``reut2-*.sgm`` and
        ``reuters21578.tar.gz``, ``.html``/``.txt`` and folders as pages),
        and from the first bytes of exports and feeds: a ``.csv`` with Media
        Cloud's columns, ``.docx`` and ``.rtf`` from Nexis Uni, ``.rtf`` and
        ``.html`` from Factiva, ``.xml``, ``.rss`` and ``.atom`` feeds.
    {strict}

    Returns
    -------
    stories : DataFrame
        All stories, in the order read. A story_id seen in an earlier file is
        rejected in the later one, and reported.
    report : LoadReport
        The reports of every file, added up.
    """
    if format is not None:
        check.choice("io.read", "format", format, sorted(READERS),
                     fix="leave it out to guess it from each file's name and first bytes")
    check.flag("io.read", "strict", strict)
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    if not items:
        raise check.fail("io.read", "paths", "a path or a non-empty list of paths", paths)
    frames: list[pd.DataFrame] = []
    total = LoadReport()
    seen: dict[str, str] = {}
    for item in items:
        path = Path(item)
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        fmt = format or _format_of(path)
        reader = _reader(fmt)
        kwargs = {"strict": strict} if fmt != "stories" else {}
        if READERS[fmt].endswith("read_table"):
            kwargs["format"] = fmt
        stories, report = reader(path, **kwargs)
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
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return schema.validate(combined.reset_index(drop=True)), total
