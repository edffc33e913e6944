"""Frame presence on covariates: a binomial GLM (or GEE) with syndication families as clusters.

:func:`presence` fits ``present ~ outlet + bs(published, df=4)`` (any
formula researchers write for R's ``glm`` or statsmodels, through
formulaic) on the stories of a frame, counting placements or unique
stories, and returns a :class:`PresenceModel`: the fitted model, the rows it
was fitted on and a tidy table of coefficients. A frame too rare to model
(no story with it, or a level of a factor in which no story or every story
has it, so that the likelihood has no maximum) is refused with the cell
named, not fitted.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import formulaic
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import optimize, sparse, stats

from wireframe import _validate as check
from wireframe import aggregate
from wireframe._docs import Docs

__all__ = ["METHODS", "PRESENCE_COVARIANCES", "PresenceModel", "REFERENCES", "SeparationError",
           "presence"]

METHODS: tuple[str, ...] = ("glm", "gee")
"""How a presence model is fitted: GLM with cluster-robust errors, or GEE."""

PRESENCE_COVARIANCES: tuple[str, ...] = ("bias-reduced", "cluster")
"""The sandwich over families: Mancl & DeRouen's bias-reduced one, or the plain CR1 / robust."""

REFERENCES: tuple[str, ...] = ("satterthwaite", "normal")
"""The reference distribution of every Wald interval: Student's t with Satterthwaite's
degrees of freedom for that quantity, or the normal."""

YEAR = pd.Timedelta(days=365.25)

_doc = Docs(
    formula="""formula : str
        A model formula, as R's ``glm`` and statsmodels read them (parsed by
        formulaic): ``"present ~ outlet + bs(published, df=4)"``. The left
        side is ``present`` (1 when the story has the frame); the right side
        names columns of ``stories``: categorical columns get treatment
        contrasts against their first level (``C(outlet, Treatment('CNN'))``
        picks another), and time columns (``published``) enter as years
        since ``origin``, so ``published`` alone is a linear trend per year and
        ``bs(published, df=4)`` a cubic B-spline with 4 degrees of freedom.""",
)


class SeparationError(ValueError):
    """The data separate the frame's stories from the others: the model has no maximum.

    Raised by :func:`presence` with the cells that cause it, e.g. an outlet
    with no framed story; its ``cells`` attribute lists them.
    """

    def __init__(self, message: str, cells: list[str]) -> None:
        super().__init__(message)
        self.cells = cells


@dataclass(frozen=True, repr=False)
class PresenceModel:
    """A fitted model of frame presence: what :func:`presence` returns.

    Attributes
    ----------
    frame : str
        The frame modelled.
    formula : str
        The model formula.
    unit : {"placement", "story"}
        What a row counts: every copy, or one story per family per ``by`` group.
    method : {"glm", "gee"}
        How it was fitted.
    covariance_type : {"bias-reduced", "cluster"}
        Which sandwich over families gave the standard errors.
    reference : {"satterthwaite", "normal"}
        The reference distribution of the intervals (see
        :meth:`degrees_of_freedom`).
    by : str
        The group column of the counting rule (and of predictions).
    origin : Timestamp
        Time zero of the time columns, which enter in years since it.
    data : DataFrame
        The modelled rows: ``story_id``, ``family``, ``present`` and the
        formula's columns (times in years).
    coefficients : DataFrame
        ``term``, ``estimate``, ``std_error``, ``z`` (the Wald ratio),
        ``df`` (its degrees of freedom), ``p``, ``low``, ``high`` (Wald, on
        the log-odds scale), ``method``, ``unit``.
    covariance : ndarray
        The coefficients' covariance matrix behind every interval (of
        ``coefficients``, :func:`~wireframe.models.predict`,
        :func:`~wireframe.models.contrast`, :func:`~wireframe.models.trend`).
    result : statsmodels results
        The fitted statsmodels model, for anything else (its own
        ``cov_params()`` is the plain cluster-robust one for the GLM).
    spec : formulaic ModelSpec
        The design's specification, to build rows for new data.
    confidence : float
        Nominal coverage of the intervals.
    times : tuple of str
        The formula's time columns.
    variables : frozenset of str
        The columns the formula uses.
    """

    frame: str
    formula: str
    unit: str
    method: str
    by: str
    origin: pd.Timestamp
    data: pd.DataFrame
    coefficients: pd.DataFrame
    covariance: np.ndarray = field(compare=False)
    covariance_type: str
    reference: str
    result: object = field(compare=False)
    spec: object = field(compare=False)
    confidence: float = 0.95
    times: tuple[str, ...] = ()
    variables: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        n, events = len(self.data), int(self.data["present"].sum())
        return (f"PresenceModel({self.frame!r}: {self.formula}; {self.method}, {n:,} "
                f"{self.unit}s in {self.data['family'].nunique():,} families, {events:,} with "
                f"the frame)")

    def design(self, data: pd.DataFrame) -> np.ndarray:
        """The design matrix of new rows (times as Timestamps or years since ``origin``)."""
        return design_matrix(self.spec, data, self.times, self.origin)

    @property
    def method_name(self) -> str:
        """The method as a column of result tables say it."""
        return method_name(self.method, self.covariance_type, self.reference)

    def degrees_of_freedom(self, combinations: np.ndarray) -> np.ndarray:
        """Satterthwaite's degrees of freedom of each linear combination's variance.

        Parameters
        ----------
        combinations : ndarray
            One row :math:`c` per quantity :math:`c'\\beta` (a design row for a
            prediction, a gradient for a contrast, a unit vector for a
            coefficient).

        Returns
        -------
        ndarray
            :math:`\\nu_c \\ge 1` per row; infinite with ``reference="normal"``.

        Notes
        -----
        The sandwich's variance of :math:`c'\\hat\\beta` is a sum over families,
        :math:`\\sum_g (a_g r_g)^2`, with :math:`a_g` the family's weight in
        :math:`c'\\hat\\beta` (:math:`a_g = \\sum_{i \\in g} c'Bx_i` for the GLM,
        :math:`B` the bread; GEE's working correlation enters the weights).
        When a few large families carry most of it, as with a rare frame in
        a small outlet, that sum is as noisy as a variance from a dozen
        observations, and the normal reference under-covers. Satterthwaite
        (1946) matches its first two moments to a scaled
        :math:`\\chi^2_\\nu`,
        :math:`\\nu = 2 \\big(\\sum_g a_g^2 v_g\\big)^2 \\big/ \\sum_g a_g^4 v_g (1 - 4 v_g)`,
        under the working model the kit clusters for: the copies of a family
        share their original's presence, a Bernoulli trial with
        :math:`v_g = \\bar\\mu_g(1 - \\bar\\mu_g)` (its residual's square has
        mean :math:`v_g` and variance :math:`v_g(1 - 4v_g)`). It is the
        effective number of families behind the quantity, in the spirit of
        Bell & McCaffrey (2002) and Pustejovsky & Tipton (2018), whose
        working model is Gaussian; the Bernoulli's fourth moment matters for
        rare frames. The leverage correction of the sandwich is left out of
        the weights. Copies whose presence differs make the true
        :math:`\\nu` larger, so the interval errs wide.
        """
        return _degrees_of_freedom(self.result, self.method, self.reference,
                                   self.data["family"], combinations)

    def critical(self, combinations: np.ndarray) -> np.ndarray:
        """The two-sided critical value of each linear combination at the model's confidence."""
        return stats.t.ppf(0.5 + self.confidence / 2, self.degrees_of_freedom(combinations))


def method_name(method: str, covariance: str, reference: str = "satterthwaite") -> str:
    """How a fit and its errors are named in the ``method`` column of result tables."""
    fit = {"glm": "glm-logit, cluster-robust by family",
           "gee": "gee-logit, exchangeable within family, robust"}[method]
    if covariance == "bias-reduced":
        fit += " (bias-reduced, Mancl-DeRouen)"
    else:
        fit += " (CR1)" if method == "glm" else " (plain)"
    return fit + ("; t, Satterthwaite df" if reference == "satterthwaite" else "; normal")


def _years(values: pd.Series, origin: pd.Timestamp) -> pd.Series:
    return (pd.to_datetime(values, utc=True) - origin) / YEAR


def _plain_strings(data: pd.DataFrame) -> pd.DataFrame:
    """A copy with pandas' string columns as objects.

    formulaic treats object columns as factors but passes pandas' ``string``
    dtype (the Story table's) through as values, which cannot be a number.
    """
    data = data.copy()
    for column in data.columns:
        if isinstance(data[column].dtype, pd.StringDtype):
            data[column] = data[column].astype(object).where(data[column].notna(), None)
    return data


def design_matrix(spec: object, data: pd.DataFrame, times: tuple[str, ...],
                  origin: pd.Timestamp) -> np.ndarray:
    """Rows of a fitted design for new data: time columns converted to years first."""
    data = _plain_strings(data)
    for column in times:
        if column in data.columns and pd.api.types.is_datetime64_any_dtype(data[column]):
            data[column] = _years(data[column], origin)
    return np.asarray(spec.get_model_matrix(data, na_action="raise"), dtype=np.float64)


def _parse(func: str, formula: object, stories: pd.DataFrame) -> tuple[str, set[str]]:
    """Check the formula's shape; return it and the columns of ``stories`` it may name."""
    if not isinstance(formula, str) or "~" not in formula:
        raise check.fail(func, "formula", "a model formula such as 'present ~ outlet + "
                         "bs(published, df=4)'", formula)
    left = formula.split("~", 1)[0].strip()
    if left != "present":
        raise check.fail(func, "formula", "a formula whose left side is `present` (1 when a "
                         "story has the frame)", formula)
    try:
        formulaic.Formula(formula)
    except Exception as error:          # formulaic raises several kinds for a bad formula
        raise check.fail(func, "formula", f"a formula formulaic can read ({error})",
                         formula) from None
    # Every column whose name the formula mentions; formulaic says which it used once built.
    named = {str(c) for c in stories.columns
             if re.search(rf"(?<![\w.]){re.escape(str(c))}(?![\w.])", formula.split("~", 1)[1])}
    return formula, named


def _separated(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Columns along which the data separate (Konis 2007): empty when the MLE exists.

    Solves the linear programme max 1'Zb subject to Zb >= 0 and -1 <= b <= 1,
    with Z the design's rows signed by the response (+ for 1, - for 0). A
    positive optimum means a direction along which the likelihood rises
    forever: (quasi-)complete separation; the direction's non-zero
    components are the coefficients that run off to infinity.
    """
    scale = np.maximum(np.abs(X).max(axis=0), 1e-12)
    Z = (X / scale) * np.where(y > 0, 1.0, -1.0)[:, None]
    out = optimize.linprog(-Z.sum(axis=0), A_ub=-Z, b_ub=np.zeros(len(Z)),
                           bounds=[(-1, 1)] * X.shape[1], method="highs")
    if out.status != 0 or -out.fun <= 1e-6 * len(Z):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.abs(out.x) > 1e-6)


def _empty_levels(data: pd.DataFrame, names: set[str], unit: str) -> list[str]:
    """Levels of the formula's categorical columns in which no story, or every story, is framed."""
    cells = []
    for column in sorted(names):
        values = data[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        counts = data.groupby(values.astype(str), sort=True)["present"].agg(["sum", "size"])
        for level, (k, n) in counts.iterrows():
            if k == 0 or k == n:
                cells.append(f"{column} = {level!r}: {int(k)} of {int(n)} {unit}s have the "
                             "frame")
    return cells


@_doc
def presence(
    stories: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    frame: str,
    formula: str = "present ~ outlet + bs(published, df=4)",
    by: str = "outlet",
    unit: str = "placement",
    method: str = "glm",
    covariance: str = "bias-reduced",
    reference: str = "satterthwaite",
    origin: str | pd.Timestamp | None = None,
    confidence: float = 0.95,
) -> PresenceModel:
    """Model whether a story has a frame on outlet, time and other covariates.

    Parameters
    ----------
    {stories}
        Read: ``story_id``, ``family_id`` when families are known, the
        ``by`` column, ``published`` and every column the formula names.
    scores : DataFrame
        The output of :func:`wireframe.frames.score` for these stories.
    frame : str
        The frame to model (a value of ``scores["frame"]``).
    {formula}
    by : str, default "outlet"
        The group of the counting rule: with ``unit="story"`` one story per
        family in each group; predictions are made per group.
    {unit}
    method : {"glm", "gee"}, default "glm"
        ``"glm"``: a binomial GLM (logit link) by maximum likelihood, with
        cluster-robust (sandwich, CR1) standard errors clustered by
        syndication family. ``"gee"``: generalised estimating equations with
        an exchangeable correlation within each family and robust errors
        (Liang & Zeger 1986), which weighs a family of many copies less.
    covariance : {"bias-reduced", "cluster"}, default "bias-reduced"
        The sandwich over families. ``"bias-reduced"``: each family's
        residuals are first corrected for the family's leverage (Mancl &
        DeRouen 2001), which is what keeps the intervals at their nominal
        coverage when some families hold many copies (see Notes);
        ``"cluster"``: the plain sandwich, statsmodels' ``cov_type="cluster"``
        for the GLM and GEE's default robust errors.
    reference : {"satterthwaite", "normal"}, default "satterthwaite"
        The distribution every interval and p-value is read from:
        Student's t with Satterthwaite's degrees of freedom for that
        quantity (:meth:`PresenceModel.degrees_of_freedom`), which keeps a
        rare frame's intervals at their coverage when a few large families
        carry it; or the normal, as statsmodels reports.
    origin : str or Timestamp, optional
        Time zero of the time columns; by default the start (UTC midnight)
        of the day of the earliest story modelled.
    {confidence}

    Returns
    -------
    PresenceModel
        With ``coefficients`` (``term``, ``estimate``, ``std_error``,
        ``z``, ``df``, ``p``, ``low``, ``high``, ``method``, ``unit``), the modelled
        ``data`` and the statsmodels ``result``; pass it to
        :func:`~wireframe.models.predict`, :func:`~wireframe.models.contrast`
        and :func:`~wireframe.models.trend`.

    Raises
    ------
    SeparationError
        (a ValueError) When the data separate framed from unframed stories:
        a level of a factor (an outlet, say) where no story, or every story,
        has the frame, or a combination of covariates that does the same.
        Its maximum-likelihood estimate is infinite and a Wald interval
        meaningless; the message names the cells.
    ValueError
        For a bad formula, a column the formula names that ``stories``
        lacks, a frame with no story (or only stories) with it, or a bad
        option.

    Warns
    -----
    UserWarning
        When rows with missing covariates are left out (with how many), and
        when there are fewer than 10 framed (or unframed) rows per
        coefficient: the intervals may then be too narrow (Peduzzi et al.
        1996).

    See Also
    --------
    wireframe.aggregate.frame_rates : shares per outlet and period, with
        intervals that hold even with no framed story.

    Notes
    -----
    The model is :math:`\\text{logit}\\, P(\\text{present}_i = 1) = x_i'\\beta`.
    Copies of one wire story are not independent evidence, so the
    standard errors treat families as clusters: the GLM's sandwich
    :math:`(X'WX)^{-1} \\big(\\sum_g u_g u_g'\\big) (X'WX)^{-1}` with
    :math:`u_g` the score of family :math:`g`; GEE instead models the
    correlation within families. A family carried by two outlets is one
    cluster across both. The plain sandwich (``covariance="cluster"``,
    :math:`u_g = X_g'(y_g - \\mu_g)` and statsmodels' small-sample factor)
    equals statsmodels' own ``GLM(...).fit(cov_type="cluster")``; it is
    biased down when families are few or large, because a family's fitted
    values are pulled towards its own residuals. The default corrects each
    family's residuals by its leverage,
    :math:`u_g = X_g'(I - H_{gg})^{-1}(y_g - \\mu_g)` with
    :math:`H_{gg} = W_g X_g (X'WX)^{-1} X_g'` (Mancl & DeRouen 2001), which
    equals statsmodels' ``GEE(..., cov_type="bias_reduced")`` (tested: the
    GLM's with an independence working correlation, whose estimates are the
    GLM's). In ``benchmarks/bench_models.py`` (half the stories in families
    of 2-10, 2,000 datasets) it adds about half a point of coverage to the
    coefficients' 95 % intervals (worst 93.1 % plain, 93.5 % bias-reduced).

    Even so, with the normal reference the rarest outlet's predicted share
    covered 92.3 %: its variance rests on the few large families that have
    the frame (a median of 11 effective families in that benchmark), so it is
    itself noisy and low exactly when the estimate is low. The default
    reads every interval from Student's t with Satterthwaite's degrees of
    freedom for that quantity (:meth:`PresenceModel.degrees_of_freedom`);
    with it every coefficient, prediction and contrast of the benchmark
    covers 94.5 % or more for the GLM, 93.4 % or more for GEE (table in
    the README). The joint test of
    :func:`~wireframe.models.time_test` stays a :math:`\\chi^2` test.

    Rare frames and separation: an outlet that never uses the frame has a
    log-odds of minus infinity, and the fit would report a large negative
    number with an enormous standard error that looks like evidence. The
    kit checks for separation with Konis's (2007) linear programme before
    fitting and refuses, naming the cell. Drop or merge the level, or read
    that outlet's share and its Clopper-Pearson interval (which holds at
    zero hits) in :func:`wireframe.aggregate.frame_rates`. A penalised fit
    (Firth 1993) would give finite estimates, but its Wald intervals cover
    poorly exactly where separation occurs, and no well-kept Python
    implementation is available; so the kit refuses rather than guess.

    What the model cannot show: it assumes the log-odds are additive in
    outlet and a smooth function of time shared by all outlets (add
    ``outlet:published`` for outlet-specific trends), that stories are
    exchangeable within an outlet given time, and that the frame is
    measured without error (a lexicon's precision and recall are in
    :mod:`wireframe.frames.validation`).

    References
    ----------
    Konis, K. (2007). Linear programming algorithms for detecting separated
    data in binary logistic regression models. DPhil thesis, Oxford.
    Liang, K.-Y. & Zeger, S. L. (1986). Longitudinal data analysis using
    generalized linear models. Biometrika 73, 13-22.
    Peduzzi, P. et al. (1996). A simulation study of the number of events per
    variable in logistic regression analysis. J. Clin. Epidemiol. 49, 1373-1379.
    Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to
    cluster-robust inference. J. Human Resources 50, 317-372.
    Mancl, L. A. & DeRouen, T. A. (2001). A covariance estimator for GEE with
    improved small-sample properties. Biometrics 57, 126-134.
    Satterthwaite, F. E. (1946). An approximate distribution of estimates of
    variance components. Biometrics Bulletin 2, 110-114.
    Bell, R. M. & McCaffrey, D. F. (2002). Bias reduction in standard errors
    for linear regression with multi-stage samples. Survey Methodology 28,
    169-181.
    Pustejovsky, J. E. & Tipton, E. (2018). Small-sample methods for
    cluster-robust variance estimation and hypothesis testing in fixed
    effects models. J. Business & Economic Statistics 36, 672-683.

    Examples
    --------
    >>> from wireframe.synthetic import prevalence
    >>> stories, scores, truth = prevalence.frame_trend(3000, seed=2)
    >>> fit = presence(stories, scores, frame="f", formula="present ~ outlet + published",
    ...                origin="2017-01-01")
    >>> fit.coefficients.set_index("term")["estimate"].round(1).to_dict()
    {'Intercept': -1.9, 'outlet[T.B]': 0.7, 'outlet[T.C]': -0.4, 'published': 0.7}
    >>> truth["coefficients"]
    {'Intercept': -2.0, 'outlet[T.B]': 0.7, 'outlet[T.C]': -0.5, 'published': 0.8}
    """
    func = "models.presence"
    check.stories(func, stories, ["story_id", by])
    check.made_by(func, scores, ["story_id", "frame", "present"], name="scores",
                  maker="frames.score(stories)")
    check.choice(func, "unit", unit, aggregate.UNITS)
    check.choice(func, "method", method, METHODS)
    check.choice(func, "covariance", covariance, PRESENCE_COVARIANCES)
    check.choice(func, "reference", reference, REFERENCES)
    confidence = check.confidence(func, confidence)
    names = sorted(set(scores["frame"].astype(str)))
    if not isinstance(frame, str) or frame not in names:
        raise check.fail(func, "frame", f"a frame of `scores` ({', '.join(names)})", frame)
    formula, named = _parse(func, formula, stories)
    data = _model_rows(func, stories, scores, frame, by, unit, named)
    times = tuple(c for c in sorted(named) if pd.api.types.is_datetime64_any_dtype(data[c]))
    if origin is None:
        first = pd.concat([data[c] for c in times]).min() if times else pd.NaT
        origin = first.floor("D") if pd.notna(first) else pd.Timestamp("1970-01-01", tz="UTC")
    origin = pd.Timestamp(origin)
    origin = origin.tz_localize("UTC") if origin.tzinfo is None else origin.tz_convert("UTC")
    for column in times:
        data[column] = _years(data[column], origin)
    try:
        matrices = formulaic.model_matrix(formula, data, na_action="drop")
    except Exception as error:          # an unknown name or function, a bad transform
        shown = ", ".join(repr(str(c)) for c in stories.columns[:12])
        raise check.ParameterError(
            f"{func}: the formula {formula!r} cannot be built on these stories: {error}. "
            f"Fix: name columns of `stories` ({shown})") from None
    variables = set(matrices.rhs.model_spec.variables_by_source.get("data", set()))
    times = tuple(c for c in times if c in variables)
    kept = matrices.rhs.index
    if len(kept) < len(data):
        first = data.loc[~data.index.isin(kept), "story_id"].iloc[0]
        warnings.warn(f"{func}: {len(data) - len(kept)} of {len(data)} rows have a missing "
                      f"value in the formula's columns and are left out (first {first!r})",
                      UserWarning, stacklevel=2)
        data = data.loc[kept]
    X = np.asarray(matrices.rhs, dtype=np.float64)
    terms = list(matrices.rhs.columns)
    y = data["present"].to_numpy(dtype=np.float64)
    events = int(y.sum())
    if events in (0, len(y)):
        raise check.ParameterError(
            f"{func}: {events} of {len(y)} {unit}s have the frame {frame!r}: there is nothing "
            "to model. Fix: read its share, with an interval that holds at zero, in "
            "aggregate.frame_rates")
    _refuse_separation(func, X, y, terms, data, variables, unit, frame)
    rarer = min(events, len(y) - events)
    if rarer < 10 * X.shape[1]:
        warnings.warn(f"{func}: {rarer} {'framed' if events <= len(y) - events else 'unframed'} "
                      f"{unit}s for {X.shape[1]} coefficients (fewer than 10 each): the "
                      "intervals may be too narrow; use fewer terms (a smaller spline df)",
                      UserWarning, stacklevel=2)
    groups, families = pd.factorize(data["family"])
    try:
        result, V = _fit(X, y, groups, method, covariance)
    except _FamilyAlone as alone:
        named = ", ".join(repr(str(f)) for f in families[alone.codes[:5]])
        raise check.ParameterError(
            f"{func}: some coefficient rests on one syndication family alone ({named}): "
            "its family-clustered error cannot be estimated (the bias-reduced sandwich "
            "divides by zero; the plain one would report a meaningless small error). Fix: "
            "drop or merge the level or covariate value that only this family has") from None
    data = data.reset_index(drop=True)
    df = _degrees_of_freedom(result, method, reference, data["family"], np.eye(len(terms)))
    coefficients = _table(result, V, df, terms, confidence,
                          method_name(method, covariance, reference), unit)
    return PresenceModel(frame=frame, formula=formula, unit=unit, method=method, by=by,
                         origin=origin, data=data, coefficients=coefficients, covariance=V,
                         covariance_type=covariance, reference=reference, result=result,
                         spec=matrices.rhs.model_spec, confidence=confidence, times=times,
                         variables=frozenset(variables))


def _model_rows(func: str, stories: pd.DataFrame, scores: pd.DataFrame, frame: str, by: str,
                unit: str, variables: set[str]) -> pd.DataFrame:
    """The counted stories with their family, presence of the frame and the formula's columns."""
    units = aggregate.counting_units(stories, by, None, unit)
    rows = scores[scores["frame"].astype(str) == frame]
    if rows["story_id"].duplicated().any():
        raise check.ParameterError(f"{func}: `scores` has more than one row for a story and "
                                   f"the frame {frame!r}")
    present = rows.set_index(rows["story_id"].astype(object))["present"]
    ids = units["story_id"].astype(object)
    missing = ~ids.isin(present.index)
    if missing.any():
        raise check.ParameterError(
            f"{func}: `scores` has no row of frame {frame!r} for {int(missing.sum())} of the "
            f"stories (first {ids[missing].iloc[0]!r}); score the same stories with "
            "frames.score")
    columns = sorted((variables | {by}) - {"present"})
    data = _plain_strings(stories.loc[units.index, columns])
    data.insert(0, "family", units["family"].to_numpy())
    data.insert(0, "story_id", ids.to_numpy())
    data["present"] = present.loc[ids].to_numpy().astype(np.float64)
    return data


def _refuse_separation(func: str, X: np.ndarray, y: np.ndarray, terms: list[str],
                       data: pd.DataFrame, variables: set[str], unit: str, frame: str) -> None:
    columns = _separated(X, y)
    if not len(columns):
        return
    cells = _empty_levels(data, variables, unit)
    named = "; ".join(cells) if cells else (
        "a combination of " + ", ".join(terms[c] for c in columns))
    raise SeparationError(
        f"{func}: the frame {frame!r} is separated: {named}. The coefficient(s) "
        f"{', '.join(terms[c] for c in columns)} have no finite maximum-likelihood value, so "
        "no interval can be trusted. Fix: drop or merge those levels (their shares, with "
        "intervals that hold at zero, are in aggregate.frame_rates), use fewer spline "
        "degrees of freedom, or model a more common frame", cells or [terms[c] for c in columns])


def _fit(X: np.ndarray, y: np.ndarray, groups: np.ndarray, method: str, covariance: str
         ) -> tuple[object, np.ndarray]:
    """The statsmodels fit and the covariance of its coefficients."""
    family = sm.families.Binomial()
    with warnings.catch_warnings():
        # statsmodels warns of perfect prediction only after the fact; separation was
        # checked before fitting.
        warnings.simplefilter("ignore", category=sm.tools.sm_exceptions.PerfectSeparationWarning)
        if method == "gee":
            result = sm.GEE(y, X, groups=groups, family=family,
                            cov_struct=sm.cov_struct.Exchangeable()).fit(
                cov_type="bias_reduced" if covariance == "bias-reduced" else "robust")
            return result, np.asarray(result.cov_params(), dtype=np.float64)
        result = sm.GLM(y, X, family=family).fit(cov_type="cluster",
                                                 cov_kwds={"groups": groups})
    if covariance == "cluster":
        return result, np.asarray(result.cov_params(), dtype=np.float64)
    mu = np.asarray(result.fittedvalues, dtype=np.float64)
    return result, _bias_reduced(X, y, mu, groups)


class _FamilyAlone(Exception):
    """Families (codes) whose leverage is 1: the bias-reduced sandwich is undefined."""

    def __init__(self, codes: np.ndarray) -> None:
        super().__init__()
        self.codes = codes


def _bias_reduced(X: np.ndarray, y: np.ndarray, mu: np.ndarray, groups: np.ndarray
                  ) -> np.ndarray:
    """Mancl & DeRouen's sandwich for a logit GLM, families of one size solved together.

    Each family's residuals are multiplied by :math:`(I - H_{gg})^{-1}`, with
    :math:`H_{gg} = W_g X_g B X_g'` and :math:`B = (X'WX)^{-1}`; the meat
    sums the corrected scores' outer products. Families of equal size are
    stacked into one batched solve, so a million singletons cost one
    vectorised step rather than a Python loop.
    """
    w = mu * (1 - mu)
    bread = np.linalg.inv(X.T @ (X * w[:, None]))
    resid = y - mu
    order = np.argsort(groups, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(groups[order])) + 1]
    sizes = np.diff(np.r_[starts, len(groups)])
    meat = np.zeros((X.shape[1], X.shape[1]))
    for m in np.unique(sizes):
        rows = order[starts[sizes == m][:, None] + np.arange(m)]     # families x m
        Xg, wg, rg = X[rows], w[rows], resid[rows]
        leverage = np.einsum("kip,pq,kjq->kij", Xg * wg[..., None], bread, Xg)
        keep = np.eye(m) - leverage
        # A family whose rows alone fix some coefficient has leverage 1 there.
        alone = np.linalg.svd(keep, compute_uv=False)[:, -1] < 1e-10
        if alone.any():
            raise _FamilyAlone(groups[rows[alone, 0]])
        corrected = np.linalg.solve(keep, rg[..., None])[..., 0]
        scores = np.einsum("kip,ki->kp", Xg, corrected)
        meat += scores.T @ scores
    return bread @ meat @ bread


def _weights(result: object, method: str, X: np.ndarray, mu: np.ndarray, groups: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    """The bread and each row's factor in its family's weight :math:`a_g` of :math:`c'\\beta`.

    The GLM's family score is :math:`X_g'(y_g - \\mu_g)`, so a row's factor is
    1. GEE's is :math:`X_g' A_g^{1/2} R_g^{-1} A_g^{-1/2} (y_g - \\mu_g)`; with a
    presence shared by the family and an exchangeable :math:`R_g` (correlation
    :math:`\\rho`, size :math:`m_g`), row :math:`i`'s factor is
    :math:`(1 - \\kappa_g \\sqrt{v_i} \\sum_{j \\in g} v_j^{-1/2}) / (1 - \\rho)` with
    :math:`\\kappa_g = \\rho / (1 + (m_g - 1)\\rho)`.
    """
    v = mu * (1 - mu)
    if method == "glm":
        return np.linalg.inv(X.T @ (X * v[:, None])), np.ones(len(X))
    rho = min(float(np.asarray(result.model.cov_struct.dep_params)), 1 - 1e-9)
    size = np.bincount(groups)[groups]
    kappa = rho / (1 + (size - 1) * rho)
    inverse_sd = np.bincount(groups, weights=1 / np.sqrt(v))[groups]
    return (np.asarray(result.cov_naive, dtype=np.float64),
            (1 - kappa * np.sqrt(v) * inverse_sd) / (1 - rho))


def _degrees_of_freedom(result: object, method: str, reference: str, families: pd.Series,
                        combinations: np.ndarray) -> np.ndarray:
    """:meth:`PresenceModel.degrees_of_freedom` of a fit's rows of ``combinations``."""
    C = np.atleast_2d(np.asarray(combinations, dtype=np.float64))
    if reference == "normal":
        return np.full(len(C), np.inf)
    X = np.asarray(result.model.exog, dtype=np.float64)
    mu = np.asarray(result.fittedvalues, dtype=np.float64)
    groups = pd.factorize(families)[0]
    bread, weight = _weights(result, method, X, mu, groups)
    return _satterthwaite(X @ (bread @ C.T) * weight[:, None], mu, groups)


def _satterthwaite(contributions: np.ndarray, mu: np.ndarray, groups: np.ndarray
                   ) -> np.ndarray:
    """Satterthwaite's :math:`\\nu` per column of row contributions to :math:`c'\\hat\\beta`."""
    count = groups.max() + 1
    indicator = sparse.csr_matrix((np.ones(len(groups)), (groups, np.arange(len(groups)))),
                                  shape=(count, len(groups)))
    a = indicator @ contributions                       # families x combinations
    mean = (indicator @ mu) / np.bincount(groups, minlength=count)
    v = (mean * (1 - mean))[:, None]
    first, second = (a**2 * v).sum(axis=0), (a**4 * v * (1 - 4 * v)).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        nu = np.where(second > 0, 2 * first**2 / second, np.inf)
    return np.maximum(nu, 1.0)


def _table(result: object, V: np.ndarray, df: np.ndarray, terms: list[str], confidence: float,
           method: str, unit: str) -> pd.DataFrame:
    estimate = np.asarray(result.params, dtype=np.float64)
    se = np.sqrt(np.diag(V))
    crit = stats.t.ppf(0.5 + confidence / 2, df)
    z = estimate / se
    return pd.DataFrame({
        "term": terms, "estimate": estimate, "std_error": se, "z": z, "df": df,
        "p": 2 * stats.t.sf(np.abs(z), df), "low": estimate - crit * se,
        "high": estimate + crit * se, "method": method, "unit": unit})
