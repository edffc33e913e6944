"""Prevalence corrected for a measure's errors: frame shares by outlet, net of misclassification.

A lexicon (or a classifier) that misses a third of the stories using a frame
and calls a few stories that do not understates or overstates every share.
:func:`corrected_shares` takes the share of stories the measure calls in each
group (per placement or per unique story) and corrects it with the measure's
sensitivity and specificity estimated from a coded validation sample
(Rogan-Gladen), or with its precision and recall; the intervals carry both
the sampling of the group's stories and the validation sample's uncertainty.
:func:`rogan_gladen` is the formula on its own.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from wireframe import _validate as check
from wireframe.aggregate import UNITS, cell_rng, counting_units
from wireframe.frames.evaluation import INTERVALS, _calls, _cells, _codes, _joined
from wireframe.frames.lexicon import _doc
from wireframe.frames.replicates import FPC, POLYA, RAO_WU, percentile

__all__ = ["CORRECTED_COLUMNS", "CORRECTIONS", "corrected_shares", "rogan_gladen"]

CORRECTIONS: tuple[str, ...] = ("rogan_gladen", "precision_recall")
"""The corrections of :func:`corrected_shares`."""

CORRECTED_COLUMNS: tuple[str, ...] = (
    "frame", "unit", "n", "n_families", "n_called", "observed", "observed_low",
    "observed_high", "sensitivity", "specificity", "precision", "corrected", "corrected_low",
    "corrected_high", "correction", "interval",
)
"""Columns of :func:`corrected_shares` (``measure`` and the ``by`` column come first)."""


def rogan_gladen(observed: float | np.ndarray, sensitivity: float | np.ndarray,
                 specificity: float | np.ndarray) -> np.ndarray:
    """The Rogan-Gladen estimate of a true share from an observed one, clipped to [0, 1].

    Parameters
    ----------
    observed : float or array
        The share the measure calls, :math:`q`.
    sensitivity, specificity : float or array
        The measure's :math:`Se` and :math:`Sp`.

    Returns
    -------
    ndarray
        :math:`p = (q + Sp - 1) / (Se + Sp - 1)` clipped to [0, 1]; NaN
        where :math:`Se + Sp \\le 1` (a measure no better than chance says
        nothing about the share).

    Notes
    -----
    The measure calls a story with probability :math:`q = p\\,Se + (1 -
    p)(1 - Sp)`; solving for :math:`p` gives the estimator. It is unbiased
    when :math:`Se` and :math:`Sp` are known and hold in the group whose
    share is corrected.

    References
    ----------
    Rogan, W. J. & Gladen, B. (1978). Estimating prevalence from the
    results of a screening test. American Journal of Epidemiology 107(1),
    71-76.

    Examples
    --------
    >>> float(rogan_gladen(0.10, 0.60, 0.98))
    0.1379...
    """
    q = np.asarray(observed, dtype=float)
    se = np.asarray(sensitivity, dtype=float)
    sp = np.asarray(specificity, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (q + sp - 1) / (se + sp - 1)
    return np.where(se + sp > 1, np.clip(p, 0, 1), np.nan)


@_doc
def corrected_shares(
    stories: pd.DataFrame,
    calls: pd.DataFrame,
    codes: pd.DataFrame,
    *,
    by: str | None = "outlet",
    unit: str = "placement",
    correction: str = "rogan_gladen",
    interval: str = "posterior",
    fpc: bool = False,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of stories with each frame per group, corrected for the measure's errors.

    Parameters
    ----------
    {stories}
        Read: ``story_id``, the ``by`` column, ``family_id`` (when known)
        and ``published`` (to pick a family's story with ``unit="story"``).
    calls : DataFrame
        The measure's call for every story and frame (``story_id``,
        ``frame``, ``call``; or :func:`score`'s output), the coded stories
        included.
    codes : DataFrame
        The validation sample's codes with their design, one per story and
        frame (:func:`adjudicate`), as :func:`evaluate` reads them.
    by : str or None, default "outlet"
        The column whose values are the groups; None: the whole table.
    {unit}
    correction : {"rogan_gladen", "precision_recall"}, default "rogan_gladen"
        ``rogan_gladen``: :math:`p = (q + Sp - 1)/(Se + Sp - 1)` from the
        measure's sensitivity and specificity; ``precision_recall``:
        :math:`p = q \\cdot P / R` from its precision and recall.
    interval : {"posterior", "bootstrap"}, default "posterior"
        How the uncertainties are drawn. "posterior": the validation
        sample's as in :func:`evaluate`, the group's called share from its
        Jeffreys posterior with the effective size of a clustered sample
        (see Notes); "bootstrap": Rao-Wu replicates of the validation
        sample, a bootstrap of the group's families.
    fpc : bool, default False
        Whether the validation sample's draws use the finite population
        correction (as in :func:`evaluate`). Leave it False when the sample
        came from part of the corpus (a held-out half) and the shares are
        for all of it.
    {n_boot}
    {confidence}
    {seed}

    Returns
    -------
    DataFrame
        One row per group (and measure) and frame: :data:`CORRECTED_COLUMNS`.
        ``n``: placements or unique stories; ``n_called``: of them called;
        ``observed``: the called share :math:`q` with its interval;
        ``sensitivity``, ``specificity``, ``precision``: the measure's,
        from the validation sample; ``corrected``: the corrected
        share with its interval; ``correction``, ``interval``: the methods.

    Raises
    ------
    ValueError
        For stories without calls, codes without a design, an unknown
        ``unit``, ``correction`` or ``interval``.

    Notes
    -----
    The interval draws, ``n_boot`` times, the group's called share
    :math:`q^*` and, independently, the measure's :math:`Se^*, Sp^*` (or
    :math:`P^*, R^*`) from the validation sample (the draws of
    :func:`evaluate`), applies the correction to each draw, and takes the
    percentiles, in the manner of Lang & Reiczigel (2014), who show that
    leaving out the validation's uncertainty gives intervals far too
    narrow. With ``interval="posterior"`` the called share is drawn from
    :math:`\\mathrm{Beta}(q n^* + 1/2, (1 - q) n^* + 1/2)`, Jeffreys'
    posterior with the effective size :math:`n^* = n / d` of Korn &
    Graubard (1998), where the design effect :math:`d \\ge 1` is the ratio
    of the families' (clusters') variance of :math:`q` to the binomial
    one; unlike a bootstrap of families it does not collapse to [0, 0] for
    a group where the measure called no story. With ``"bootstrap"`` it is
    the families bootstrap of :func:`wireframe.aggregate.frame_rates`.

    Which correction: Rogan-Gladen assumes that sensitivity and
    specificity are the same in every group as in the population the
    validation sample came from; they are properties of the measure, so
    this holds better across outlets than precision does (precision
    rises with prevalence). It needs specificity measured precisely when
    the frame is rare: :math:`q + Sp - 1` is then a small difference, and
    an error of 0.003 in :math:`Sp` moves a 1 % share by a third; the
    interval shows it. ``precision_recall`` (:math:`p = qP/R`, since
    :math:`qP` is the share of true positives among the stories) needs no
    specificity, so it suits a rare frame, but assumes precision, not
    specificity, constant across groups: use it when groups differ little
    in prevalence. When only hits were validated (a hit-level sample, no
    stories without hits read), recall is unknown and neither correction
    applies: :math:`qP` is then a lower bound of the share (it assumes
    recall 1). A share near 0 can be clipped at 0 (RG): read it as "no
    evidence of the frame beyond the measure's false positives".

    References
    ----------
    Rogan, W. J. & Gladen, B. (1978). Estimating prevalence from the
    results of a screening test. American Journal of Epidemiology 107(1),
    71-76.
    Lang, Z. & Reiczigel, J. (2014). Confidence limits for prevalence of
    disease adjusted for estimated sensitivity and specificity. Preventive
    Veterinary Medicine 113(1), 13-22.
    Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for
    proportions with small expected number of positive counts estimated
    from survey data. Survey Methodology 24(2), 193-201.

    Examples
    --------
    >>> codes = pd.DataFrame({"story_id": [f"v{i}" for i in range(20)], "frame": "spy",
    ...                       "code": [1] * 10 + [0] * 10, "stratum": "all",
    ...                       "stratum_size": 20})
    >>> stories = pd.DataFrame({"story_id": [f"s{i}" for i in range(10)], "outlet": "X"})
    >>> calls = pd.DataFrame({"story_id": [*codes["story_id"], *stories["story_id"]],
    ...                       "frame": "spy",
    ...                       "call": [1] * 5 + [0] * 5 + [1] + [0] * 9 + [1] * 3 + [0] * 7})
    >>> t = corrected_shares(stories, calls, codes, n_boot=0)
    >>> t[["observed", "sensitivity", "specificity", "corrected"]].round(3).values.tolist()
    [[0.3, 0.5, 0.9, 0.5]]
    """
    func = "frames.corrected_shares"
    check.choice(func, "unit", unit, UNITS)
    check.choice(func, "correction", correction, CORRECTIONS)
    check.choice(func, "interval", interval, INTERVALS)
    fpc = check.flag(func, "fpc", fpc)
    n_boot = check.integer(func, "n_boot", n_boot, low=0)
    confidence = check.confidence(func, confidence)
    seed = check.seed(func, seed)
    check.stories(func, stories, ["story_id"] + ([by] if by is not None else []))
    calls_t = _calls(calls, func)
    codes_t = _codes(codes, func)
    group = by if by is not None else "_all"
    table = stories if by is not None else stories.assign(_all="all")
    units = counting_units(table, group, None, unit)
    units = units.assign(story_id=units["story_id"].astype(str))
    template = POLYA if interval == "posterior" else RAO_WU
    method = template.format(units="stories", n_boot=n_boot, confidence=100 * confidence,
                             seed=seed, fpc=FPC[fpc])
    share = ("Jeffreys draws with the families' design effect (Korn-Graubard)"
             if interval == "posterior" else "families bootstrap")
    method = f"observed share: {share}; validation: {method}"
    rows = []
    for frame in dict.fromkeys(codes_t["frame"]):
        for measure in dict.fromkeys(calls_t["measure"]):
            valid = _joined(calls_t, codes_t, frame, measure, func)
            point, reps = _cells(valid, n_boot, cell_rng(seed, ("validation", frame)), func,
                                 interval=interval, fpc=fpc)
            est = _rates(point[None, :])
            draws = _rates(reps) if n_boot else None
            mine = calls_t[(calls_t["frame"] == frame) & (calls_t["measure"] == measure)]
            called = mine.set_index("story_id")["call"].reindex(units["story_id"])
            if called.isna().any():
                lost = units["story_id"].to_numpy()[called.isna().to_numpy()]
                raise check.ParameterError(
                    f"{func}: `calls` has no call for {len(lost)} stories of frame {frame!r} "
                    f"(first {lost[0]!r}). Fix: call every story: frames.score(stories, "
                    "lexicon)")
            cells = units.assign(_call=called.to_numpy(dtype=float))
            for key, cell in cells.groupby(group, sort=True):
                rows.append(_group_row(frame, measure, key, cell, est, draws, correction,
                                       interval, n_boot, confidence, seed, unit, method))
    lead = (["measure"] if set(calls_t["measure"]) != {""} else []) + (
        [by] if by is not None else [])
    out = pd.DataFrame(rows, columns=["measure", "_group", *CORRECTED_COLUMNS])
    if by is not None:
        out = out.rename(columns={"_group": by})
    out = out[[*lead, *CORRECTED_COLUMNS]]
    for c in ("n", "n_families", "n_called"):
        out[c] = out[c].astype("int64")
    if (out["sensitivity"] + out["specificity"] <= 1).any():
        warnings.warn(f"{func}: for some frame the measure's sensitivity + specificity is at "
                      "most 1 (no better than chance): no corrected share (NaN)", UserWarning,
                      stacklevel=2)
    return out


def _rates(cells: np.ndarray) -> dict[str, np.ndarray]:
    tp, fp, fn, tn = cells.T
    with np.errstate(divide="ignore", invalid="ignore"):
        return {"sensitivity": tp / (tp + fn), "specificity": tn / (tn + fp),
                "precision": tp / (tp + fp)}


def _correct(q: np.ndarray, rates: dict[str, np.ndarray], correction: str) -> np.ndarray:
    if correction == "rogan_gladen":
        return rogan_gladen(q, rates["sensitivity"], rates["specificity"])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.clip(q * rates["precision"] / rates["sensitivity"], 0, 1)


def _group_row(frame: str, measure: str, key: object, cell: pd.DataFrame, est: dict,
               draws: dict | None, correction: str, interval: str, n_boot: int,
               confidence: float, seed: int, unit: str, method: str) -> tuple:
    fam, _ = pd.factorize(cell["family"], sort=True)
    k = int(fam.max()) + 1
    n_j = np.bincount(fam, minlength=k).astype(float)
    c_j = np.bincount(fam, weights=cell["_call"].to_numpy(), minlength=k)
    n = n_j.sum()
    q = c_j.sum() / n
    p = float(_correct(np.array([q]), est, correction)[0])
    q_lo = q_hi = p_lo = p_hi = np.nan
    if n_boot:
        # One generator per group and frame, independent of the validation's.
        rng = cell_rng(seed, (key, frame))
        if interval == "posterior":
            binomial = q * (1 - q) / n
            clustered = (k / (k - 1) * np.sum((c_j - q * n_j) ** 2) / n ** 2) if k > 1 else 0.0
            deff = max(1.0, clustered / binomial) if binomial > 0 else 1.0
            size = n / deff
            q_b = rng.beta(q * size + 0.5, (1 - q) * size + 0.5, size=n_boot)
        else:
            weights = rng.multinomial(k, np.full(k, 1 / k), size=n_boot)
            q_b = (weights @ c_j) / (weights @ n_j)
        (q_lo,), (q_hi,) = percentile(q_b[:, None], confidence)
        p_b = _correct(q_b, draws, correction)
        (p_lo,), (p_hi,) = percentile(p_b[:, None], confidence)
    return (measure, key, frame, unit, int(n), k, int(c_j.sum()), q, q_lo, q_hi,
            float(est["sensitivity"][0]), float(est["specificity"][0]),
            float(est["precision"][0]), p, p_lo, p_hi, correction, method)
