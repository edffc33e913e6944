"""The measures: pure functions over counts, one score per term (STYLE.md pattern 11).

Each takes the counts of every term in the target and in the reference and
the two corpus sizes, and returns a DataFrame with ``stat`` (signed:
positive means over-represented in the target) and ``p``; :data:`MEASURES`
names them for :func:`wireframe.compare.keyness`. :func:`log_ratio` is the
effect size of every keyness table. Formulas and conventions are in each
function's Notes; the references in :mod:`wireframe.compare`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import special, stats

from wireframe import _validate as check
from wireframe._docs import Docs

__all__ = ["CORRECTIONS", "MEASURES", "chi2", "g2", "log_odds_dirichlet", "log_ratio", "pmi"]

CORRECTIONS: dict[str, tuple[str, ...]] = {
    "chi2": ("none", "yates", "yates_uncapped", "yates_quanteda"),
    "g2": ("none", "williams"),
    "pmi": ("none",),
    "log_odds": ("none",),
}
"""The corrections each built-in measure accepts. :func:`keyness`'s
``correction="default"`` means "yates" for chi2, "williams" for g2, "none" for
the others."""

_DEFAULT_CORRECTION = {"chi2": "yates", "g2": "williams", "pmi": "none", "log_odds": "none"}
_ALL_CORRECTIONS = ("default", "none", "yates", "yates_uncapped", "yates_quanteda", "williams")

_HALF = 0.5  # Hardie's (2014) stand-in for a zero frequency in the log ratio.

_doc = Docs(counts="""n_target, n_reference : array of float
        Occurrences of each term in the target and in the reference.
    total_target, total_reference : float
        All term occurrences (tokens after preprocessing) in each.""")


def _cells(n_target, n_reference, total_target, total_reference):
    a = np.asarray(n_target, dtype=np.float64)
    b = np.asarray(n_reference, dtype=np.float64)
    c = float(total_target) - a
    d = float(total_reference) - b
    return a, b, c, d


def _sign(a, b, c, d) -> np.ndarray:
    return np.sign(a * d - b * c)


@_doc
def chi2(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
    *,
    correction: str = "yates",
) -> pd.DataFrame:
    """Pearson's chi-squared of each term's 2x2 table, signed.

    Parameters
    ----------
    {counts}
    correction : {"yates", "none", "yates_uncapped", "yates_quanteda"}, default "yates"
        Yates' continuity correction and its conventions (see Notes).

    Returns
    -------
    DataFrame
        ``stat`` (chi-squared, positive when the term is over-represented in
        the target) and ``p`` (chi-squared with 1 degree of freedom).

    Notes
    -----
    For a term with :math:`a` occurrences in the target and :math:`b` in the
    reference, :math:`c = T - a`, :math:`d = R - b` for corpus sizes
    :math:`T, R`, :math:`N = T + R`, and expected counts :math:`E_{ij} =
    \\text{row}_i \\text{col}_j / N`, every cell of a 2x2 table is off by the
    same :math:`D = |O - E| = |ad - bc| / N`, and

    .. math:: \\chi^2 = \\sum_{ij} \\frac{(D - k)^2}{E_{ij}
              = \\frac{N (|ad - bc| - Nk)^2}{(a+b)(c+d)(a+c)(b+d)}

    with :math:`k` the continuity correction:

    ``"none"``: :math:`k = 0`.
    ``"yates"``: :math:`k = \\min(0.5, D)`. The correction never exceeds
    the difference it corrects, so a table that fits its expectation to
    within half a count gives 0. This is R's ``chisq.test(correct = TRUE)``
    and scipy's ``chi2_contingency(correction=True)``.
    ``"yates_uncapped"``: :math:`k = 0.5` always, Yates' formula as printed.
    When :math:`D < 0.5` this *raises* the statistic above the uncorrected
    one. It is the expected value in quanteda's test suite (0.1851001 for
    [[3, 14], [2, 10]]) and what quanteda's ``keyness_chi2_dt`` computed
    when it was written in R.
    ``"yates_quanteda"``: :math:`k = 0.5` when :math:`D \\ge 0.5` and some
    :math:`E_{ij} < 5`, else 0: the rule in the compiled ``keyness.cpp`` of
    later quanteda and of quanteda.textstats (read from its source, not run).

    The sign is that of :math:`ad - bc`: positive when the term's share of
    the target, :math:`a/T`, exceeds its share of the reference.

    References
    ----------
    Yates (1934); Rayson & Garside (2000); see :mod:`wireframe.compare`.

    Examples
    --------
    The table [[3, 14], [2, 10]]: a term seen 3 times in a target of 17
    tokens and twice in a reference of 12.

    >>> [float(chi2([3], [2], 17, 12, correction=c)["stat"].round(9)[0])
    ...  for c in ("none", "yates", "yates_uncapped")]
    [0.004738562, 0.0, 0.185100082]
    """
    check.choice("compare.chi2", "correction", correction, CORRECTIONS["chi2"])
    a, b, c, d = _cells(n_target, n_reference, total_target, total_reference)
    n = a + b + c + d
    diff = np.abs(a * d - b * c) / n
    if correction == "none":
        k = 0.0
    elif correction == "yates":
        k = np.minimum(0.5, diff)
    elif correction == "yates_uncapped":
        k = 0.5
    else:
        small = np.minimum.reduce([(a + b) * (a + c), (a + b) * (b + d), (c + d) * (a + c),
                                   (c + d) * (b + d)]) / n < 5
        k = np.where((diff >= 0.5) & small, 0.5, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = n * (n * (diff - k)) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    value = np.nan_to_num(value, nan=0.0)
    return pd.DataFrame({"stat": _sign(a, b, c, d) * value, "p": stats.chi2.sf(value, 1)})


def _g2(a, b, c, d) -> np.ndarray:
    n = a + b + c + d
    cells = [(a, (a + b) * (a + c)), (b, (a + b) * (b + d)), (c, (c + d) * (a + c)),
             (d, (c + d) * (b + d))]
    with np.errstate(divide="ignore", invalid="ignore"):
        return 2 * sum(special.xlogy(o, o * n / m) for o, m in cells)


@_doc
def g2(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
    *,
    correction: str = "williams",
) -> pd.DataFrame:
    """Log-likelihood G2 of each term's 2x2 table (Dunning 1993), signed.

    Parameters
    ----------
    {counts}
    correction : {"williams", "none"}, default "williams"
        Williams' (1976) correction, or none.

    Returns
    -------
    DataFrame
        ``stat`` (G2, positive when the term is over-represented in the
        target) and ``p`` (chi-squared with 1 degree of freedom).

    Notes
    -----
    With the cells :math:`O_{ij}` of the table (term / other terms by
    target / reference) and :math:`E_{ij} = \\text{row}_i \\text{col}_j / N`,

    .. math:: G^2 = 2 \\sum_{ij} O_{ij} \\ln \\frac{O_{ij}}{E_{ij}}

    (natural logarithm, :math:`0 \\ln 0 = 0`), the statistic of Dunning
    (1993) and of Rayson & Garside's (2000) log-likelihood calculator.
    Williams' correction divides it by

    .. math:: q = 1 + \\frac{(N/(a+b) + N/(c+d) - 1)\\,(N/(a+c) + N/(b+d) - 1)}{6N}

    which exceeds 1 and tends to 1 as counts grow, so it matters only for
    small tables. quanteda skips it when any cell is zero; here it applies
    always, as in Williams (1976), since :math:`q` depends on the margins
    only. The sign is that of :math:`ad - bc`.

    Examples
    --------
    >>> g2([10], [5], 1000, 2000, correction="none")["stat"].round(6).tolist()
    [6.969192]
    >>> g2([10], [5], 1000, 2000)["stat"].round(6).tolist()
    [6.708307]
    """
    check.choice("compare.g2", "correction", correction, CORRECTIONS["g2"])
    a, b, c, d = _cells(n_target, n_reference, total_target, total_reference)
    value = np.maximum(_g2(a, b, c, d), 0.0)
    if correction == "williams":
        n = a + b + c + d
        with np.errstate(divide="ignore", invalid="ignore"):
            q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
        value = value / q
    return pd.DataFrame({"stat": _sign(a, b, c, d) * value, "p": stats.chi2.sf(value, 1)})


@_doc
def pmi(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
) -> pd.DataFrame:
    """Pointwise mutual information of each term and the target, in bits.

    Parameters
    ----------
    {counts}

    Returns
    -------
    DataFrame
        ``stat`` (PMI in bits; :math:`-\\infty` for a term absent from the
        target) and ``p``: the p-value of the uncorrected G2 test of the same
        table, since PMI has no test of its own.

    Notes
    -----
    .. math:: \\mathrm{PMI} = \\log_2 \\frac{P(\\text{term}, \\text{target})}
              {P(\\text{term})\\,P(\\text{target})} = \\log_2 \\frac{a N}{(a+b)(a+c)}
              = \\log_2 \\frac{a}{E_a}

    Base 2, as in Church & Hanks (1990) and like the log ratio. PMI is
    positive exactly when the term is over-represented in the target, and
    it favours rare terms: a term seen once, in the target only, gets the
    largest value there is; use ``min_count``. quanteda reports the natural
    logarithm (multiply by :math:`\\ln 2` to compare) and a p-value read
    from the chi-squared distribution at :math:`|\\mathrm{PMI}|`.

    References
    ----------
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual
    information, and lexicography. Computational Linguistics 16(1), 22-29.

    Examples
    --------
    >>> pmi([10], [10], 100, 300)["stat"].round(4).tolist()
    [1.0]
    """
    a, b, c, d = _cells(n_target, n_reference, total_target, total_reference)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log2(a * (a + b + c + d) / ((a + b) * (a + c)))
    return pd.DataFrame({"stat": value, "p": stats.chi2.sf(np.maximum(_g2(a, b, c, d), 0), 1)})


@_doc
def log_odds_dirichlet(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
    *,
    alpha: np.ndarray | float,
    alpha_reference: np.ndarray | float | None = None,
) -> pd.DataFrame:
    """Log-odds ratio with a Dirichlet prior, and its z-score (Monroe et al. 2008).

    Parameters
    ----------
    {counts}
    alpha : array of float, or float
        The Dirichlet prior of the target: one pseudo-count per term
        (positive), or one for every term (the uninformative prior).
    alpha_reference : array of float, or float, optional
        The reference's prior; the same as ``alpha`` when not given.

    Returns
    -------
    DataFrame
        ``stat`` (the z-score), ``p`` (two-sided, standard normal),
        ``delta`` (the log-odds ratio, natural log), ``var`` (its
        approximate variance) and ``z`` (= ``stat``).

    Raises
    ------
    ValueError
        When a pseudo-count is not positive.

    Notes
    -----
    With :math:`y_t, y_r` the term's counts, :math:`n_t, n_r` the corpus
    sizes, :math:`\\alpha^t_w, \\alpha^r_w` its pseudo-counts on each side and
    :math:`\\alpha^t_0 = \\sum_w \\alpha^t_w` (likewise :math:`\\alpha^r_0`)
    over the terms given (Monroe et al. 2008, eqs. 16-22, whose prior
    :math:`\\alpha^{(i)}` may differ by group):

    .. math::
        \\delta_w = \\ln\\frac{y_t + \\alpha^t_w}{n_t + \\alpha^t_0 - y_t - \\alpha^t_w}
                  - \\ln\\frac{y_r + \\alpha^r_w}{n_r + \\alpha^r_0 - y_r - \\alpha^r_w},
        \\qquad
        \\sigma^2_w \\approx \\frac{1}{y_t + \\alpha^t_w} + \\frac{1}{y_r + \\alpha^r_w},
        \\qquad
        z_w = \\delta_w / \\sigma_w

    Positive means over-represented in the target. Pass every term of the
    comparison: :math:`\\alpha_0` sums over them.

    Examples
    --------
    >>> r = log_odds_dirichlet([1, 0], [0, 1], 2, 2, alpha=0.05)
    >>> r["z"].round(6).tolist()
    [0.811288, -0.811288]
    """
    a = np.asarray(n_target, dtype=np.float64)
    b = np.asarray(n_reference, dtype=np.float64)
    alpha_t = np.broadcast_to(np.asarray(alpha, dtype=np.float64), a.shape)
    alpha_r = alpha_t if alpha_reference is None else np.broadcast_to(
        np.asarray(alpha_reference, dtype=np.float64), b.shape)
    for name, value, given in (("alpha", alpha_t, alpha), ("alpha_reference", alpha_r,
                                                           alpha_reference)):
        if not (value > 0).all():
            raise check.fail("compare.log_odds_dirichlet", name, "positive for every term",
                             given)
    delta = (np.log((a + alpha_t) / (total_target + alpha_t.sum() - a - alpha_t))
             - np.log((b + alpha_r) / (total_reference + alpha_r.sum() - b - alpha_r)))
    var = 1 / (a + alpha_t) + 1 / (b + alpha_r)
    z = delta / np.sqrt(var)
    return pd.DataFrame({"stat": z, "p": 2 * stats.norm.sf(np.abs(z)), "delta": delta,
                         "var": var, "z": z})


def log_ratio(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
) -> np.ndarray:
    """Hardie's (2014) log ratio: the binary log of the ratio of relative frequencies.

    Notes
    -----
    .. math:: \\mathrm{LR} = \\log_2 \\frac{a' / T}{b' / R}

    where :math:`a' = a` and :math:`b' = b`, except that a zero count is
    replaced by 0.5 (Hardie's convention), so a term absent from one side
    gets a finite value. 1 means twice as frequent in the target, -1 half as
    frequent. It is the effect size of every keyness table.

    Examples
    --------
    >>> log_ratio([20, 0], [10, 4], 1000, 1000).tolist()
    [1.0, -3.0]
    """
    a = np.asarray(n_target, dtype=np.float64)
    b = np.asarray(n_reference, dtype=np.float64)
    a = np.where(a == 0, _HALF, a)
    b = np.where(b == 0, _HALF, b)
    return np.log2((a / total_target) / (b / total_reference))


MEASURES: dict[str, Callable[..., pd.DataFrame]] = {
    "g2": g2,
    "chi2": chi2,
    "pmi": pmi,
    "log_odds": log_odds_dirichlet,
}
"""Built-in measures by name. Each takes ``(n_target, n_reference, total_target,
total_reference)`` and returns a DataFrame with ``stat`` (signed) and ``p``."""
