"""Prevalence: topic proportions averaged by group and period, and their differences.

:func:`prevalence` and :func:`difference` count every placement or one story
per syndication family (:func:`wireframe.aggregate.counting_units`), with
percentile intervals from a cluster bootstrap over families.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe import aggregate
from wireframe._docs import Docs
from wireframe.topics.corpus import UNITS
from wireframe.topics.describe import _topic_columns

__all__ = ["difference", "prevalence"]

_doc = Docs(table="""table : DataFrame
        The output of :func:`~wireframe.topics.proportions`: ``story_id``,
        ``topic_1`` ... ``topic_K``, the ``by`` column, ``published`` for
        periods, and ``family_id`` when syndication families are known (a
        story without one is its own family).""")


def _family_sums(codes: np.ndarray, m: int, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stories ``n_j`` and summed proportions ``P_jk`` of each of ``m`` families."""
    n_j = np.bincount(codes, minlength=m).astype(np.float64)
    p_j = np.zeros((m, theta.shape[1]))
    np.add.at(p_j, codes, theta)
    return n_j, p_j


def _resampled(n_j: np.ndarray, p_j: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Prevalence of every topic in every resample: ``weights`` counts each family's draws."""
    return (weights @ p_j) / (weights @ n_j)[:, None]


def _family_draws(seed: int, key: tuple, m: int, n_boot: int) -> np.ndarray:
    """How often each of ``m`` families is drawn in each of ``n_boot`` resamples of the cell."""
    return aggregate.cell_rng(seed, key).multinomial(m, np.full(m, 1 / m), size=n_boot)


def _percentiles(draws: np.ndarray, confidence: float) -> np.ndarray:
    return np.quantile(draws, [(1 - confidence) / 2, (1 + confidence) / 2], axis=0)


@_doc
def prevalence(
    table: pd.DataFrame,
    *,
    by: str | None = "outlet",
    period: str | None = None,
    unit: str = "placement",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean topic proportion per group (and period), with cluster-bootstrap intervals.

    Parameters
    ----------
    {table}
    by : str or None, default "outlet"
        The column to group by; None pools every story.
    {period}
    {unit}
    {n_boot}
    {confidence}
    {seed}

    Returns
    -------
    DataFrame
        One row per group (and period) with stories, and topic, sorted so:
        columns ``by`` (when given), ``period`` (when given), ``topic`` (1
        to K), ``unit``, ``n`` (placements or unique stories), ``n_families``,
        ``prevalence`` (mean proportion), ``prevalence_low``,
        ``prevalence_high``.

    Raises
    ------
    ValueError
        For a table without topic columns, a missing ``by`` column, or a
        bad option.

    Notes
    -----
    In a cell with families :math:`j = 1..m`, each with :math:`n_j`
    counted stories whose proportions of topic :math:`k` sum to
    :math:`P_{jk}`,

    .. math:: \\text{prevalence}_k = \\sum_j P_{jk} / \\sum_j n_j ,

    the mean of :math:`\\hat\\theta_{dk}`: the expected share of a story
    that is about topic :math:`k` (each story counts once, whatever its
    length). The intervals resample families, not stories, as
    :func:`wireframe.aggregate.frame_rates` does: copies of one wire story
    are not independent editorial choices. Each cell has its own generator,
    seeded by ``seed`` and the cell's name, so adding an outlet does not
    move the others' intervals.

    The intervals cover the sampling of stories only, with the topics held
    fixed; stm's ``estimateEffect`` also draws :math:`\\theta` from its
    posterior ("method of composition"). Refit with other seeds to see how
    much the topics themselves move.

    References
    ----------
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their
    Application, section 3.8. Cambridge University Press.

    Examples
    --------
    >>> p = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                   "topic_1": [0.9, 0.5, 0.2], "topic_2": [0.1, 0.5, 0.8]})
    >>> prevalence(p, n_boot=0)[["outlet", "topic", "prevalence"]].values.tolist()
    [['X', 1, 0.7], ['X', 2, 0.3], ['Y', 1, 0.2], ['Y', 2, 0.8]]
    """
    func = "topics.prevalence"
    cols = _topic_columns(func, table)
    check.choice(func, "unit", unit, UNITS)
    if period is not None:
        check.choice(func, "period", period, tuple(aggregate.PERIODS))
    n_boot = check.integer(func, "n_boot", n_boot, low=0)
    confidence = check.confidence(func, confidence)
    seed = check.seed(func, seed)
    need = ["story_id"] + ([by] if by is not None else []) + (
        ["published"] if period is not None else [])
    check.made_by(func, table, need, name="table", maker="topics.proportions(model)")
    table = table.reset_index(drop=True)
    group = by if by is not None else "_all"
    source = table if by is not None else table.assign(_all="all")
    units = aggregate.counting_units(source, group, period, unit)
    theta = table.loc[units.index, cols].to_numpy(dtype=np.float64)
    keys = [group] + (["period"] if period is not None else [])
    out = []
    units = units.assign(_row=np.arange(len(units)))
    cells = units.groupby(keys, sort=True)
    for key, cell in tqdm(cells, desc="bootstrap", unit="cell", leave=False,
                          disable=cells.ngroups < 200 or n_boot == 0):
        key = key if isinstance(key, tuple) else (key,)
        fam_codes, fam_index = pd.factorize(cell["family"], sort=True)
        m = len(fam_index)
        n_j, p_j = _family_sums(fam_codes, m, theta[cell["_row"].to_numpy()])
        prev = p_j.sum(axis=0) / n_j.sum()
        bounds = np.full((2, len(cols)), np.nan)
        if n_boot:
            weights = _family_draws(seed, ("prevalence", *key), m, n_boot)
            bounds = _percentiles(_resampled(n_j, p_j, weights), confidence)
        shown = key if by is not None else key[1:]
        for t in range(len(cols)):
            out.append((*shown, int(cols[t].split("_")[1]), unit, int(n_j.sum()), m, prev[t],
                        bounds[0, t], bounds[1, t]))
    columns = [*([by] if by is not None else []), *(["period"] if period is not None else []),
               "topic", "unit", "n", "n_families", "prevalence", "prevalence_low",
               "prevalence_high"]
    result = pd.DataFrame(out, columns=columns).astype(
        {"topic": np.int64, "n": np.int64, "n_families": np.int64})
    # plots.topic_prevalence names the columns after the period.
    result.attrs["period"] = period
    return result


def _check_group(func: str, name: str, value: object, values: pd.Series, by: str) -> str:
    names = sorted(set(values.dropna().astype(str)))
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
    unit: str = "placement",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """The difference in each topic's prevalence between two groups, with intervals.

    The bootstrap counterpart of stm's ``plot(estimateEffect(...), method =
    "difference")``: for every topic, target minus reference.

    Parameters
    ----------
    {table}
    target, reference : str
        The two values of ``by`` to compare, e.g. "TASS" and "CNN".
    {by}
    {unit}
    {n_boot}
    {confidence}
    {seed}

    Returns
    -------
    DataFrame
        One row per topic, in topic order: columns ``topic``, ``target``,
        ``reference``, ``unit``, ``n_target``, ``n_reference``,
        ``n_families`` (distinct families on either side),
        ``prevalence_target``, ``prevalence_reference``, ``difference``
        (target minus reference: positive means more of the topic in the
        target), ``difference_low``, ``difference_high``.

    Raises
    ------
    ValueError
        For a table without topic columns, a group that is not in ``by``, a
        target equal to the reference, or a bad option.

    Notes
    -----
    Prevalence on each side is as in :func:`prevalence`. A wire story can
    have copies on both sides, so the sides are not independent samples:
    each resample draws families with replacement from all the families of
    either side and recomputes both prevalences from the same draw (a
    cluster bootstrap of the pooled families), which keeps the correlation
    a shared wire story creates. Resamples that leave a side empty (rare
    with more than a few families) are dropped from the percentiles.

    Examples
    --------
    >>> p = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                   "topic_1": [0.9, 0.5, 0.2], "topic_2": [0.1, 0.5, 0.8]})
    >>> d = difference(p, target="X", reference="Y", n_boot=0)
    >>> d["difference"].round(3).tolist()
    [0.5, -0.5]
    """
    func = "topics.difference"
    cols = _topic_columns(func, table)
    check.choice(func, "unit", unit, UNITS)
    n_boot = check.integer(func, "n_boot", n_boot, low=0)
    confidence = check.confidence(func, confidence)
    seed = check.seed(func, seed)
    check.made_by(func, table, ["story_id", by], name="table", maker="topics.proportions(model)")
    _check_group(func, "target", target, table[by], by)
    _check_group(func, "reference", reference, table[by], by)
    if target == reference:
        raise check.ParameterError(f"{func}: `target` and `reference` must differ; both are "
                                   f"{target!r}")
    table = table[table[by].astype(str).isin([target, reference])].reset_index(drop=True)
    table = table.assign(**{by: table[by].astype(str)})
    units = aggregate.counting_units(table, by, None, unit)
    theta = table.loc[units.index, cols].to_numpy(dtype=np.float64)
    fam_codes, fam_index = pd.factorize(units["family"], sort=True)
    m = len(fam_index)
    sides = []
    for name in (target, reference):
        on = (units[by] == name).to_numpy()
        sides.append(_family_sums(fam_codes[on], m, theta[on]))
    prev = [p.sum(axis=0) / n.sum() for n, p in sides]
    diff = prev[0] - prev[1]
    bounds = np.full((2, len(cols)), np.nan)
    if n_boot:
        weights = _family_draws(seed, ("difference", by, target, reference), m, n_boot)
        with np.errstate(divide="ignore", invalid="ignore"):
            boot = [_resampled(n, p, weights) for n, p in sides]
        delta = boot[0] - boot[1]
        delta = delta[np.isfinite(delta).all(axis=1)]
        if len(delta):
            bounds = _percentiles(delta, confidence)
    result = pd.DataFrame({
        "topic": [int(c.split("_")[1]) for c in cols], "target": target,
        "reference": reference, "unit": unit, "n_target": int(sides[0][0].sum()),
        "n_reference": int(sides[1][0].sum()), "n_families": m,
        "prevalence_target": prev[0], "prevalence_reference": prev[1], "difference": diff,
        "difference_low": bounds[0], "difference_high": bounds[1],
    })
    return result.astype({"topic": np.int64, "n_target": np.int64, "n_reference": np.int64,
                          "n_families": np.int64})
