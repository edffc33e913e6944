"""Group x period tables: counts now, rates with intervals as the kit grows.

Every function takes the Story table (or a table joined to it) and returns a
tidy DataFrame, one row per group and period, ready for :mod:`wireframe.plots`
or for pandas.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe._docs import doc

__all__ = [
    "PERIODS", "UNITS", "attention", "cell_rng", "counting_units", "family_of", "frame_rates",
    "period_start", "volume",
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


# -- frame rates, cluster bootstrap, attention --------------------------------

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
    own = "story:" + stories["story_id"].astype(object).astype(str)
    if "family_id" not in stories.columns:
        return own.rename("family")
    fam = stories["family_id"].astype(object)
    labelled = "family:" + fam.astype(str)
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
    sid = stories["story_id"].astype(object)
    cols = {"story_id": sid, by: stories[by].astype(object), "family": family_of(stories)}
    if period is not None:
        cols["period"] = period_start(stories["published"], period)
    units = pd.DataFrame(cols)
    if unit == "story":
        keys = [by] + (["period"] if period is not None else []) + ["family"]
        order = {"_copy": ~(units["family"] == "family:" + sid.astype(str)).to_numpy()}
        if "published" in stories.columns:
            order["_t"] = stories["published"].to_numpy()
        ranked = units.assign(**order).sort_values([*order, "story_id"], kind="stable")
        units = ranked.drop_duplicates(keys, keep="first").sort_index()[list(cols)]
    return units[units[by].notna()]


def _wide_scores(func: str, scores: pd.DataFrame, story_ids: pd.Series
                 ) -> tuple[list[str], dict]:
    frames = list(dict.fromkeys(scores["frame"].astype(object)))
    sid = scores["story_id"].astype(object)
    missing = ~story_ids.isin(set(sid))
    if missing.any():
        raise check.ParameterError(
            f"{func}: `scores` has no rows for {int(missing.sum())} of the stories (first "
            f"{story_ids[missing].iloc[0]!r}); score the same stories with frames.score"
        )
    idx = pd.MultiIndex.from_arrays([sid, scores["frame"].astype(object)])
    if idx.duplicated().any():
        raise check.ParameterError(f"{func}: `scores` has more than one row for a story and "
                                   "frame")
    keyed = scores.set_index(idx)
    full = pd.MultiIndex.from_product([story_ids.unique(), frames])
    keyed = keyed.reindex(full)
    if keyed["hits"].isna().any():
        raise check.ParameterError(f"{func}: `scores` lacks a frame for some stories; score "
                                   "them with frames.score")
    n, k = story_ids.nunique(), len(frames)
    words = keyed["words"].to_numpy(dtype=float).reshape(n, k)[:, 0]
    return frames, {
        "ids": story_ids.unique(),
        "present": keyed["present"].to_numpy(dtype=float).reshape(n, k),
        "hits": keyed["hits"].to_numpy(dtype=float).reshape(n, k),
        "words": words,
    }


def cell_rng(seed: int, key: tuple) -> np.random.Generator:
    """A random generator for one cell of a table, from the seed and the cell's name.

    One generator per cell, so that a cell's bootstrap interval does not
    change when other groups are added or dropped.
    """
    return np.random.default_rng([seed, zlib.crc32(repr(key).encode("utf-8"))])


@doc
def frame_rates(
    stories: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    unit: str = "placement",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Frame share and rate per group (and period), with cluster-bootstrap intervals.

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
    {n_boot}
    {confidence}
    {seed}

    Returns
    -------
    DataFrame
        One row per group (and period) with stories, and frame, sorted so:
        columns ``by``, ``period`` (only when given), ``frame``, ``unit``,
        ``n`` (placements or unique stories), ``n_families``, ``n_present``
        (with at least one hit), ``share`` (n_present / n), ``share_low``,
        ``share_high``, ``hits``, ``words``, ``rate`` (hits per 1,000
        words), ``rate_low``, ``rate_high``.

    Raises
    ------
    ValueError
        For an unknown ``period`` or ``unit``, a ``by`` column that does not
        exist, stories without scores, or a bad ``n_boot`` or
        ``confidence``.

    Notes
    -----
    In a cell (group and period) with families :math:`j = 1..k`, each with
    :math:`n_j` counted stories, :math:`p_j` of them with the frame,
    :math:`h_j` hits and :math:`w_j` words,

    .. math:: \\text{share} = \\sum p_j / \\sum n_j, \\qquad
              \\text{rate} = 1000 \\sum h_j / \\sum w_j .

    Copies of one wire story are not independent editorial choices, so
    the intervals resample *families*, not stories (a cluster bootstrap):
    each of ``n_boot`` resamples draws :math:`k` families with replacement
    (multinomial weights), recomputes share and rate, and the interval is
    the :math:`(1 \\pm \\text{confidence})/2` percentiles. Cells are
    resampled independently, each with a generator seeded by ``seed`` and
    the cell's name. With ``unit="story"`` every family counts once per
    cell, so this is the ordinary bootstrap of unique stories. When no
    story of a cell has the frame the interval is [0, 0]: read it with
    ``n``.

    References
    ----------
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their
    Application, section 3.8. Cambridge University Press.
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data.
    JRSS B 69(3), 369-390.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "X"],
    ...                   "published": pd.to_datetime(["2017-02-06"] * 3, utc=True),
    ...                   "family_id": ["f", "f", None]})
    >>> s = pd.DataFrame({"story_id": ["a", "b", "c"], "frame": "spy", "hits": [2, 2, 0],
    ...                   "words": [100, 100, 50], "present": [True, True, False]})
    >>> frame_rates(t, s, n_boot=0)[["n", "n_families", "share", "rate"]].round(2).values.tolist()
    [[3.0, 2.0, 0.67, 16.0]]
    >>> frame_rates(t, s, unit="story", n_boot=0)[["n", "share"]].round(2).values.tolist()
    [[2.0, 0.5]]
    """
    func = "aggregate.frame_rates"
    _check_cells(func, stories, scores, by, period, unit, optional_period=True)
    n_boot = check.integer(func, "n_boot", n_boot, low=0)
    confidence = check.confidence(func, confidence)
    seed = check.seed(func, seed)
    units = counting_units(stories, by, period, unit)
    frames, wide = _wide_scores(func, scores, units["story_id"])
    pos = pd.Series(np.arange(len(wide["ids"])), index=wide["ids"])
    rows = pos.loc[units["story_id"]].to_numpy()
    keys = [by] + (["period"] if period is not None else [])
    n_f = len(frames)
    lo_q, hi_q = (1 - confidence) / 2, (1 + confidence) / 2
    out = []
    cells = units.assign(_row=rows).groupby(keys, sort=True)
    for key, cell in tqdm(cells, desc="bootstrap", unit="cell", leave=False,
                          disable=cells.ngroups < 200 or n_boot == 0):
        key = key if isinstance(key, tuple) else (key,)
        fam_codes, fam_index = pd.factorize(cell["family"], sort=True)
        k = len(fam_index)
        r = cell["_row"].to_numpy()
        # Per-family sums: stories, words, and per frame presence and hits.
        n_j = np.bincount(fam_codes, minlength=k).astype(float)
        w_j = np.bincount(fam_codes, weights=wide["words"][r], minlength=k)
        p_j = np.zeros((k, n_f))
        h_j = np.zeros((k, n_f))
        np.add.at(p_j, fam_codes, wide["present"][r])
        np.add.at(h_j, fam_codes, wide["hits"][r])
        n, w = n_j.sum(), w_j.sum()
        share = p_j.sum(axis=0) / n
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = 1000 * h_j.sum(axis=0) / w
        bounds = np.full((4, n_f), np.nan)
        if n_boot:
            weights = cell_rng(seed, key).multinomial(k, np.full(k, 1 / k), size=n_boot)
            with np.errstate(divide="ignore", invalid="ignore"):
                share_b = (weights @ p_j) / (weights @ n_j)[:, None]
                rate_b = 1000 * (weights @ h_j) / (weights @ w_j)[:, None]
            bounds[0:2] = np.quantile(share_b, [lo_q, hi_q], axis=0)
            if np.isfinite(rate_b).all():
                bounds[2:4] = np.quantile(rate_b, [lo_q, hi_q], axis=0)
            elif np.isfinite(rate_b).any():
                bounds[2:4] = np.nanquantile(rate_b, [lo_q, hi_q], axis=0)
        for f, name in enumerate(frames):
            out.append((*key, name, unit, n, k, p_j[:, f].sum(), share[f], bounds[0, f],
                        bounds[1, f], h_j[:, f].sum(), w, rate[f], bounds[2, f], bounds[3, f]))
    columns = [*keys, "frame", "unit", "n", "n_families", "n_present", "share", "share_low",
               "share_high", "hits", "words", "rate", "rate_low", "rate_high"]
    table = pd.DataFrame(out, columns=columns)
    for c in ("n", "n_families", "n_present", "hits", "words"):
        table[c] = table[c].astype("int64")
    return table


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
    pos = pd.Series(np.arange(len(wide["ids"])), index=wide["ids"])
    present = pd.DataFrame(wide["present"][pos.loc[units["story_id"]].to_numpy()],
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
