"""Prevalence: topic proportions averaged by group and period, and their differences.

:func:`prevalence` and :func:`difference` count every placement or one story
per syndication family (:func:`wireframe.aggregate.counting_units`), with
intervals from the kit's interval core (:mod:`wireframe.intervals`): a
Jeffreys interval at an effective size for a prevalence, and MOVER for a
difference, both with syndication families as the units.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from wireframe import _validate as check
from wireframe import aggregate, intervals
from wireframe._docs import Docs
from wireframe.topics.corpus import UNITS
from wireframe.topics.describe import _topic_columns

__all__ = ["difference", "prevalence"]

_doc = Docs(
    table="""table : DataFrame
        The output of :func:`~wireframe.topics.proportions`: ``story_id``,
        ``topic_1`` ... ``topic_K``, the ``by`` column, ``published`` for
        periods, and ``family_id`` when syndication families are known (a
        story without one is its own family).""",
    method_notes="""The interval of a prevalence is :func:`wireframe.intervals.mean_proportion`
    (``prevalence_method`` "jeffreys-effective-n"): a Jeffreys interval for
    the summed proportions at an effective size, the smaller of Kish's size
    over the cell's families divided by the topic's spread :math:`\\psi_k`
    (:func:`wireframe.intervals.topic_dispersion`, from one story per family
    of the whole ``table``; a rare topic borrows the spread pooled over all
    topics) and the size the cluster-robust variance implies. It covers in
    every cell of ``benchmarks/bench_coverage.py``, rare topics in 50
    stories included, where the percentile bootstrap the kit used before
    fell to 45 %.""",
)


def _no_resampling(func: str, n_boot: object, seed: object) -> None:
    """Warn that the former bootstrap's arguments are ignored (they will be removed)."""
    given = [name for name, value in (("n_boot", n_boot), ("seed", seed)) if value is not None]
    if given:
        verb = "has" if len(given) == 1 else "have"
        warnings.warn(f"{func}: {' and '.join(given)} {verb} no effect: the intervals are "
                      "closed-form (wireframe.intervals), no resampling; drop the argument(s), "
                      "which will be removed", FutureWarning, stacklevel=3)


def _spread(table: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """Each topic's psi over one story per family of the whole table."""
    pooled = aggregate.counting_units(table.assign(_table="all"), "_table", None, "story")
    return intervals.topic_dispersion(table.loc[pooled.index, cols].to_numpy(np.float64))


@_doc
def prevalence(
    table: pd.DataFrame,
    *,
    by: str | None = "outlet",
    period: str | None = None,
    unit: str = "placement",
    confidence: float = 0.95,
    n_boot: int | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """Mean topic proportion per group (and period), with intervals that cover.

    Parameters
    ----------
    {table}
    by : str or None, default "outlet"
        The column to group by; None pools every story.
    {period}
    {unit}
    {confidence}
    n_boot, seed : optional
        Accepted for code written for the kit's former bootstrap intervals;
        they have no effect (the intervals are closed-form) and a
        FutureWarning says so. Drop them.

    Returns
    -------
    DataFrame
        One row per group (and period) with stories, and topic, sorted so:
        columns ``by`` (when given), ``period`` (when given), ``topic`` (1
        to K), ``unit`` ("placement" or "story"), ``n`` (placements or unique
        stories), ``n_families``, ``n_eff`` (the effective size of the
        interval), ``prevalence`` (mean proportion), ``prevalence_low``,
        ``prevalence_high``, ``prevalence_method``.

    Raises
    ------
    ValueError
        For a table without topic columns, a missing ``by`` column, or a
        bad option.

    See Also
    --------
    wireframe.models.topic_effects : topic proportions modelled on
        covariates, with the posterior of each story's proportions (stm's
        ``estimateEffect``).

    Notes
    -----
    In a cell with families :math:`j = 1..m`, each with :math:`n_j`
    counted stories whose proportions of topic :math:`k` sum to
    :math:`P_{jk}`,

    .. math:: \\text{prevalence}_k = \\sum_j P_{jk} / \\sum_j n_j ,

    the mean of :math:`\\hat\\theta_{dk}`: the expected share of a story
    that is about topic :math:`k` (each story counts once, whatever its
    length).

    {method_notes}

    The intervals cover the sampling of stories only, with the topics held
    fixed; :func:`wireframe.models.topic_effects` also draws
    :math:`\\theta` from its posterior ("method of composition"). Refit
    with other seeds to see how much the topics themselves move.

    Examples
    --------
    >>> p = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                   "topic_1": [0.9, 0.5, 0.2], "topic_2": [0.1, 0.5, 0.8]})
    >>> prevalence(p)[["outlet", "topic", "prevalence"]].values.tolist()
    [['X', 1, 0.7], ['X', 2, 0.3], ['Y', 1, 0.2], ['Y', 2, 0.8]]
    """
    func = "topics.prevalence"
    _no_resampling(func, n_boot, seed)
    cols = _topic_columns(func, table)
    check.choice(func, "unit", unit, UNITS)
    if period is not None:
        check.choice(func, "period", period, tuple(aggregate.PERIODS))
    confidence = check.confidence(func, confidence)
    need = ["story_id"] + ([by] if by is not None else []) + (
        ["published"] if period is not None else [])
    check.made_by(func, table, need, name="table", maker="topics.proportions(model)")
    table = table.reset_index(drop=True)
    group = by if by is not None else "_all"
    source = table if by is not None else table.assign(_all="all")
    units = aggregate.counting_units(source, group, period, unit)
    theta = table.loc[units.index, cols].to_numpy(dtype=np.float64)
    keys = [group] + (["period"] if period is not None else [])
    fam, fam_cell, cells = aggregate.family_cells(units, keys)
    n_fam, n_cells = len(fam_cell), len(cells)
    n_j = intervals.sum_by(fam, np.ones(len(units)), n_fam)
    y_j = intervals.sum_by(fam, theta, n_fam)
    psi = _spread(table, cols)
    got = intervals.mean_proportion(y_j, n_j, psi=psi, cells=fam_cell, confidence=confidence)
    n_eff = intervals.effective_size(y_j, n_j, psi=psi, cells=fam_cell)
    k = len(cols)
    shown = [c for c in keys if c != "_all"]
    result = pd.DataFrame({
        **{c: np.repeat(cells[c].to_numpy(), k) for c in shown},
        "topic": np.tile([int(c.split("_")[1]) for c in cols], n_cells),
        "unit": unit,
        "n": np.repeat(intervals.sum_by(fam_cell, n_j, n_cells), k).astype(np.int64),
        "n_families": np.repeat(np.bincount(fam_cell, minlength=n_cells), k).astype(np.int64),
        "n_eff": n_eff.ravel(),
        "prevalence": got.estimate.ravel(),
        "prevalence_low": got.low.ravel(),
        "prevalence_high": got.high.ravel(),
        "prevalence_method": got.method,
    })
    if period is not None:
        result["period"] = pd.to_datetime(result["period"], utc=True)
    # plots.topic_prevalence names the columns after the period.
    result.attrs["period"] = period
    return result


def _check_group(func: str, name: str, value: object, values: pd.Series, by: str) -> str:
    names = sorted(values.dropna().astype(str).unique())
    if not isinstance(value, str) or value not in names:
        shown = ", ".join(repr(n) for n in names[:12])
        raise check.fail(func, name, f"a value of column {by!r} ({shown}"
                         f"{' ...' if len(names) > 12 else ''})", value)
    return value


@_doc
def difference(
    table: pd.DataFrame,
    *,
    target: str,
    reference: str,
    by: str = "outlet",
    period: str | None = None,
    unit: str = "placement",
    confidence: float = 0.95,
    n_boot: int | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """The difference in each topic's prevalence between two groups, with intervals.

    stm's ``plot(estimateEffect(...), method = "difference")`` for a
    two-group comparison: for every topic (and period), target minus
    reference.

    Parameters
    ----------
    {table}
    target, reference : str
        The two values of ``by`` to compare, e.g. "TASS" and "CNN".
    {by}
    {period}
    {unit}
    {confidence}
    n_boot, seed : optional
        Accepted for code written for the kit's former bootstrap intervals;
        they have no effect (the intervals are closed-form) and a
        FutureWarning says so. Drop them.

    Returns
    -------
    DataFrame
        One row per topic (per period, with one, for periods in which both
        groups have stories), in order: columns ``period`` (when given),
        ``topic``, ``target``, ``reference``, ``unit``, ``n_target``,
        ``n_reference``, ``n_families`` (distinct families on either side),
        ``prevalence_target``, ``prevalence_reference``, ``difference``
        (target minus reference: positive means more of the topic in the
        target), ``difference_low``, ``difference_high``,
        ``difference_method``.

    Raises
    ------
    ValueError
        For a table without topic columns, a group that is not in ``by``, a
        target equal to the reference, or a bad option.

    Notes
    -----
    Prevalence on each side is as in :func:`prevalence`, and so is each
    side's interval. The interval of the difference is MOVER
    (:func:`wireframe.intervals.difference`, ``difference_method``
    "mover-jeffreys"; Newcombe 1998, Zou & Donner 2008), built from the two
    sides' intervals. A wire story can have copies on both sides, so the
    sides are not independent samples: the two means' cluster-robust
    correlation over the pooled families enters the interval, so a family
    carried by both sides is one piece of shared evidence. It covers in
    every cell of ``benchmarks/bench_coverage.py``, where the percentile
    bootstrap fell to 71 % for a rare topic.

    Examples
    --------
    >>> p = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                   "topic_1": [0.9, 0.5, 0.2], "topic_2": [0.1, 0.5, 0.8]})
    >>> d = difference(p, target="X", reference="Y")
    >>> d["difference"].round(3).tolist()
    [0.5, -0.5]
    """
    func = "topics.difference"
    _no_resampling(func, n_boot, seed)
    cols = _topic_columns(func, table)
    check.choice(func, "unit", unit, UNITS)
    if period is not None:
        check.choice(func, "period", period, tuple(aggregate.PERIODS))
    confidence = check.confidence(func, confidence)
    check.made_by(func, table, ["story_id", by] + (["published"] if period is not None else []),
                  name="table", maker="topics.proportions(model)")
    _check_group(func, "target", target, table[by], by)
    _check_group(func, "reference", reference, table[by], by)
    if target == reference:
        raise check.ParameterError(f"{func}: `target` and `reference` must differ; both are "
                                   f"{target!r}")
    psi = _spread(table.reset_index(drop=True), cols)
    table = table[table[by].astype(str).isin([target, reference])].reset_index(drop=True)
    table = table.assign(**{by: table[by].astype(str)})
    units = aggregate.counting_units(table, by, period, unit)
    theta = table.loc[units.index, cols].to_numpy(dtype=np.float64)
    # Cells are periods (or the whole span); a family carried by both sides is one cluster.
    units = units.assign(_span="all") if period is None else units
    keys = ["_span"] if period is None else ["period"]
    fam, fam_cell, cells = aggregate.family_cells(units, keys)
    n_fam, n_cells = len(fam_cell), len(cells)
    sides = []
    for name in (target, reference):
        on = (units[by] == name).to_numpy()
        sides += [intervals.sum_by(fam[on], theta[on], n_fam),
                  intervals.sum_by(fam[on], np.ones(on.sum()), n_fam)]
    ya, na, yb, nb = sides
    n_a, n_b = intervals.sum_by(fam_cell, na, n_cells), intervals.sum_by(fam_cell, nb, n_cells)
    got = intervals.difference(ya, na, yb, nb, psi=psi, cells=fam_cell, confidence=confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        prev_a = intervals.sum_by(fam_cell, ya, n_cells) / n_a[:, None]
        prev_b = intervals.sum_by(fam_cell, yb, n_cells) / n_b[:, None]
    k = len(cols)
    result = pd.DataFrame({
        **({"period": np.repeat(cells["period"].to_numpy(), k)} if period is not None else {}),
        "topic": np.tile([int(c.split("_")[1]) for c in cols], n_cells),
        "target": target, "reference": reference, "unit": unit,
        "n_target": np.repeat(n_a, k).astype(np.int64),
        "n_reference": np.repeat(n_b, k).astype(np.int64),
        "n_families": np.repeat(np.bincount(fam_cell, minlength=n_cells), k).astype(np.int64),
        "prevalence_target": prev_a.ravel(), "prevalence_reference": prev_b.ravel(),
        "difference": got.estimate.ravel(), "difference_low": got.low.ravel(),
        "difference_high": got.high.ravel(), "difference_method": got.method,
    })
    if period is not None:
        result["period"] = pd.to_datetime(result["period"], utc=True)
    both = (result["n_target"] > 0) & (result["n_reference"] > 0)
    return result[both].reset_index(drop=True)
