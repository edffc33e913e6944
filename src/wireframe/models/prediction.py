"""What a fitted model says: predicted prevalence by group over time, contrasts, the trend.

:func:`predict` gives each group's predicted prevalence of a frame (from
:func:`~wireframe.models.presence`) or topic (from
:func:`~wireframe.models.topic_effects`) at points in time, with intervals;
:func:`contrast` the difference between two groups; :func:`trend` the
prevalence over time averaged over the groups; :func:`time_test` whether the
time terms matter at all.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special, stats

from wireframe import _validate as check
from wireframe import aggregate
from wireframe._docs import Docs
from wireframe.models.binomial import YEAR, PresenceModel
from wireframe.models.composition import TopicEffects

__all__ = ["contrast", "predict", "time_test", "trend"]

_doc = Docs(
    model="""model : PresenceModel or TopicEffects
        The output of :func:`~wireframe.models.presence` or
        :func:`~wireframe.models.topic_effects`.""",
    times="""times : int, {"day", "week", "month"} or sequence of Timestamps
        Where in time to predict: that many evenly spaced points from the
        first modelled story to the last, the middle of every period between
        them (clipped to the span), or these times.""",
    intervals="""Intervals. For a presence model, by the delta method on the logit scale:
    :math:`\\text{expit}(x'\\hat\\beta \\pm t_{\\nu_x}\\, \\sqrt{x' V x})`, with
    :math:`V` the cluster-robust covariance of the coefficients, so they
    stay within [0, 1]; :math:`t_{\\nu_x}` is Student's quantile with the
    prediction's Satterthwaite degrees of freedom
    (:meth:`~wireframe.models.PresenceModel.degrees_of_freedom`; the
    normal's with ``reference="normal"``). For topic effects, the quantiles of the prediction
    over the method-of-composition draws of the coefficients.""",
)


def _check_model(func: str, model: object) -> PresenceModel | TopicEffects:
    if not isinstance(model, PresenceModel | TopicEffects):
        raise check.fail(func, "model", "a PresenceModel (models.presence) or TopicEffects "
                         "(models.topic_effects)", model)
    return model


def _time_points(func: str, model: PresenceModel | TopicEffects, times: object
                 ) -> pd.DatetimeIndex:
    column = model.times[0]
    years = model.data[column]
    first, last = model.origin + years.min() * YEAR, model.origin + years.max() * YEAR
    if isinstance(times, str):
        check.choice(func, "times", times, tuple(aggregate.PERIODS))
        starts = pd.date_range(aggregate.period_start(pd.Series([first]), times).iloc[0], last,
                               freq=aggregate.PERIODS[times])
        ends = list(starts[1:]) + [starts[-1] + (starts[-1] - starts[-2] if len(starts) > 1
                                                 else pd.Timedelta(days=1))]
        middle = [s + (e - s) / 2 for s, e in zip(starts, ends, strict=True)]
        return pd.DatetimeIndex([min(max(m, first), last) for m in middle]).round("s")
    if isinstance(times, int) and not isinstance(times, bool):
        check.integer(func, "times", times, low=2)
        return pd.DatetimeIndex(pd.date_range(first, last, periods=times)).round("s")
    if isinstance(times, Sequence | pd.Index | pd.Series | np.ndarray):
        return pd.DatetimeIndex(pd.to_datetime(list(times), utc=True))
    raise check.fail(func, "times", "a number of points, 'day', 'week', 'month' or a sequence "
                     "of times", times)


def _grid(func: str, model: PresenceModel | TopicEffects, times: object,
          groups: Sequence[str] | None) -> pd.DataFrame:
    """Every group at every time point, for a model of group and time only."""
    others = sorted(model.variables - {model.by, *model.times}) + list(model.times[1:])
    if others:
        raise check.ParameterError(
            f"{func}: the model also depends on {', '.join(repr(o) for o in others)}; pass "
            "`data`, the rows to predict for, with every column the formula names")
    levels = sorted(model.data[model.by].astype(str).unique())
    if groups is not None:
        unknown = [g for g in groups if g not in levels]
        if unknown:
            raise check.fail(func, "groups", f"values of {model.by!r} in the model "
                             f"({', '.join(repr(v) for v in levels[:12])})", unknown)
        levels = list(groups)
    if not model.times:
        return pd.DataFrame({model.by: levels})
    points = _time_points(func, model, times)
    return pd.DataFrame({model.by: np.repeat(levels, len(points)),
                         model.times[0]: np.tile(points, len(levels))})


def _link(model: PresenceModel, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The linear predictor of each row and its standard error."""
    beta = np.asarray(model.result.params, dtype=np.float64)
    V = model.covariance
    eta = X @ beta
    return eta, np.sqrt(np.einsum("ij,jk,ik->i", X, V, X))


@_doc
def predict(
    model: PresenceModel | TopicEffects,
    *,
    times: int | str | Sequence = 50,
    groups: Sequence[str] | None = None,
    data: pd.DataFrame | None = None,
    topic: int | None = None,
) -> pd.DataFrame:
    """Predicted prevalence by group over time, with intervals.

    Parameters
    ----------
    {model}
    {times}
    groups : sequence of str, optional
        The groups (values of the model's ``by``) to predict for; all by
        default.
    data : DataFrame, optional
        Rows to predict for instead of the grid of groups and times, with
        every column the formula names (times as Timestamps); needed when
        the formula has covariates besides the group and time.
    topic : int, optional
        For topic effects, the one topic to predict (all by default).

    Returns
    -------
    DataFrame
        One row per group (per topic) and time: ``by``, the time column
        (``published``), for topics ``topic``, then ``prevalence``,
        ``prevalence_low``, ``prevalence_high``, ``method``, ``unit``.

    Notes
    -----
    {intervals}

    Examples
    --------
    >>> from wireframe import models
    >>> from wireframe.synthetic import prevalence
    >>> stories, scores, truth = prevalence.frame_trend(3000, seed=2)
    >>> fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published")
    >>> p = predict(fit, times=["2017-07-02"])
    >>> p[["outlet", "prevalence"]].round(2).values.tolist()
    [['A', 0.17], ['B', 0.3], ['C', 0.12]]
    """
    func = "models.predict"
    model = _check_model(func, model)
    rows = _grid(func, model, times, groups) if data is None else data.reset_index(drop=True)
    if isinstance(model, TopicEffects):
        return model._predict(rows, topic=topic)
    X = model.design(rows)
    eta, se = _link(model, X)
    z = model.critical(X)
    out = rows.copy()
    out["prevalence"] = special.expit(eta)
    out["prevalence_low"] = special.expit(eta - z * se)
    out["prevalence_high"] = special.expit(eta + z * se)
    out["method"] = f"{model.method_name}; delta method, logit scale"
    out["unit"] = model.unit
    return out


@_doc
def contrast(
    model: PresenceModel,
    *,
    target: str,
    reference: str,
    times: int | str | Sequence = 50,
    average: bool = False,
) -> pd.DataFrame:
    """The difference in predicted prevalence between two groups, with intervals.

    Parameters
    ----------
    model : PresenceModel
        The output of :func:`~wireframe.models.presence`.
    target, reference : str
        Two values of the model's ``by``: target minus reference.
    {times}
    average : bool, default False
        Instead of one row per time, one row: the difference averaged over
        the times of the modelled stories (an average predictive comparison,
        Gelman & Pardoe 2007), "holding the news period fixed".

    Returns
    -------
    DataFrame
        ``target``, ``reference``, the time column (not with ``average``),
        ``prevalence_target``, ``prevalence_reference``, ``difference``,
        ``difference_low``, ``difference_high``, ``method``, ``unit``.

    Notes
    -----
    :math:`d = \\text{expit}(x_T'\\beta) - \\text{expit}(x_R'\\beta)` with the
    delta-method variance :math:`g'Vg`,
    :math:`g = p_T(1-p_T)x_T - p_R(1-p_R)x_R` (averaged over the times for
    ``average``), and a Wald interval on the difference scale, read from
    Student's t with the Satterthwaite degrees of freedom of :math:`g'\\hat\\beta`.

    References
    ----------
    Gelman, A. & Pardoe, I. (2007). Average predictive comparisons for models
    with nonlinearity, interactions, and variance components. Sociological
    Methodology 37, 23-51.

    Examples
    --------
    >>> from wireframe import models
    >>> from wireframe.synthetic import prevalence
    >>> stories, scores, truth = prevalence.frame_trend(3000, seed=2)
    >>> fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published")
    >>> c = contrast(fit, target="B", reference="A", average=True)
    >>> round(float(c["difference"].iloc[0]), 2)
    0.13
    """
    func = "models.contrast"
    if not isinstance(model, PresenceModel):
        raise check.fail(func, "model", "a PresenceModel (models.presence)", model)
    average = check.flag(func, "average", average)
    levels = sorted(model.data[model.by].astype(str).unique())
    for name, value in (("target", target), ("reference", reference)):
        if value not in levels:
            raise check.fail(func, name, f"a value of {model.by!r} in the model "
                             f"({', '.join(repr(v) for v in levels[:12])})", value)
    if target == reference:
        raise check.ParameterError(f"{func}: `target` and `reference` must differ; both are "
                                   f"{target!r}")
    if average:
        base = model.data.drop(columns=[model.by]).copy()
        for column in model.times:
            base[column] = model.origin + base[column] * YEAR
    else:
        base = _grid(func, model, times, [target]).drop(columns=[model.by])
    parts = {}
    for side, name in (("target", target), ("reference", reference)):
        X = model.design(base.assign(**{model.by: name}))
        eta, _ = _link(model, X)
        p = special.expit(eta)
        parts[side] = (p, (p * (1 - p))[:, None] * X)
    V = model.covariance
    (p_t, g_t), (p_r, g_r) = parts["target"], parts["reference"]
    if average:
        p_t, p_r = np.array([p_t.mean()]), np.array([p_r.mean()])
        gradient = (g_t - g_r).mean(axis=0, keepdims=True)
        out = pd.DataFrame({"target": [target], "reference": [reference]})
    else:
        gradient = g_t - g_r
        out = base.assign(target=target, reference=reference)[
            ["target", "reference", *base.columns]]
    se = np.sqrt(np.einsum("ij,jk,ik->i", gradient, V, gradient))
    z = model.critical(gradient)
    out["prevalence_target"], out["prevalence_reference"] = p_t, p_r
    out["difference"] = p_t - p_r
    out["difference_low"] = np.clip(p_t - p_r - z * se, -1, 1)
    out["difference_high"] = np.clip(p_t - p_r + z * se, -1, 1)
    out["method"] = f"{model.method_name}; delta method"
    out["unit"] = model.unit
    return out.reset_index(drop=True)


@_doc
def trend(model: PresenceModel, *, times: int | str | Sequence = 50) -> pd.DataFrame:
    """Predicted prevalence over time, averaged over the groups, with intervals.

    Parameters
    ----------
    model : PresenceModel
        The output of :func:`~wireframe.models.presence`.
    {times}

    Returns
    -------
    DataFrame
        The time column (``published``), ``prevalence``, ``prevalence_low``,
        ``prevalence_high``, ``method``, ``unit``.

    Notes
    -----
    At each time, :math:`\\bar p(t) = \\sum_g w_g\\, \\text{expit}(x_g(t)'\\beta)`
    with :math:`w_g` each group's share of the modelled rows: the
    prevalence for the corpus's mix of outlets, holding it fixed over time
    (so that an outlet that joins late does not fake a trend). The interval
    is the delta method on the logit scale of :math:`\\bar p`, with Student's
    t quantile for the gradient's Satterthwaite degrees of freedom.
    :func:`time_test` tests whether the time terms matter at all.

    Examples
    --------
    >>> from wireframe import models
    >>> from wireframe.synthetic import prevalence
    >>> stories, scores, truth = prevalence.frame_trend(3000, seed=2)
    >>> fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published")
    >>> t = trend(fit, times=2)
    >>> t["prevalence"].round(2).tolist()
    [0.15, 0.26]
    """
    func = "models.trend"
    if not isinstance(model, PresenceModel):
        raise check.fail(func, "model", "a PresenceModel (models.presence)", model)
    if not model.times:
        raise check.ParameterError(f"{func}: the model has no time term; add one (e.g. "
                                   "'+ bs(published, df=4)') to see a trend")
    grid = _grid(func, model, times, None)
    weights = model.data[model.by].astype(str).value_counts(normalize=True)
    X = model.design(grid)
    eta, _ = _link(model, X)
    p = special.expit(eta)
    w = weights.loc[grid[model.by]].to_numpy()
    column = model.times[0]
    when = grid[column].to_numpy()
    points = pd.unique(when)
    index = pd.Index(points).get_indexer(when)
    mean = np.bincount(index, weights=w * p) / np.bincount(index, weights=w)
    gradient = np.zeros((len(points), X.shape[1]))
    np.add.at(gradient, index, (w * p * (1 - p))[:, None] * X)
    gradient /= np.bincount(index, weights=w)[:, None]
    V = model.covariance
    se = np.sqrt(np.einsum("ij,jk,ik->i", gradient, V, gradient)) / (mean * (1 - mean))
    z, logit = model.critical(gradient), special.logit(mean)
    return pd.DataFrame({column: points, "prevalence": mean,
                         "prevalence_low": special.expit(logit - z * se),
                         "prevalence_high": special.expit(logit + z * se),
                         "method": f"{model.method_name}; delta method, logit scale; groups "
                         "weighted by their share of the rows", "unit": model.unit})


def time_test(model: PresenceModel) -> pd.DataFrame:
    """Whether the frame's use changes over time: a Wald test of all time terms.

    Parameters
    ----------
    model : PresenceModel
        The output of :func:`~wireframe.models.presence`.

    Returns
    -------
    DataFrame
        One row: ``terms`` (how many), ``chi2``, ``df``, ``p``, ``method``,
        ``unit``. The statistic :math:`\\hat\\beta_T' V_T^{-1} \\hat\\beta_T`
        over the coefficients of terms built on a time column, with the
        cluster-robust :math:`V`, against :math:`\\chi^2` with as many
        degrees of freedom (a large-sample test: unlike the intervals, it
        takes no small-sample degrees of freedom).

    Examples
    --------
    >>> from wireframe import models
    >>> from wireframe.synthetic import prevalence
    >>> stories, scores, truth = prevalence.frame_trend(3000, seed=2)
    >>> fit = models.presence(stories, scores, frame="f", formula="present ~ outlet + published")
    >>> round(float(time_test(fit)["p"].iloc[0]), 3)
    0.002
    """
    func = "models.time_test"
    if not isinstance(model, PresenceModel):
        raise check.fail(func, "model", "a PresenceModel (models.presence)", model)
    terms = model.coefficients["term"].tolist()
    on_time = [i for i, t in enumerate(terms)
               if any(c in t.replace("[", " ").replace("(", " ").replace(",", " ").split()
                      for c in model.times)]
    if not on_time:
        raise check.ParameterError(f"{func}: the model has no time term")
    beta = np.asarray(model.result.params, dtype=np.float64)[on_time]
    V = model.covariance[np.ix_(on_time, on_time)]
    chi2 = float(beta @ np.linalg.solve(V, beta))
    return pd.DataFrame({"terms": [len(on_time)], "chi2": [chi2], "df": [len(on_time)],
                         "p": [float(stats.chi2.sf(chi2, len(on_time)))],
                         "method": [f"Wald, {model.method_name}"], "unit": [model.unit]})
