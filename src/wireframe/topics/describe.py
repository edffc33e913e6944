"""Describing topics: their words (probability, FREX), labels, proportions, typical stories.

:func:`terms` and :func:`labels` describe each topic by its most probable
and its most characteristic (FREX) words; :func:`proportions` gives every
story's topic proportions, joined to the Story table; :func:`representative`
finds the stories most about each topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from gensim.corpora import Dictionary

from wireframe import _validate as check
from wireframe import aggregate, text
from wireframe.text import Step
from wireframe.topics.corpus import UNITS, _meta, _texts
from wireframe.topics.measures import _js_shrink, frex
from wireframe.topics.model import TopicModel, _beta, _check_model, _doc, _theta

__all__ = ["labels", "proportions", "representative", "terms"]

_TOPIC_COLUMN = re.compile(r"topic_(\d+)")


def _word_counts(dictionary: Dictionary) -> np.ndarray:
    return np.array([dictionary.cfs.get(i, 0) for i in range(len(dictionary))], dtype=np.float64)


@_doc
def terms(model: TopicModel, *, n: int | None = None, frex_weight: float = 0.5) -> pd.DataFrame:
    """The topic-word table: every term's probability, exclusivity and FREX in every topic.

    Parameters
    ----------
    {model}
    n : int, optional
        Keep, per topic, the terms among its ``n`` most probable or its
        ``n`` highest FREX; every term when not given.
    frex_weight : float, default 0.5
        Weight of frequency in FREX (see :func:`frex`).

    Returns
    -------
    DataFrame
        One row per topic and term, sorted by topic then ``rank``: columns
        ``topic`` (1 to K), ``rank`` (1 = most probable in the topic),
        ``term``, ``probability`` (:math:`\\beta_{kv}`), ``exclusivity``
        (:math:`\\beta_{kv} / \\sum_j \\beta_{jv}`, shrunk as in
        :func:`frex`), ``frex``, ``frex_rank`` (1 = highest FREX).

    Raises
    ------
    TypeError, ValueError
        For a bad ``model``, ``n`` or ``frex_weight``.

    Notes
    -----
    Topics are numbered from 1, as in stm; gensim numbers them from 0.
    Ties in probability or FREX go to the term first seen in the corpus.
    Exclusivity is shrunk with the word counts of the training stories
    (``dictionary.cfs``).

    Examples
    --------
    >>> from wireframe import topics
    >>> bodies = ["war war army", "army war war", "war army war", "army war army",
    ...           "trade trade tariffs", "tariffs trade trade", "trade tariffs trade",
    ...           "tariffs tariffs trade"]
    >>> t = pd.DataFrame({"story_id": list("abcdefgh"), "headline": "", "body": bodies})
    >>> c = topics.prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> table = terms(topics.fit(c, k=2, seed=1, passes=5), n=1)
    >>> list(table.columns)
    ['topic', 'rank', 'term', 'probability', 'exclusivity', 'frex', 'frex_rank']
    """
    _check_model("topics.terms", model)
    if n is not None:
        n = check.integer("topics.terms", "n", n, low=1)
    beta = _beta(model.lda)
    k, v = beta.shape
    counts = _word_counts(model.dictionary)
    scores = frex(beta, weight=frex_weight, word_counts=counts)
    excl = _js_shrink(beta / beta.sum(axis=0, keepdims=True), counts)
    order = np.argsort(-beta, axis=1, kind="stable")
    frex_rank = np.empty_like(order)
    np.put_along_axis(frex_rank, np.argsort(-scores, axis=1, kind="stable"),
                      np.arange(1, v + 1)[None, :].repeat(k, axis=0), axis=1)
    words = np.array([model.dictionary[i] for i in range(v)], dtype=object)
    rows = np.arange(k)[:, None].repeat(v, axis=1)
    table = pd.DataFrame({
        "topic": (rows + 1).ravel(),
        "rank": np.tile(np.arange(1, v + 1), k),
        "term": words[order].ravel(),
        "probability": np.take_along_axis(beta, order, axis=1).ravel(),
        "exclusivity": np.take_along_axis(excl, order, axis=1).ravel(),
        "frex": np.take_along_axis(scores, order, axis=1).ravel(),
        "frex_rank": np.take_along_axis(frex_rank, order, axis=1).ravel(),
    })
    if n is not None:
        table = table[(table["rank"] <= n) | (table["frex_rank"] <= n)].reset_index(drop=True)
    return table.astype({"topic": np.int64, "rank": np.int64, "frex_rank": np.int64,
                         "term": "string"})


def _readable(term: str) -> str:
    return term.replace("_", " ")


@_doc
def labels(
    model: TopicModel,
    *,
    n: int = 7,
    frex_weight: float = 0.5,
    label_terms: int = 3,
) -> pd.DataFrame:
    """One row per topic: a short label, its top words by probability and by FREX.

    Parameters
    ----------
    {model}
    n : int, default 7
        Words listed per topic, by probability and by FREX.
    frex_weight : float, default 0.5
        Weight of frequency in FREX (see :func:`frex`).
    label_terms : int, default 3
        FREX words in the short ``label``.

    Returns
    -------
    DataFrame
        One row per topic, in topic order: columns ``topic`` (1 to K),
        ``label`` (the first ``label_terms`` FREX words, phrases with
        spaces: "white house, spicer, press"), ``token_share`` (the share
        of the training tokens the model gives the topic), ``top_probability``
        and ``top_frex`` (``n`` words each, comma-separated, as stm's
        ``labelTopics`` prints "Highest Prob" and "FREX").

    Raises
    ------
    TypeError, ValueError
        For a bad ``model`` or option.

    Notes
    -----
    ``token_share`` is :math:`\\sum_v (\\lambda_{kv} - \\eta_{kv}) /
    \\sum_{jv} (\\lambda_{jv} - \\eta_{jv})`, the expected number of tokens
    the variational posterior assigns to topic :math:`k`, over all tokens;
    it needs no pass over the stories. :func:`prevalence` gives the share of
    stories instead.

    Examples
    --------
    >>> from wireframe import topics
    >>> bodies = ["war war army", "army war war", "war army war", "army war army",
    ...           "trade trade tariffs", "tariffs trade trade", "trade tariffs trade",
    ...           "tariffs tariffs trade"]
    >>> t = pd.DataFrame({"story_id": list("abcdefgh"), "headline": "", "body": bodies})
    >>> c = topics.prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> sorted(labels(topics.fit(c, k=2, seed=1, passes=5), n=2)["top_probability"])
    ['trade, tariffs', 'war, army']
    """
    func = "topics.labels"
    _check_model(func, model)
    n = check.integer(func, "n", n, low=1)
    label_terms = check.integer(func, "label_terms", label_terms, low=1)
    table = terms(model, n=max(n, label_terms), frex_weight=frex_weight)
    sstats = model.lda.state.sstats.astype(np.float64).sum(axis=1)
    rows = []
    for topic, part in table.groupby("topic", sort=True):
        by_prob = part.sort_values("rank")["term"].head(n).tolist()
        by_frex = part.sort_values("frex_rank")["term"].head(n).tolist()
        rows.append((topic, ", ".join(_readable(t) for t in by_frex[:label_terms]),
                     sstats[topic - 1] / sstats.sum(), ", ".join(by_prob), ", ".join(by_frex)))
    out = pd.DataFrame(rows, columns=["topic", "label", "token_share", "top_probability",
                                      "top_frex"])
    return out.astype({"topic": np.int64, "label": "string", "top_probability": "string",
                       "top_frex": "string"})


def _topic_columns(func: str, table: object) -> list[str]:
    """The ``topic_1`` ... ``topic_K`` columns of a proportions table, in topic order."""
    if not isinstance(table, pd.DataFrame):
        raise check.fail(func, "table", "a DataFrame made by topics.proportions(model)", table)
    cols = [c for c in table.columns if _TOPIC_COLUMN.fullmatch(str(c))]
    if not cols:
        raise check.ParameterError(
            f"{func}: `table` has no topic_1 ... topic_K columns. Fix: pass the table that "
            "topics.proportions(model) returns")
    return sorted(cols, key=lambda c: int(c.split("_")[1]))


@_doc
def proportions(
    model: TopicModel,
    stories: pd.DataFrame | None = None,
    *,
    steps: Sequence[Step] | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every story's topic proportions, joined to the Story table.

    Parameters
    ----------
    {model}
    stories : DataFrame, optional
        New stories (a Story table, :mod:`wireframe.schema`, with
        ``story_id`` and the text columns the model was prepared with),
        tokenized as the corpus was; the model's own corpus when not given.
    steps : list of Step, optional
        The pipeline for new stories; needed only for a loaded model that
        was prepared with custom steps.
    {progress}
        The bar runs while tokenizing new stories.

    Returns
    -------
    DataFrame
        One row per story, in the order given: the Story table without its
        text columns (the headline stays), ``family``, then ``train`` and
        ``n_terms`` (for the corpus) or ``n_terms`` (for new stories),
        ``dominant_topic`` (1 to K, the largest proportion; ties to the
        lower number), ``topic_1`` ... ``topic_K`` (summing to 1).

    Raises
    ------
    TypeError, ValueError
        For a bad ``model``, a loaded model without ``stories``, or stories
        without the columns the model reads.

    Notes
    -----
    The proportions are gensim's variational :math:`\\gamma_d` normalised,
    :math:`\\hat\\theta_{dk} = \\gamma_{dk} / \\sum_j \\gamma_{dj}`, estimated
    with the fitted topics held fixed, for training and other stories
    alike. Each estimate starts from a random state seeded with the model's
    seed, so the same model gives the same proportions on every call. A
    story with no term in the vocabulary gets the prior mean
    :math:`\\alpha / \\sum \\alpha`.

    Examples
    --------
    >>> from wireframe import topics
    >>> bodies = ["war war army", "army war war", "war army war", "army war army",
    ...           "trade trade tariffs", "tariffs trade trade", "trade tariffs trade",
    ...           "tariffs tariffs trade"]
    >>> t = pd.DataFrame({"story_id": list("abcdefgh"), "headline": "", "body": bodies})
    >>> c = topics.prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> p = proportions(topics.fit(c, k=2, seed=1, passes=5))
    >>> p[["topic_1", "topic_2"]].sum(axis=1).round(6).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    """
    func = "topics.proportions"
    _check_model(func, model)
    if stories is None:
        if model.corpus is None:
            raise ValueError(f"{func}: this model was read from disk and has no corpus: pass the "
                             "`stories` to estimate proportions for")
        meta, bow = model.corpus.stories.copy(), model.corpus.bow
    else:
        columns = model.settings["corpus"]["columns"]
        check.stories(func, stories, ["story_id", *columns])
        if steps is None and model.steps is None:
            raise ValueError(f"{func}: the model was prepared with custom steps, which are "
                             "not saved: pass the same `steps` to tokenize new stories")
        # The model's own steps join its phrases already; custom steps get them added.
        docs = text.documents(
            _texts(stories, columns), steps=model.steps if steps is None else steps,
            phrases=False if steps is None or model.phrases is None else model.phrases,
            progress=progress,
        )
        bow = [model.dictionary.doc2bow(doc) for doc in docs.tokens]
        meta = _meta(stories, columns)
        meta["n_terms"] = np.array([sum(n for _, n in doc) for doc in bow], dtype=np.int64)
    theta = _theta(model.lda, bow, model.settings["seed"])
    meta["dominant_topic"] = (theta.argmax(axis=1) + 1).astype(np.int64)
    topic_cols = pd.DataFrame(theta, columns=[f"topic_{i + 1}" for i in range(model.k)])
    return pd.concat([meta, topic_cols], axis=1)


def representative(
    table: pd.DataFrame,
    *,
    n: int = 3,
    unit: str = "story",
    min_terms: int = 25,
) -> pd.DataFrame:
    """The stories most about each topic (stm's ``findThoughts``).

    Parameters
    ----------
    table : DataFrame
        The output of :func:`proportions`.
    n : int, default 3
        Stories per topic.
    unit : {"story", "placement"}, default "story"
        "story" lists one story per syndication family (the one with the
        highest proportion), so that three copies of one wire story do not
        fill a topic's list; "placement" lists every copy.
    min_terms : int, default 25
        Skip stories with fewer terms in the vocabulary (when the table has
        ``n_terms``): a story of a dozen words can sit almost wholly in one
        topic without being typical of it.

    Returns
    -------
    DataFrame
        ``n`` rows per topic (fewer when too few stories qualify), sorted by
        topic then ``rank``: ``topic``, ``rank``, ``story_id``, then
        ``outlet``, ``published`` and ``headline`` when the table has them,
        and ``proportion``.

    Raises
    ------
    ValueError
        For a table without topic columns, or a bad option.

    Examples
    --------
    >>> p = pd.DataFrame({"story_id": ["a", "b", "c"], "headline": ["A", "B", "C"],
    ...                   "topic_1": [0.9, 0.2, 0.6], "topic_2": [0.1, 0.8, 0.4]})
    >>> representative(p, n=1, min_terms=0)[["topic", "story_id"]].values.tolist()
    [[1, 'a'], [2, 'b']]
    """
    func = "topics.representative"
    cols = _topic_columns(func, table)
    n = check.integer(func, "n", n, low=1)
    min_terms = check.integer(func, "min_terms", min_terms, low=0)
    check.choice(func, "unit", unit, UNITS)
    rows = table
    if "n_terms" in table.columns:
        rows = rows[rows["n_terms"] >= min_terms]
    family = aggregate.family_of(rows) if unit == "story" else rows["story_id"]
    shown = [c for c in ("outlet", "published", "headline") if c in rows.columns]
    parts = []
    for col in cols:
        ranked = rows.assign(_family=family.to_numpy(), proportion=rows[col]).sort_values(
            ["proportion", "story_id"], ascending=[False, True], kind="mergesort")
        ranked = ranked.drop_duplicates("_family").head(n)
        parts.append(pd.DataFrame({
            "topic": int(col.split("_")[1]), "rank": np.arange(1, len(ranked) + 1),
            "story_id": ranked["story_id"].to_numpy(),
            **{c: ranked[c].to_numpy() for c in shown},
            "proportion": ranked["proportion"].to_numpy(),
        }))
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"topic": np.int64, "rank": np.int64})
