"""The ``wireframe`` command: a thin layer over the library's functions.

Each subcommand parses its arguments, calls the same function a notebook
would, and reads or writes Parquet or CSV. Bad arguments and bad input give a
one-line message and exit status 2 (usage) or 1 (input), never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

logger = logging.getLogger("wireframe")


class UserError(Exception):
    """An error the user can fix; printed without a traceback."""


def _write_table(df, path: Path) -> None:
    from wireframe.io import write_stories

    if path.suffix.lower() == ".csv":
        df.to_csv(path, index=False, lineterminator="\n")
    elif {"story_id", "published"} <= set(df.columns):
        write_stories(df, path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        df.to_parquet(path, index=False)


# corpus ---------------------------------------------------------------------


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


def _ingest(args: argparse.Namespace) -> int:
    from wireframe import io

    stories, report = io.read(args.files, format=args.format, strict=args.strict)
    _write_table(stories, Path(args.output))
    print(report)
    if args.report:
        report.to_frame().to_csv(args.report, index=False, lineterminator="\n")
        print(f"report lines written to {args.report}")
    print(f"wrote {len(stories):,} stories to {args.output}")
    return 0


# figures --------------------------------------------------------------------


def _figures(args: argparse.Namespace) -> int:
    from wireframe import notebooks

    notebooks.run_all(
        args.notebooks or None,
        output_dir=Path(args.output_dir),
        parameters=_parse_parameters(args.param),
    )
    return 0


def _parse_parameters(pairs: Sequence[str]) -> dict[str, object]:
    """Turn ``KEY=VALUE`` strings into notebook parameters.

    Values are read as YAML (``None``, ``3``, ``[TASS, CNN]``). A value that
    names an existing file or folder, or any value of a ``*_dir`` key,
    becomes an absolute path, because the notebooks run in their own folder,
    not in the caller's.
    """
    import yaml

    params: dict[str, object] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.isidentifier():
            raise UserError(f"-p/--param takes KEY=VALUE, e.g. -p corpus=my.csv; got {pair!r}")
        value = yaml.safe_load(raw) if raw not in ("None", "none") else None
        if isinstance(value, str) and (Path(value).exists() or key.endswith("_dir")):
            value = str(Path(value).resolve())
        params[key] = value
    return params


def _register_corpus(sub: argparse._SubParsersAction) -> None:
    from wireframe import datasets

    corpus = sub.add_parser("corpus", help="named demo corpora: list, fetch, info, export")
    csub = corpus.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = csub.add_parser("list", help="the corpora wireframe knows")
    p.set_defaults(func=_corpus_list)
    p = csub.add_parser("fetch", help="download (or copy) a corpus into the cache and verify it")
    p.add_argument("name", choices=datasets.names())
    p.add_argument("--from", dest="source", metavar="PATH",
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

    p = sub.add_parser(
        "ingest", help="read files of any supported format into one Story table",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the Story table to write (.parquet, or .csv)")
    p.add_argument("--format", choices=sorted(io.READERS), default=None,
                   help="input format; guessed from each file name when omitted")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first bad record and exit non-zero")
    p.add_argument("--report", metavar="CSV", help="also write every report line to this CSV")
    p.set_defaults(func=_ingest)


def _register_figures(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "figures", help="run the notebooks headless and write figures/",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("notebooks", nargs="*", metavar="NOTEBOOK",
                   help="notebooks to run (default: all of notebooks/, in order)")
    p.add_argument("--output-dir", default="notebooks/_executed",
                   help="where the executed copies go")
    p.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                   help="set a notebook parameter, e.g. -p corpus=my.csv -p start=None")
    p.set_defaults(func=_figures)


# One registrar per subcommand, in the order `wireframe --help` lists them.
_REGISTRARS = [_register_corpus, _register_ingest, _register_figures]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``wireframe`` command."""
    parser = argparse.ArgumentParser(
        prog="wireframe",
        description="Load news corpora, find syndicated copies and measure framing.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in _REGISTRARS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``wireframe`` command; return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    from wireframe.datasets import DatasetError
    from wireframe.io.report import LoadError
    from wireframe.schema import SchemaError

    try:
        return args.func(args)
    except LoadError as err:
        print(f"wireframe: bad input: {err}", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError, SchemaError, DatasetError, UserError) as err:
        print(f"wireframe: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("wireframe: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
