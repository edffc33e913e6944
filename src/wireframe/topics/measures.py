"""Measures of topic models: FREX, exclusivity, NMI, and the sweep over K.

:func:`frex`, :func:`exclusivity` and :func:`nmi` are pure functions over
topic-word probabilities (or labels); :func:`sweep` fits a model for each K
and scores it by coherence (gensim's CoherenceModel), held-out perplexity by
document completion and exclusivity, to help choose K.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import numbers
import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from gensim.models import LdaModel
from gensim.models.coherencemodel import CoherenceModel
from scipy import stats
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe.topics import cache as store
from wireframe.topics.corpus import TopicCorpus, _check_corpus
from wireframe.topics.model import _DEFAULT, LdaOptions, _beta, _doc, _lda, _theta

__all__ = ["COHERENCE", "exclusivity", "frex", "nmi", "sweep"]

logger = logging.getLogger(__name__)

COHERENCE: tuple[str, ...] = ("c_v", "u_mass", "c_npmi")
"""The coherence measures :func:`sweep` computes, by gensim's names."""


def _check_beta(func: str, beta: object) -> np.ndarray:
    arr = np.asarray(beta, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1 or (arr < 0).any():
        raise check.ParameterError(f"{func}: `beta` must be a K x V matrix of topic-word "
                                   f"probabilities; got shape {arr.shape}")
    return arr


def _js_shrink(excl: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """stm's js.estimate, column by column: shrink each word's topic shares toward 1/K."""
    unif = 1.0 / excl.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        mlvar = (excl * (1 - excl) / (counts - 1)).sum(axis=0)
        deviation = ((excl - unif) ** 2).sum(axis=0)
        lam = np.clip(mlvar / deviation, 0.0, 1.0)
    # As stm: no deviation from uniform keeps the shares, an undefined lambda gives uniform.
    lam = np.where(np.isnan(lam), 1.0, lam)
    shrunk = np.where(deviation == 0, excl, lam * unif + (1 - lam) * excl)
    # A word seen once says nothing about where it belongs: uniform.
    return np.where(counts <= 1, unif, shrunk)


def frex(
    beta: np.ndarray,
    *,
    weight: float = 0.5,
    word_counts: np.ndarray | None = None,
) -> np.ndarray:
    """FREX score of every word in every topic: frequent in it, and exclusive to it.

    Parameters
    ----------
    beta : array, shape (K, V)
        Topic-word probabilities, one row per topic.
    weight : float, default 0.5
        Weight of frequency in the harmonic mean, between 0 and 1: stm's
        ``frexweight`` (the ``w`` of its ``calcfrex``); exclusivity gets
        ``1 - weight``. 1 ranks by probability alone, 0 by exclusivity.
    word_counts : array of shape (V,), optional
        Occurrences of each word in the corpus. When given, exclusivity is
        shrunk toward the uniform 1/K with stm's James-Stein estimator, as
        stm's ``labelTopics`` does, so that a rare word is not "exclusive"
        by chance.

    Returns
    -------
    ndarray, shape (K, V)
        FREX, in (0, 1]; higher is more characteristic of the topic.

    Raises
    ------
    ValueError
        For a ``beta`` that is not a K x V matrix of probabilities, a
        ``weight`` outside [0, 1], or ``word_counts`` of the wrong length.

    Notes
    -----
    With exclusivity :math:`e_{kv} = \\beta_{kv} / \\sum_j \\beta_{jv}` and
    :math:`\\mathrm{ECDF}_k` the empirical CDF over the words of topic
    :math:`k` (rank / V, ties averaged),

    .. math:: \\mathrm{FREX}_{kv} = \\left(\\frac{w}{\\mathrm{ECDF}_k(\\beta_{kv})}
              + \\frac{1 - w}{\\mathrm{ECDF}_k(e_{kv})}\\right)^{-1}

    the weighted harmonic mean of the two ranks (Bischof & Airoldi 2012),
    in the form of stm's ``calcfrex``. The stm paper writes the weight
    :math:`\\omega` on exclusivity; stm's code, followed here, puts it on
    frequency. At the default 0.5 the two agree. The shrinkage (Hausser &
    Strimmer 2009), per word with :math:`n_v` occurrences:
    :math:`\\lambda = \\sum_k e_{kv}(1 - e_{kv}) / (n_v - 1) \\big/ \\sum_k
    (e_{kv} - 1/K)^2`, clipped to [0, 1], and :math:`e \\leftarrow \\lambda / K
    + (1 - \\lambda) e`.

    References
    ----------
    Bischof, J. M. & Airoldi, E. M. (2012). Summarizing topical content
    with word frequency and exclusivity. Proceedings of ICML 29, 201-208.

    Hausser, J. & Strimmer, K. (2009). Entropy inference and the James-Stein
    estimator. JMLR 10, 1469-1484.

    Roberts, M. E., Stewart, B. M. & Tingley, D. (2019). stm: An R package
    for structural topic models. JSS 91(2).

    Examples
    --------
    The first word is the most frequent in both topics, so exclusive to
    neither; FREX ranks it level with the rarer word each topic owns.

    >>> beta = np.array([[0.5, 0.3, 0.2], [0.6, 0.1, 0.3]])
    >>> frex(beta).round(3).tolist()
    [[0.8, 0.8, 0.333], [0.8, 0.333, 0.8]]
    """
    b = _check_beta("topics.frex", beta)
    weight = check.number("topics.frex", "weight", weight, low=0, high=1)
    excl = b / b.sum(axis=0, keepdims=True)
    excl = np.nan_to_num(excl, nan=1.0 / b.shape[0])
    if word_counts is not None:
        counts = np.asarray(word_counts, dtype=np.float64)
        if counts.shape != (b.shape[1],):
            raise check.ParameterError(f"topics.frex: `word_counts` must have one count per "
                                       f"word ({b.shape[1]}); got shape {counts.shape}")
        excl = _js_shrink(excl, counts)
    v = b.shape[1]
    freq_ecdf = stats.rankdata(b, axis=1) / v
    excl_ecdf = stats.rankdata(excl, axis=1) / v
    return 1.0 / (weight / freq_ecdf + (1 - weight) / excl_ecdf)


def _top(beta: np.ndarray, n: int) -> np.ndarray:
    """Indices of each topic's n most probable words, ties by word id (stable)."""
    return np.argsort(-beta, axis=1, kind="stable")[:, :n]


def exclusivity(beta: np.ndarray, *, top_n: int = 10, weight: float = 0.7) -> np.ndarray:
    """stm's exclusivity of each topic: the FREX of its most probable words, summed.

    Parameters
    ----------
    beta : array, shape (K, V)
        Topic-word probabilities, one row per topic.
    top_n : int, default 10
        The words of each topic counted: its ``top_n`` most probable.
    weight : float, default 0.7
        Weight of *exclusivity* in FREX (stm's ``frexw``), so 0.3 goes to
        frequency.

    Returns
    -------
    ndarray, shape (K,)
        Exclusivity of each topic, between 0 and ``top_n``: higher when a
        topic's top words are found in no other topic.

    Raises
    ------
    ValueError
        For a bad ``beta``, ``top_n`` or ``weight``.

    Notes
    -----
    .. math:: \\mathrm{excl}_k = \\sum_{v \\in \\mathrm{top}_k} \\mathrm{FREX}_{kv}

    with FREX as in :func:`frex`, without shrinkage, exclusivity weighted
    ``weight`` (stm's ``exclusivity(model, M = 10, frexw = 0.7)``). Read it
    with coherence: a model of many small topics is exclusive and
    incoherent, one of a few broad topics the reverse (Roberts et al. 2014,
    stm's ``searchK``).

    References
    ----------
    Roberts, M. E. et al. (2014). Structural topic models for open-ended
    survey responses. American Journal of Political Science 58(4), 1064-1082.

    Examples
    --------
    >>> beta = np.array([[0.5, 0.3, 0.2], [0.6, 0.1, 0.3]])
    >>> exclusivity(beta, top_n=2).round(3).tolist()
    [1.61, 1.61]
    """
    func = "topics.exclusivity"
    b = _check_beta(func, beta)
    top_n = check.integer(func, "top_n", top_n, low=1)
    weight = check.number(func, "weight", weight, low=0, high=1)
    scores = frex(b, weight=1 - weight)
    top = _top(b, min(top_n, b.shape[1]))
    return np.take_along_axis(scores, top, axis=1).sum(axis=1)


def nmi(labels_true: Sequence, labels_pred: Sequence) -> float:
    """Normalised mutual information between two labellings of the same items.

    Parameters
    ----------
    labels_true, labels_pred : sequence
        One label per item (any hashable values), the same length.

    Returns
    -------
    float
        Between 0 (independent) and 1 (the same partition, whatever the
        names of its parts).

    Raises
    ------
    ValueError
        For sequences of different lengths, or empty ones.

    Notes
    -----
    With :math:`n_{ij}` items labelled :math:`i` in the first and
    :math:`j` in the second, :math:`N` items, :math:`p_{ij} = n_{ij}/N` and
    marginals :math:`p_i, p_j`:

    .. math:: I = \\sum_{ij} p_{ij} \\ln\\frac{p_{ij}}{p_i p_j}, \\qquad
              H = -\\sum_i p_i \\ln p_i, \\qquad
              \\mathrm{NMI} = \\frac{2I}{H_{\\mathrm{true}} + H_{\\mathrm{pred}}}

    the arithmetic-mean normalisation (Strehl & Ghosh 2002 use the
    geometric mean; scikit-learn's default is this one). Two labellings
    with one part each are the same partition: 1. NMI is not corrected for
    chance and grows with the number of parts, so read it against a
    baseline with the same parts, e.g. shuffled labels.

    References
    ----------
    Strehl, A. & Ghosh, J. (2002). Cluster ensembles: a knowledge reuse
    framework for combining multiple partitions. JMLR 3, 583-617.

    Examples
    --------
    >>> nmi(["a", "a", "b", "b"], [1, 1, 0, 0])
    1.0
    >>> nmi(["a", "a", "b", "b"], [0, 1, 0, 1])
    0.0
    """
    a, b = list(labels_true), list(labels_pred)
    if len(a) != len(b) or not a:
        raise check.ParameterError(f"topics.nmi: `labels_true` and `labels_pred` must be "
                                   f"non-empty and of one length; got {len(a)} and {len(b)}")
    codes_a, _ = pd.factorize(pd.Series(a, dtype=object))
    codes_b, _ = pd.factorize(pd.Series(b, dtype=object))
    table = np.zeros((codes_a.max() + 1, codes_b.max() + 1))
    np.add.at(table, (codes_a, codes_b), 1)
    p = table / len(a)
    pa, pb = p.sum(axis=1), p.sum(axis=0)
    h_a = -float(np.sum(pa * np.log(pa)))
    h_b = -float(np.sum(pb * np.log(pb)))
    if h_a + h_b == 0:
        return 1.0
    nz = p > 0
    mi = float(np.sum(p[nz] * np.log(p[nz] / np.outer(pa, pb)[nz])))
    return float(max(0.0, 2 * mi / (h_a + h_b)))


def _split_held_out(corpus: TopicCorpus, share: float, rng: np.random.Generator
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Training rows to fit on, and rows held out: whole families, so no copy leaks."""
    rows = corpus.train_rows()
    if share == 0:
        return rows, np.array([], dtype=np.int64)
    usable = rows[corpus.stories["n_terms"].to_numpy()[rows] >= 2]
    families = corpus.stories["family"].to_numpy()
    candidates = np.unique(families[usable])
    n_out = max(1, round(share * len(candidates)))
    if n_out >= len(candidates):
        raise ValueError(f"`held_out`={share} leaves no family to fit on "
                         f"({len(candidates)} families with terms)")
    out_families = set(rng.choice(candidates, size=n_out, replace=False).tolist())
    out = np.isin(families[rows], list(out_families))
    held = rows[out & np.isin(rows, usable)]
    return rows[~out], held


def _halves(bow: Sequence, rng: np.random.Generator) -> tuple[list, list]:
    """Split each document's tokens at random: half to estimate theta, half to score."""
    observed, scored = [], []
    for doc in bow:
        ids = np.repeat([i for i, _ in doc], [n for _, n in doc])
        rng.shuffle(ids)
        half = len(ids) // 2
        for part, bag in ((ids[:half], observed), (ids[half:], scored)):
            terms_, counts = np.unique(part, return_counts=True)
            bag.append(list(zip(terms_.tolist(), counts.tolist(), strict=True)))
    return observed, scored


def _perplexity(lda: LdaModel, observed: list, scored: list, seed: int) -> float:
    """Document-completion perplexity: exp of minus the mean log-likelihood per scored token."""
    theta = _theta(lda, observed, seed)
    beta = _beta(lda)
    rows = np.repeat(np.arange(len(scored)), [len(d) for d in scored])
    ids = np.array([i for d in scored for i, _ in d], dtype=np.int64)
    counts = np.array([n for d in scored for _, n in d], dtype=np.float64)
    p = np.einsum("ik,ki->i", theta[rows], beta[:, ids])
    return float(np.exp(-np.sum(counts * np.log(p)) / counts.sum()))


def _fit_and_score(k: int, fit_bow: list, dictionary, options: LdaOptions, observed: list,
                   scored: list, top_n: int) -> dict:
    """One K of the sweep: fit, then its top words, exclusivity and perplexity.

    Everything it reads is an argument, so a worker process computes exactly
    what this process would.
    """
    start = time.perf_counter()
    lda = _lda(fit_bow, dictionary, options, k)
    beta = _beta(lda)
    top_words = [[dictionary[i] for i in top] for top in _top(beta, min(top_n, len(dictionary)))]
    perplexity = _perplexity(lda, observed, scored, options.seed) if len(observed) else np.nan
    logger.info("K=%d fitted and scored in %.1f s", k, time.perf_counter() - start)
    return {"k": k, "top_words": top_words,
            "exclusivity": float(exclusivity(beta, top_n=top_n).mean()),
            "perplexity": perplexity}


def _pool(processes: int) -> ProcessPoolExecutor:
    """Worker processes for the sweep: forked where the platform can (no re-import)."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=processes, mp_context=context)


def _fits(todo: list[int], args: tuple, processes: int) -> Iterator[dict]:
    """Each K's results: fitted here, or in worker processes (the largest K first, so that
    the longest fits start first and the processes end together)."""
    if processes == 1 or len(todo) < 2:
        for k in todo:
            yield _fit_and_score(k, *args)
        return
    with _pool(min(processes, len(todo))) as pool:
        futures = [pool.submit(_fit_and_score, k, *args) for k in sorted(todo, reverse=True)]
        for future in futures:
            yield future.result()


@_doc
def sweep(
    corpus: TopicCorpus,
    *,
    k_values: Sequence[int],
    coherence: Sequence[str] = COHERENCE,
    held_out: float = 0.1,
    top_n: int = 10,
    seed: int = _DEFAULT.seed,
    passes: int = _DEFAULT.passes,
    iterations: int = _DEFAULT.iterations,
    alpha: str | float = _DEFAULT.alpha,
    eta: float | None = _DEFAULT.eta,
    chunksize: int = _DEFAULT.chunksize,
    workers: int | None = _DEFAULT.workers,
    estep: str = _DEFAULT.estep,
    processes: int | None = None,
    cache: bool | str | Path | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Fit a model for each K and score it, to help choose K.

    Parameters
    ----------
    corpus : TopicCorpus
        From :func:`prepare`.
    k_values : sequence of int
        The numbers of topics to try, each 2 or more, e.g. ``[10, 15, 20,
        25, 30]``.
    coherence : sequence of {"c_v", "u_mass", "c_npmi"}, default all three
        Coherence measures to compute; an empty list skips them.
    held_out : float, default 0.1
        Share of the training families held out to measure perplexity; 0
        skips it (NaN).
    top_n : int, default 10
        Words per topic scored by coherence and exclusivity.
    {lda}
    processes : int, optional
        Fit this many K at once, each in a process of its own; None: one
        per core, at most one per K; 1 fits them one after another in this
        process. The table is the same whatever the number (every fit has
        the same seed and data). Not with ``workers`` (each fit would start
        processes of its own).
    {progress}
        The bars run over K and over the coherence measures.

    Returns
    -------
    DataFrame
        One row per K, in the order given: columns ``k``, one per
        ``coherence`` measure (mean over topics), ``exclusivity`` (mean
        over topics), ``perplexity``, ``n_fit`` (stories fitted),
        ``n_held_out`` (stories scored for perplexity).

    Raises
    ------
    TypeError, ValueError
        For a bad ``corpus`` or option.

    Notes
    -----
    Every K is fitted with the same seed on the same stories: the training
    stories less the held-out families (a family whole, so that no copy
    of a held-out story is fitted). Then:

    Coherence (Röder et al. 2015) is computed by gensim's CoherenceModel,
    with one process (``processes=1``: more would spawn processes and
    change nothing in the numbers), on the fitted stories' terms, the
    reference corpus stm's ``semanticCoherence`` uses too. Not on held-out
    stories: a top word absent from them makes ``log 0`` and gensim returns
    NaN. ``u_mass`` counts documents, :math:`\\frac{2}{N(N-1)}\\sum_{i<j}
    \\ln\\frac{D(w_i, w_j) + 1}{D(w_j)}` over ordered top-word pairs (higher,
    nearer 0, is better); ``c_npmi`` averages the NPMI of top-word pairs
    in sliding windows of 10 tokens; ``c_v`` compares each top word's NPMI
    vector with the whole set's, in windows of 110 tokens, by cosine (0 to
    1). Probabilities are counted once for all K's top words, then read for
    each K.

    Perplexity is by document completion (Wallach et al. 2009; stm's
    ``make.heldout``): each held-out story's tokens are split at random in
    two halves; its proportions :math:`\\hat\\theta_d` are estimated from
    the first and the second is scored,

    .. math:: \\text{perplexity} = \\exp\\Big(-\\frac{\\sum_d \\sum_{w \\in
              \\text{half}_2} \\ln \\sum_k \\hat\\theta_{dk} \\beta_{kw}}
              {\\text{tokens in the second halves}}\\Big)

    lower is better. gensim's ``log_perplexity`` is a bound that scores
    the same words it estimated :math:`\\theta` from.

    Exclusivity is stm's (see :func:`exclusivity`). No single number picks
    K: look for a K past which held-out perplexity stops falling much,
    with coherence and exclusivity still high, then read the labels.

    Examples
    --------
    >>> import pandas as pd
    >>> from wireframe import topics
    >>> t = pd.DataFrame({"story_id": [str(i) for i in range(8)], "headline": "",
    ...                   "body": ["war army troops"] * 4 + ["trade tariffs market"] * 4})
    >>> c = topics.prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> s = sweep(c, k_values=[2, 3], coherence=["u_mass"], held_out=0.25, passes=2,
    ...           progress=False)
    >>> list(s.columns)
    ['k', 'u_mass', 'exclusivity', 'perplexity', 'n_fit', 'n_held_out']
    """
    func = "topics.sweep"
    _check_corpus(func, corpus)
    if isinstance(k_values, str | numbers.Number) or not len(k_values):
        raise check.fail(func, "k_values", "a non-empty list of integers >= 2", k_values)
    ks = [check.integer(func, "k_values", k, low=2) for k in k_values]
    if isinstance(coherence, str):
        raise check.fail(func, "coherence", f"a list of measures, e.g. [{coherence!r}]",
                         coherence)
    for measure in coherence:
        check.choice(func, "coherence", measure, COHERENCE)
    held_out = check.number(func, "held_out", held_out, low=0, high=1, closed="left")
    top_n = check.integer(func, "top_n", top_n, low=2)
    options = LdaOptions.checked(func, seed=seed, passes=passes, iterations=iterations,
                                 alpha=alpha, eta=eta, chunksize=chunksize, workers=workers,
                                 estep=estep)
    rng = np.random.default_rng([options.seed, 7])
    fit_rows, held_rows = _split_held_out(corpus, held_out, rng)
    observed, scored = _halves([corpus.bow[i] for i in held_rows], rng)
    fit_bow = [corpus.bow[i] for i in fit_rows]
    words = corpus.dictionary
    if processes is None:
        processes = 1 if workers is not None else min(len(ks), os.cpu_count() or 1)
    processes = check.integer(func, "processes", processes, low=1)
    if processes > 1 and workers is not None:
        raise check.fail(func, "processes", "1 when `workers` is set (each fit already runs "
                         "in worker processes)", processes, fix="processes=1, or workers=None")
    if not isinstance(cache, bool | str | Path | None):
        raise check.fail(func, "cache", "True, a folder, or None", cache)
    if cache not in (None, False) and workers is not None:
        raise check.fail(func, "cache", "None when `workers` is set (LdaMulticore's fits "
                         "differ from run to run)", cache, fix="cache=None, or workers=None")
    args = (fit_bow, words, options, observed, scored, top_n)
    distinct = list(dict.fromkeys(ks))
    paths: dict[int, Path] = {}
    if cache not in (None, False):
        where = store.folder(cache, "sweeps")
        keys = store.sweep_keys(distinct, fit_bow, words, dataclasses.asdict(options),
                                observed, scored, top_n)
        paths = {k: where / f"{keys[k]}.json" for k in distinct}
    done = [r for r in (store.read_fit(paths[k]) for k in paths) if r is not None]
    todo = [k for k in distinct if k not in {r["k"] for r in done}]
    if done:
        logger.info("read the fits of K = %s from %s", ", ".join(str(r["k"]) for r in done),
                    next(iter(paths.values())).parent)
    with tqdm(total=len(distinct), initial=len(done), desc="LDA sweep", unit="K",
              disable=None if progress is None else not progress) as bar:
        for result in _fits(todo, args, processes):
            if result["k"] in paths:
                store.write_fit(paths[result["k"]], result)
            done.append(result)
            bar.update()
    by_k = {r["k"]: r for r in done}
    rows = [by_k[k] for k in ks]
    top_words = {k: by_k[k]["top_words"] for k in distinct}
    fit_texts = [corpus.tokens[i] for i in fit_rows]
    scores: dict[str, dict[int, float]] = {}
    for measure in tqdm(list(coherence), desc="coherence", unit="measure",
                        disable=None if progress is None else not progress):
        # Count co-occurrences once for every K's top words; gensim keeps the counts when
        # the topics set next use only words already counted.
        data = {"corpus": fit_bow} if measure == "u_mass" else {"texts": fit_texts}
        cm = CoherenceModel.for_topics(list(top_words.values()), dictionary=words,
                                       coherence=measure, processes=1, topn=top_n, **data)
        scores[measure] = {}
        for k in ks:
            cm.topics = top_words[k]
            scores[measure][k] = float(np.mean(cm.get_coherence_per_topic()))
    table = pd.DataFrame([{"k": r["k"], **{m: scores[m][r["k"]] for m in coherence},
                           "exclusivity": r["exclusivity"], "perplexity": r["perplexity"],
                           "n_fit": len(fit_rows), "n_held_out": len(held_rows)} for r in rows])
    return table.astype({"k": np.int64, "n_fit": np.int64, "n_held_out": np.int64})
