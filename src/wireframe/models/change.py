"""Shifts in a frame's use: change points in its share over time, with the evidence.

:func:`breaks` finds the periods where the share of stories with a frame
moves to another level (penalised binomial segmentation with ``ruptures``'
PELT), and reports each shift with its date, the share before and after
with intervals, and a likelihood-ratio test of the break.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import ruptures
from ruptures.base import BaseCost
from ruptures.costs import NotEnoughPoints

from wireframe import _validate as check
from wireframe import aggregate
from wireframe._docs import doc

__all__ = ["BREAK_COLUMNS", "breaks"]

BREAK_COLUMNS: tuple[str, ...] = (
    "frame", "break", "before_from", "after_to", "n_before", "n_after", "share_before",
    "share_before_low", "share_before_high", "share_after", "share_after_low",
    "share_after_high", "lr", "p", "method", "unit")
"""The columns of :func:`breaks`' table (after the ``by`` column, when given)."""


def _deviance(x: object, n: object) -> np.ndarray:
    """-2 log-likelihood of binomial counts at their own share (0 log 0 = 0)."""
    x, n = np.asarray(x, dtype=np.float64), np.asarray(n, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        ll = np.where(x > 0, x * np.log(p), 0.0) + np.where(n - x > 0, (n - x) * np.log1p(-p),
                                                            0.0)
    return -2 * ll


class _CostBinomial(BaseCost):
    """ruptures cost of a segment of periods: its binomial deviance, over a design effect."""

    model = "binomial"

    def __init__(self, min_size: int = 2, deff: float = 1.0) -> None:
        self.min_size = min_size
        self.deff = deff

    def fit(self, signal: np.ndarray) -> _CostBinomial:
        self.signal = signal
        self.cx = np.r_[0.0, np.cumsum(signal[:, 0])]
        self.cn = np.r_[0.0, np.cumsum(signal[:, 1])]
        return self

    def error(self, start: int, end: int) -> float:
        if end - start < self.min_size:
            raise NotEnoughPoints
        x, n = self.cx[end] - self.cx[start], self.cn[end] - self.cn[start]
        return float(_deviance(x, n)) / self.deff


def _sup_lr(x: np.ndarray, n: np.ndarray, min_size: int) -> np.ndarray:
    """The largest likelihood ratio of one break anywhere in a span, for each row of x."""
    cx, cn = np.cumsum(x, axis=-1), np.cumsum(n)
    total = _deviance(cx[..., -1:], cn[-1:])
    cut = np.arange(min_size, x.shape[-1] - min_size + 1)
    left = _deviance(cx[..., cut - 1], cn[cut - 1])
    right = _deviance(cx[..., -1:] - cx[..., cut - 1], cn[-1] - cn[cut - 1])
    return (total - left - right).max(axis=-1)


@doc
def breaks(
    stories: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    frame: str,
    by: str | None = None,
    period: str = "week",
    unit: str = "story",
    min_size: int = 3,
    penalty: float | None = None,
    n_sim: int = 999,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Dates where a frame's share of stories shifts, with the evidence for each shift.

    Parameters
    ----------
    {stories}
        Read: ``story_id``, ``published``, ``family_id`` when known, and the
        ``by`` column when given.
    scores : DataFrame
        The output of :func:`wireframe.frames.score` for these stories.
    frame : str
        The frame (a value of ``scores["frame"]``).
    by : str, optional
        Find the breaks of each group's series (e.g. each outlet); None
        pools all stories.
    period : {"day", "week", "month"}, default "week"
        The series' step.
    unit : {"placement", "story"}, default "story"
        What is counted, as in :func:`wireframe.aggregate.frame_rates`; per
        placement, the likelihood is divided by the series' Kish design
        effect so that copies do not count as independent stories.
    min_size : int, default 3
        The fewest periods between two breaks.
    penalty : float, optional
        The penalty per break, in deviance units; by default the BIC rule
        below.
    n_sim : int, default 999
        Simulated series for each break's p-value.
    {confidence}
    {seed}

    Returns
    -------
    DataFrame
        One row per break (none when the share does not shift): the ``by``
        column (when given), ``frame``, ``break`` (the start of the first
        period after the shift), ``before_from`` and ``after_to`` (the
        periods of the two neighbouring segments), ``n_before``,
        ``n_after`` (placements or unique stories), ``share_before``,
        ``share_before_low``, ``share_before_high``, ``share_after``,
        ``share_after_low``, ``share_after_high`` (with the intervals of
        :func:`wireframe.aggregate.frame_rates`), ``lr`` (the likelihood
        ratio of the break against one share over both segments), ``p``,
        ``method``, ``unit``. ``attrs["series"]`` holds the series itself
        (periods, stories, framed stories, segment).

    Notes
    -----
    Per period :math:`t`, :math:`x_t` of :math:`n_t` stories have the frame.
    A segmentation's cost is its binomial deviance
    :math:`-2 \\sum_s \\ell(\\hat p_s)` plus ``penalty`` per break, minimised
    exactly by PELT (Killick, Fearnhead & Eckley 2012; the ``ruptures``
    package, with a binomial cost). The default penalty is the BIC of
    R's ``changepoint`` package (its "SIC"): :math:`2 \\log N` per break, for
    the share and the location each new segment adds, with :math:`N` the
    stories in the series (its effective number, per placement).

    Each break's evidence: the likelihood ratio of two shares against one
    over the two neighbouring segments, and its p-value by parametric
    bootstrap, simulating the span ``n_sim`` times under one share and
    taking the largest ratio over every possible break position, so that
    the p-value allows for the search (Andrews 1993); a break the penalty
    accepts can still have a large p-value when the series is short. The
    shares before and after carry the intervals of
    :func:`wireframe.aggregate.frame_rates`, which cover with few stories.

    References
    ----------
    Killick, R., Fearnhead, P. & Eckley, I. A. (2012). Optimal detection of
    changepoints with a linear computational cost. JASA 107, 1590-1598.
    Truong, C., Oudre, L. & Vayatis, N. (2020). Selective review of offline
    change point detection methods. Signal Processing 167, 107299.
    Andrews, D. W. K. (1993). Tests for parameter instability and
    structural change with unknown change point. Econometrica 61, 821-856.

    Examples
    --------
    >>> days = pd.date_range("2017-01-02", periods=140, freq="D", tz="UTC")
    >>> t = pd.DataFrame({"story_id": [f"s{i}" for i in range(140)], "published": days})
    >>> s = pd.DataFrame({"story_id": t["story_id"], "frame": "f", "hits": 0, "words": 100,
    ...                   "present": [i % 10 == 0 if i < 70 else i % 2 == 0 for i in range(140)]})
    >>> s["hits"] = s["present"].astype(int)
    >>> b = breaks(t, s, frame="f")
    >>> b["break"].dt.strftime("%Y-%m-%d").tolist(), b["share_after"].round(2).tolist()
    (['2017-03-13'], [0.5])
    """
    func = "models.breaks"
    check.stories(func, stories, ["story_id", "published"] + ([by] if by else []))
    check.made_by(func, scores, ["story_id", "frame", "hits", "words", "present"],
                  name="scores", maker="frames.score(stories)")
    check.choice(func, "period", period, tuple(aggregate.PERIODS))
    check.choice(func, "unit", unit, aggregate.UNITS)
    min_size = check.integer(func, "min_size", min_size, low=1)
    penalty = check.number(func, "penalty", penalty, low=0, none=True)
    n_sim = check.integer(func, "n_sim", n_sim, low=19)
    confidence = check.confidence(func, confidence)
    seed = check.seed(func, seed)
    names = sorted(set(scores["frame"].astype(str)))
    if not isinstance(frame, str) or frame not in names:
        raise check.fail(func, "frame", f"a frame of `scores` ({', '.join(names)})", frame)
    scores = scores[scores["frame"].astype(str) == frame]
    group = by if by is not None else "_all"
    table = stories if by is not None else stories.assign(_all="all")
    rates = aggregate.frame_rates(table, scores, by=group, period=period, unit=unit)
    rng = np.random.default_rng(seed)
    found, series = [], []
    for name, cells in rates.groupby(group, sort=True):
        cells = cells[cells["n"] > 0].sort_values("period")
        x = cells["n_present"].to_numpy(np.float64)
        n = cells["n"].to_numpy(np.float64)
        # Per placement, copies inflate the likelihood: divide by the Kish design effect.
        deff = float(n.sum() / cells["n_eff"].sum()) if unit == "placement" else 1.0
        deff = max(deff, 1.0)
        pen = 2 * np.log(max(n.sum() / deff, 2.0)) if penalty is None else penalty
        cuts = []
        if len(cells) >= 2 * min_size:
            algo = ruptures.Pelt(custom_cost=_CostBinomial(min_size=min_size, deff=deff),
                                 min_size=min_size, jump=1)
            cuts = algo.fit(np.c_[x, n]).predict(pen=pen)[:-1]
        edges = [0, *cuts, len(cells)]
        segment = np.repeat(np.arange(len(edges) - 1), np.diff(edges))
        series.append(cells[[group, "period", "n", "n_present"]].assign(segment=segment))
        for i, cut in enumerate(cuts):
            lo, hi = edges[i], edges[i + 2]
            span_x, span_n = x[lo:hi], n[lo:hi]
            lr = float(_deviance(span_x.sum(), span_n.sum()) - _deviance(x[lo:cut].sum(),
                       n[lo:cut].sum()) - _deviance(x[cut:hi].sum(), n[cut:hi].sum())) / deff
            shared = span_x.sum() / span_n.sum()
            sims = rng.binomial(span_n.astype(np.int64), shared, size=(n_sim, len(span_n)))
            null = _sup_lr(sims.astype(np.float64), span_n, min_size)
            p = (1 + int((null >= lr - 1e-9).sum())) / (n_sim + 1)
            found.append({"_group": name, "lo": lo, "cut": cut, "hi": hi, "lr": lr, "p": p,
                          "periods": cells["period"].to_numpy()})
    series = pd.concat(series, ignore_index=True) if series else pd.DataFrame()
    rows = [_evidence(r, table, scores, group, period, unit, confidence) for r in found]
    method = (f"PELT, binomial deviance, penalty {'2 log N (BIC)' if penalty is None else penalty}"
              f"; parametric-bootstrap sup-LR p ({n_sim} series)")
    out = pd.DataFrame(rows, columns=["_group", *BREAK_COLUMNS[:-2]])
    out["method"], out["unit"] = method, unit
    out["frame"] = frame
    if by is not None:
        out = out.rename(columns={"_group": by})
    else:
        out = out.drop(columns="_group")
    out.attrs["series"] = series.drop(columns=[group]) if by is None else series
    return out


def _evidence(found: dict, table: pd.DataFrame, scores: pd.DataFrame, group: str,
              period: str, unit: str, confidence: float) -> dict:
    """The shares before and after one break, with frame_rates' intervals."""
    periods = found["periods"]
    start, cut, end = periods[found["lo"]], periods[found["cut"]], periods[found["hi"] - 1]
    step = pd.Timestamp(end) + pd.tseries.frequencies.to_offset(aggregate.PERIODS[period])
    when = aggregate.period_start(table["published"], period)
    mine = (table[group] == found["_group"]).to_numpy()
    side = np.where(when < cut, "before", "after")
    inside = mine & (when >= start).to_numpy() & (when < step).to_numpy()
    rows = table[inside].assign(_side=side[inside])
    rates = aggregate.frame_rates(rows, scores, by="_side", unit=unit,
                                  confidence=confidence).set_index("_side")
    b, a = rates.loc["before"], rates.loc["after"]
    return {"_group": found["_group"], "frame": None, "break": pd.Timestamp(cut),
            "before_from": pd.Timestamp(start), "after_to": pd.Timestamp(end),
            "n_before": int(b["n"]), "n_after": int(a["n"]), "share_before": b["share"],
            "share_before_low": b["share_low"], "share_before_high": b["share_high"],
            "share_after": a["share"], "share_after_low": a["share_low"],
            "share_after_high": a["share_high"], "lr": found["lr"], "p": found["p"]}

