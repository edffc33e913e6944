"""Group x period tables: counts, and frame shares and rates with intervals that cover.

Every function takes the Story table (or a table joined to it) and returns a
tidy DataFrame, one row per group and period, ready for :mod:`wireframe.plots`
or for pandas. :func:`counting_units` is the kit's one counting rule (every
placement, or one story per syndication family); the intervals come from
:mod:`wireframe.intervals`, the kit's one interval core.
"""

from __future__ import annotations

import warnings
import zlib

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe import intervals
from wireframe._docs import doc

__all__ = [
    "METHODS", "PERIODS", "UNITS", "attention", "cell_rng", "counting_units", "family_cells",
    "family_of", "frame_rates", "period_start", "volume",
]

PERIODS: dict[str, str] = {"day": "D", "week": "7D", "month": "MS"}
"""Period names and the step between period starts (weeks start on Monday)."""


def period_start(published: pd.Series, period: str) -> pd.Series:
    """Return the UTC start of the day, week (Monday) or month of each time.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2017-02-08 13:00"], utc=True))
    >>> period_start(s, "week").iloc[0]
    Timestamp('2017-02-06 00:00:00+0000', tz='UTC')
    """
    check.choice("aggregate.period_start", "period", period, PERIODS)
    naive = published.dt.tz_convert("UTC").dt.tz_localize(None)
    if period == "day":
        start = naive.dt.floor("D")
    elif period == "week":
        start = naive.dt.floor("D") - pd.to_timedelta(naive.dt.day_of_week, unit="D")
    else:
        start = naive.dt.to_period("M").dt.start_time
    return start.dt.tz_localize("UTC")


@doc
def volume(stories: pd.DataFrame, *, by: str = "outlet", period: str = "week") -> pd.DataFrame:
    """Count stories per group and period.

    Parameters
    ----------
    {stories}
        Read: the ``by`` column and ``published``.
    {by}
    period : {"day", "week", "month"}, default "week"
        The length of each period; weeks start on Monday, all in UTC.

    Returns
    -------
    DataFrame
        Columns ``by``, ``period`` (UTC start), ``n``; every group and period
        between the first and last story appears, with 0 where there were no
        stories, sorted by group and period.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B"], "published": pd.to_datetime(
    ...     ["2017-02-06", "2017-02-14", "2017-02-07"], utc=True)})
    >>> volume(t)["n"].tolist()
    [1, 1, 1, 0]
    """
    func = "aggregate.volume"
    check.stories(func, stories, ["published"])
    if not isinstance(by, str) or by not in stories.columns:
        raise check.fail(func, "by", "a column of `stories`", by,
                         fix=f"one of {', '.join(repr(str(c)) for c in stories.columns[:12])}")
    check.choice(func, "period", period, PERIODS)
    start = period_start(stories["published"], period)
    counts = stories.assign(period=start).groupby([by, "period"], observed=True).size()
    if counts.empty:
        return pd.DataFrame({by: [], "period": [], "n": []})
    periods = pd.date_range(start.min(), start.max(), freq=PERIODS[period])
    groups = sorted(stories[by].dropna().unique())
    full = pd.MultiIndex.from_product([groups, periods], names=[by, "period"])
    table = counts.reindex(full, fill_value=0).rename("n").reset_index()
    table["n"] = table["n"].astype("int64")
    return table


# -- frame rates and attention ------------------------------------------------

UNITS: tuple[str, ...] = ("placement", "story")
"""What a count counts: every copy a story's outlet ran, or one per syndication family."""

_SCORE_NEEDS = ("story_id", "frame", "hits", "words", "present")


def _check_cells(func: str, stories: object, scores: object, by: object, period: object,
                 unit: object, *, optional_period: bool) -> None:
    """The arguments frame_rates and attention share: cells of stories and their scores."""
    check.choice(func, "unit", unit, UNITS)
    if period is not None or not optional_period:
        check.choice(func, "period", period, PERIODS)
    need = ["story_id", by] + (["published"] if period is not None else [])
    check.stories(func, stories, need)
    check.made_by(func, scores, _SCORE_NEEDS, name="scores", maker="frames.score(stories)")


def family_of(stories: pd.DataFrame) -> pd.Series:
    """Return each story's syndication family: ``family_id`` when set, else its own.

    A story without a ``family_id`` (no such column, or NA) is a family of
    one. Family labels are prefixed so that a family id can never be
    mistaken for a story id.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b", "c"], "family_id": ["f", "f", None]})
    >>> family_of(t).tolist()
    ['family:f', 'family:f', 'story:c']
    """
    # pandas' string dtype: its concatenation and sorting run in Arrow, far faster than objects.
    own = "story:" + stories["story_id"].astype("str")
    if "family_id" not in stories.columns:
        return own.rename("family")
    fam = stories["family_id"]
    labelled = "family:" + fam.astype("str")
    return labelled.where(fam.notna(), own).rename("family")


@doc
def counting_units(stories: pd.DataFrame, by: str, period: str | None, unit: str
                   ) -> pd.DataFrame:
    """The rows that count in a group (and period): every placement, or one story per family.

    This is the kit's one counting rule; compare, topics and the frame
    measures all use it. With ``unit="story"`` one story stands for each
    syndication family in each cell: the family's original (the story whose
    ``story_id`` is the ``family_id``) when it is in the cell, else the
    cell's earliest member (ties: the smallest ``story_id``). Rows without a
    ``by`` value are left out.

    Parameters
    ----------
    {stories}
        Read: ``story_id``, the ``by`` column, ``published`` (with a
        ``period``, and to find the earliest member), ``family_id`` when
        present.
    {by}
    {period}
    {unit}

    Returns
    -------
    DataFrame
        ``story_id``, ``by``, ``family`` and, with a ``period``, ``period``
        (its start), in the order of ``stories``.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                   "family_id": ["c", "c", "c"],
    ...                   "published": pd.to_datetime(["2017-01-02", "2017-01-01",
    ...                                                "2017-01-03"], utc=True)})
    >>> counting_units(t, "outlet", None, "story")["story_id"].tolist()
    ['b', 'c']
    """
    func = "aggregate.counting_units"
    check.choice(func, "unit", unit, UNITS)
    if period is not None:
        check.choice(func, "period", period, PERIODS)
    cols = {"story_id": stories["story_id"], by: stories[by].astype(object),
            "family": family_of(stories)}
    if period is not None:
        cols["period"] = period_start(stories["published"], period)
    units = pd.DataFrame(cols)
    if unit == "story":
        units = units.iloc[_first_per_family(stories, units, by, period)]
    return units[units[by].notna()]


def _first_per_family(stories: pd.DataFrame, units: pd.DataFrame, by: str,
                      period: str | None) -> np.ndarray:
    """Positions of the story that stands for each family in each cell, in table order.

    The original (its ``story_id`` is the ``family_id``) first, then the
    earliest, then the smallest ``story_id``. Integer codes and np.lexsort do
    the work; ids are compared as strings only among the rare stories tied on
    the first two, since sorting every id is the slow part on a large table.
    """
    copy = ~(units["family"] == "family:" + stories["story_id"].astype("str")).to_numpy()
    if "published" in stories.columns:
        published = pd.DatetimeIndex(stories["published"])
        when = np.where(published.isna(), np.iinfo(np.int64).max, published.asi8)
    else:
        when = np.zeros(len(units), dtype=np.int64)
    cell = np.zeros(len(units), dtype=np.int64)
    for column in [by] + (["period"] if period is not None else []) + ["family"]:
        codes = pd.factorize(units[column])[0]
        cell = pd.factorize(cell * (int(codes.max(initial=0)) + 2) + codes + 1)[0]
    order = np.lexsort((when, copy, cell))
    c, k, t = cell[order], copy[order], when[order]
    start = np.r_[True, c[1:] != c[:-1]]
    group = np.cumsum(start) - 1
    heads = np.flatnonzero(start)
    # Rows that tie with their family's first row on (copy, time): the id decides.
    tied = (k == k[heads][group]) & (t == t[heads][group])
    several = np.bincount(group, weights=tied, minlength=len(heads)) > 1
    chosen = order[heads]
    if several.any():
        rows = np.flatnonzero(tied & several[group])
        ids = pd.Series(stories["story_id"].to_numpy()[order[rows]], dtype=object).astype(str)
        pick = pd.DataFrame({"g": group[rows], "id": ids.to_numpy(), "row": order[rows]})
        pick = pick.sort_values(["g", "id"], kind="stable").drop_duplicates("g")
        chosen[pick["g"].to_numpy()] = pick["row"].to_numpy()
    return np.sort(chosen)


def _wide_scores(func: str, scores: pd.DataFrame, story_ids: pd.Series
                 ) -> tuple[list[str], dict]:
    """Presence, hits (stories x frames) and words of the distinct ``story_ids``, in order."""
    frames = list(dict.fromkeys(scores["frame"].astype(object)))
    sid = scores["story_id"]
    if sid.dtype != story_ids.dtype:
        # Match ids as Python objects when the two tables store them differently.
        sid, story_ids = sid.astype(object), story_ids.astype(object)
    ids = pd.Index(story_ids).unique()
    row = ids.get_indexer(sid)
    col = pd.Index(frames).get_indexer(scores["frame"].astype(object))
    scored = np.zeros(len(ids), dtype=bool)
    scored[row[row >= 0]] = True
    if not scored.all():
        raise check.ParameterError(
            f"{func}: `scores` has no rows for {int((~scored).sum())} of the stories (first "
            f"{ids[~scored][0]!r}); score the same stories with frames.score"
        )
    keep = row >= 0
    cell = row[keep] * len(frames) + col[keep]
    if len(np.unique(cell)) < len(cell):
        raise check.ParameterError(f"{func}: `scores` has more than one row for a story and "
                                   "frame")
    if len(cell) < len(ids) * len(frames):
        raise check.ParameterError(f"{func}: `scores` lacks a frame for some stories; score "
                                   "them with frames.score")
    wide = {}
    for name in ("present", "hits", "words"):
        values = np.empty((len(ids), len(frames)))
        values[row[keep], col[keep]] = scores[name].to_numpy(dtype=float)[keep]
        wide[name] = values
    wide["words"] = wide["words"][:, 0]
    return frames, {"ids": ids, **wide}


def cell_rng(seed: int, key: tuple) -> np.random.Generator:
    """A random generator for one cell of a table, from the seed and the cell's name.

    One generator per cell, so that a cell's bootstrap interval does not
    change when other groups are added or dropped.
    """
    return np.random.default_rng([seed, zlib.crc32(repr(key).encode("utf-8"))])


METHODS: tuple[str, ...] = ("analytic", "bootstrap")
"""How intervals are made: closed-form methods that cover, or the percentile bootstrap."""


def _method_args(func: str, method: object, n_boot: object) -> int:
    """Check ``method`` and ``n_boot``; warn when ``n_boot`` has no effect."""
    check.choice(func, "method", method, METHODS)
    if method == "analytic":
        if n_boot is not None:
            warnings.warn(f"{func}: `n_boot` has no effect with method='analytic' (the "
                          "intervals are closed-form); it is ignored", UserWarning, stacklevel=3)
        return 0
    return 1000 if n_boot is None else check.integer(func, "n_boot", n_boot, low=1)


def _group_codes(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Sorted integer codes of the groups of ``keys``, and the groups' key values.

    Each column is factorized alone and the codes combined in mixed radix:
    a MultiIndex of strings and times is much slower to factorize. Rows with
    a missing key get -1.
    """
    code = np.zeros(len(frame), dtype=np.int64)
    uniques = []
    for column in keys:
        codes, values = pd.factorize(frame[column], sort=True)
        code = np.where((code < 0) | (codes < 0), -1, code * len(values) + codes)
        uniques.append(values)
    seen, code = np.unique(code, return_inverse=True)
    if len(seen) and seen[0] < 0:
        seen, code = seen[1:], code - 1
    groups = {}
    for column, values in zip(reversed(keys), reversed(uniques), strict=True):
        groups[column] = np.asarray(values, dtype=object)[seen % len(values)]
        seen = seen // len(values)
    return code.astype(np.int64), pd.DataFrame({c: groups[c] for c in keys})


def family_cells(units: pd.DataFrame, keys: list[str]
                 ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Number the cells of a table of counting units and the families within each cell.

    The units of every interval: a family carried in two cells (two outlets,
    two months) is a family in each; within a cell its stories move together.

    Parameters
    ----------
    units : DataFrame
        The output of :func:`counting_units` (``family`` and the ``keys``).
    keys : list of str
        The columns that make a cell, e.g. ``["outlet", "period"]``.

    Returns
    -------
    family : ndarray of int
        The (cell, family) code of each row of ``units``; codes are sorted by
        cell, so each cell's families are consecutive.
    family_cell : ndarray of int
        The cell code of each family.
    cells : DataFrame
        One row per cell, sorted, with the ``keys`` columns.

    Examples
    --------
    >>> u = pd.DataFrame({"outlet": ["Y", "X", "X"], "family": ["f", "f", "g"]})
    >>> family, family_cell, cells = family_cells(u, ["outlet"])
    >>> family.tolist(), family_cell.tolist(), cells["outlet"].tolist()
    ([2, 0, 1], [0, 0, 1], ['X', 'Y'])
    """
    cell_codes, cells = _group_codes(units, keys)
    family, _ = pd.factorize(units["family"])
    pairs = cell_codes * (int(family.max(initial=0)) + 1) + family
    fam_codes, fam_index = pd.factorize(pairs, sort=True)
    fam_cell = np.asarray(fam_index, dtype=np.int64) // (int(family.max(initial=0)) + 1)
    return fam_codes, fam_cell, cells


@doc
def frame_rates(
    stories: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    unit: str = "placement",
    method: str = "analytic",
    n_boot: int | None = None,
    confidence: float = 0.95,
    seed: int = 0,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Frame share and rate per group (and period), with intervals that cover.

    Parameters
    ----------
    {stories}
        Read: ``story_id``, the ``by`` column, ``published`` (with a
        ``period``); and ``family_id`` when syndication families are known.
    scores : DataFrame
        The output of :func:`wireframe.frames.score` for these stories (it
        may hold more stories; those are ignored).
    {by}
    {period}
    {unit}
    method : {"analytic", "bootstrap"}, default "analytic"
        ``"analytic"``: the closed-form intervals of
        :mod:`wireframe.intervals`, shown to cover in every cell of
        ``benchmarks/bench_coverage.py``. ``"bootstrap"``: the percentile
        bootstrap of families for the shares of cells where it is shown to
        cover (:func:`wireframe.intervals.bootstrap_covers`: each family
        counted once, at least 20 framed and 20 unframed families), the
        analytic interval elsewhere and for every rate, with a warning.
    n_boot : int, optional
        Resamples of ``method="bootstrap"`` (1000 when not given); it has no
        effect with ``"analytic"`` (a warning says so).
    {confidence}
    {seed}
        Used by ``method="bootstrap"`` only.
    {progress}
        The bar runs over the cells ``method="bootstrap"`` resamples.

    Returns
    -------
    DataFrame
        One row per group (and period) with stories, and frame, sorted so:
        columns ``by``, ``period`` (only when given), ``frame``, ``unit``
        ("placement" or "story"), ``n`` (placements or unique stories),
        ``n_families``, ``n_eff`` (Kish's effective size of the share),
        ``n_present`` (with at least one hit), ``share`` (n_present / n),
        ``share_low``, ``share_high``, ``share_method``, ``hits``,
        ``words``, ``rate`` (hits per 1,000 words), ``rate_low``,
        ``rate_high``, ``rate_method``.

    Raises
    ------
    ValueError
        For an unknown ``period``, ``unit`` or ``method``, a ``by`` column
        that does not exist, stories without scores, or a bad ``n_boot`` or
        ``confidence``.

    Warns
    -----
    UserWarning
        When ``method="bootstrap"`` falls back to the analytic interval
        (always for rates); when ``n_boot`` has no effect; when a frame has
        no hit in the whole table (its rates' upper limits are then lower
        bounds).

    See Also
    --------
    wireframe.intervals : the methods, their formulas and references.
    wireframe.models.presence : frame presence modelled on outlet and time.

    Notes
    -----
    In a cell (group and period) with families :math:`j = 1..m`, each with
    :math:`n_j` counted stories, :math:`p_j` of them with the frame,
    :math:`h_j` hits and :math:`w_j` words,

    .. math:: \\text{share} = \\sum p_j / \\sum n_j, \\qquad
              \\text{rate} = 1000 \\sum h_j / \\sum w_j .

    Copies of one wire story are not independent editorial choices, so
    families, not stories, are the units of every interval:

    - share per unique story: Clopper-Pearson on the framed families
      (``share_method`` "clopper-pearson");
    - share per placement: Clopper-Pearson at Kish's effective size
      :math:`n^* = (\\sum n_j)^2 / \\sum n_j^2` ("clopper-pearson-kish" in
      a cell with copies; without copies it is the plain interval);
    - rate: a gamma interval on a scaled count (Fay & Feuer 1997) whose
      variance is the larger of a compound-count model and the
      cluster-robust variance ("gamma-quasi-poisson",
      :func:`wireframe.intervals.rate`). The model needs how hits spread
      over a frame's framed stories, which is pooled over the whole table
      (one story per family): a cell's rate interval depends a little on
      the other stories passed with it.

    A cell without a hit gets a real upper limit (about 3.7 framed
    families' worth), not [0, 0]. Stories without words count for the
    share but not for the rate.

    References
    ----------
    Clopper, C. J. & Pearson, E. S. (1934). Biometrika 26, 404-413.
    Kish, L. (1965). Survey Sampling. Wiley.
    Fay, M. P. & Feuer, E. J. (1997). Statistics in Medicine 16, 791-801.
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their
    Application, section 3.8. Cambridge University Press.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "X"],
    ...                   "published": pd.to_datetime(["2017-02-06"] * 3, utc=True),
    ...                   "family_id": ["f", "f", None]})
    >>> s = pd.DataFrame({"story_id": ["a", "b", "c"], "frame": "spy", "hits": [2, 2, 0],
    ...                   "words": [100, 100, 50], "present": [True, True, False]})
    >>> frame_rates(t, s)[["n", "n_families", "share", "rate"]].round(2).values.tolist()
    [[3.0, 2.0, 0.67, 16.0]]
    >>> frame_rates(t, s, unit="story")[["n", "share", "share_method"]].values.tolist()
    [[2, 0.5, 'clopper-pearson']]
    """
    func = "aggregate.frame_rates"
    _check_cells(func, stories, scores, by, period, unit, optional_period=True)
    n_boot = _method_args(func, method, n_boot)
    confidence = check.confidence(func, confidence)
    seed = check.seed(func, seed)
    units = counting_units(stories, by, period, unit)
    frames, wide = _wide_scores(func, scores, units["story_id"])
    rows = wide["ids"].get_indexer(units["story_id"].astype(wide["ids"].dtype))
    keys = [by] + (["period"] if period is not None else [])
    fam, fam_cell, cells = family_cells(units, keys)
    k, n_cells = len(fam_cell), len(cells)
    present, hits, words = wide["present"][rows], wide["hits"][rows], wide["words"][rows]
    n_j = intervals.sum_by(fam, np.ones(len(rows)), k)
    w_j = intervals.sum_by(fam, words, k)
    worded_j = intervals.sum_by(fam, (words > 0).astype(np.float64), k)
    p_j, h_j = intervals.sum_by(fam, present, k), intervals.sum_by(fam, hits, k)
    spread = _hit_spread(stories, units, wide)
    share = intervals.share(p_j, n_j, cells=fam_cell, confidence=confidence)
    rate = intervals.rate(h_j, w_j, worded_j, p_j, dispersion=spread, cells=fam_cell,
                          confidence=confidence)
    copies = intervals.sum_by(fam_cell, (n_j > 1).astype(np.float64), n_cells) > 0
    share_method = np.where(copies, "clopper-pearson-kish", "clopper-pearson")[:, None].repeat(
        len(frames), axis=1)
    share_low, share_high = share.low.copy(), share.high.copy()
    n_families = intervals.sum_by(fam_cell, np.ones(k), n_cells)
    if method == "bootstrap":
        framed = intervals.sum_by(fam_cell, (p_j > 0).astype(np.float64), n_cells)
        covers = intervals.bootstrap_covers(framed, n_families[:, None], copies[:, None])
        bounds = np.searchsorted(fam_cell, np.arange(n_cells + 1))
        for c in tqdm(np.flatnonzero(covers.any(axis=1)), desc="bootstrap", unit="cell",
                      leave=False, disable=None if progress is None else not progress):
            lo, hi = bounds[c], bounds[c + 1]
            key = tuple(cells.iloc[c])
            low, high = intervals.percentile_bootstrap(
                p_j[lo:hi], n_j[lo:hi], rng=cell_rng(seed, key), n_boot=n_boot,
                confidence=confidence)
            use = covers[c]
            share_low[c, use], share_high[c, use] = low[use], high[use]
            share_method[c, use] = "percentile-bootstrap"
        warnings.warn(
            f"{func}: the percentile bootstrap covers only shares that count each family "
            f"once with >= {intervals.BOOTSTRAP_MIN_FAMILIES} framed and unframed families; "
            f"{int((~covers).sum())} of {covers.size} shares, and every rate, use the "
            "analytic interval instead (see share_method and rate_method)",
            UserWarning, stacklevel=2)
    none = [f for f, any_hit in zip(frames, wide["hits"].sum(axis=0) > 0, strict=True)
            if not any_hit]
    if none:
        warnings.warn(f"{func}: no story has a hit of {', '.join(none)}: the upper limits of "
                      "their rates assume one hit per framed story, and are lower bounds",
                      UserWarning, stacklevel=2)
    n = intervals.sum_by(fam_cell, n_j, n_cells)
    n_eff = intervals.kish_size(n_j, cells=fam_cell)
    f_n = len(frames)
    table = pd.DataFrame({
        **{c: np.repeat(cells[c].to_numpy(), f_n) for c in keys},
        "frame": np.tile(np.asarray(frames, dtype=object), n_cells),
        "unit": unit,
        "n": np.repeat(n, f_n).astype(np.int64),
        "n_families": np.repeat(n_families, f_n).astype(np.int64),
        "n_eff": np.repeat(n_eff, f_n),
        "n_present": intervals.sum_by(fam_cell, p_j, n_cells).ravel().astype(np.int64),
        "share": share.estimate.ravel(),
        "share_low": share_low.ravel(),
        "share_high": share_high.ravel(),
        "share_method": share_method.ravel(),
        "hits": intervals.sum_by(fam_cell, h_j, n_cells).ravel().astype(np.int64),
        "words": np.repeat(intervals.sum_by(fam_cell, w_j, n_cells), f_n).astype(np.int64),
        "rate": rate.estimate.ravel(),
        "rate_low": rate.low.ravel(),
        "rate_high": rate.high.ravel(),
        "rate_method": rate.method,
    })
    if period is not None:
        table["period"] = pd.to_datetime(table["period"], utc=True)
    return table


def _hit_spread(stories: pd.DataFrame, units: pd.DataFrame, wide: dict
                ) -> tuple[np.ndarray, np.ndarray]:
    """Each frame's (d, g) of :func:`wireframe.intervals.hit_dispersion`, over the table.

    One story per family over the whole table (the counting rule's choice
    of original), among the stories that count in some cell.
    """
    counted = stories.loc[units.index]
    pooled = counting_units(counted.assign(_table="all"), "_table", None, "story")
    hits = wide["hits"][wide["ids"].get_indexer(pooled["story_id"].astype(wide["ids"].dtype))]
    pairs = [intervals.hit_dispersion(hits[:, f]) for f in range(hits.shape[1])]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


@doc
def attention(
    stories: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str = "week",
    unit: str = "placement",
) -> pd.DataFrame:
    """Normalised attention: stories with the frame over all stories, per group and period.

    Parameters
    ----------
    {stories}
        Read: ``story_id``, the ``by`` column, ``published``; and
        ``family_id`` when present, as in :func:`frame_rates`.
    scores : DataFrame
        The output of :func:`wireframe.frames.score` for these stories.
    {by}
    period : {"day", "week", "month"}, default "week"
        The length of each period, in UTC; weeks start on Monday.
    {unit}

    Returns
    -------
    DataFrame
        Columns ``by``, ``period``, ``frame``, ``matching`` (stories with
        at least one hit), ``total`` (all stories of that group and period),
        ``attention`` (matching / total; NaN when total is 0). Every group
        and period between the first and last story appears, as in
        :func:`volume`.

    Notes
    -----
    This is the normalised attention of Media Cloud's attention-over-time
    charts: the share of a source's stories in a period that match the
    query, which corrects for how much the source published. It equals the
    ``share`` of :func:`frame_rates`, without intervals and with empty
    periods kept.

    References
    ----------
    Roberts, H. et al. (2021). Media Cloud: Massive open source collection
    of global news on the open web. Proceedings of ICWSM 15, 1034-1045.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "X"],
    ...                   "published": pd.to_datetime(["2017-02-06", "2017-02-07",
    ...                                                "2017-02-20"], utc=True)})
    >>> s = pd.DataFrame({"story_id": ["a", "b", "c"], "frame": "spy", "hits": [1, 0, 0],
    ...                   "words": [10, 10, 10], "present": [True, False, False]})
    >>> attention(t, s)[["matching", "total", "attention"]].values.tolist()
    [[1.0, 2.0, 0.5], [0.0, 0.0, nan], [0.0, 1.0, 0.0]]
    """
    func = "aggregate.attention"
    _check_cells(func, stories, scores, by, period, unit, optional_period=False)
    units = counting_units(stories, by, period, unit)
    frames, wide = _wide_scores(func, scores, units["story_id"])
    present = pd.DataFrame(wide["present"][wide["ids"].get_indexer(units["story_id"])],
                           columns=frames, index=units.index)
    grouped = pd.concat([units[[by, "period"]], present], axis=1).groupby([by, "period"])
    matching = grouped[frames].sum()
    total = grouped.size()
    periods = pd.date_range(units["period"].min(), units["period"].max(), freq=PERIODS[period])
    full = pd.MultiIndex.from_product([sorted(units[by].unique()), periods], names=[by, "period"])
    matching = matching.reindex(full, fill_value=0)
    total = total.reindex(full, fill_value=0)
    long = matching.stack().rename("matching").reset_index().rename(columns={"level_2": "frame"})
    long["total"] = total.reindex(pd.MultiIndex.from_frame(long[[by, "period"]])).to_numpy()
    long["matching"] = long["matching"].astype("int64")
    long["total"] = long["total"].astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        long["attention"] = np.where(long["total"] > 0, long["matching"] / long["total"], np.nan)
    order = {f: i for i, f in enumerate(frames)}
    long = long.sort_values([by, "period", "frame"], key=lambda s: s.map(order)
                            if s.name == "frame" else s, kind="stable")
    return long.reset_index(drop=True)[[by, "period", "frame", "matching", "total", "attention"]]
