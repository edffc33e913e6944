"""Replicate weights of a stratified sample: the Rao-Wu rescaling bootstrap.

The validation estimators (:func:`~wireframe.frames.evaluate`,
:func:`~wireframe.frames.corrected_shares`, hit-level
:func:`~wireframe.frames.precision` with ``interval="bootstrap"``) take their
intervals from the same replicate weights: a matrix with one row per
bootstrap replicate and one column per coded unit (a story, or a hit), so
that any weighted total is one matrix product and every statistic of a
replicate is computed from the same draw.

Private to the frames package; the estimators name the method in their
``interval`` column.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

RAO_WU = ("Rao-Wu rescaling bootstrap over {units} within strata (m = n - 1, {fpc}), "
          "{n_boot} replicates, percentile {confidence:g} %, seed {seed}")
"""The method named in the ``interval`` columns."""

FPC = {True: "finite population correction", False: "no finite population correction"}
"""How the methods name the ``fpc`` choice."""


def design_weights(strata: pd.Series, stratum_size: pd.Series | None,
                   weight: pd.Series | None, func: str) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's weight N_h / n_h and its stratum's sampling fraction n_h / N_h.

    ``n_h`` is the number of units *present* (coded), not the number drawn:
    a story drawn but left uncoded leaves the others of its stratum to stand
    for it (missing at random within the stratum). Without stratum sizes the
    given weights are used as they are and the sampling fraction is taken as
    0 (no finite population correction, which overstates the variance).
    """
    key = strata.astype(object).fillna("<NA>").to_numpy()
    n_h = pd.Series(key).map(pd.Series(key).value_counts()).to_numpy(dtype=float)
    if stratum_size is not None:
        size = stratum_size.to_numpy(dtype=float)
        if (size < n_h).any():
            bad = key[np.flatnonzero(size < n_h)[0]]
            raise ValueError(
                f"{func}: stratum {bad!r} has more coded units than its `stratum_size`; "
                "the design does not belong to these codes. Fix: read the codes with the "
                "design file of their coding sheet"
            )
        return size / n_h, n_h / size
    if weight is None:
        return np.ones(len(key)), np.zeros(len(key))
    return weight.to_numpy(dtype=float), np.zeros(len(key))


def rao_wu(strata: np.ndarray, weights: np.ndarray, fraction: np.ndarray, n_boot: int,
           rng: np.random.Generator, *, clusters: np.ndarray | None = None, fpc: bool = True,
           func: str = "frames") -> np.ndarray:
    """Replicate weights, shape (n_boot, units), by the Rao-Wu rescaling bootstrap.

    In stratum h with n_h units (or clusters) and sampling fraction f_h,
    each replicate draws m_h = n_h - 1 units with replacement (r_i times
    each) and sets

    .. math:: w_i^* = w_i \\left[1 - \\lambda_h + \\lambda_h \\frac{n_h}{m_h} r_i\\right],
              \\qquad \\lambda_h = \\sqrt{1 - f_h},

    so that the replicates' variance of a weighted total matches the
    unbiased stratified variance with its finite population correction; a
    stratum coded in full (f_h = 1) keeps its weights and adds no
    variance. Without ``fpc``, :math:`\\lambda_h = 1`: the strata are
    taken as samples of an infinite population (the stories a measure
    will meet), the with-replacement ("ultimate cluster") variance. With
    ``clusters``, whole clusters (stories) are drawn and every unit (hit)
    of a cluster takes its cluster's factor. A stratum of
    one unit or cluster has no estimable variance: it keeps its weights,
    with a warning unless it was read in full.

    References
    ----------
    Rao, J. N. K. & Wu, C. F. J. (1988). Resampling inference with complex
    survey data. JASA 83(401), 231-241.
    Rao, J. N. K., Wu, C. F. J. & Yue, K. (1992). Some recent work on
    resampling methods for complex surveys. Survey Methodology 18(2),
    209-217.
    """
    n = len(strata)
    factor = np.ones((n_boot, n))
    groups = pd.Series(np.arange(n)).groupby(pd.Series(strata, dtype=object).fillna("<NA>"),
                                             sort=True)
    lonely = []
    for name, members in groups:
        idx = members.to_numpy()
        if clusters is None:
            unit_cluster = np.arange(len(idx))
        else:
            unit_cluster = pd.factorize(pd.Series(clusters[idx], dtype=object), sort=True)[0]
        k = int(unit_cluster.max()) + 1
        f = float(fraction[idx[0]]) if fpc else 0.0
        if k < 2:
            # A stratum read in full has no sampling variance to miss.
            if f < 1:
                lonely.append(name)
            continue
        lam = np.sqrt(max(0.0, 1.0 - f))
        if lam == 0.0:
            continue
        draws = rng.multinomial(k - 1, np.full(k, 1.0 / k), size=n_boot)
        per_cluster = 1.0 - lam + lam * k / (k - 1) * draws
        factor[:, idx] = per_cluster[:, unit_cluster]
    if lonely:
        warnings.warn(
            f"{func}: stratum {lonely[0]!r}" + (f" and {len(lonely) - 1} more" if len(lonely) > 1
                                                 else "")
            + " has a single coded unit, so its sampling variance cannot be estimated and the "
            "intervals leave it out. Fix: code at least two stories per stratum, or merge "
            "small strata", UserWarning, stacklevel=3)
    return factor * weights[None, :]


def percentile(replicates: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over replicates (axis 0), ignoring undefined ones.

    A statistic undefined in more than half of the replicates (a ratio whose
    denominator is mostly empty) gets no interval (NaN).
    """
    reps = np.asarray(replicates, dtype=float)
    if reps.shape[0] == 0:
        return np.full(reps.shape[1:], np.nan), np.full(reps.shape[1:], np.nan)
    finite = np.isfinite(reps)
    ok = finite.mean(axis=0) > 0.5
    lo = np.full(reps.shape[1:], np.nan)
    hi = np.full(reps.shape[1:], np.nan)
    if ok.any():
        q = (1 - confidence) / 2, (1 + confidence) / 2
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            bounds = np.nanquantile(np.where(finite, reps, np.nan)[:, ok], q, axis=0)
        lo[ok], hi[ok] = bounds[0], bounds[1]
    return lo, hi


POLYA = ("stratified Polya posterior with a Jeffreys prior on the codes given the calls "
         "({fpc}), {n_boot} draws, percentile {confidence:g} %, seed {seed}")
"""The method named in the ``interval`` columns of the posterior intervals."""


def polya_totals(strata: np.ndarray, classes: np.ndarray, codes: np.ndarray,
                 sizes: np.ndarray, n_classes: int, n_boot: int, rng: np.random.Generator,
                 *, fpc: bool = True) -> np.ndarray:
    """Draws of the population's count of stories by class and code, shape (n_boot, K, 2).

    In stratum h, :math:`n_h` of :math:`N_h` stories were coded; each
    coded story has a class k (what the measure called it, and its group)
    and a code y. The :math:`N_h - n_h` stories not coded are drawn from
    the posterior: their classes from the Polya posterior of the coded
    stories' classes (shares :math:`\\psi_h \\sim \\mathrm{Dirichlet}(n_{hk})`,
    counts multinomial), and the number coded 1 in each class from a
    binomial whose rate has the Jeffreys posterior
    :math:`\\pi_{hk} \\sim \\mathrm{Beta}(y_{hk} + 1/2, n_{hk} - y_{hk} + 1/2)`.
    The counts are the coded stories' plus the drawn ones. A stratum coded
    in full adds nothing; a stratum where no coded story is positive still
    admits positives among those not read (which a bootstrap of the coded
    stories cannot), so intervals of recall do not collapse to a point.
    The calls are not smoothed: a class no coded story of the stratum has
    gets none of its unread stories.

    Without ``fpc`` the stratum is a sample of an infinite population (the
    stories a measure will meet): the draws are the expected counts
    :math:`N_h \\psi_{hk} \\pi_{hk}` and :math:`N_h \\psi_{hk}(1 - \\pi_{hk})`,
    the posterior of the stratum's rates scaled to its size, so a stratum
    coded in full still adds the uncertainty of its rates.

    References
    ----------
    Ghosh, M. & Meeden, G. (1997). Bayesian Methods for Finite Population
    Sampling, ch. 2 (the Polya posterior). Chapman & Hall.
    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for
    a binomial proportion. Statistical Science 16(2), 101-133 (the
    Jeffreys interval).
    """
    totals = np.zeros((n_boot, n_classes, 2))
    key = pd.Series(strata, dtype=object).fillna("<NA>")
    for _, members in pd.Series(np.arange(len(strata))).groupby(key, sort=True):
        idx = members.to_numpy()
        k = classes[idx]
        y = codes[idx]
        present = np.unique(k)
        n_k = np.array([(k == c).sum() for c in present], dtype=float)
        y_k = np.array([y[k == c].sum() for c in present], dtype=float)
        size = float(sizes[idx[0]])
        shares = rng.dirichlet(n_k, size=n_boot) if len(present) > 1 else np.ones((n_boot, 1))
        rate = rng.beta(y_k + 0.5, n_k - y_k + 0.5, size=(n_boot, len(present)))
        if not fpc:
            totals[:, present, 1] += size * shares * rate
            totals[:, present, 0] += size * shares * (1 - rate)
            continue
        totals[:, present, 1] += y_k
        totals[:, present, 0] += n_k - y_k
        unseen = int(round(size)) - len(idx)
        if unseen <= 0:
            continue
        u_k = rng.multinomial(unseen, shares)
        v_k = rng.binomial(u_k, rate)
        totals[:, present, 1] += v_k
        totals[:, present, 0] += u_k - v_k
    return totals
