"""What every ``wireframe`` subcommand shares: the user error, defaults from the library's
signatures, reading and writing tables."""

from __future__ import annotations

import argparse
import inspect
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger("wireframe")


class UserError(Exception):
    """An error the user can fix; printed without a traceback."""


def default(func: Callable, name: str) -> Any:
    """The default of ``func``'s parameter ``name``, so that an option's default is the library's.

    Every option that stands for a library parameter takes its default from
    here rather than retyping it; ``--help`` then shows what the function
    would do.

    Examples
    --------
    >>> from wireframe import aggregate
    >>> default(aggregate.volume, "period")
    'week'
    """
    value = inspect.signature(func).parameters[name].default
    if value is inspect.Parameter.empty:
        raise TypeError(f"{func.__qualname__}() has no default for {name!r}")
    return value


def _write_table(df, path: Path) -> None:
    from wireframe.io import write_parquet, write_stories

    if path.suffix.lower() == ".csv":
        df.to_csv(path, index=False, lineterminator="\n")
    elif {"story_id", "published"} <= set(df.columns):
        write_stories(df, path)
    else:
        write_parquet(df, path)  # readable by plain pandas, pyarrow, DuckDB and polars


def _command(sub: argparse._SubParsersAction, name: str, help: str) -> argparse.ArgumentParser:
    """A subcommand whose ``--help`` shows every option's default."""
    return sub.add_parser(name, help=help, formatter_class=argparse.ArgumentDefaultsHelpFormatter)


def _add_stories(p: argparse.ArgumentParser) -> None:
    p.add_argument("stories", metavar="STORIES", help="a Story table (.parquet or .csv)")


def _add_report(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--report", metavar="CSV", help=f"also write every {what} to this CSV")


def _read_story_file(value: str):
    from wireframe import io

    path = Path(value)
    # A Story table is ingested already: its wire credits are read, not found again.
    stories, report = io.read(path, format="stories" if path.suffix == ".parquet" else None,
                              attribute_wires=False)
    print(f"{path.name}: {report}")
    return stories


def _write_with_report(table, args: argparse.Namespace, report, what: str) -> None:
    """Write the table to args.output, print the load report, save its lines to args.report."""
    _write_table(table, Path(args.output))
    print(report)
    if args.report:
        report.to_frame().to_csv(args.report, index=False, lineterminator="\n")
        print(f"{what} written to {args.report}")
    print(f"wrote {len(table):,} stories to {args.output}")


# corpus ---------------------------------------------------------------------


def _mapping(value: str) -> dict[str, str]:
    """--columns: ``old=new,old2=new2`` as a dict."""
    pairs = [p.strip() for p in value.split(",") if p.strip()]
    out: dict[str, str] = {}
    for pair in pairs:
        old, sep, new = (x.strip() for x in pair.partition("="))
        if not sep or not old or not new:
            raise argparse.ArgumentTypeError(
                f"takes SOURCE=STORY_COLUMN pairs separated by commas, e.g. "
                f"title=headline,date=published; got {pair!r}")
        out[old] = new
    return out


# figures --------------------------------------------------------------------


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
