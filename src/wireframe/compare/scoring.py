"""The comparisons: keyness of one group against a reference, log-odds of several.

What ties the counts (:mod:`wireframe.compare.counts`) to the measures
(:mod:`wireframe.compare.measures`): the target and reference groups, the
counts on each side, a callable measure checked, the Dirichlet prior of the
log-odds, and the keyness table with its fixed columns (:data:`COLUMNS`).
"""

from __future__ import annotations

import inspect
import numbers
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from gensim.models.phrases import FrozenPhrases
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe._dask import is_batches, is_dask
from wireframe._docs import Docs
from wireframe.compare.counts import (
    _FRAGMENTS,
    UNITS,
    TermMatrix,
    _Counter,
    _Groups,
    _matrix,
    _streamed_counts,
    group_matrix,
    term_matrix,
)
from wireframe.compare.measures import (
    _ALL_CORRECTIONS,
    _DEFAULT_CORRECTION,
    _HALF,
    CORRECTIONS,
    MEASURES,
    log_odds_dirichlet,
    log_ratio,
    pmi,
)
from wireframe.text import Step

__all__ = ["COLUMNS", "keyness", "log_odds", "top_terms"]

COLUMNS: tuple[str, ...] = ("term", "stat", "p", "n_target", "n_reference", "log_ratio")
"""The first columns of every keyness table, in order; measures may add more after them."""

_doc = Docs(
    **_FRAGMENTS,
    min_count="""min_count : int
        Leave out terms that occur fewer times in target and reference
        together. The corpus sizes still count every term.""",
    prior="""prior : "corpus", float, DataFrame, TermMatrix or Series
        The Dirichlet prior of the log-odds: ``"corpus"`` takes each term's
        share of all the stories given (every group); a Story table is a
        background corpus, tokenized with the same steps and phrases as
        these stories (e.g. Reuters-21578 as a wire baseline); a TermMatrix
        is one already counted (build it with ``term_matrix(background,
        steps=counts.steps)`` so that the terms match); a Series maps terms
        to background counts; a number is the uninformative prior, that
        pseudo-count for every term.""",
    prior_scale="""prior_scale : float
        The weight of an informative prior against the data: each side's
        pseudo-counts add up to ``prior_scale`` times its own tokens; 1 when
        not given. Only for an informative prior.""",
)


def _warn_unused(option: str, measure: str, used_by: str) -> None:
    warnings.warn(
        f"`{option}` has no effect for measure {measure!r} (it is used by {used_by}); "
        "it is ignored", UserWarning, stacklevel=3,
    )


def _custom_measure(measure: Callable, func: str) -> Callable[..., pd.DataFrame]:
    """Check a callable ``measure``'s signature now, and its result when it runs."""
    try:
        inspect.signature(measure).bind(np.zeros(1), np.zeros(1), 1.0, 1.0)
    except TypeError as err:
        raise check.ParameterError(
            f"{func}: a `measure` callable must accept (n_target, n_reference, total_target, "
            f"total_reference); {getattr(measure, '__name__', measure)!r} does not: {err}"
        ) from None
    except ValueError:
        pass  # builtins without a signature: checked on their result instead

    def run(a, b, ta, tb) -> pd.DataFrame:
        out = measure(a, b, ta, tb)
        if isinstance(out, pd.DataFrame):
            if "stat" not in out.columns:
                raise check.ParameterError(
                    f"{func}: a `measure` returning a DataFrame must give a 'stat' column")
            out = out.reset_index(drop=True)
        else:
            out = pd.DataFrame({"stat": np.asarray(out, dtype=np.float64).reshape(-1)})
        if len(out) != len(a):
            raise check.ParameterError(
                f"{func}: `measure` must return one score per term: {len(a)} terms, "
                f"{len(out)} scores")
        if "p" not in out.columns:
            out.insert(1, "p", np.nan)
        return out

    return run


def _reference_groups(groups: _Groups, target: str, reference: object) -> list[str]:
    if reference is None:
        others = [n for n in groups.names if n != target]
        if not others:
            raise ValueError(
                f"{groups.func}: target {target!r} is the whole corpus: every story has "
                f"{groups.by} == {target!r}, so there is nothing to compare it with. Add a "
                "reference corpus to the table (pd.concat), or compare by another column"
            )
        return others
    refs = [reference] if isinstance(reference, str | numbers.Number) else list(reference)
    if not refs:
        raise check.fail(groups.func, "reference", "one group or several", reference)
    refs = [groups.check_group("reference", ref) for ref in refs]
    if target in refs:
        raise check.fail(groups.func, "reference", f"groups other than the target {target!r}",
                         refs, fix="leave reference=None to compare with all other groups")
    return refs


def _prior_counts(prior: object, tm: TermMatrix, groups: _Groups, unit: str) -> np.ndarray:
    """Background count of every term of ``tm`` (NaN where the background lacks it)."""
    if isinstance(prior, str):
        return groups.counts(groups.valid)
    if isinstance(prior, pd.Series):
        counts = prior.groupby(prior.index.astype(str)).sum()
    else:
        background = prior if isinstance(prior, TermMatrix) else term_matrix(
            prior, steps=tm.steps, phrases=False)
        every = np.ones(background.counts.shape[0], dtype=bool)
        counts = pd.Series(_Counter(background, unit).counts(every), index=background.terms)
    return counts.reindex(tm.terms).to_numpy(dtype=np.float64)


def _check_prior(prior: object, prior_scale: object, func: str) -> None:
    if isinstance(prior, str):
        check.choice(func, "prior", prior, ("corpus",))
    elif isinstance(prior, numbers.Real) and not isinstance(prior, bool):
        check.number(func, "prior", prior, low=0, closed="neither")
        if prior_scale is not None:
            warnings.warn(
                "`prior_scale` has no effect with an uninformative prior (a number): each "
                "term's pseudo-count is `prior` itself; it is ignored", UserWarning, stacklevel=3,
            )
    elif isinstance(prior, pd.Series):
        if not pd.api.types.is_numeric_dtype(prior) or (prior < 0).any():
            raise check.fail(func, "prior", "a Series of non-negative counts by term", prior)
    elif isinstance(prior, pd.DataFrame):
        check.stories(func, prior, ["headline", "body"], name="prior")
    elif not isinstance(prior, TermMatrix):
        raise check.fail(
            func, "prior", "'corpus', a positive number (uninformative), a Story table or "
            "TermMatrix (background corpus) or a Series of term counts", prior)
    if prior_scale is not None:
        check.number(func, "prior_scale", prior_scale, low=0, closed="neither")


def _alpha(prior: object, background: np.ndarray | None, inside: np.ndarray,
           sizes: tuple[float, float], prior_scale: float | None) -> tuple[np.ndarray, ...]:
    """Pseudo-counts of target and reference over the comparison's terms ``inside``."""
    if background is None:
        flat = np.full(len(inside), float(prior))
        return flat, flat
    # A term the background lacks gets half an occurrence, so its alpha stays positive.
    share = np.nan_to_num(background[inside], nan=0.0)
    share = np.where(share > 0, share, _HALF)
    share = share / share.sum()
    scale = 1.0 if prior_scale is None else float(prior_scale)
    return scale * sizes[0] * share, scale * sizes[1] * share


def _assemble(terms, a, b, ta, tb, scores: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame({
        "term": pd.array(terms, dtype="string"),
        "stat": scores["stat"].to_numpy(dtype=np.float64),
        "p": scores["p"].to_numpy(dtype=np.float64),
        "n_target": a.astype(np.int64),
        "n_reference": b.astype(np.int64),
        "log_ratio": log_ratio(a, b, ta, tb),
    })
    for col in scores.columns.drop(["stat", "p"]):
        table[col] = scores[col].to_numpy()
    return table


def _log_odds_scores(a, b, present, keep, prior, background, prior_scale) -> pd.DataFrame:
    """log_odds_dirichlet over every term of the comparison, then the rows ``keep``.

    alpha_0 sums over all terms in target or reference, so ``min_count``
    changes which rows are shown, not the values in them.
    """
    inside = np.flatnonzero(present)
    ta, tb = a.sum(), b.sum()
    alpha_t, alpha_r = _alpha(prior, background, inside, (ta, tb), prior_scale)
    scores = log_odds_dirichlet(a[inside], b[inside], ta, tb, alpha=alpha_t,
                                alpha_reference=alpha_r)
    return scores[np.isin(inside, keep)].reset_index(drop=True)


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(["stat", "term"], ascending=[False, True], na_position="last",
                             kind="mergesort", ignore_index=True)


def _side(groups: _Groups, tm: TermMatrix, target: str, refs: list[str], min_count: int):
    """Counts of the target and the reference, the terms in either, the rows kept."""
    a = groups.counts(groups.rows([target]))
    b = groups.counts(groups.rows(refs))
    func = groups.func
    if a.sum() == 0:
        raise ValueError(f"{func}: target {target!r} has no terms after preprocessing")
    if b.sum() == 0:
        raise ValueError(f"{func}: the reference ({', '.join(refs)}) has no terms after "
                         "preprocessing")
    present = (a + b) > 0
    keep = np.flatnonzero(present & ((a + b) >= min_count))
    if len(keep) == 0:
        raise ValueError(
            f"{func}: no term occurs at least min_count={min_count} times in {target!r} and its "
            "reference together; lower `min_count`"
        )
    return a, b, present, keep


@_doc
def keyness(
    stories: pd.DataFrame | TermMatrix,
    *,
    by: str,
    target: str,
    reference: str | Sequence[str] | None = None,
    measure: str | Callable[..., object] = "g2",
    unit: str = "placement",
    correction: str = "default",
    prior: object = None,
    prior_scale: float | None = None,
    min_count: int = 1,
    steps: Sequence[Step] | None = None,
    phrases: bool | FrozenPhrases | None = None,
) -> pd.DataFrame:
    """Which terms set one group's coverage apart from a reference's.

    Parameters
    ----------
    {stories}
    {by}
        Stories with no value are left out, with a warning.
    target : str
        The group to describe, a value of ``by``.
    reference : str, list of str or None, default None
        What to compare it with: one group, several (pooled), or None for
        all other groups.
    measure : {"g2", "chi2", "pmi", "log_odds"} or callable, default "g2"
        A key of :data:`MEASURES`, or a function ``f(n_target, n_reference,
        total_target, total_reference)`` of arrays and sizes returning one
        signed score per term (an array), or a DataFrame with ``stat`` and
        optionally ``p`` and more columns.
    {unit}
        Here the cells are the two sides of the comparison, target and
        reference: a wire story carried by three other outlets counts once in
        "all others".
    correction : {"default", "none", "yates", "yates_uncapped", "yates_quanteda", "williams"}
        The small-sample correction; ``"default"`` is ``"yates"`` for chi2,
        ``"williams"`` for g2 and none otherwise (see :func:`chi2`,
        :func:`g2`). One that does not apply to ``measure`` warns and is
        ignored.
    {prior}
        For ``measure="log_odds"`` only; "corpus" when not given.
    {prior_scale}
    {min_count}
    {steps}
    {phrases}

    Returns
    -------
    DataFrame
        One row per term that occurs in target or reference, sorted by
        ``stat`` from highest to lowest (ties by term):

        ``term`` (string)
            The term; phrases are joined by ``_``.
        ``stat`` (float)
            The measure, positive when the term is over-represented in the
            target, negative when under-represented.
        ``p`` (float)
            Its p-value (NaN for a callable that gives none).
        ``n_target``, ``n_reference`` (int)
            Occurrences in the target and in the reference.
        ``log_ratio`` (float)
            Effect size: :math:`\\log_2` of the ratio of relative
            frequencies, a zero count read as 0.5 (:func:`log_ratio`).

        ``measure="log_odds"`` adds ``delta``, ``var`` and ``z``; a callable
        returning a DataFrame adds its other columns. ``table.attrs`` records
        the measure, correction, target, reference, unit and both corpus
        sizes.

    Raises
    ------
    TypeError
        When ``stories`` is not a Story table or TermMatrix, or ``measure``
        is a callable of the wrong shape.
    ValueError
        When an option is not one of its allowed values; ``target`` (or a
        reference group) is not a value of ``by`` (with the nearest value);
        the target is the whole corpus; the reference includes the target;
        or no term is left (empty vocabulary, or ``min_count`` too high).

    Warns
    -----
    UserWarning
        For an option that has no effect with the chosen measure or input,
        for ``unit="story"`` without a ``family_id`` column, and for stories
        with no group.

    See Also
    --------
    log_odds : several groups at once.
    term_matrix : count once, compare many times.
    wireframe.plots.keyness_bars : draw the result.

    Notes
    -----
    Each term gives a 2x2 table: its occurrences :math:`a` in the target and
    :math:`b` in the reference, against :math:`c = T - a` and :math:`d = R -
    b` other tokens, where the corpus sizes :math:`T, R` count every term
    occurrence after preprocessing (stopwords removed), before
    ``min_count``. Formulas: :func:`chi2`, :func:`g2`, :func:`pmi`,
    :func:`log_odds_dirichlet`, :func:`log_ratio`.

    Yates' correction has two conventions. R (``chisq.test``) and scipy
    (``chi2_contingency``) cap it at :math:`|O - E|` ("yates", the default):
    for [[3, 14], [2, 10]], where every :math:`|O - E|` is 0.069, the
    corrected statistic is 0, against 0.004738562 uncorrected. Yates'
    formula as printed ("yates_uncapped") gives 0.1851001, the value in
    quanteda's test suite, *larger* than the uncorrected one.
    "yates_quanteda" follows quanteda.textstats' compiled code, which
    corrects only tables with :math:`|O - E| \\ge 0.5` and an expected
    count below 5.

    For "log_odds" with an informative prior, each side gets pseudo-counts
    in proportion to its size: :math:`\\alpha^t_w = s\\,T\\,\\pi_w` and
    :math:`\\alpha^r_w = s\\,R\\,\\pi_w`, with :math:`\\pi_w` the term's share
    of the prior corpus and :math:`s` = ``prior_scale`` (see
    :func:`log_odds`).

    References
    ----------
    Dunning (1993); Rayson & Garside (2000); Williams (1976); Yates (1934);
    Monroe, Colaresi & Quinn (2008); Hardie (2014). See
    :mod:`wireframe.compare`.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["TASS", "TASS", "CNN", "CNN"], "headline": "",
    ...     "body": ["NATO expansion threatens Russia.", "NATO drills near Russia.",
    ...              "NATO allies meet.", "Allies back Ukraine."]})
    >>> k = keyness(t, by="outlet", target="TASS", phrases=False, correction="none")
    >>> k[["term", "n_target", "n_reference"]].head(2).values.tolist()
    [['russia', 2, 0], ['drills', 1, 0]]
    >>> k.columns.tolist()
    ['term', 'stat', 'p', 'n_target', 'n_reference', 'log_ratio']
    """
    func = "compare.keyness"
    check.choice(func, "unit", unit, UNITS)
    check.choice(func, "correction", correction, _ALL_CORRECTIONS)
    min_count = check.integer(func, "min_count", min_count, low=1)
    if callable(measure):
        name = getattr(measure, "__name__", "custom")
        run = _custom_measure(measure, func)
        given = {"correction": correction != "default", "prior": prior is not None,
                 "prior_scale": prior_scale is not None}
        for option in [o for o, used in given.items() if used]:
            _warn_unused(option, name, "the built-in measures")
    else:
        check.choice(func, "measure", measure, tuple(MEASURES))
        name = measure
        if correction != "default" and correction not in CORRECTIONS[measure]:
            users = [m for m, allowed in CORRECTIONS.items() if correction in allowed]
            _warn_unused("correction", measure, " and ".join(repr(u) for u in users))
            correction = "default"
        correction = _DEFAULT_CORRECTION[measure] if correction == "default" else correction
        if measure != "log_odds":
            for option, value in (("prior", prior), ("prior_scale", prior_scale)):
                if value is not None:
                    _warn_unused(option, measure, "'log_odds'")
        else:
            prior = "corpus" if prior is None else prior
            _check_prior(prior, prior_scale, func)
    if is_dask(stories) or is_batches(stories):
        # Counted per group as the batches come; keyness needs nothing more
        # for unit="placement" (see _streamed_counts).
        counts = _streamed_counts(stories, by=by, unit=unit, steps=steps, phrases=phrases,
                                  func=func)
        stories, steps, phrases = group_matrix(counts, by=by), None, None
    tm = _matrix(stories, steps, phrases, by, func)
    groups = _Groups(tm, by, unit, func)
    target = groups.check_group("target", target)
    refs = _reference_groups(groups, target, reference)
    a, b, present, keep = _side(groups, tm, target, refs, min_count)
    ta, tb = a.sum(), b.sum()
    if callable(measure):
        scores = run(a[keep], b[keep], ta, tb)
    elif measure == "log_odds":
        background = None if isinstance(prior, numbers.Real) else _prior_counts(
            prior, tm, groups, unit)
        scores = _log_odds_scores(a, b, present, keep, prior, background, prior_scale)
    elif measure == "pmi":
        scores = pmi(a[keep], b[keep], ta, tb)
    else:
        scores = MEASURES[measure](a[keep], b[keep], ta, tb, correction=correction)
    table = _assemble(tm.terms[keep], a[keep], b[keep], ta, tb, scores)
    table = _sorted(table)
    table.attrs.update({
        "measure": name, "correction": correction if not callable(measure) else None,
        "by": by, "target": target, "reference": "all others" if reference is None else refs,
        "unit": unit, "total_target": int(a.sum()), "total_reference": int(b.sum()),
    })
    return table


@_doc
def log_odds(
    stories: pd.DataFrame | TermMatrix,
    *,
    by: str,
    target: str | Sequence[str] | None = None,
    reference: str | Sequence[str] | None = None,
    prior: object = "corpus",
    prior_scale: float | None = None,
    unit: str = "placement",
    min_count: int = 1,
    steps: Sequence[Step] | None = None,
    phrases: bool | FrozenPhrases | None = None,
) -> pd.DataFrame:
    """Fightin' Words: log-odds ratios with a Dirichlet prior, several groups at once.

    Parameters
    ----------
    {stories}
    {by}
        Stories with no value are left out, with a warning.
    target : str, list of str or None, default None
        The groups to describe, each in turn; None for every group that is
        not in ``reference``.
    reference : str, list of str or None, default None
        What each target is compared with: None for all other groups (each
        against the rest), or one or several groups (pooled).
    {prior}
    {prior_scale}
    {unit}
        Here the cells are the two sides of each comparison, the target and
        its reference.
    {min_count}
    {steps}
    {phrases}

    Returns
    -------
    DataFrame
        The columns of :func:`keyness` (``term, stat, p, n_target,
        n_reference, log_ratio``; ``stat`` is the z-score), then ``target``
        (the group of the row), ``delta`` (log-odds ratio, natural log),
        ``var`` (its variance) and ``z``. Sorted by target (in the order
        given, else by name), then ``stat`` from highest to lowest.

    Raises
    ------
    TypeError, ValueError
        As :func:`keyness`.

    See Also
    --------
    keyness : one target, any measure (``measure="log_odds"`` is this).
    log_odds_dirichlet : the formula, on counts.
    wireframe.plots.fightin_words : the Monroe et al. scatter.

    Notes
    -----
    For each target, with its counts :math:`y_t`, the reference's
    :math:`y_r` and their sizes :math:`n_t, n_r` (tokens after
    preprocessing), :func:`log_odds_dirichlet` gives :math:`\\delta_w`,
    :math:`\\sigma^2_w \\approx 1/(y_t + \\alpha^t_w) + 1/(y_r + \\alpha^r_w)`
    and :math:`z_w = \\delta_w / \\sigma_w` (Monroe et al. 2008, eqs. 16-22),
    over the terms of the comparison (those in target or reference). The
    prior:

    - uninformative (a number :math:`a`): :math:`\\alpha^t_w = \\alpha^r_w = a`
      for every term, as in Monroe et al. (who use 0.01) and the
      FightingWords implementations.
    - informative (``"corpus"``, a background table, TermMatrix or Series):
      :math:`\\pi_w` is the term's share of the prior corpus (a term the
      background lacks counts as 0.5 occurrences, so every pseudo-count is
      positive), and each side's prior is scaled to its own size,
      :math:`\\alpha^t_w = s\\,n_t\\,\\pi_w` and :math:`\\alpha^r_w =
      s\\,n_r\\,\\pi_w` with :math:`s` = ``prior_scale`` (1: the prior weighs
      as much as the data, and each side's rates are pulled halfway towards
      :math:`\\pi`). Monroe et al. let each group have its own prior
      :math:`\\alpha^{(i)}` and leave its size to the analyst. Scaling by
      size keeps a term used at the same rate on both sides at
      :math:`\\delta_w = 0` whatever the prior; one pseudo-count shared by
      both sides would pull the smaller side further towards :math:`\\pi`,
      so a term that is common in a background corpus (Reuters' "mln")
      would come out as key for whichever side is smaller.

    ``min_count`` hides rows; the values do not depend on it.

    References
    ----------
    Monroe, Colaresi & Quinn (2008). See :mod:`wireframe.compare`.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "B"], "headline": "",
    ...     "body": ["the quick brown fox jumps over the lazy pig",
    ...              "the lazy purple pig jumps over the lazier donkey"]})
    >>> from wireframe import text
    >>> steps = text.pipeline(pattern="sklearn", stopwords=None)
    >>> lo = log_odds(t, by="outlet", target="A", prior=0.05, steps=steps, phrases=False)
    >>> lo[["term", "z"]].head(1).round(6).values.tolist()
    [['brown', 0.689423]]
    """
    func = "compare.log_odds"
    check.choice(func, "unit", unit, UNITS)
    min_count = check.integer(func, "min_count", min_count, low=1)
    _check_prior(prior, prior_scale, func)
    tm = _matrix(stories, steps, phrases, by, func)
    groups = _Groups(tm, by, unit, func)
    refs_given = [] if reference is None else [groups.check_group("reference", r) for r in (
        [reference] if isinstance(reference, str | numbers.Number) else reference)]
    if target is None:
        targets = [n for n in groups.names if n not in refs_given]
        if not targets:
            raise ValueError(f"{func}: every group is in `reference`; name a `target` to "
                             "describe")
    else:
        targets = [groups.check_group("target", t) for t in (
            [target] if isinstance(target, str | numbers.Number) else target)]
    background = None if isinstance(prior, numbers.Real) else _prior_counts(
        prior, tm, groups, unit)
    parts = []
    for t in tqdm(targets, desc="log-odds", unit="group", disable=None, leave=False):
        refs = _reference_groups(groups, t, reference)
        a, b, present, keep = _side(groups, tm, t, refs, min_count)
        scores = _log_odds_scores(a, b, present, keep, prior, background, prior_scale)
        table = _assemble(tm.terms[keep], a[keep], b[keep], a.sum(), b.sum(), scores)
        table.insert(6, "target", pd.array([t] * len(table), dtype="string"))
        parts.append(_sorted(table))
    out = pd.concat(parts, ignore_index=True)
    out.attrs.update({"measure": "log_odds", "by": by, "target": targets,
                      "reference": "all others" if reference is None else refs_given,
                      "unit": unit, "prior": prior if isinstance(prior, str | float | int)
                      else type(prior).__name__})
    return out


def top_terms(table: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """Keep the ``n`` most over- and the ``n`` most under-represented terms of a table.

    What a keyness bar chart or a Fightin' Words scatter labels, and so the
    table to save beside the figure (the full vocabulary would be tens of
    thousands of rows).

    Parameters
    ----------
    table : DataFrame
        The output of :func:`keyness` or :func:`log_odds` (one target).
    n : int, default 15
        Terms kept at each end.

    Returns
    -------
    DataFrame
        The same columns, the highest ``stat`` first, then the lowest,
        ``stat`` descending; terms are never repeated when the table is
        short.

    Examples
    --------
    >>> t = pd.DataFrame({"term": list("abcde"), "stat": [5.0, 3.0, 0.0, -1.0, -4.0]})
    >>> top_terms(t, n=2)["term"].tolist()
    ['a', 'b', 'd', 'e']
    """
    n = check.integer("compare.top_terms", "n", n, low=1)
    check.made_by("compare.top_terms", table, ["term", "stat"], name="table",
                  maker="compare.keyness or compare.log_odds")
    ordered = table.sort_values(["stat", "term"], ascending=[False, True], kind="stable")
    keep = ordered.head(n).index.union(ordered[ordered["stat"] < 0].tail(n).index, sort=False)
    return ordered.loc[ordered.index.isin(keep)].reset_index(drop=True)
