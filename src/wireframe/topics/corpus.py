"""The corpus: the Story table turned into documents for LDA (:func:`prepare`).

Tokens, phrases and vocabulary come from :mod:`wireframe.text`; with
``unit="story"`` the model trains on one story per syndication family, chosen
by :func:`wireframe.aggregate.counting_units`.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from gensim.corpora import Dictionary
from gensim.models.phrases import FrozenPhrases

from wireframe import _validate as check
from wireframe import aggregate, text
from wireframe._docs import doc as _doc
from wireframe.text import Step
from wireframe.topics import cache as store

__all__ = ["UNITS", "TopicCorpus", "prepare"]

logger = logging.getLogger(__name__)

UNITS: tuple[str, ...] = aggregate.UNITS
"""Counting units: every copy (``placement``) or one story per syndication family."""


@dataclass(frozen=True, eq=False)
class TopicCorpus:
    """Stories ready for LDA: their terms, bags of words and what made them.

    Made by :func:`prepare`; pass it to :func:`fit` and :func:`sweep`.

    Attributes
    ----------
    stories : DataFrame
        One row per story, in the order given: the Story table without its
        text columns (the headline stays), then ``family`` (from
        ``family_id``, else the story itself), ``train`` (True for the
        stories the model learns from) and ``n_terms`` (terms left after
        filtering; a story with none gets the prior as its proportions).
    tokens : list of list of str
        Every story's terms in text order, before the vocabulary filter
        (coherence slides windows over them).
    bow : list of list of (int, int)
        Every story as gensim's bag of words over ``dictionary``.
    dictionary : gensim.corpora.Dictionary
        The vocabulary, built from the training stories.
    phrases : FrozenPhrases or None
        The phrase model, learned from the training stories.
    steps : tuple of Step
        The pipeline, phrase joining included.
    settings : dict
        The options of :func:`prepare`.
    """

    stories: pd.DataFrame
    tokens: list[list[str]]
    bow: list[list[tuple[int, int]]]
    dictionary: Dictionary
    phrases: FrozenPhrases | None
    steps: tuple[Step, ...]
    settings: dict[str, Any]

    def __repr__(self) -> str:
        n_train = int(self.stories["train"].sum())
        tokens = sum(n for doc in self.bow for _, n in doc)
        return (f"TopicCorpus({len(self.bow):,} stories, {n_train:,} to train, "
                f"{len(self.dictionary):,} terms, {tokens:,} tokens)")

    def train_rows(self) -> np.ndarray:
        """Positions of the training stories."""
        return np.flatnonzero(self.stories["train"].to_numpy())


def _texts(stories: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    return stories[list(columns)].fillna("").astype(str).agg("\n\n".join, axis=1).tolist()


def _meta(stories: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The Story table without its text columns (the short headline stays)."""
    drop = [c for c in {*columns, "body"} if c in stories.columns and c != "headline"]
    meta = stories.drop(columns=drop).reset_index(drop=True)
    meta["family"] = aggregate.family_of(meta).to_numpy()
    return meta


def _one_per_family(meta: pd.DataFrame) -> np.ndarray:
    """True for the story that stands for its family, the corpus being one cell.

    :func:`wireframe.aggregate.counting_units`' rule: the family's original
    when the table holds it, else its earliest story (ties: smallest story_id).
    """
    cell = meta[[c for c in ("story_id", "family_id", "published") if c in meta.columns]]
    units = aggregate.counting_units(cell.assign(_cell="all"), "_cell", None, "story")
    keep = np.zeros(len(meta), dtype=bool)
    keep[units.index.to_numpy()] = True
    return keep


@_doc
def prepare(
    stories: pd.DataFrame,
    *,
    columns: Sequence[str] = ("headline", "body"),
    unit: str = "placement",
    steps: Sequence[Step] | None = None,
    phrases: bool | FrozenPhrases = True,
    layers: int = 2,
    no_below: int = 5,
    no_above: float = 0.5,
    keep_n: int | None = 100_000,
    cache: bool | str | Path | None = None,
    progress: bool | None = None,
) -> TopicCorpus:
    """Turn the Story table into documents for LDA.

    Parameters
    ----------
    {stories}
        It reads ``story_id`` (unique) and the ``columns``; ``family_id``
        when syndication families are known, ``published`` to pick a
        family's earliest story.
    columns : sequence of str, default ("headline", "body")
        The text columns, joined by a blank line; a missing value reads as "".
    {unit}
        Here it picks the stories to train on, the whole corpus being one
        cell: every story, or one per syndication family. Phrases and
        vocabulary are learned from the same stories; every story still
        gets its proportions.
    steps : list of Step, optional
        The preprocessing pipeline; :func:`wireframe.text.pipeline` with its
        defaults (lower case, NLTK word tokens, possessives stripped, the
        package's English stopwords and one-letter tokens dropped).
    phrases : bool or FrozenPhrases, default True
        True learns phrases with :func:`wireframe.text.phrases` (NPMI >= 0.5,
        at least 10 occurrences, ``layers`` layers); a model applies it;
        False keeps single words.
    layers : int, default 2
        Phrase layers when ``phrases`` is True: 2 joins ``new_cold_war`` as
        well as ``cold_war``.
    no_below, no_above, keep_n : int, float, int or None, default 5, 0.5, 100000
        The vocabulary filter of :func:`wireframe.text.dictionary`: terms in
        at least ``no_below`` training stories and at most the share
        ``no_above`` of them, the ``keep_n`` most widespread.
    {progress}
        The bar runs while tokenizing.

    Returns
    -------
    TopicCorpus
        ``stories`` (the table without text, plus ``family``, ``train``,
        ``n_terms``), ``tokens``, ``bow``, ``dictionary``, ``phrases``,
        ``steps``, ``settings``.

    Raises
    ------
    TypeError
        When ``stories`` is not a DataFrame.
    ValueError
        For a missing column, an unknown ``unit``, bad filter options, or a
        vocabulary left empty by them.

    Warns
    -----
    UserWarning
        With ``unit="story"`` and no ``family_id`` column (every story is
        its own family, so the option changes nothing), and when training
        stories have no term left after filtering.

    Notes
    -----
    ``story_id`` must be unique: proportions, prevalence and representative
    stories are joined on it.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b", "c"], "headline": "",
    ...                   "body": ["Cold war talks.", "Talks on trade.", "Trade war."]})
    >>> prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    TopicCorpus(3 stories, 3 to train, 4 terms, 7 tokens)
    """
    func = "topics.prepare"
    check.stories(func, stories, ["story_id", *columns], unique=True)
    check.choice(func, "unit", unit, UNITS)
    layers = check.integer(func, "layers", layers, low=1)
    no_below = check.integer(func, "no_below", no_below, low=1)
    no_above = check.number(func, "no_above", no_above, low=0, high=1, closed="right")
    keep_n = check.integer(func, "keep_n", keep_n, low=1, none=True)
    meta = _meta(stories, columns)
    if unit == "story":
        if "family_id" not in stories.columns:
            warnings.warn(
                "unit='story' trains on one story per syndication family, but the table has no "
                "'family_id' column (wireframe.syndication adds it): every story is its own "
                "family, so this equals unit='placement'", UserWarning, stacklevel=2,
            )
        train = _one_per_family(meta)
    else:
        train = np.ones(len(meta), dtype=bool)
    learn_from = train if unit == "story" else None
    texts = _texts(stories, columns)
    path = None
    if not isinstance(cache, bool | str | Path | None):
        raise check.fail(func, "cache", "True, a folder, or None", cache)
    if cache is not None and cache is not False:
        if steps is not None or not isinstance(phrases, bool):
            raise check.fail(func, "cache", "None with your own `steps` or phrase model (the "
                             "cache file is named by options it can hash)", cache,
                             fix="cache=None")
        path = store.folder(cache) / (store.key(
            texts, learn_from, {"phrases": phrases, "layers": layers}) + ".json")
    docs = None if path is None else store.read(path)
    if docs is None:
        docs = text.documents(texts, steps=steps, phrases=phrases, layers=layers,
                              learn_from=learn_from, progress=progress)
        if path is not None:
            store.write(path, docs)
    else:
        logger.info("read the terms of %d stories from %s", len(texts), path)
    vocab = text.dictionary([docs.tokens[i] for i in np.flatnonzero(train)],
                            no_below=no_below, no_above=no_above, keep_n=keep_n)
    bow = [vocab.doc2bow(doc) for doc in docs.tokens]
    n_terms = np.array([sum(n for _, n in doc) for doc in bow], dtype=np.int64)
    meta["train"] = train
    meta["n_terms"] = n_terms
    empty = int((train & (n_terms == 0)).sum())
    if empty:
        warnings.warn(
            f"{empty} of the {int(train.sum())} training stories have no term left after "
            "filtering (empty or very short texts): they teach the model nothing and their "
            "proportions are the prior; see the n_terms column", UserWarning, stacklevel=2,
        )
    settings = {"columns": list(columns), "unit": unit, "layers": layers,
                "no_below": no_below, "no_above": no_above, "keep_n": keep_n,
                "steps": "default" if steps is None else [s.name for s in steps],
                "phrases": docs.phrases is not None}
    logger.info("prepared %d stories (%d to train), %d terms", len(bow), int(train.sum()),
                len(vocab))
    return TopicCorpus(meta, docs.tokens, bow, vocab, docs.phrases, docs.steps, settings)


def _check_corpus(func: str, corpus: object) -> TopicCorpus:
    if not isinstance(corpus, TopicCorpus):
        raise check.fail(func, "corpus", "a TopicCorpus from topics.prepare(stories)", corpus)
    return corpus
