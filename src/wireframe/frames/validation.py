"""Validation: a stratified sample of hits to hand-code, and how precise each frame is.

:func:`validation_sample` draws a stratified, seeded sample of hits for hand
coding (with their context, as :func:`kwic` shows it), :func:`read_coded`
reads the coded file back, and :func:`precision` and
:func:`validation_report` say how often each entry and frame was right, with
Wilson score intervals (or, for hits that cluster in stories, a bootstrap
over stories). These are hit-level: they measure precision only. Story-level
validation (recall too) is in :mod:`~wireframe.frames.coding`.
"""

from __future__ import annotations

import statistics
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from wireframe import _validate as check
from wireframe.frames.concordance import kwic
from wireframe.frames.lexicon import _doc
from wireframe.frames.matching import _READS, HIT_COLUMNS, match  # noqa: F401 (match: doctests)
from wireframe.frames.replicates import FPC, RAO_WU, design_weights, percentile, rao_wu

__all__ = ["SAMPLE_COLUMNS", "precision", "read_coded", "validation_report",
           "validation_sample"]

SAMPLE_COLUMNS: tuple[str, ...] = (
    "sample_id", "story_id", "outlet", "frame", "entry", "field", "start", "end", "pre",
    "match", "post", "stratum_hits", "stratum_sampled", "weight", "code", "comment",
)
"""Columns of :func:`validation_sample`; the coder fills ``code`` (1 or 0) and ``comment``."""


@_doc
def validation_sample(
    stories: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    per_stratum: int = 5,
    by: Sequence[str] = ("frame", "outlet"),
    window: int = 10,
    sentence: bool = False,
    seed: int = 0,
    path: str | Path | None = None,
) -> pd.DataFrame:
    """Draw a stratified random sample of hits for hand coding.

    Parameters
    ----------
    stories : DataFrame
        A Story table holding the stories of ``hits`` and the ``by`` columns
        that are not in ``hits`` (``outlet``).
    hits : DataFrame
        The output of :func:`match`.
    per_stratum : int, default 5
        Hits drawn from each stratum (all of them when it has fewer).
    by : sequence of str, default ("frame", "outlet")
        The columns whose combinations are the strata.
    {window}
    {sentence}
    {seed}
    path : str or Path, optional
        Also write the sample here as CSV (UTF-8, ``\\n`` line ends).

    Returns
    -------
    DataFrame
        Columns ``sample_id`` (1, 2, ...), ``story_id``, ``outlet``,
        ``frame``, ``entry``, ``field``, ``start``, ``end``, ``pre``,
        ``match``, ``post`` (as in :func:`kwic`), ``stratum_hits`` and
        ``stratum_sampled`` (hits in the stratum and drawn from it),
        ``weight`` (their ratio, for estimates over all hits), and empty
        ``code`` and ``comment`` for the coder. Rows are grouped by frame,
        so a coder can hold one frame's definition in mind, and shuffled
        within it, so outlets are not coded in blocks.

    Raises
    ------
    ValueError
        For a ``by`` column found in neither table, or ``per_stratum`` < 1.

    Notes
    -----
    Equal allocation gives every outlet the same say in per-outlet
    precision; the ``weight`` column lets :func:`precision` re-weight to
    the population of hits.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b"], "outlet": ["X", "Y"], "headline": ["", ""],
    ...                   "body": ["The spy and the spies.", "A spy."]})
    >>> s = validation_sample(t, match(t, "espionage"), per_stratum=1, seed=1)
    >>> s[["outlet", "match", "stratum_hits", "weight"]].values.tolist()
    [['X', 'spy', 2, 2.0], ['Y', 'spy', 1, 1.0]]
    """
    check.stories("frames.validation_sample", stories, _READS)
    check.made_by("frames.validation_sample", hits, HIT_COLUMNS, name="hits",
                  maker="frames.match(stories, lexicon)")
    per_stratum = check.integer("frames.validation_sample", "per_stratum", per_stratum, low=1)
    by = [by] if isinstance(by, str) else list(by)
    joined = hits.reset_index(drop=True)
    extra = [c for c in by if c not in joined.columns] + (
        ["outlet"] if "outlet" not in joined.columns and "outlet" in stories.columns else [])
    extra = list(dict.fromkeys(extra))
    for c in extra:
        if c not in stories.columns:
            raise check.ParameterError(
                f"frames.validation_sample: `by` names {c!r}, a column of neither `hits` nor "
                f"`stories`; got by={by!r}"
            )
    if extra:
        lookup = stories.set_index(stories["story_id"].astype(object))[extra]
        for c in extra:
            joined[c] = lookup[c].reindex(joined["story_id"].astype(object)).to_numpy()
    rng = np.random.default_rng(seed)
    # Shuffle all hits once, then take the first rows of each stratum.
    order = rng.permutation(len(joined))
    shuffled = joined.iloc[order]
    keys = [shuffled[c].astype(object).fillna("<NA>") for c in by]
    grouped = shuffled.groupby(keys, sort=True, dropna=False)
    sizes = grouped["story_id"].transform("size")
    taken = grouped.cumcount() < per_stratum
    sample = shuffled[taken].copy()
    sample["stratum_hits"] = sizes[taken].astype("int64")
    sample["stratum_sampled"] = (
        sample.groupby([sample[c].astype(object).fillna("<NA>") for c in by], dropna=False)
        ["story_id"].transform("size").astype("int64")
    )
    sample["weight"] = sample["stratum_hits"] / sample["stratum_sampled"]
    frame_order = {f: i for i, f in enumerate(dict.fromkeys(hits["frame"].astype(object)))}
    sample["_f"] = sample["frame"].astype(object).map(frame_order)
    sample = sample.sort_values("_f", kind="stable").reset_index(drop=True)
    conc = kwic(stories, sample, window=window, sentence=sentence)
    sample["pre"], sample["match"], sample["post"] = conc["pre"], conc["match"], conc["post"]
    sample["sample_id"] = np.arange(1, len(sample) + 1, dtype=np.int64)
    if "outlet" not in sample.columns:
        sample["outlet"] = pd.NA
    sample["code"] = pd.array([pd.NA] * len(sample), dtype="Int64")
    sample["comment"] = pd.array([pd.NA] * len(sample), dtype="string")
    out = sample[list(SAMPLE_COLUMNS)]
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        out.to_csv(path, index=False, lineterminator="\n")
    return out


def read_coded(path: str | Path) -> pd.DataFrame:
    """Read a hand-coded validation sample back.

    Parameters
    ----------
    path : str or Path
        A CSV written by :func:`validation_sample` whose ``code`` column the
        coder filled: 1 when the hit really uses the frame, 0 when not.

    Returns
    -------
    DataFrame
        The coded rows, ``code`` as int64; rows left uncoded are dropped
        with a warning that says how many.

    Raises
    ------
    ValueError
        When a column is missing or a code is not 0, 1 or empty (naming the
        sample_id of the first such row).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "coded.csv"
    >>> _ = path.write_text("sample_id,frame,entry,match,code\\n1,f,spy,spy,1\\n2,f,spy,Spy,0\\n")
    >>> read_coded(path)["code"].tolist()
    [1, 0]
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"no such coded sample: {p}")
    coded = pd.read_csv(p, dtype={"code": "string", "story_id": "string"}, keep_default_na=False,
                        na_values=[""])
    missing = [c for c in ("sample_id", "frame", "entry", "match", "code")
               if c not in coded.columns]
    if missing:
        raise check.ParameterError(
            f"frames.read_coded: {p} lacks column(s) {', '.join(map(repr, missing))}. Fix: "
            "read a sample that frames.validation_sample(..., path=...) wrote, its `code` "
            "column filled"
        )
    raw = coded["code"].str.strip()
    bad = raw.notna() & ~raw.isin(["0", "1"])
    if bad.any():
        first = coded.loc[bad].iloc[0]
        raise ValueError(
            f"{p}: `code` must be 1 (the frame is used), 0 (it is not) or empty; "
            f"sample_id {first['sample_id']} has {first['code']!r}"
        )
    uncoded = int(raw.isna().sum())
    if uncoded:
        warnings.warn(f"{p}: {uncoded} row(s) not coded yet; left out", UserWarning,
                      stacklevel=2)
    coded = coded[raw.notna()].copy()
    coded["code"] = raw[raw.notna()].astype("int64")
    return coded.reset_index(drop=True)


def _wilson(k: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2)
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        center = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return np.clip(center - half, 0, 1), np.clip(center + half, 0, 1)


@_doc
def precision(
    coded: pd.DataFrame,
    *,
    by: str = "frame",
    weighted: bool = False,
    confidence: float = 0.95,
    interval: str = "wilson",
    strata: Sequence[str] = ("frame", "outlet"),
    fpc: bool = False,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Precision of frames or entries on a hand-coded sample of hits, with intervals.

    Parameters
    ----------
    coded : DataFrame
        The output of :func:`read_coded`.
    by : {"frame", "entry", "outlet"}, default "frame"
        Precision per frame, per entry (within its frame) or per frame and
        outlet.
    weighted : bool, default False
        Weight each hit by its ``weight`` (hits in its stratum over hits
        drawn), estimating precision over all hits rather than over the
        sample.
    {confidence}
    interval : {"wilson", "bootstrap"}, default "wilson"
        ``wilson``: Wilson score intervals, which treat hits as
        independent. ``bootstrap``: stories are clusters; the Rao-Wu
        rescaling bootstrap draws whole stories within strata (so that
        hits of one story, right or wrong together, count as the one
        story they are) and the interval is its percentiles.
    strata : sequence of str, default ("frame", "outlet")
        With ``interval="bootstrap"``: the columns whose combinations were
        the strata of the draw (the ``by`` of :func:`validation_sample`).
    fpc : bool, default False
        With ``interval="bootstrap"``: False, the precision of the lexicon
        on stories like these (the stories are a sample of the news a
        lexicon meets, and their clustering counts); True, of exactly the
        hits the sample was drawn from (finite population correction:
        a stratum whose hits were all coded adds no variance).
    {n_boot}
        With ``interval="bootstrap"`` only.
    {seed}
        With ``interval="bootstrap"`` only.

    Returns
    -------
    DataFrame
        Columns ``frame`` (and ``entry`` or ``outlet``), ``n`` (hits
        coded), ``correct`` (coded 1), ``precision``, ``low``, ``high``;
        with ``weighted``, also ``n_eff``; with ``interval="bootstrap"``,
        also ``n_stories`` (the clusters) and ``interval`` (the method).
        Sorted by frame, then by precision (worst first).

    Raises
    ------
    ValueError
        For an unknown ``by`` or ``interval``, ``weighted`` without a
        ``weight`` column, or ``interval="bootstrap"`` without
        ``story_id`` or a ``strata`` column.

    Notes
    -----
    Precision is ``p = correct / n``. The Wilson score interval is

    .. math:: \\frac{p + z^2/2n \\pm z\\sqrt{p(1-p)/n + z^2/4n^2}}{1 + z^2/n}

    with ``z`` the normal quantile at ``(1 + confidence) / 2``. It stays
    inside [0, 1] and keeps its coverage for small ``n`` and ``p`` near 1,
    where the Wald interval does not (Brown, Cai & DasGupta 2001). Weighted,
    ``p`` is the weighted mean of the codes and ``n`` in the formula is
    Kish's effective size ``n_eff = (sum w)^2 / sum w^2``.

    Hits are not independent: a story that uses the frame tends to have
    all its hits right, one that does not all wrong. Wilson's interval
    ignores that and is too narrow, for the lexicon's precision on news
    like this, when the hits come from few stories;
    ``interval="bootstrap"`` resamples stories within strata (Rao & Wu
    1988). For the precision of exactly the hits sampled from, a simple
    random sample of hits is not clustered: pass ``fpc=True`` (or read
    Wilson's interval, which is then conservative, as it leaves out the
    finite population correction). ``benchmarks/bench_validation_coverage.py``
    compares them by simulation.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. JASA 22(158), 209-212.
    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for
    a binomial proportion. Statistical Science 16(2), 101-133.
    Rao, J. N. K. & Wu, C. F. J. (1988). Resampling inference with complex
    survey data. JASA 83(401), 231-241.

    Examples
    --------
    >>> c = pd.DataFrame({"frame": ["f"] * 10, "entry": ["a"] * 10, "code": [1] * 9 + [0]})
    >>> precision(c).round(3).values.tolist()
    [['f', 10, 9, 0.9, 0.596, 0.982]]
    """
    check.made_by("frames.precision", coded, ("frame", "entry", "code"), name="coded",
                  maker="frames.read_coded(path)")
    check.choice("frames.precision", "by", by, ("frame", "entry", "outlet"))
    confidence = check.confidence("frames.precision", confidence)
    keys = ["frame"] if by == "frame" else ["frame", by]
    if by == "outlet":
        check.made_by("frames.precision", coded, ("outlet",), name="coded",
                      maker="frames.read_coded(path) of a sample with outlets")
    interval = check.choice("frames.precision", "interval", interval, ("wilson", "bootstrap"))
    if interval == "bootstrap":
        strata = [strata] if isinstance(strata, str) else list(strata)
        n_boot = check.integer("frames.precision", "n_boot", n_boot, low=1)
        fpc = check.flag("frames.precision", "fpc", fpc)
        seed = check.seed("frames.precision", seed)
        check.made_by("frames.precision", coded, ("story_id", *strata), name="coded",
                      maker="frames.read_coded(path) of a frames.validation_sample (the "
                            "strata columns: `strata`)")
    table = coded.assign(_w=1.0)
    if weighted:
        check.made_by("frames.precision", coded, ("weight",), name="coded",
                      maker="frames.read_coded(path) of a frames.validation_sample")
        table["_w"] = coded["weight"].astype(float)
    table["_wy"] = table["_w"] * table["code"].astype(float)
    table["_w2"] = table["_w"] ** 2
    g = table.groupby(keys, sort=True)
    out = g.agg(n=("code", "size"), correct=("code", "sum"), _sw=("_w", "sum"),
                _swy=("_wy", "sum"), _sw2=("_w2", "sum")).reset_index()
    out["n"] = out["n"].astype("int64")
    out["correct"] = out["correct"].astype("int64")
    if weighted:
        out["precision"] = out["_swy"] / out["_sw"]
        out["n_eff"] = out["_sw"] ** 2 / out["_sw2"]
        size = out["n_eff"].to_numpy()
    else:
        out["precision"] = out["correct"] / out["n"]
        size = out["n"].to_numpy(dtype=float)
    out["low"], out["high"] = _wilson(out["precision"].to_numpy() * size, size, confidence)
    extra = []
    if interval == "bootstrap":
        out["low"], out["high"], out["n_stories"] = _clustered(
            table, keys, out, strata, weighted, fpc, n_boot, confidence, seed)
        out["interval"] = RAO_WU.format(units="stories (clusters of hits)", n_boot=n_boot,
                                        confidence=100 * confidence, seed=seed, fpc=FPC[fpc])
        extra = ["n_stories", "interval"]
    out = out.sort_values(["frame", "precision", keys[-1]], kind="stable").reset_index(drop=True)
    cols = [*keys, "n", "correct", "precision", "low", "high"] + (
        ["n_eff"] if weighted else []) + extra
    return out[cols]


def _clustered(table: pd.DataFrame, keys: list[str], out: pd.DataFrame, strata: list[str],
               weighted: bool, fpc: bool, n_boot: int, confidence: float, seed: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Percentile intervals of precision from Rao-Wu replicates over stories within strata."""
    func = "frames.precision"
    stratum = table[strata].astype(object).fillna("<NA>").astype(str).agg(" | ".join, axis=1)
    if weighted:
        w, fraction = design_weights(stratum, table["stratum_hits"]
                                     if "stratum_hits" in table.columns else None,
                                     table["weight"], func)
    else:
        w, fraction = np.ones(len(table)), np.zeros(len(table))
    story = table["story_id"].astype(object).astype(str).to_numpy()
    reps = rao_wu(stratum.to_numpy(), w, fraction, n_boot, np.random.default_rng(seed),
                  clusters=story, fpc=fpc, func=func)
    code = table["code"].to_numpy(dtype=float)
    low, high, n_stories = [], [], []
    for key in out[keys].itertuples(index=False):
        mask = np.ones(len(table), dtype=bool)
        for k, v in zip(keys, key, strict=True):
            mask &= (table[k] == v).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            rep = (reps[:, mask] @ code[mask]) / reps[:, mask].sum(axis=1)
        lo, hi = percentile(rep[:, None], confidence)
        low.append(lo[0])
        high.append(hi[0])
        n_stories.append(len(set(story[mask])))
    return np.array(low), np.array(high), np.array(n_stories, dtype=np.int64)


@_doc
def validation_report(
    coded: pd.DataFrame,
    *,
    threshold: float = 0.8,
    confidence: float = 0.95,
    examples: int = 2,
) -> str:
    """Say, in a few lines of Markdown, how precise each frame is and which entries need work.

    Parameters
    ----------
    coded : DataFrame
        The output of :func:`read_coded`.
    threshold : float, default 0.8
        The precision an entry should reach.
    {confidence}
    examples : int, default 2
        False hits quoted per entry that needs work.

    Returns
    -------
    str
        A Markdown table of precision per frame (unweighted, with Wilson
        intervals), then the entries that *need work* (the whole interval
        below ``threshold``) and those to *check* (estimate below
        ``threshold``, interval reaching above it), each with false hits in
        context.

    Examples
    --------
    >>> c = pd.DataFrame({"frame": ["f"] * 6, "entry": ["a"] * 3 + ["b"] * 3,
    ...                   "pre": ["x"] * 6, "match": ["a"] * 3 + ["b"] * 3,
    ...                   "post": ["y"] * 6, "code": [1, 1, 1, 0, 0, 0]})
    >>> print(validation_report(c).splitlines()[2])
    | f | 6 | 0.50 | 0.19-0.81 |
    """
    threshold = check.number("frames.validation_report", "threshold", threshold, low=0, high=1,
                             closed="right")
    examples = check.integer("frames.validation_report", "examples", examples, low=0)
    frames_ = precision(coded, by="frame", confidence=confidence)
    lines = ["| frame | n | precision | interval |", "|---|---:|---:|---|"]
    for r in frames_.itertuples():
        lines.append(f"| {r.frame} | {r.n} | {r.precision:.2f} | {r.low:.2f}-{r.high:.2f} |")
    entries = precision(coded, by="entry", confidence=confidence)
    need = entries[entries["high"] < threshold]
    to_check = entries[(entries["precision"] < threshold) & (entries["high"] >= threshold)]
    for title, part in (("Entries that need work", need), ("Entries to check", to_check)):
        lines += ["", f"{title} (precision below {threshold:.2f}"
                  + (", whole interval" if part is need else ", interval reaches above it")
                  + "):"]
        if part.empty:
            lines.append("- none")
        for r in part.itertuples():
            lines.append(f"- {r.frame} / `{r.entry}`: {r.correct} of {r.n} "
                         f"({r.precision:.2f}, {r.low:.2f}-{r.high:.2f})")
            wrong = coded[(coded["frame"] == r.frame) & (coded["entry"] == r.entry)
                          & (coded["code"] == 0)].head(examples)
            for w in wrong.itertuples():
                pre = getattr(w, "pre", "")
                post = getattr(w, "post", "")
                lines.append(f'  - "...{pre} **{w.match}** {post}..."')
    return "\n".join(lines)


