"""Reliability: how far coders agree on each frame, and where they differ.

:func:`agreement` gives, per frame and pair of coders, percent agreement,
Cohen's kappa (scikit-learn) and Krippendorff's alpha for nominal data (the
``krippendorff`` package), with bootstrap intervals over stories.
:func:`disagreements` lists the stories and frames where coders differ, with
their comments, for an adjudicator, whose decisions
:func:`~wireframe.frames.adjudicate` reads back.
"""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from wireframe import _validate as check
from wireframe.frames.lexicon import _doc
from wireframe.frames.replicates import percentile

__all__ = ["AGREEMENT_COLUMNS", "DISAGREEMENT_COLUMNS", "agreement", "disagreements"]

AGREEMENT_COLUMNS: tuple[str, ...] = (
    "frame", "coders", "n", "prevalence", "agreement", "kappa", "kappa_low", "kappa_high",
    "alpha", "alpha_low", "alpha_high", "interval",
)
"""Columns of :func:`agreement`."""

DISAGREEMENT_COLUMNS: tuple[str, ...] = (
    "sheet_id", "story_id", "outlet", "frame", "codes", "comments", "decision", "reason",
)
"""Columns of :func:`disagreements`; the adjudicator fills ``decision`` and ``reason``."""

_NEEDS = ("story_id", "coder", "frame", "code")
_MAKER = "frames.read_codes(paths)"
_INTERVAL = ("bootstrap over stories ({n_boot} resamples, percentile {confidence:g} %, "
             "seed {seed})")


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa by scikit-learn; NaN when both coders use one code only."""
    if len(a) == 0 or len(np.unique(np.concatenate([a, b]))) < 2:
        return np.nan
    return float(cohen_kappa_score(a, b, labels=[0, 1]))


def _alpha(data: np.ndarray) -> float:
    """Krippendorff's alpha, nominal, by the krippendorff package; coders x stories, NaN missing."""
    values = data[np.isfinite(data)]
    if len(np.unique(values)) < 2:
        return np.nan
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal",
                                    value_domain=[0, 1]))


@functools.lru_cache(maxsize=1 << 16)
def _pair_stats(n11: int, n10: int, n01: int, n00: int) -> tuple[float, float]:
    """Kappa and alpha of two coders from their 2 x 2 table, by the libraries."""
    a = np.repeat([1, 1, 0, 0], [n11, n10, n01, n00])
    b = np.repeat([1, 0, 1, 0], [n11, n10, n01, n00])
    return _kappa(a, b), _alpha(np.vstack([a, b]).astype(float))


@_doc
def agreement(
    codes: pd.DataFrame,
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Agreement between coders per frame: percent, Cohen's kappa, Krippendorff's alpha.

    Parameters
    ----------
    codes : DataFrame
        The output of :func:`read_codes`: one row per coder, story and frame.
        Only stories that two or more coders coded count.
    {n_boot}
    {confidence}
    {seed}

    Returns
    -------
    DataFrame
        One row per frame and pair of coders who coded stories in common
        (coders "A+B"), and where more than one pair did, one more per
        frame for all of them together ("all": alpha over every story
        coded twice or more, percent agreement over all pairs of codes of
        a story, kappa NaN):
        :data:`AGREEMENT_COLUMNS`. ``n``: stories both coded;
        ``prevalence``: share of their codes that are 1; ``agreement``:
        share of stories coded alike; ``interval``: the method of the
        intervals. Kappa and alpha are NaN when the coders used one code
        only (no positive, or no negative, story): too few to say.

    Raises
    ------
    ValueError
        When no story was coded by two coders, or for a bad ``n_boot``,
        ``confidence`` or ``seed``.

    Notes
    -----
    For two coders with :math:`p_o` the share of stories coded alike and
    :math:`p_1, q_1` the shares each codes 1, Cohen's kappa is

    .. math:: \\kappa = \\frac{p_o - p_e}{1 - p_e}, \\qquad
              p_e = p_1 q_1 + (1 - p_1)(1 - q_1),

    computed by :func:`sklearn.metrics.cohen_kappa_score`. Krippendorff's
    alpha for nominal data, :math:`\\alpha = 1 - D_o / D_e`, pools both
    coders' codes for the expected disagreement (so it is a little below
    kappa when the coders' prevalences differ, and it allows for missing
    codes); it is computed by ``krippendorff.alpha(...,
    level_of_measurement="nominal")``. The intervals resample stories with
    replacement (each of ``n_boot`` resamples recomputes both statistics
    with the same libraries) and take the percentiles; a resample in which
    a statistic is undefined is left out, and no interval is given when
    more than half are. When the coders agree on every story the interval
    is [1, 1]: read it with ``n``. ``benchmarks/bench_validation_coverage.py``
    shows the coverage by simulation.

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales.
    Educational and Psychological Measurement 20(1), 37-46.
    Krippendorff, K. (2004). Content Analysis: An Introduction to Its
    Methodology (2nd ed.), ch. 11. Sage.
    Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a
    standard reliability measure for coding data. Communication Methods
    and Measures 1(1), 77-89.

    Examples
    --------
    >>> c = pd.DataFrame({"story_id": list("abcdabcd"), "coder": list("AAAABBBB"),
    ...                   "frame": "spy", "code": [1, 1, 0, 0, 1, 0, 0, 0]})
    >>> agreement(c, n_boot=0)[["coders", "n", "agreement", "kappa", "alpha"]].round(3
    ...     ).values.tolist()
    [['A+B', 4, 0.75, 0.5, 0.533]]
    """
    func = "frames.agreement"
    check.made_by(func, codes, _NEEDS, name="codes", maker=_MAKER)
    n_boot = check.integer(func, "n_boot", n_boot, low=0)
    confidence = check.confidence(func, confidence)
    seed = check.seed(func, seed)
    wide = codes.pivot_table(index=["frame", "story_id"], columns="coder", values="code",
                             aggfunc="first")
    coders = sorted(map(str, wide.columns))
    multi = wide.notna().sum(axis=1) >= 2
    if not multi.any():
        raise check.ParameterError(
            f"{func}: no story was coded by two coders, so there is no agreement to measure. "
            "Fix: give several coders the same stories (frames.coding_sheet(..., coders=('A', "
            "'B'), overlap=100))")
    method = _INTERVAL.format(n_boot=n_boot, confidence=100 * confidence, seed=seed)
    rows = []
    frames = list(dict.fromkeys(codes["frame"].astype(str)))
    for fi, frame in enumerate(frames):
        table = wide.loc[frame]
        rng = np.random.default_rng([seed, fi])
        pairs = 0
        for a, b in itertools.combinations(coders, 2):
            both = table[[a, b]].dropna()
            if both.empty:
                continue
            x = both[a].to_numpy(dtype=int)
            y = both[b].to_numpy(dtype=int)
            rows.append(_pair_row(frame, f"{a}+{b}", x, y, n_boot, confidence, rng, method))
            pairs += 1
        # Alpha over all coders says more than the pairs only when pairs overlap.
        if pairs > 1:
            shared = table[table.notna().sum(axis=1) >= 2]
            if len(shared):
                rows.append(_all_row(frame, shared.to_numpy(dtype=float).T, n_boot, confidence,
                                     rng, method))
    out = pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
    out["n"] = out["n"].astype("int64")
    return out


def _pair_row(frame: str, pair: str, x: np.ndarray, y: np.ndarray, n_boot: int,
              confidence: float, rng: np.random.Generator, method: str) -> tuple:
    n = len(x)
    cells = np.array([np.sum((x == 1) & (y == 1)), np.sum((x == 1) & (y == 0)),
                      np.sum((x == 0) & (y == 1)), np.sum((x == 0) & (y == 0))])
    kappa, alpha = _kappa(x, y), _alpha(np.vstack([x, y]).astype(float))
    lows = highs = (np.nan, np.nan)
    if n_boot:
        # A resample of stories is a resample of the four cells of the 2 x 2
        # table, and both statistics depend on the table only: compute each
        # distinct table once, by the same library calls as the estimate.
        draws = rng.multinomial(n, cells / n, size=n_boot)
        tables, inverse = np.unique(draws, axis=0, return_inverse=True)
        stats = np.array([_pair_stats(*map(int, t)) for t in tables])[inverse.ravel()]
        lows, highs = percentile(stats, confidence)
    return (frame, pair, n, (x.sum() + y.sum()) / (2 * n), float(np.mean(x == y)), kappa,
            lows[0], highs[0], alpha, lows[1], highs[1], method)


def _all_row(frame: str, data: np.ndarray, n_boot: int, confidence: float,
             rng: np.random.Generator, method: str) -> tuple:
    """Alpha over all coders (coders x stories, NaN where a coder did not code)."""
    n = data.shape[1]
    alpha = _alpha(data)
    pairs = agree = 0
    for col in data.T:
        v = col[np.isfinite(col)]
        ones = int(v.sum())
        zeros = len(v) - ones
        pairs += len(v) * (len(v) - 1) / 2
        agree += ones * (ones - 1) / 2 + zeros * (zeros - 1) / 2
    low = high = np.nan
    if n_boot:
        picks = rng.integers(0, n, size=(n_boot, n))
        reps = np.array([_alpha(data[:, p]) for p in picks])
        low, high = percentile(reps[:, None], confidence)
        low, high = low[0], high[0]
    finite = data[np.isfinite(data)]
    return (frame, "all", n, finite.mean(), agree / pairs, np.nan, np.nan, np.nan, alpha, low,
            high, method)


def disagreements(codes: pd.DataFrame, *, path: str | Path | None = None) -> pd.DataFrame:
    """The stories and frames on which coders differ, for an adjudicator to decide.

    Parameters
    ----------
    codes : DataFrame
        The output of :func:`read_codes`.
    path : str or Path, optional
        Also write the table here as CSV, to fill in and pass to
        :func:`adjudicate` as ``decisions``.

    Returns
    -------
    DataFrame
        :data:`DISAGREEMENT_COLUMNS`, one row per story and frame coded
        both 1 and 0: ``codes`` ("A=1; B=0"), ``comments`` (each coder's
        comment on the story, "A: ..." on its own line), and empty
        ``decision`` (to fill with 1 or 0) and ``reason``. Sorted by sheet,
        then frame.

    Examples
    --------
    >>> c = pd.DataFrame({"story_id": ["a", "a", "b", "b"], "coder": ["A", "B"] * 2,
    ...                   "frame": "spy", "code": [1, 0, 1, 1],
    ...                   "comment": ["'our agent'", None, None, None]})
    >>> disagreements(c)[["story_id", "codes", "comments"]].values.tolist()
    [['a', 'A=1; B=0', "A: 'our agent'"]]
    """
    check.made_by("frames.disagreements", codes, _NEEDS, name="codes", maker=_MAKER)
    spread = codes.groupby(["story_id", "frame"], sort=False)["code"].agg(["min", "max"])
    split = spread[spread["min"] != spread["max"]].index
    keyed = codes.set_index(["story_id", "frame"])
    rows = []
    frame_order = {f: i for i, f in enumerate(dict.fromkeys(codes["frame"]))}
    for story, frame in split:
        part = keyed.loc[(story, frame)].sort_values("coder")
        comments = [f"{c}: {t}" for c, t in zip(part["coder"], part.get(
            "comment", pd.Series([None] * len(part))), strict=True) if isinstance(t, str) and t]
        sheet = part["sheet_id"].iloc[0] if "sheet_id" in part.columns else pd.NA
        outlet = part["outlet"].iloc[0] if "outlet" in part.columns else pd.NA
        rows.append((sheet, story, outlet, frame,
                     "; ".join(f"{c}={v}" for c, v in zip(part["coder"], part["code"],
                                                          strict=True)),
                     "\n".join(comments), "", "", frame_order[frame]))
    out = pd.DataFrame(rows, columns=[*DISAGREEMENT_COLUMNS, "_f"])
    out["sheet_id"] = pd.array(out["sheet_id"], dtype="Int64")
    out = out.sort_values(["sheet_id", "story_id", "_f"], kind="stable").drop(columns="_f")
    out = out.reset_index(drop=True)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        out.to_csv(path, index=False, lineterminator="\n")
    return out
