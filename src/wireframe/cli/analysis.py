"""``wireframe syndication``, ``keyness`` and ``topics``."""

from __future__ import annotations

import argparse
from pathlib import Path

from wireframe.cli.common import _add_stories, _read_story_file, _write_table, default


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
               "alpha": args.alpha, "workers": args.workers, "estep": args.estep}
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
    prevalence = topics.prevalence(table, by=args.by, period=args.period, unit=args.unit)
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
                   help="seed of LDA")
    p.add_argument("--passes", type=int, default=default(fit, "passes"),
                   help="passes over the corpus")
    p.add_argument("--iterations", type=int, default=default(fit, "iterations"),
                   help="most variational iterations per story")
    p.add_argument("--alpha", type=_alpha, default=default(fit, "alpha"),
                   help=f"prior on topic proportions: {', '.join(topics.ALPHAS)} or a number")
    p.add_argument("--workers", type=int, default=default(fit, "workers"),
                   help="fit with gensim's LdaMulticore and this many workers (faster, not "
                   "reproducible); default: LdaModel, reproducible")
    p.add_argument("--estep", choices=topics.ESTEPS, default=default(fit, "estep"),
                   help="each story's proportions updated by the kit's compiled loop (about 4x "
                   "faster) or by gensim's own, bit for bit")
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
    p.add_argument("--no-model", action="store_true",
                   help="do not save the gensim model (default: OUTDIR/model, with SHA-256 "
                   "manifest)")
    p.set_defaults(func=_topics)


# validate ----------------------------------------------------------------------
