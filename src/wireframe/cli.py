"""The ``wireframe`` command: a thin layer over the library's functions.

Each subcommand parses its arguments, calls the same function a notebook
would, and reads or writes Parquet or CSV. Bad arguments and bad input give a
one-line message and exit status 2 (usage) or 1 (input), never a traceback.
"""

from __future__ import annotations

import argparse
import inspect
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]

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
    p.set_defaults(func=_figures)


# frames ---------------------------------------------------------------------


class _Appender:
    """Write tables to one .parquet or .csv file a batch at a time.

    Empty tables add nothing; when every table was empty, the file holds the
    columns of the first one and no rows.
    """

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = None
        self.rows = 0
        self.empty = None

    def add(self, table) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not len(table):
            self.empty = table if self.empty is None else self.empty
            return
        if self.path.suffix.lower() == ".csv":
            table.to_csv(self.path, mode="a" if self.rows else "w", header=not self.rows,
                         index=False, lineterminator="\n")
        else:
            if self.writer is None:
                from wireframe.io.parquet import to_arrow

                arrow = to_arrow(table)  # pandas metadata any pandas reads back
                self.writer = pq.ParquetWriter(self.path, arrow.schema)
            else:
                arrow = pa.Table.from_pandas(table, schema=self.writer.schema,
                                             preserve_index=False)
            self.writer.write_table(arrow)
        self.rows += len(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        elif not self.rows and self.empty is not None:
            _write_table(self.empty, self.path)


def _frames(args: argparse.Namespace) -> int:
    """wireframe frames: a table is one batch, a corpus store is read batch by batch.

    Each batch is matched once (frames.scored_batches) and its scores, hits
    and concordance appended to the output files as it comes.
    """
    from wireframe import aggregate, frames, store

    lexicon = [frames.load_lexicon(name) for name in args.lexicon]
    if Path(args.stories).is_dir():
        for option in ("sample", "rates", "provenance", "provenance_shares"):
            if getattr(args, option):
                raise UserError(
                    f"--{option.replace('_', '-')} needs every story at once, and "
                    f"{args.stories} is a corpus "
                    f"store. Fix: read the part you study into one table (wireframe.store."
                    f"read(path, outlets=..., start=..., end=...)), save it, and run frames "
                    f"on that file"
                )
        batches = store.scan(args.stories, columns=["story_id", "outlet", "headline", "body"])
    else:
        batches = [_read_story_file(args.stories)]
    files = {"story x frame rows": args.output, "hits": args.hits,
             "concordance lines": args.kwic}
    outputs = {what: _Appender(path) for what, path in files.items() if path}
    present: dict[str, int] = {}
    n_stories = 0
    for stories, hits, scores in frames.scored_batches(batches, lexicon):
        outputs["story x frame rows"].add(scores)
        for name, n in scores.groupby("frame", sort=False)["present"].sum().items():
            present[name] = present.get(name, 0) + int(n)
        n_stories += len(stories)
        if "hits" in outputs:
            outputs["hits"].add(hits)
        if "concordance lines" in outputs:
            outputs["concordance lines"].add(
                frames.kwic(stories, hits, window=args.window, sentence=args.sentence))
    for out in outputs.values():
        out.close()
    for name, n in present.items():
        print(f"{name:<24} {n:>7,} of {n_stories:,} stories with hits")
    for what, out in outputs.items():
        print(f"wrote {out.rows:,} {what} to {files[what]}")
    # --sample and --rates are given a table only: its one batch is every story.
    if args.sample:
        sample = frames.validation_sample(stories, hits, per_stratum=args.per_stratum,
                                          window=args.window, sentence=args.sentence,
                                          seed=args.seed, path=args.sample)
        print(f"wrote a validation sample of {len(sample):,} hits to {args.sample}; fill its "
              "`code` column (1 or 0) and read it with frames.read_coded")
    if args.rates:
        rates = aggregate.frame_rates(stories, scores, by=args.by, period=args.period,
                                      unit=args.unit, n_boot=args.n_boot, seed=args.seed)
        _write_table(rates, Path(args.rates))
        unit = "unique stories" if args.unit == "story" else "placements"
        print(f"wrote {len(rates):,} rate rows ({unit}) to {args.rates}")
    if args.provenance or args.provenance_shares:
        _provenance(args, stories, hits, scores)
    return 0


def _provenance(args: argparse.Namespace, stories, hits, scores) -> None:
    """--provenance and --provenance-shares: families from the table, else found here."""
    from wireframe import frames, syndication

    if {"family_id", "copy_of"} <= set(stories.columns):
        fam = stories
        print(f"families: the family_id and copy_of columns of {Path(args.stories).name}")
    else:
        fam = syndication.families(stories)
        print(f"families: found by syndication.families with its defaults "
              f"({int((fam['relation'] == 'original').sum()):,} with copies); to choose the "
              "options, run `wireframe syndication` and pass its output here")
        if "wire" not in fam.columns or fam["wire"].isna().all():
            print("note: no story has a wire credit, so each family's original is its earliest "
                  "story; attribute wires at ingest (wireframe.wire.attribute) so that the "
                  "wire's own or credited copy is the original")
    table = frames.provenance(fam, hits, lexicon=[frames.load_lexicon(n) for n in args.lexicon])
    copies = int((table.drop_duplicates("story_id")["story_id"]).size)
    counts = table["status"].value_counts()
    print(f"provenance: {copies:,} copies with frame hits; "
          + ", ".join(f"{counts.get(k, 0):,} {k}" for k in frames.STATUSES))
    if args.provenance:
        _write_table(table, Path(args.provenance))
        print(f"wrote {len(table):,} provenance rows to {args.provenance}")
    if args.provenance_shares:
        shares = frames.provenance_shares(fam, table, scores, by=args.provenance_by,
                                          unit=args.provenance_unit, n_boot=args.n_boot,
                                          seed=args.seed)
        _write_table(shares, Path(args.provenance_shares))
        print(f"wrote {len(shares):,} share rows (by {args.provenance_by}, "
              f"{args.provenance_unit}s) to {args.provenance_shares}")


def _register_frames(sub: argparse._SubParsersAction) -> None:
    from wireframe import aggregate, frames

    rates = aggregate.frame_rates
    p = sub.add_parser(
        "frames", help="match frame lexicons: scores per story, hits, KWIC, samples, rates",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("stories", metavar="STORIES",
                   help="a Story table (.parquet or .csv), or a corpus store folder (read "
                   "batch by batch; --sample and --rates need a table)")
    p.add_argument("--lexicon", action="append", required=True, metavar="NAME",
                   help=f"a shipped lexicon ({', '.join(frames.lexicons())}) or a YAML file; "
                   "repeat for several")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="scores per story and frame (.parquet or .csv)")
    p.add_argument("--hits", metavar="FILE", help="also write every hit here")
    p.add_argument("--kwic", metavar="FILE", help="also write the KWIC concordance here")
    p.add_argument("--window", type=int, default=default(frames.kwic, "window"),
                   help="KWIC context, in tokens")
    p.add_argument("--sentence", action="store_true", default=default(frames.kwic, "sentence"),
                   help="stop KWIC context at the sentence")
    p.add_argument("--sample", metavar="CSV", help="also write a validation sample to code")
    p.add_argument("--per-stratum", type=int,
                   default=default(frames.validation_sample, "per_stratum"),
                   help="hits sampled per frame and outlet")
    p.add_argument("--rates", metavar="FILE",
                   help="also write frame share and rate per group, with intervals")
    p.add_argument("--by", default=default(rates, "by"), help="group column of --rates")
    p.add_argument("--period", choices=sorted(aggregate.PERIODS), default=default(rates, "period"),
                   help="period of --rates (None: the whole span)")
    p.add_argument("--unit", choices=aggregate.UNITS, default=default(rates, "unit"),
                   help="count placements or unique stories (one per family)")
    p.add_argument("--n-boot", type=int, default=default(rates, "n_boot"),
                   help="bootstrap resamples of --rates")
    p.add_argument("--seed", type=int, default=default(rates, "seed"),
                   help="seed of --sample, --rates and --provenance-shares")
    shares = frames.provenance_shares
    p.add_argument("--provenance", metavar="FILE",
                   help="also write frame provenance: one row per copy, frame and hit, "
                   "inherited, added, cut or changed, with the aligned text; families from "
                   "the table's family_id and copy_of columns, else found with the defaults "
                   "of `wireframe syndication`")
    p.add_argument("--provenance-shares", metavar="FILE",
                   help="also write per group the share of copies that inherit, add or cut "
                   "each frame, and of framed stories whose framing is the outlet's own")
    p.add_argument("--provenance-by", choices=("outlet", "wire"), default=default(shares, "by"),
                   help="groups of --provenance-shares: the outlet, or the wire whose framing "
                   "is carried")
    p.add_argument("--provenance-unit", choices=aggregate.UNITS,
                   default=default(shares, "unit"),
                   help="count unique stories (Clopper-Pearson) or placements in "
                   "--provenance-shares")
    p.set_defaults(func=_frames)


# keyness -----------------------------------------------------------------------


def _keyness(args: argparse.Namespace) -> int:
    from wireframe import compare

    targets = args.target or []
    if args.measure != "log_odds" and len(targets) != 1:
        args.usage_error(f"--measure {args.measure} needs exactly one --target; got "
                         f"{len(targets)} (several targets, or none for every group, need "
                         "--measure log_odds)")
    prior = args.prior
    if prior is not None:
        try:
            prior = prior if prior == "corpus" else float(prior)
        except ValueError:
            prior = _read_story_file(prior)
    stories = _read_story_file(args.stories)
    options = {"by": args.by, "reference": args.reference, "unit": args.unit,
               "min_count": args.min_count, "phrases": not args.no_phrases}
    if args.measure == "log_odds" and len(targets) != 1:
        table = compare.log_odds(
            stories, target=targets or None,
            prior=default(compare.log_odds, "prior") if prior is None else prior,
            prior_scale=args.prior_scale, **options)
    else:
        table = compare.keyness(stories, target=targets[0], measure=args.measure,
                                correction=args.correction, prior=prior,
                                prior_scale=args.prior_scale, **options)
    _write_table(table, Path(args.output))
    groups = table.groupby("target", sort=False) if "target" in table.columns else [
        (targets[0], table)]
    for name, rows in groups:
        top = ", ".join(f"{t} ({s:+.1f})" for t, s in zip(rows["term"].head(8),
                                                           rows["stat"].head(8), strict=True))
        print(f"key for {name}: {top}")
    unit = "unique stories" if args.unit == "story" else "placements"
    print(f"wrote {len(table):,} term rows ({args.measure}, {unit}) to {args.output}")
    return 0


def _register_keyness(sub: argparse._SubParsersAction) -> None:
    from wireframe import aggregate, compare

    keyness = compare.keyness
    corrections = ["default", *sorted({c for cs in compare.CORRECTIONS.values() for c in cs})]
    p = sub.add_parser(
        "keyness", help="terms that set one group apart: keyness, log-odds (Fightin' Words)",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    _add_stories(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the keyness table (.parquet or .csv)")
    # keyness has no default group column; the command takes the kit's, as its group tables do.
    p.add_argument("--by", default=default(aggregate.volume, "by"),
                   help="the column whose values are the groups")
    p.add_argument("--target", action="append", metavar="GROUP",
                   help="the group to describe; with --measure log_odds repeat it for several, "
                   "or leave it out for every group")
    p.add_argument("--reference", nargs="+", metavar="GROUP",
                   help="the group(s) to compare with (default: all other groups)")
    p.add_argument("--measure", choices=list(compare.MEASURES),
                   default=default(keyness, "measure"), help="the statistic")
    p.add_argument("--correction", choices=corrections, default=default(keyness, "correction"),
                   help="chi2: Yates capped as R and scipy ('yates'), uncapped, or as quanteda; "
                   "g2: Williams; see wireframe.compare.chi2")
    p.add_argument("--unit", choices=compare.UNITS, default=default(keyness, "unit"),
                   help="count placements or unique stories (one per family_id)")
    p.add_argument("--prior", metavar="PRIOR", default=default(keyness, "prior"),
                   help=f"log_odds prior: {default(compare.log_odds, 'prior')!r} when not "
                   "given, a number (uninformative) or a background corpus file, e.g. "
                   "reuters21578.tar.gz")
    p.add_argument("--prior-scale", type=float, default=default(keyness, "prior_scale"),
                   help="log_odds: total weight of an informative prior, in tokens "
                   "(None: the comparison's size)")
    p.add_argument("--min-count", type=int, default=default(keyness, "min_count"),
                   help="leave out terms seen fewer times in target and reference together")
    p.add_argument("--no-phrases", action="store_true",
                   help="count single words only (no cold_war)")
    p.set_defaults(func=_keyness, usage_error=p.error)


# syndication -------------------------------------------------------------------


def _syndication(args: argparse.Namespace) -> int:
    from wireframe import syndication

    stories = _read_story_file(args.stories)
    table = syndication.families(
        stories, jaccard=args.jaccard, containment=args.containment, shingle=args.shingle,
        min_words=args.min_words, window_days=args.window_days,
        boilerplate=args.boilerplate or None, updates=args.updates, seed=args.seed,
    )
    _write_table(table, Path(args.output))
    relation = table["relation"].value_counts()
    print(f"{int(relation.get('original', 0)):,} families with copies: "
          f"{int(relation.get('copy', 0)):,} reprints, {int(relation.get('version', 0)):,} "
          f"versions; wrote {len(table):,} stories to {args.output}")
    if args.edits:
        edits = syndication.edits(table)
        _write_table(edits, Path(args.edits))
        print(f"wrote {len(edits):,} edits to {args.edits}")
    if args.kinds:
        kinds = syndication.classify(table)
        _write_table(kinds, Path(args.kinds))
        print(f"wrote {len(kinds):,} copies to {args.kinds}")
    if args.originality:
        _write_table(syndication.originality(table), Path(args.originality))
        print(f"wrote outlet originality to {args.originality}")
    return 0


def _register_syndication(sub: argparse._SubParsersAction) -> None:
    from wireframe import syndication

    families = syndication.families
    p = sub.add_parser(
        "syndication", help="find syndicated copies: families, originals, what each copy changed",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    _add_stories(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the Story table with family_id, family_size, copy_of, similarity, "
                   "relation, is_reprint (.parquet or .csv)")
    p.add_argument("--jaccard", type=float, default=default(families, "jaccard"),
                   help="accept a pair at this Jaccard similarity of their shingle sets")
    p.add_argument("--containment", type=float, default=default(families, "containment"),
                   help="or at this share of the shorter story found in the longer")
    p.add_argument("--shingle", type=int, default=default(families, "shingle"),
                   help="words per shingle")
    p.add_argument("--min-words", type=int, default=default(families, "min_words"),
                   help="compare stories this long or longer")
    p.add_argument("--window-days", type=float, default=default(families, "window_days"),
                   help="pair only stories published at most this many days apart")
    p.add_argument("--boilerplate", type=int, default=default(families, "boilerplate"),
                   help="ignore shingles in this many stories of one outlet (0: keep all)")
    p.add_argument("--updates", choices=syndication.UPDATES,
                   default=default(families, "updates"),
                   help="an outlet's later story in its own family: a version or a copy")
    p.add_argument("--seed", type=int, default=default(families, "seed"),
                   help="seed of the hash functions")
    p.add_argument("--edits", metavar="FILE", help="also write every copy's edits here")
    p.add_argument("--kinds", metavar="FILE", help="also write one row per copy: its kind")
    p.add_argument("--originality", metavar="FILE",
                   help="also write each outlet's reprint share here")
    p.set_defaults(func=_syndication)


# hydrate -----------------------------------------------------------------------


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


def _alpha(value: str) -> str | float:
    """--alpha: a name gensim knows, or a number for every topic."""
    from wireframe import topics

    if value in topics.ALPHAS:
        return value
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be one of {', '.join(topics.ALPHAS)} or a number; got {value!r}"
        ) from None


def _topics(args: argparse.Namespace) -> int:
    from wireframe import topics

    stories = _read_story_file(args.stories)
    out = Path(args.output)
    corpus = topics.prepare(stories, unit=args.unit, phrases=not args.no_phrases,
                            no_below=args.no_below, no_above=args.no_above,
                            keep_n=args.keep_n or None)
    print(corpus)
    options = {"seed": args.seed, "passes": args.passes, "iterations": args.iterations,
               "alpha": args.alpha, "workers": args.workers}
    if args.sweep:
        table = topics.sweep(corpus, k_values=args.sweep, **options)
        path = out / f"sweep.{args.format}"
        out.mkdir(parents=True, exist_ok=True)
        _write_table(table, path)
        print(table.round(4).to_string(index=False))
        print(f"wrote the sweep over K to {path}")
    model = topics.fit(corpus, k=args.k, **options)
    table = topics.proportions(model)
    paths = topics.export(model, out, table=table, format=args.format)
    prevalence = topics.prevalence(table, by=args.by, period=args.period, unit=args.unit,
                                   n_boot=args.n_boot, seed=args.seed)
    paths["prevalence"] = out / f"prevalence.{args.format}"
    _write_table(prevalence, paths["prevalence"])
    for _, row in topics.labels(model).iterrows():
        print(f"topic {row['topic']:>3}  {row['token_share']:6.1%}  {row['top_frex']}")
    if not args.no_model:
        paths["model"] = topics.save(model, out / "model").parent
    print(f"wrote {', '.join(sorted(paths))} to {out}")
    return 0


def _register_topics(sub: argparse._SubParsersAction) -> None:
    from wireframe import aggregate, topics

    fit, prepare, prevalence = topics.fit, topics.prepare, topics.prevalence
    p = sub.add_parser(
        "topics", help="LDA topics: choose K, label topics, prevalence by outlet and period",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    _add_stories(p)
    p.add_argument("-k", type=int, required=True, help="the number of topics")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                   help="folder for terms, labels, proportions, representative, prevalence "
                   "(and sweep) tables, and model/")
    p.add_argument("--format", choices=topics.FORMATS, default=default(topics.export, "format"),
                   help="format of the tables")
    p.add_argument("--seed", type=int, default=default(fit, "seed"),
                   help="seed of LDA and of the bootstrap")
    p.add_argument("--passes", type=int, default=default(fit, "passes"),
                   help="passes over the corpus")
    p.add_argument("--iterations", type=int, default=default(fit, "iterations"),
                   help="most variational iterations per story")
    p.add_argument("--alpha", type=_alpha, default=default(fit, "alpha"),
                   help=f"prior on topic proportions: {', '.join(topics.ALPHAS)} or a number")
    p.add_argument("--workers", type=int, default=default(fit, "workers"),
                   help="fit with gensim's LdaMulticore and this many workers (faster, not "
                   "reproducible); default: LdaModel, reproducible")
    p.add_argument("--unit", choices=topics.UNITS, default=default(prepare, "unit"),
                   help="train on every story, or one per syndication family (family_id); "
                   "also the unit of the prevalence table")
    p.add_argument("--no-phrases", action="store_true", help="single words only (no cold_war)")
    p.add_argument("--no-below", type=int, default=default(prepare, "no_below"),
                   help="keep terms in at least this many stories")
    p.add_argument("--no-above", type=float, default=default(prepare, "no_above"),
                   help="keep terms in at most this share of the stories")
    p.add_argument("--keep-n", type=int, default=default(prepare, "keep_n"),
                   help="then keep the most widespread terms, at most this many (0: all)")
    p.add_argument("--sweep", type=int, nargs="+", metavar="K",
                   help="also fit these K and write coherence, exclusivity and held-out "
                   "perplexity to sweep.FORMAT")
    p.add_argument("--by", default=default(prevalence, "by"),
                   help="group column of the prevalence table")
    p.add_argument("--period", choices=sorted(aggregate.PERIODS),
                   default=default(prevalence, "period"),
                   help="period of the prevalence table; None: the whole span")
    p.add_argument("--n-boot", type=int, default=default(prevalence, "n_boot"),
                   help="bootstrap resamples of the prevalence intervals")
    p.add_argument("--no-model", action="store_true",
                   help="do not save the gensim model (default: OUTDIR/model, with SHA-256 "
                   "manifest)")
    p.set_defaults(func=_topics)


# validate ----------------------------------------------------------------------


def _sizes(values: list[str], error: Callable[[str], None]) -> dict:
    """``hit=all cue=300 none=150`` as the ``sizes`` of frames.coding_sheet."""
    sizes = {}
    for item in values:
        name, _, n = item.partition("=")
        if not n or not (n == "all" or n.isdigit()):
            error(f"--sizes takes STRATUM=N or STRATUM=all, as in hit=all cue=300 none=150; "
                  f"got {item!r}")
        sizes[name] = None if n == "all" else int(n)
    return sizes


def _final_codes(args: argparse.Namespace):
    """The coders' files read back, one code per story (adjudicated with --decisions)."""
    from wireframe import frames

    codes = frames.read_codes(args.codes, design=args.design)
    return frames.adjudicate(codes, args.decisions)


def _measure_calls(args: argparse.Namespace, stories):
    """The measure's calls: a --calls table, else the lexicons' presence."""
    import pandas as pd

    from wireframe import frames

    if args.calls:
        path = Path(args.calls)
        if path.suffix.lower() == ".csv":
            return pd.read_csv(path, dtype={"story_id": str})
        return pd.read_parquet(path)
    if not args.lexicon:
        raise UserError("give the measure: --lexicon NAME (its presence is the call) or "
                        "--calls FILE (story_id, frame, call)")
    return frames.score(stories, [frames.load_lexicon(n) for n in args.lexicon])


def _validate_sheet(args: argparse.Namespace) -> int:
    from wireframe import frames

    stories = _read_story_file(args.stories)
    sheet = frames.coding_sheet(
        stories, [frames.load_lexicon(n) for n in args.lexicon],
        cues=False if args.no_cues else (frames.load_lexicon(args.cues) if args.cues else None),
        sizes=_sizes(args.sizes, args.usage_error), coders=args.coders, overlap=args.overlap,
        blind=not args.not_blind, exclude=args.exclude, seed=args.seed, path=args.output,
        formats=args.formats)
    print(sheet)
    print(f"wrote design.csv, design.json and {len(sheet.sheets)} sheet(s) to {args.output}; "
          "coders fill sheet_<coder>.csv (1 or 0 per frame)")
    return 0


def _validate_agreement(args: argparse.Namespace) -> int:
    from wireframe import frames

    codes = frames.read_codes(args.codes, design=args.design)
    table = frames.agreement(codes, n_boot=args.n_boot, seed=args.seed)
    _write_table(table, Path(args.output))
    for r in table.itertuples():
        print(f"{r.frame:<16} {r.coders:<8} n {r.n:>4}  agreement {r.agreement:.2f}  "
              f"kappa {r.kappa:.2f}  alpha {r.alpha:.2f}")
    if args.disagreements:
        split = frames.disagreements(codes, path=args.disagreements)
        print(f"wrote {len(split)} disagreement(s) to {args.disagreements}; fill `decision` "
              "and pass it as --decisions")
    return 0


def _validate_evaluate(args: argparse.Namespace) -> int:
    from wireframe import frames

    stories = _read_story_file(args.stories) if args.stories else None
    final = _final_codes(args)
    if stories is None and not args.calls:
        raise UserError("--lexicon needs --stories to score; or give --calls FILE")
    calls = _measure_calls(args, stories)
    table = frames.evaluate(calls, final, by=args.by, interval=args.interval, fpc=args.fpc,
                            n_boot=args.n_boot, seed=args.seed)
    _write_table(table, Path(args.output))
    for r in table.itertuples():
        print(f"{r.frame:<16} n {r.n:>5}  precision {r.precision:.2f}  recall {r.recall:.2f}  "
              f"F1 {r.f1:.2f}  kappa {r.kappa:.2f}")
    print(f"wrote {len(table)} rows to {args.output}")
    return 0


def _validate_correct(args: argparse.Namespace) -> int:
    from wireframe import frames

    stories = _read_story_file(args.stories)
    final = _final_codes(args)
    table = frames.corrected_shares(stories, _measure_calls(args, stories), final, by=args.by,
                                    unit=args.unit, correction=args.correction,
                                    interval=args.interval, fpc=args.fpc, n_boot=args.n_boot,
                                    seed=args.seed)
    _write_table(table, Path(args.output))
    print(f"wrote {len(table)} corrected shares ({args.unit}s) to {args.output}")
    return 0


def _register_validate(sub: argparse._SubParsersAction) -> None:
    from wireframe import frames

    sheet, agree, ev = frames.coding_sheet, frames.agreement, frames.evaluate
    corr = frames.corrected_shares
    validate = sub.add_parser("validate", help="story-level validation: coding sheets, "
                              "agreement, precision and recall, corrected shares")
    vsub = validate.add_subparsers(dest="action", required=True, metavar="ACTION")

    p = _command(vsub, "sheet", "draw whole stories in hit/cue/none strata for coders")
    _add_stories(p)
    p.add_argument("--lexicon", action="append", required=True, metavar="NAME",
                   help="the measure whose hits make the hit stratum; repeat for several")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="folder for design.csv, design.json and sheet_<coder>.csv/.html")
    p.add_argument("--sizes", nargs="+", metavar="STRATUM=N",
                   default=[f"{k}={'all' if v is None else v}"
                            for k, v in default(sheet, "sizes").items()],
                   help="stories drawn per stratum (all: the whole stratum)")
    p.add_argument("--cues", metavar="YAML", help="cue patterns per frame, in the lexicon "
                   "format; none given: the shipped cues")
    p.add_argument("--no-cues", action="store_true", help="no cue stratum")
    p.add_argument("--coders", nargs="+", default=list(default(sheet, "coders")),
                   metavar="NAME", help="one sheet per coder")
    p.add_argument("--overlap", type=int, default=default(sheet, "overlap"),
                   help="stories every coder codes; none given: all")
    p.add_argument("--not-blind", action="store_true",
                   help="show strata and hits to the coders")
    p.add_argument("--exclude", nargs="+", metavar="CSV",
                   help="files whose story_id column lists stories to leave out")
    p.add_argument("--formats", nargs="+", choices=("csv", "html", "txt"),
                   default=list(default(sheet, "formats")), help="files per coder")
    p.add_argument("--seed", type=int, default=default(sheet, "seed"), help="seed of the draw")
    p.set_defaults(func=_validate_sheet, usage_error=p.error)

    def codes_args(q: argparse.ArgumentParser) -> None:
        q.add_argument("codes", nargs="+", metavar="CODES",
                       help="coders' files, or folders of sheet_*.csv")
        q.add_argument("--design", metavar="CSV",
                       help="the sheet's design.csv; none given: the one beside the files")

    p = _command(vsub, "agreement", "agreement between coders: percent, kappa, alpha")
    codes_args(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--disagreements", metavar="CSV",
                   help="also write the stories coders differ on, to adjudicate")
    p.add_argument("--n-boot", type=int, default=default(agree, "n_boot"),
                   help="bootstrap resamples")
    p.add_argument("--seed", type=int, default=default(agree, "seed"))
    p.set_defaults(func=_validate_agreement)

    for name, func, handler, text in (
            ("evaluate", ev, _validate_evaluate, "precision, recall, F1, kappa of a measure"),
            ("correct", corr, _validate_correct, "frame shares corrected for the measure's "
                                                 "errors")):
        p = _command(vsub, name, text)
        codes_args(p)
        if name == "evaluate":
            p.add_argument("--stories", metavar="STORIES",
                           help="the Story table to score with --lexicon")
            p.add_argument("--by", default=default(ev, "by"),
                           help="a column of the codes to evaluate each group apart")
        else:
            p.add_argument("--stories", metavar="STORIES", required=True,
                           help="the Story table whose shares are corrected")
            p.add_argument("--by", default=default(corr, "by"), help="group column")
            p.add_argument("--unit", choices=("placement", "story"),
                           default=default(corr, "unit"),
                           help="count placements or unique stories (one per family)")
            p.add_argument("--correction", choices=("rogan_gladen", "precision_recall"),
                           default=default(corr, "correction"))
        p.add_argument("--lexicon", action="append", metavar="NAME",
                       help="the measure: a lexicon's presence; repeat for several")
        p.add_argument("--calls", metavar="FILE",
                       help="or the measure's calls: story_id, frame, call (.csv or .parquet)")
        p.add_argument("--decisions", metavar="CSV",
                       help="the adjudicated disagreements (see validate agreement)")
        p.add_argument("-o", "--output", required=True, metavar="FILE")
        p.add_argument("--interval", choices=("posterior", "bootstrap"),
                       default=default(func, "interval"), help="how intervals are drawn")
        p.add_argument("--fpc", action="store_true", default=default(func, "fpc"),
                       help="finite population correction: for exactly the stories sampled")
        p.add_argument("--n-boot", type=int, default=default(func, "n_boot"),
                       help="draws per interval")
        p.add_argument("--seed", type=int, default=default(func, "seed"))
        p.set_defaults(func=handler)


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


if __name__ == "__main__":
    sys.exit(main())
