"""``wireframe frames`` and ``wireframe validate``: frame measures and their validation."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from wireframe.cli.common import (
    UserError,
    _add_stories,
    _command,
    _read_story_file,
    _write_table,
    default,
)


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
                                      unit=args.unit, method=args.method, n_boot=args.n_boot,
                                      seed=args.seed)
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
                                          unit=args.provenance_unit)
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
    p.add_argument("--method", choices=aggregate.METHODS, default=default(rates, "method"),
                   help="intervals of --rates: closed-form methods shown to cover, or the "
                   "percentile bootstrap where it covers (shares per family, >= 20 framed)")
    p.add_argument("--n-boot", type=int, default=default(rates, "n_boot"),
                   help="bootstrap resamples of --rates with --method bootstrap")
    p.add_argument("--seed", type=int, default=default(rates, "seed"),
                   help="seed of --sample and --rates")
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
