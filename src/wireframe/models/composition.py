"""Topic proportions on covariates, with each story's posterior: stm's ``estimateEffect``.

:func:`posterior` reads each story's variational Dirichlet :math:`\\gamma_d`
from a gensim model; :func:`topic_effects` regresses the topic proportions on
covariates by the method of composition, drawing the proportions from those
posteriors so that the intervals carry the uncertainty of the topic model's
estimates of each story as well as the sampling of stories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import formulaic
import numpy as np
import pandas as pd
from scipy import stats

from wireframe import _validate as check
from wireframe import aggregate, intervals
from wireframe._docs import Docs
from wireframe.models.binomial import _plain_strings
from wireframe.topics import TopicModel

__all__ = ["COVARIANCES", "TopicEffects", "posterior", "topic_effects"]

COVARIANCES: tuple[str, ...] = ("cluster", "ols")
"""The covariance of each draw's regression: clustered by family, or OLS's (stm's)."""

_YEAR = pd.Timedelta(days=365.25)

_doc = Docs(
    posterior="""posterior : DataFrame
        ``story_id`` and ``gamma_1`` ... ``gamma_K``, each story's variational
        Dirichlet parameters: the output of :func:`posterior` (or of any
        topic model that gives them).""",
)


@dataclass(frozen=True, repr=False)
class TopicEffects:
    """Topic proportions regressed on covariates: what :func:`topic_effects` returns.

    Attributes
    ----------
    formula : str
        The right side of the model, e.g. ``"~ outlet + bs(published, df=4)"``.
    unit : {"placement", "story"}
        What a row counts.
    by : str
        The group column of the counting rule and of predictions.
    origin : Timestamp
        Time zero of the time columns (in years since it).
    data : DataFrame
        The modelled rows: ``story_id``, ``family`` and the formula's columns.
    coefficients : DataFrame
        ``topic``, ``term``, ``estimate``, ``std_error``, ``z``, ``p``,
        ``low``, ``high``, ``method``, ``unit``.
    draws : ndarray
        The pooled draws of the coefficients, topics x draws x terms.
    topics : tuple of int
        The topics modelled, in the order of ``draws``.
    """

    formula: str
    unit: str
    by: str
    origin: pd.Timestamp
    data: pd.DataFrame
    coefficients: pd.DataFrame
    draws: np.ndarray = field(compare=False)
    topics: tuple[int, ...]
    spec: object = field(compare=False)
    confidence: float = 0.95
    times: tuple[str, ...] = ()
    variables: frozenset[str] = frozenset()
    method: str = ""

    def __repr__(self) -> str:
        return (f"TopicEffects({len(self.topics)} topics {self.formula}; {len(self.data):,} "
                f"{self.unit}s, {self.draws.shape[1]:,} draws)")

    def design(self, data: pd.DataFrame) -> np.ndarray:
        """The design matrix of new rows (times as Timestamps or years since ``origin``)."""
        data = _plain_strings(data)
        for column in self.times:
            if pd.api.types.is_datetime64_any_dtype(data[column]):
                data[column] = (pd.to_datetime(data[column], utc=True) - self.origin) / _YEAR
        return np.asarray(self.spec.get_model_matrix(data, na_action="raise"), dtype=np.float64)

    def _predict(self, rows: pd.DataFrame, topic: int | None = None) -> pd.DataFrame:
        """Each row's predicted proportion of each topic: mean and quantiles over the draws."""
        if topic is not None and topic not in self.topics:
            raise check.fail("models.predict", "topic", f"one of the modelled topics "
                             f"({', '.join(map(str, self.topics))})", topic)
        X = self.design(rows)
        a = (1 - self.confidence) / 2
        parts = []
        for i, k in enumerate(self.topics):
            if topic is not None and k != topic:
                continue
            values = X @ self.draws[i].T
            low, high = np.quantile(values, [a, 1 - a], axis=1)
            parts.append(rows.assign(topic=k, prevalence=values.mean(axis=1),
                                     prevalence_low=low, prevalence_high=high,
                                     method=self.method, unit=self.unit))
        return pd.concat(parts, ignore_index=True)


def posterior(model: TopicModel) -> pd.DataFrame:
    """Each story's variational Dirichlet posterior over topics, from a gensim LDA model.

    Parameters
    ----------
    model : TopicModel
        A model from :func:`wireframe.topics.fit`, with its corpus.

    Returns
    -------
    DataFrame
        One row per story of the model's corpus, in its order: ``story_id``,
        ``gamma_1`` ... ``gamma_K``. Normalised, a row is that story's
        proportions in :func:`wireframe.topics.proportions` (the same seeded
        inference).

    Notes
    -----
    Variational inference approximates the posterior of a story's topic
    proportions :math:`\\theta_d` by a Dirichlet with parameters
    :math:`\\gamma_d` (Blei, Ng & Jordan 2003): its mean is the point
    estimate, and its spread says how much the words of that story pin the
    proportions down (a short story, little).

    Examples
    --------
    >>> from wireframe import topics
    >>> bodies = ["war war army", "army war war", "trade trade tariffs", "tariffs trade trade"]
    >>> t = pd.DataFrame({"story_id": list("abcd"), "headline": "", "body": bodies})
    >>> c = topics.prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> g = posterior(topics.fit(c, k=2, seed=1, passes=5))
    >>> list(g.columns), bool((g[["gamma_1", "gamma_2"]] > 0).all().all())
    (['story_id', 'gamma_1', 'gamma_2'], True)
    """
    func = "models.posterior"
    if not isinstance(model, TopicModel):
        raise check.fail(func, "model", "a TopicModel (topics.fit)", model)
    if model.corpus is None:
        raise ValueError(f"{func}: this model was read from disk and has no corpus; refit it, "
                         "or pass gamma from your own inference")
    lda, bow = model.lda, model.corpus.bow
    # The same fresh, seeded state as topics.proportions, so the two agree.
    saved = lda.random_state
    lda.random_state = np.random.RandomState(model.settings["seed"])
    try:
        chunks = [lda.inference(bow[i:i + lda.chunksize])[0]
                  for i in range(0, len(bow), lda.chunksize)]
    finally:
        lda.random_state = saved
    gamma = np.vstack(chunks).astype(np.float64) if chunks else np.zeros((0, model.k))
    return pd.concat([model.corpus.stories[["story_id"]].reset_index(drop=True),
                      pd.DataFrame(gamma, columns=[f"gamma_{k + 1}" for k in range(model.k)])],
                     axis=1)


def _gamma_columns(func: str, table: pd.DataFrame) -> list[str]:
    cols = [c for c in table.columns if re.fullmatch(r"gamma_\d+", str(c))]
    if not cols:
        raise check.ParameterError(f"{func}: `posterior` has no gamma_1 ... gamma_K columns; "
                                   "make it with models.posterior(model)")
    return sorted(cols, key=lambda c: int(c.split("_")[1]))


def _ols_draws(X: np.ndarray, theta: np.ndarray, clusters: np.ndarray, covariance: str
               ) -> tuple[np.ndarray, np.ndarray]:
    """OLS of every topic's proportions on X: coefficients (K, p) and covariances (K, p, p)."""
    n, p = X.shape
    bread = np.linalg.inv(X.T @ X)
    beta = bread @ X.T @ theta                              # p x K
    resid = theta - X @ beta                                # n x K
    if covariance == "ols":
        s2 = (resid ** 2).sum(axis=0) / (n - p)
        return beta.T, s2[:, None, None] * bread[None]
    g = int(clusters.max()) + 1
    # Scores summed within each family: G x p x K.
    scores = intervals.sum_by(clusters, X[:, :, None] * resid[:, None, :], g)
    meat = np.einsum("gpk,gqk->kpq", scores, scores)
    # statsmodels' small-sample factor for cluster-robust OLS: G/(G-1) (n-1)/(n-p).
    factor = g / (g - 1) * (n - 1) / (n - p) if g > 1 else 1.0
    return beta.T, factor * np.einsum("pq,kqr,rs->kps", bread, meat, bread)


@_doc
def topic_effects(
    table: pd.DataFrame,
    posterior: pd.DataFrame,
    *,
    formula: str = "~ outlet + bs(published, df=4)",
    by: str = "outlet",
    unit: str = "placement",
    topics: list[int] | None = None,
    n_sims: int = 25,
    n_draws: int = 500,
    covariance: str = "cluster",
    origin: str | pd.Timestamp | None = None,
    confidence: float = 0.95,
    seed: int = 0,
) -> TopicEffects:
    """Topic proportions regressed on covariates by the method of composition (stm).

    Parameters
    ----------
    table : DataFrame
        Stories with the covariates: the output of
        :func:`wireframe.topics.proportions` (or any Story table) with
        ``story_id``, ``family_id`` when known, ``by`` and the formula's
        columns.
    {posterior}
    formula : str, default "~ outlet + bs(published, df=4)"
        The right side of the model, as in :func:`~wireframe.models.presence`
        (time columns enter in years since ``origin``).
    by : str, default "outlet"
        The group of the counting rule and of predictions.
    {unit}
    topics : list of int, optional
        The topics to model (1 to K); all by default.
    n_sims : int, default 25
        Draws of every story's proportions from its posterior (stm's
        ``nsims``, also 25).
    n_draws : int, default 500
        Draws of the coefficients from each regression's sampling
        distribution (stm's ``summary.estimateEffect`` draws 500).
    covariance : {"cluster", "ols"}, default "cluster"
        The covariance of each regression: cluster-robust by syndication
        family (copies of one story are one piece of evidence), or OLS's, as
        stm uses.
    origin : str or Timestamp, optional
        Time zero of the time columns; by default the day of the earliest
        story.
    {confidence}
    {seed}

    Returns
    -------
    TopicEffects
        With ``coefficients`` (``topic``, ``term``, ``estimate``,
        ``std_error``, ``z``, ``p``, ``low``, ``high``, ``method``,
        ``unit``); pass it to :func:`~wireframe.models.predict` for each
        group's predicted proportions over time.

    Raises
    ------
    ValueError
        For stories without a posterior, a bad formula or option.

    Notes
    -----
    The method of composition (Tanner 1996), as stm's ``estimateEffect``
    applies it (Roberts, Stewart & Tingley 2019, section 3.5): for each of
    ``n_sims`` simulations, draw every story's proportions
    :math:`\\theta_d \\sim \\text{Dirichlet}(\\gamma_d)` from its variational
    posterior; regress each topic's :math:`\\theta_{dk}` on the design by
    OLS, giving :math:`\\hat\\beta_{sk}` and :math:`\\hat V_{sk}`; draw
    ``n_draws`` coefficients from :math:`N(\\hat\\beta_{sk}, \\hat V_{sk})`.
    Pooled over the simulations, the draws' mean is the estimate, their
    standard deviation the standard error (``z`` and ``p`` from it), and
    their quantiles the interval: the spread between simulations carries
    the uncertainty of each story's proportions, the spread within them
    the sampling of stories. stm draws from a logistic-normal posterior;
    LDA's variational posterior is Dirichlet. The model is linear in the
    proportions (stm's too), so a predicted proportion can fall slightly
    outside [0, 1] where data are thin.

    References
    ----------
    Roberts, M. E., Stewart, B. M. & Tingley, D. (2019). stm: An R package
    for structural topic models. Journal of Statistical Software 91(2), 1-40.
    Tanner, M. A. (1996). Tools for Statistical Inference, 3rd ed. Springer.

    Examples
    --------
    >>> table = pd.DataFrame({"story_id": list("abcdef"), "outlet": list("AAABBB")})
    >>> gamma = pd.DataFrame({"story_id": list("abcdef"),
    ...                       "gamma_1": [9.0, 8, 7, 2, 3, 1], "gamma_2": [1.0, 2, 3, 8, 7, 9]})
    >>> fx = topic_effects(table, gamma, formula="~ outlet", covariance="ols", seed=1)
    >>> row = fx.coefficients.query("topic == 1 and term == 'outlet[T.B]'").iloc[0]
    >>> round(float(row["estimate"]), 2)           # mean gamma share: 0.2 in B, 0.8 in A
    -0.58
    """
    func = "models.topic_effects"
    check.stories(func, table, ["story_id", by], name="table")
    check.made_by(func, posterior, ["story_id"], name="posterior",
                  maker="models.posterior(model)")
    gamma_cols = _gamma_columns(func, posterior)
    check.choice(func, "unit", unit, aggregate.UNITS)
    check.choice(func, "covariance", covariance, COVARIANCES)
    n_sims = check.integer(func, "n_sims", n_sims, low=1)
    n_draws = check.integer(func, "n_draws", n_draws, low=1)
    confidence = check.confidence(func, confidence)
    seed = check.seed(func, seed)
    k_all = len(gamma_cols)
    chosen = list(range(1, k_all + 1)) if topics is None else list(topics)
    bad = [t for t in chosen if not isinstance(t, int | np.integer) or not 1 <= t <= k_all]
    if bad or not chosen:
        raise check.fail(func, "topics", f"topic numbers from 1 to {k_all}", topics)
    if not isinstance(formula, str) or not formula.strip().startswith("~"):
        raise check.fail(func, "formula", "the right side of a formula, such as '~ outlet + "
                         "bs(published, df=4)'", formula)
    units = aggregate.counting_units(table, by, None, unit)
    keyed = posterior.set_index(posterior["story_id"].astype(object))
    ids = units["story_id"].astype(object)
    missing = ~ids.isin(keyed.index)
    if missing.any():
        raise check.ParameterError(
            f"{func}: `posterior` has no row for {int(missing.sum())} of the stories (first "
            f"{ids[missing].iloc[0]!r}); make it from the model the table came from")
    gamma = keyed.loc[ids, gamma_cols].to_numpy(dtype=np.float64)
    named = [c for c in table.columns if c != "story_id" and re.search(
        rf"(?<![\w.]){re.escape(str(c))}(?![\w.])", formula)]
    data = _plain_strings(table.loc[units.index, sorted(set(named) | {by})])
    data.insert(0, "family", units["family"].to_numpy())
    data.insert(0, "story_id", ids.to_numpy())
    times = tuple(c for c in named if pd.api.types.is_datetime64_any_dtype(data[c]))
    if origin is None:
        first = pd.concat([data[c] for c in times]).min() if times else pd.NaT
        origin = first.floor("D") if pd.notna(first) else pd.Timestamp("1970-01-01", tz="UTC")
    origin = pd.Timestamp(origin)
    origin = origin.tz_localize("UTC") if origin.tzinfo is None else origin.tz_convert("UTC")
    for column in times:
        data[column] = (pd.to_datetime(data[column], utc=True) - origin) / _YEAR
    try:
        design = formulaic.model_matrix(formula, data, na_action="raise")
    except Exception as error:          # an unknown name or function, missing values
        raise check.ParameterError(f"{func}: the formula {formula!r} cannot be built on "
                                   f"these stories: {error}") from None
    X = np.asarray(design, dtype=np.float64)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise check.ParameterError(f"{func}: the design of {formula!r} is rank-deficient on "
                                   "these stories (a level with no story, or collinear terms)")
    clusters = pd.factorize(data["family"])[0]
    rng = np.random.default_rng(seed)
    index = np.array(chosen) - 1
    draws = np.empty((len(chosen), n_sims * n_draws, X.shape[1]))
    for s in range(n_sims):
        g = rng.standard_gamma(gamma)
        theta = (g / g.sum(axis=1, keepdims=True))[:, index]
        beta, V = _ols_draws(X, theta, clusters, covariance)
        for i in range(len(chosen)):
            draws[i, s * n_draws:(s + 1) * n_draws] = rng.multivariate_normal(
                beta[i], V[i], size=n_draws, method="cholesky" if np.all(
                    np.linalg.eigvalsh(V[i]) > 0) else "eigh")
    a = (1 - confidence) / 2
    terms = list(design.columns)
    method = (f"method of composition (stm estimateEffect): {n_sims} posterior draws, OLS, "
              f"{'cluster-robust by family' if covariance == 'cluster' else 'OLS covariance'}")
    rows = []
    for i, k in enumerate(chosen):
        est, se = draws[i].mean(axis=0), draws[i].std(axis=0, ddof=1)
        low, high = np.quantile(draws[i], [a, 1 - a], axis=0)
        z = est / se
        rows.append(pd.DataFrame({"topic": k, "term": terms, "estimate": est, "std_error": se,
                                  "z": z, "p": 2 * stats.norm.sf(np.abs(z)), "low": low,
                                  "high": high, "method": method, "unit": unit}))
    variables = set(design.model_spec.variables_by_source.get("data", set()))
    return TopicEffects(formula=formula, unit=unit, by=by, origin=origin,
                        data=data.reset_index(drop=True),
                        coefficients=pd.concat(rows, ignore_index=True), draws=draws,
                        topics=tuple(int(k) for k in chosen), spec=design.model_spec,
                        confidence=confidence, times=tuple(c for c in times if c in variables),
                        variables=frozenset(variables), method=method)
