"""Evaluation: a measure's per-story calls against coders' codes, weighted by the design.

:func:`evaluate` gives precision, recall, F1, Cohen's kappa, specificity and
prevalence per frame (and group) of any measure that calls each story 0 or 1
for a frame (lexicon presence from :func:`~wireframe.frames.score`, a
classifier's calls, a column of your own), against the (adjudicated) codes
of a stratified coding sample. Every coded story counts its design weight
(Horvitz-Thompson), so the figures estimate the measure's performance on the
whole population the sample was drawn from, not on the sample; the
intervals come from the Rao-Wu rescaling bootstrap over stories within
strata.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score

from wireframe import _validate as check
from wireframe.aggregate import cell_rng
from wireframe.frames.lexicon import _doc
from wireframe.frames.replicates import (
    FPC,
    POLYA,
    RAO_WU,
    design_weights,
    percentile,
    polya_totals,
    rao_wu,
)

__all__ = ["EVALUATION_COLUMNS", "STATISTICS", "evaluate"]

STATISTICS: tuple[str, ...] = ("precision", "recall", "f1", "kappa", "specificity",
                               "prevalence", "called")
"""The statistics of :func:`evaluate`, each with ``_low`` and ``_high`` columns."""

EVALUATION_COLUMNS: tuple[str, ...] = (
    "frame", "n", "n_coded_1", "n_called_1",
    *[c for s in STATISTICS for c in (s, f"{s}_low", f"{s}_high")], "interval",
)
"""Columns of :func:`evaluate` (``measure`` and the ``by`` column come first when used)."""

INTERVALS: tuple[str, ...] = ("posterior", "bootstrap")
"""The interval methods of :func:`evaluate` and :func:`~wireframe.frames.corrected_shares`."""

_CODES_NEED = ("story_id", "frame", "code", "stratum")
_CODES_MAKER = "frames.adjudicate(frames.read_codes(paths))"


def _calls(calls: object, func: str) -> pd.DataFrame:
    """The ``calls`` argument as story_id, frame, call (0/1) and measure."""
    check.made_by(func, calls, ("story_id", "frame"), name="calls",
                  maker="frames.score(stories, lexicon) or a table of story_id, frame, call")
    column = "call" if "call" in calls.columns else "present" if "present" in calls.columns \
        else None
    if column is None:
        raise check.ParameterError(
            f"{func}: `calls` has no `call` column (1 when the measure finds the frame in the "
            "story, else 0) and no `present` column (frames.score). Fix: "
            "calls.rename(columns={'yours': 'call'})")
    raw = calls[column]
    values = pd.to_numeric(raw.astype(object).map(
        lambda v: int(v) if isinstance(v, bool | np.bool_) else v), errors="coerce")
    bad = values.isna() | ~values.isin([0, 1])
    if bad.any():
        i = np.flatnonzero(bad.to_numpy())[0]
        raise check.ParameterError(
            f"{func}: `calls`[{column!r}] must be 0/1 or True/False; row {i} (story "
            f"{calls['story_id'].iloc[i]!r}, {calls['frame'].iloc[i]!r}) has "
            f"{raw.iloc[i]!r}. Fix: threshold scores first (calls['call'] = calls['p'] >= t)")
    out = pd.DataFrame({"story_id": calls["story_id"].astype(str).to_numpy(),
                        "frame": calls["frame"].astype(str).to_numpy(),
                        "call": values.astype("int64").to_numpy()})
    out["measure"] = calls["measure"].astype(str).to_numpy() if "measure" in calls.columns \
        else ""
    if out.duplicated(["measure", "story_id", "frame"]).any():
        dup = out[out.duplicated(["measure", "story_id", "frame"])].iloc[0]
        raise check.ParameterError(
            f"{func}: `calls` has story {dup['story_id']!r}, frame {dup['frame']!r} twice. "
            "Fix: one call per story and frame (a `measure` column tells measures apart)")
    return out


def _codes(codes: object, func: str) -> pd.DataFrame:
    check.made_by(func, codes, _CODES_NEED, name="codes", maker=_CODES_MAKER)
    if "weight" not in codes.columns and "stratum_size" not in codes.columns:
        raise check.ParameterError(
            f"{func}: `codes` has neither `stratum_size` nor `weight`, so the design is "
            "unknown. Fix: read the codes with their design, frames.read_codes(paths, "
            "design='design.csv')")
    dup = codes.duplicated(["story_id", "frame"])
    if dup.any():
        first = codes[dup].iloc[0]
        raise check.ParameterError(
            f"{func}: `codes` has several codes for story {first['story_id']!r}, frame "
            f"{first['frame']!r} (several coders). Fix: adjudicate first, "
            "frames.adjudicate(codes, decisions)")
    return codes.assign(story_id=codes["story_id"].astype(str),
                        frame=codes["frame"].astype(str))


def _joined(calls: pd.DataFrame, codes: pd.DataFrame, frame: str, measure: str, func: str
            ) -> pd.DataFrame:
    """The coded stories of one frame with the measure's call for each."""
    coded = codes[codes["frame"] == frame]
    mine = calls[(calls["frame"] == frame) & (calls["measure"] == measure)]
    call = mine.set_index("story_id")["call"].reindex(coded["story_id"])
    if call.isna().any():
        lost = coded["story_id"].to_numpy()[call.isna().to_numpy()]
        raise check.ParameterError(
            f"{func}: `calls` has no call{f' of measure {measure!r}' if measure else ''} for "
            f"{len(lost)} coded stories of frame {frame!r} (first {lost[0]!r}). Fix: apply "
            "the measure to the coded stories too (frames.score(stories, lexicon) over all "
            "stories)")
    return coded.assign(call=call.to_numpy(dtype="int64"))


def _cells(table: pd.DataFrame, n_boot: int, rng: np.random.Generator, func: str,
           domain: np.ndarray | None = None, interval: str = "posterior", fpc: bool = False
           ) -> tuple[np.ndarray, np.ndarray]:
    """Weighted (tp, fp, fn, tn) of coded stories: the estimate and ``n_boot`` draws.

    ``table`` holds one frame's coded stories with ``code``, ``call`` and the
    design columns; ``domain`` (a boolean mask) restricts the totals to a
    group while the draws run over the whole sample, as domain estimation
    requires. ``interval`` picks the draws: "posterior" (the stratified
    Polya posterior, :func:`~wireframe.frames.replicates.polya_totals`) or
    "bootstrap" (Rao-Wu replicate weights).
    """
    w, fraction = design_weights(
        table["stratum"], table["stratum_size"] if "stratum_size" in table.columns else None,
        table["weight"] if "weight" in table.columns else None, func)
    y = table["code"].to_numpy(dtype=float)
    c = table["call"].to_numpy(dtype=float)
    inside = np.ones(len(table), dtype=bool) if domain is None else domain
    indicator = np.vstack([y * c, (1 - y) * c, y * (1 - c), (1 - y) * (1 - c)]) * inside
    point = indicator @ w
    if not n_boot:
        return point, np.full((0, 4), np.nan)
    strata = table["stratum"].astype(object).fillna("<NA>").to_numpy()
    if interval == "bootstrap":
        reps = rao_wu(strata, w, fraction, n_boot, rng, fpc=fpc, func=func)
        return point, reps @ indicator.T
    n_h = pd.Series(strata).map(pd.Series(strata).value_counts()).to_numpy(dtype=float)
    # Classes: call 0 or 1, times outside or inside the group.
    classes = 2 * c.astype(int) + inside.astype(int)
    totals = polya_totals(strata, classes, y, w * n_h, 4, n_boot, rng, fpc=fpc)
    return point, np.column_stack([totals[:, 3, 1], totals[:, 3, 0], totals[:, 1, 1],
                                   totals[:, 1, 0]])


def _statistics(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray
               ) -> dict[str, np.ndarray]:
    """Precision, recall, F1, kappa, specificity, prevalence, called share from cell totals.

    The closed forms of the scikit-learn scores with ``sample_weight``
    (tested equal), vectorised over bootstrap replicates.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        total = tp + fp + fn + tn
        p_true = (tp + fn) / total
        p_call = (tp + fp) / total
        p_o = (tp + tn) / total
        p_e = p_true * p_call + (1 - p_true) * (1 - p_call)
        kappa = np.where(p_e < 1, (p_o - p_e) / (1 - p_e), np.nan)
        return {
            "precision": tp / (tp + fp),
            "recall": tp / (tp + fn),
            "f1": 2 * tp / (2 * tp + fp + fn),
            "kappa": kappa,
            "specificity": tn / (tn + fp),
            "prevalence": p_true,
            "called": p_call,
        }


def _library(table: pd.DataFrame, weights: np.ndarray) -> dict[str, float]:
    """The point estimates by scikit-learn (NaN where a score is undefined)."""
    y = table["code"].to_numpy(dtype=int)
    c = table["call"].to_numpy(dtype=int)
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kw = {"sample_weight": weights, "zero_division": np.nan}
        out["precision"] = precision_score(y, c, **kw) if c.any() else np.nan
        out["recall"] = recall_score(y, c, **kw) if y.any() else np.nan
        out["f1"] = f1_score(y, c, **kw) if (y.any() or c.any()) else np.nan
        out["specificity"] = recall_score(y, c, pos_label=0, **kw) if (~y.astype(bool)).any() \
            else np.nan
        uniform = len(np.unique(np.concatenate([y, c]))) < 2
        out["kappa"] = np.nan if uniform else float(
            cohen_kappa_score(y, c, labels=[0, 1], sample_weight=weights))
    return {k: float(v) for k, v in out.items()}


@_doc
def evaluate(
    calls: pd.DataFrame,
    codes: pd.DataFrame,
    *,
    by: str | None = None,
    interval: str = "posterior",
    fpc: bool = False,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Precision, recall, F1 and kappa of a measure against coders' codes, by the design.

    Parameters
    ----------
    calls : DataFrame
        The measure's call for each story and frame: ``story_id``,
        ``frame`` and ``call`` (1/0 or True/False), or the output of
        :func:`score` (``present`` is the call). It may hold more stories
        than were coded; every coded story needs a call. A ``measure``
        column holds several measures at once (a lexicon, a classifier),
        evaluated on the same replicates.
    codes : DataFrame
        One code per story and frame, with the design: the output of
        :func:`adjudicate` (or of :func:`read_codes` when each story has
        one coder). Read: ``story_id``, ``frame``, ``code``, ``stratum``,
        ``stratum_size`` (else ``weight``).
    by : str, optional
        A column of ``codes`` (``outlet``) to estimate each group apart
        (domain estimates; the bootstrap still runs over the whole sample).
    interval : {"posterior", "bootstrap"}, default "posterior"
        How the intervals are drawn (see Notes): the stratified Polya
        posterior, or the Rao-Wu bootstrap.
    fpc : bool, default False
        What the figures stand for. False: the measure's performance on
        stories like those sampled (each stratum a sample of an infinite
        population), the question a reviewer asks of a measure. True: its
        performance on exactly the population the sample was drawn from
        (finite population correction: a stratum coded in full adds no
        uncertainty), e.g. to correct that corpus's shares.
    {n_boot}
    {confidence}
    {seed}

    Returns
    -------
    DataFrame
        One row per measure (when ``calls`` has one), frame and group:
        :data:`EVALUATION_COLUMNS`. ``n``: stories coded; ``n_coded_1``,
        ``n_called_1``: of them coded 1, called 1 (unweighted counts);
        ``prevalence``: the estimated share of stories that use the frame,
        by the codes; ``called``: the share the measure calls; each
        statistic with its interval; ``interval``: the method.

    Raises
    ------
    ValueError
        For codes with several coders per story (adjudicate first), codes
        without a design, calls that are not 0/1, or a coded story without
        a call.

    Notes
    -----
    With :math:`y_i` the code, :math:`c_i` the call and :math:`w_i = N_h /
    n_h` the weight of story :math:`i` in stratum :math:`h` (:math:`N_h`
    stories, :math:`n_h` of them coded), the weighted cells are
    :math:`TP = \\sum w_i y_i c_i`, :math:`FP = \\sum w_i (1 - y_i) c_i`,
    :math:`FN = \\sum w_i y_i (1 - c_i)`, :math:`TN = \\sum w_i (1 - y_i)(1 -
    c_i)`, Horvitz-Thompson estimates of the population's counts, and

    .. math:: P = \\frac{TP}{TP + FP}, \\quad R = \\frac{TP}{TP + FN}, \\quad
              F_1 = \\frac{2 TP}{2 TP + FP + FN}, \\quad
              \\kappa = \\frac{p_o - p_e}{1 - p_e}

    (:math:`p_o`, :math:`p_e` from the weighted 2 x 2 table), computed by
    scikit-learn's scores with ``sample_weight``. ``n_h`` counts the
    stories actually coded, so a story drawn but not coded leaves the rest
    of its stratum to stand for it.

    Stories, not hits, are the units, so hits clustering in stories are
    allowed for. The intervals are percentiles of draws of the four cells.
    ``interval="posterior"`` (the default) draws them from the stratified
    Polya posterior: within each stratum the shares of the measure's calls
    from a Dirichlet over the coded stories, the rate of stories coded 1
    among each call from its Jeffreys posterior, Beta(k + 1/2, n - k + 1/2).
    ``interval="bootstrap"`` uses Rao-Wu rescaling bootstrap weights, which
    resample :math:`n_h - 1` coded stories within every stratum. The two
    agree when every stratum holds some of each kind of story; they differ
    where it matters most for recall: when no coded story of a thinly
    sampled, heavily weighted stratum (``none``) uses the frame, the
    bootstrap cannot imagine a miss there and its interval collapses onto
    the estimate, whereas the posterior still admits misses among the
    stories not read. With ``fpc=True`` the unread stories of each stratum
    are drawn (a stratum read in full adds nothing); without, the
    stratum's rates are. ``benchmarks/bench_validation_coverage.py``
    shows the coverage of both, for both estimands, by simulation.

    References
    ----------
    Horvitz, D. G. & Thompson, D. J. (1952). A generalization of sampling
    without replacement from a finite universe. JASA 47(260), 663-685.
    Rao, J. N. K. & Wu, C. F. J. (1988). Resampling inference with complex
    survey data. JASA 83(401), 231-241.
    Ghosh, M. & Meeden, G. (1997). Bayesian Methods for Finite Population
    Sampling, ch. 2. Chapman & Hall.
    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for
    a binomial proportion. Statistical Science 16(2), 101-133.
    Grimmer, J., Roberts, M. E. & Stewart, B. M. (2022). Text as Data,
    ch. 15 (validation). Princeton University Press.

    Examples
    --------
    >>> codes = pd.DataFrame({"story_id": list("abcdef"), "frame": "spy",
    ...                       "code": [1, 1, 0, 1, 0, 0],
    ...                       "stratum": ["hit"] * 3 + ["none"] * 3,
    ...                       "stratum_size": [3] * 3 + [30] * 3})
    >>> calls = pd.DataFrame({"story_id": list("abcdef"), "frame": "spy",
    ...                       "call": [1, 1, 1, 0, 0, 0]})
    >>> evaluate(calls, codes, n_boot=0)[["precision", "recall"]].round(3).values.tolist()
    [[0.667, 0.167]]
    """
    func = "frames.evaluate"
    n_boot = check.integer(func, "n_boot", n_boot, low=0)
    confidence = check.confidence(func, confidence)
    seed = check.seed(func, seed)
    calls_t = _calls(calls, func)
    codes_t = _codes(codes, func)
    if by is not None and (not isinstance(by, str) or by not in codes_t.columns):
        raise check.fail(func, "by", "a column of `codes`", by, fix="by='outlet'")
    check.choice(func, "interval", interval, INTERVALS)
    fpc = check.flag(func, "fpc", fpc)
    template = POLYA if interval == "posterior" else RAO_WU
    method = template.format(units="stories", n_boot=n_boot, confidence=100 * confidence,
                             seed=seed, fpc=FPC[fpc])
    measures = list(dict.fromkeys(calls_t["measure"]))
    rows = []
    for frame in dict.fromkeys(codes_t["frame"]):
        for measure in measures:
            table = _joined(calls_t, codes_t, frame, measure, func)
            groups = [(None, None)] if by is None else [
                (g, (table[by] == g).to_numpy(dtype=bool))
                for g in sorted(table[by].dropna().unique())]
            for group, mask in groups:
                # One generator per frame, so every measure and group of a
                # frame is evaluated on the same replicates (paired).
                point, reps = _cells(table, n_boot, cell_rng(seed, (frame,)), func, mask,
                                     interval, fpc)
                est = _statistics(*point)
                if mask is None or mask.all():
                    w = design_weights(table["stratum"], table.get("stratum_size"),
                                       table.get("weight"), func)[0]
                    est.update(_library(table, w))
                rep = _statistics(*reps.T)
                lows, highs = percentile(np.column_stack([rep[s] for s in STATISTICS]),
                                         confidence)
                part = table if mask is None else table[mask]
                row = {"measure": measure, "frame": frame, "n": len(part),
                       "n_coded_1": int(part["code"].sum()),
                       "n_called_1": int(part["call"].sum())}
                if by is not None:
                    row[by] = group
                for k, s in enumerate(STATISTICS):
                    row[s], row[f"{s}_low"], row[f"{s}_high"] = float(est[s]), lows[k], highs[k]
                row["interval"] = method
                rows.append(row)
    lead = (["measure"] if measures != [""] else []) + ([by] if by is not None else [])
    out = pd.DataFrame(rows, columns=[*lead, *EVALUATION_COLUMNS])
    for c in ("n", "n_coded_1", "n_called_1"):
        out[c] = out[c].astype("int64")
    return out
