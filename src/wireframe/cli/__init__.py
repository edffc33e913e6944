"""The ``wireframe`` command: a thin layer over the library's functions.

Each subcommand parses its arguments, calls the same function a notebook
would, and reads or writes Parquet or CSV. Bad arguments and bad input give a
one-line message and exit status 2 (usage) or 1 (input), never a traceback.

One file per group of subcommands: ``common`` (what they share: defaults
taken from the library's signatures, tables read and written), ``corpus``
(corpus, ingest, hydrate, figures), ``measures`` (frames, validate) and
``analysis`` (syndication, keyness, topics).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

__all__ = ["UserError", "build_parser", "default", "main"]

from wireframe.cli.analysis import _register_keyness, _register_syndication, _register_topics
from wireframe.cli.common import UserError, default
from wireframe.cli.corpus import (
    _register_corpus,
    _register_figures,
    _register_hydrate,
    _register_ingest,
)
from wireframe.cli.measures import _register_frames, _register_validate

# One registrar per subcommand, in the order `wireframe --help` lists them.
_REGISTRARS = [
    _register_corpus, _register_ingest, _register_hydrate, _register_syndication,
    _register_frames, _register_validate, _register_keyness, _register_topics,
    _register_figures,
]


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
    from wireframe.notebooks import NotebookError
    from wireframe.schema import SchemaError

    try:
        return args.func(args)
    except LoadError as err:
        print(f"wireframe: bad input: {err}", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError, SchemaError, DatasetError, NotebookError,
            UserError) as err:
        print(f"wireframe: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("wireframe: interrupted", file=sys.stderr)
        return 130
