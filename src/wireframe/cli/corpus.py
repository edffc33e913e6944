"""``wireframe corpus``, ``ingest``, ``hydrate`` and ``figures``: stories in, notebooks run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from wireframe.cli.common import (
    _add_report,
    _add_stories,
    _command,
    _mapping,
    _parse_parameters,
    _read_story_file,
    _write_table,
    _write_with_report,
    default,
)


def _corpus_list(args: argparse.Namespace) -> int:
    from wireframe import datasets

    for _, row in datasets.table().iterrows():
        status = "cached" if datasets.is_available(row["name"]) else "not fetched"
        print(f"{row['name']:<14} {row['rows']:>7,} stories  {status:<12} {row['title']}")
    return 0


def _corpus_fetch(args: argparse.Namespace) -> int:
    from wireframe import datasets

    path = datasets.fetch(args.name, source=args.source)
    print(f"{args.name}: {path} (SHA-256 verified)")
    return 0


def _corpus_info(args: argparse.Namespace) -> int:
    from wireframe import datasets

    for key, value in datasets.info(args.name).items():
        print(f"{key:<9} {value}")
    return 0


def _corpus_export(args: argparse.Namespace) -> int:
    from wireframe import datasets

    stories, report = datasets.load(args.name)
    _write_table(stories, Path(args.output))
    print(report)
    print(f"wrote {len(stories):,} stories to {args.output}")
    return 0


# ingest ---------------------------------------------------------------------


def _reader_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options of io.read that `wireframe ingest` takes."""
    return {"format": args.format, "strict": args.strict, "columns": args.columns,
            "date_format": args.date_format, "dayfirst": args.dayfirst,
            "timezone": args.timezone, "outlet": args.outlet,
            "fallback_date": args.fallback_date, "attribute_wires": args.attribute_wires}


def _nothing_loaded(report) -> int:
    print(f"wireframe: nothing loaded: {report.read:,} record(s) read, none loaded; the reasons "
          "are above (and in --report)", file=sys.stderr)
    return 1


def _ingest_store(args: argparse.Namespace) -> int:
    """Append file after file to a corpus store: memory bounded by the largest file."""
    from wireframe import io, store

    total, added, skipped = io.LoadReport(), 0, 0
    for path in args.files:
        stories, report = io.read(path, **_reader_options(args))
        if len(stories):
            appended = store.write(stories, args.output)
            added, skipped = added + appended.added, skipped + appended.skipped
        total = total + report
    print(total)
    if args.report:
        total.to_frame().to_csv(args.report, index=False, lineterminator="\n")
        print(f"report lines written to {args.report}")
    if not total.loaded:
        return _nothing_loaded(total)
    print(f"added {added:,} stories to the store {args.output}; {skipped:,} were already "
          "stored")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from wireframe import io

    if args.store or args.output.endswith(("/", "\\")) or Path(args.output).is_dir():
        return _ingest_store(args)
    stories, report = io.read(args.files, **_reader_options(args))
    if not report.loaded:
        print(report)
        if args.report:
            report.to_frame().to_csv(args.report, index=False, lineterminator="\n")
        return _nothing_loaded(report)
    _write_with_report(stories, args, report, "report lines")
    return 0


def _figures(args: argparse.Namespace) -> int:
    from wireframe import notebooks

    notebooks.run_all(
        args.notebooks or None,
        output_dir=Path(args.output_dir),
        parameters=_parse_parameters(args.param),
        processes=args.processes,
    )
    return 0


def _register_corpus(sub: argparse._SubParsersAction) -> None:
    from wireframe import datasets

    corpus = sub.add_parser("corpus", help="named demo corpora: list, fetch, info, export")
    csub = corpus.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = csub.add_parser("list", help="the corpora wireframe knows")
    p.set_defaults(func=_corpus_list)
    p = csub.add_parser("fetch", help="download (or copy) a corpus into the cache and verify it")
    p.add_argument("name", choices=datasets.names())
    p.add_argument("--from", dest="source", metavar="PATH",
                   default=default(datasets.fetch, "source"),
                   help="a local copy of the raw file, or a folder that holds it")
    p.set_defaults(func=_corpus_fetch)
    p = csub.add_parser("info", help="rows, outlets, date range, licence and citation")
    p.add_argument("name", choices=datasets.names())
    p.set_defaults(func=_corpus_info)
    p = csub.add_parser("export", help="write a corpus as a Story table (.parquet or .csv)")
    p.add_argument("name", choices=datasets.names())
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=_corpus_export)


def _register_ingest(sub: argparse._SubParsersAction) -> None:
    from wireframe import io

    p = _command(sub, "ingest", "read files of any supported format into one Story table")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the Story table to write (.parquet, or .csv); a folder (DIR/, or "
                   "an existing folder) is a corpus store, appended to (see --store)")
    p.add_argument("--store", action="store_true",
                   help="write OUTPUT as a corpus store partitioned by year and month "
                   "(wireframe.store): files are appended one by one, stories already "
                   "stored (by story_id) are skipped")
    p.add_argument("--format", choices=sorted(io.READERS), default=default(io.read, "format"),
                   help="input format of every file (a folder then gives the files whose "
                   "names fit it); told by each file's content and name when omitted")
    p.add_argument("--strict", action="store_true", default=default(io.read, "strict"),
                   help="stop at the first bad record and exit non-zero")
    p.add_argument("--columns", type=_mapping, metavar="SOURCE=COLUMN,...",
                   default=default(io.read, "columns"),
                   help="tables: map source columns to Story columns, e.g. "
                   "title=headline,date=published,text=body")
    p.add_argument("--date-format", metavar="FORMAT", default=default(io.read, "date_format"),
                   help="tables: the strftime format of the dates, e.g. '%%d.%%m.%%Y %%H:%%M'")
    p.add_argument("--dayfirst", action=argparse.BooleanOptionalAction,
                   default=default(io.read, "dayfirst"),
                   help="tables: numeric dates give the day first (--dayfirst: 12.02.2026 is "
                   "12 February) or the month first (--no-dayfirst); by default each file's "
                   "dates decide, and ambiguous ones are rejected when they do not")
    p.add_argument("--timezone", metavar="ZONE", default=default(io.read, "timezone"),
                   help="IANA zone of times without an offset (tables, pages, Nexis, "
                   "Factiva); None: each reader's default, UTC")
    p.add_argument("--outlet", metavar="NAME", default=default(io.read, "outlet"),
                   help="the outlet of records that name none (tables, feeds)")
    p.add_argument("--fallback-date", metavar="DATE", default=default(io.read, "fallback_date"),
                   help="date of records without one: 'indexed' (Media Cloud), 'mtime' "
                   "(saved pages: the file's time) or a date (saved pages); by default they "
                   "are rejected")
    p.add_argument("--no-wires", dest="attribute_wires", action="store_false",
                   default=default(io.read, "attribute_wires"),
                   help="skip crediting the agencies the texts name (wireframe.wire.attribute, "
                   "on by default, attribute_wires=%(default)s: 'WASHINGTON (Reuters) -' gives "
                   "wire Reuters)")
    _add_report(p, "report line")
    p.set_defaults(func=_ingest)


def _register_figures(sub: argparse._SubParsersAction) -> None:
    from wireframe import notebooks

    p = _command(sub, "figures", "run the notebooks headless and write figures/")
    p.add_argument("notebooks", nargs="*", metavar="NOTEBOOK",
                   help="notebooks to run (default: all of notebooks/, in order)")
    p.add_argument("--output-dir", default=default(notebooks.run_all, "output_dir"),
                   help="where the executed copies go")
    p.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                   help="set a notebook parameter, e.g. -p corpus=my.csv -p start=None")
    p.add_argument("--processes", type=int, default=default(notebooks.run_all, "processes"),
                   help="notebooks run at once, each in its own kernel (default: one per "
                   "core; 1: one after another)")
    p.set_defaults(func=_figures)


# frames ---------------------------------------------------------------------


def _hydrate(args: argparse.Namespace) -> int:
    from wireframe import hydrate

    stories = _read_story_file(args.stories)
    full, report = hydrate.hydrate(
        stories, cache=args.cache, rate=args.rate, timeout=args.timeout,
        user_agent=args.user_agent, retry_failed=args.retry_failed, progress=args.progress,
    )
    _write_with_report(full, args, report, "failures")
    return 0


def _register_hydrate(sub: argparse._SubParsersAction) -> None:
    from wireframe import hydrate

    fn = hydrate.hydrate
    p = _command(sub, "hydrate",
                 "fetch the text of stories that have a URL and no body (politely)")
    _add_stories(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the Story table with bodies filled, hydration and fetched_url columns")
    p.add_argument("--cache", metavar="DIR", default=default(fn, "cache"),
                   help="folder of pages and journal; None: hydrate/ in the wireframe cache")
    p.add_argument("--rate", type=float, default=default(fn, "rate"),
                   help="requests per second to one host")
    p.add_argument("--timeout", type=float, default=default(fn, "timeout"),
                   help="seconds to wait for a page")
    p.add_argument("--user-agent", default=default(fn, "user_agent"),
                   help="sent with every request; wireframe and its version are added when it "
                   "does not name wireframe")
    p.add_argument("--retry-failed", action="store_true", default=default(fn, "retry_failed"),
                   help="request again the URLs that failed in an earlier run")
    p.add_argument("--no-progress", dest="progress", action="store_const", const=False,
                   default=default(fn, "progress"),
                   help="no progress bar (by default one shows on a terminal only)")
    _add_report(p, "failure")
    p.set_defaults(func=_hydrate)


# topics ------------------------------------------------------------------------
