"""Topic models of the Story table: LDA with gensim, choosing K, labels, prevalence.

"What does each outlet cover, and how does that move?" Five steps, each a
plain function:

1. :func:`prepare` turns the Story table into documents for LDA: NLTK
   tokens (no downloaded data), the package's stopwords, gensim phrases in
   two layers (``cold_war``, ``new_cold_war``), and a vocabulary without
   rare and common terms (:data:`wireframe.text.FILTER_EXTREMES`). It can
   train on one story per syndication family, so that a wire story printed
   by six outlets does not count six times.
2. :func:`sweep` fits a model for each K and scores it: coherence (c_v,
   u_mass, c_npmi), held-out perplexity and exclusivity, one row per K.
   :func:`fit` fits the chosen K with gensim's ``LdaModel`` (or
   ``LdaMulticore``), seeded.
3. :func:`terms` and :func:`labels` describe the topics by their most
   probable words and by FREX; :func:`representative` finds the stories
   that are most about each topic.
4. :func:`proportions` gives every story's topic proportions, joined to the
   Story table; :func:`prevalence` averages them by outlet and period, and
   :func:`difference` compares two outlets, both with cluster-bootstrap
   intervals over syndication families.
5. :func:`save` and :func:`load` keep the gensim model next to a manifest of
   SHA-256 sums; :func:`export` writes the tables as Parquet or CSV.

Reproducibility
---------------
Two fits with the same corpus (the same stories in the same order, prepared
with the same options), the same ``k``, ``seed``, ``passes``, ``iterations``,
``alpha``, ``eta`` and ``chunksize``, and ``workers=None``, with the same
versions of gensim and NumPy on the same machine, give identical topic-word
tables, bit for bit, and so identical labels and proportions; with the same
bootstrap ``seed``, identical intervals; :func:`sweep` likewise. Preparing
(tokens, phrases, vocabulary) involves no randomness. ``workers`` set
(gensim's ``LdaMulticore``) gives no such promise, even with one worker:
the main process merges the workers' results as they arrive, so the
updates, and the topics, vary from run to run. A different seed gives
different topics, often in a different order: compare models by their
labels, not by topic numbers. Nothing here sets a global seed.

References
----------
Blei, D. M., Ng, A. Y. & Jordan, M. I. (2003). Latent Dirichlet allocation.
Journal of Machine Learning Research 3, 993-1022.

Hoffman, M., Bach, F. & Blei, D. M. (2010). Online learning for latent
Dirichlet allocation. NIPS 23, 856-864.

Roberts, M. E., Stewart, B. M. & Tingley, D. (2019). stm: An R package for
structural topic models. Journal of Statistical Software 91(2), 1-40.

Bischof, J. M. & Airoldi, E. M. (2012). Summarizing topical content with word
frequency and exclusivity. Proceedings of ICML 29, 201-208.

Röder, M., Both, A. & Hinneburg, A. (2015). Exploring the space of topic
coherence measures. Proceedings of WSDM 8, 399-408.

Wallach, H. M., Murray, I., Salakhutdinov, R. & Mimno, D. (2009). Evaluation
methods for topic models. Proceedings of ICML 26, 1105-1112.
"""

from __future__ import annotations

import hashlib
import json
import logging
import numbers
import re
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gensim
import numpy as np
import pandas as pd
from gensim.corpora import Dictionary
from gensim.models import LdaModel, LdaMulticore
from gensim.models.coherencemodel import CoherenceModel
from gensim.models.phrases import FrozenPhrases
from scipy import stats
from tqdm.auto import tqdm

from wireframe import aggregate, text
from wireframe.text import Step

__all__ = [
    "ALPHAS",
    "COHERENCE",
    "FORMATS",
    "UNITS",
    "ModelFileError",
    "TopicCorpus",
    "TopicModel",
    "difference",
    "exclusivity",
    "export",
    "fit",
    "frex",
    "labels",
    "load",
    "nmi",
    "prepare",
    "prevalence",
    "proportions",
    "representative",
    "save",
    "sweep",
    "terms",
]

logger = logging.getLogger(__name__)

UNITS: tuple[str, ...] = ("placement", "story")
"""Counting units: every copy (``placement``) or one story per syndication family."""

COHERENCE: tuple[str, ...] = ("c_v", "u_mass", "c_npmi")
"""The coherence measures :func:`sweep` computes, by gensim's names."""

ALPHAS: tuple[str, ...] = ("symmetric", "asymmetric", "auto")
"""The named priors ``alpha`` can take (besides a number)."""

FORMATS: tuple[str, ...] = ("parquet", "csv")
"""File formats of :func:`export`."""

_MANIFEST = "wireframe-topics.json"
_MODEL_FILE = "lda.gensim"
_PHRASES_FILE = "phrases.json"
_TOPIC_COLUMN = re.compile(r"topic_(\d+)")

# Shared parameter descriptions, written once (STYLE.md pattern 3).
_DOC = {
    "model": """model : TopicModel
        A model from :func:`fit` or :func:`load`.""",
    "table": """table : DataFrame
        The output of :func:`proportions`: ``story_id``, ``topic_1`` ...
        ``topic_K``, the ``by`` column, ``published`` for periods, and
        ``family_id`` when syndication families are known (a story without
        one is its own family).""",
    "unit": """unit : {"placement", "story"}, default "placement"
        Count every placement (each copy an outlet ran), or unique stories:
        one per syndication family within each group (and period), the
        family's earliest story there standing for it.""",
    "n_boot": """n_boot : int, default 1000
        Bootstrap resamples; 0 skips the intervals (NaN).""",
    "confidence": """confidence : float, default 0.95
        Coverage of the percentile intervals.""",
    "seed": """seed : int, default 0
        Seed of the resampling; the same seed gives the same intervals.""",
    "lda": """seed : int, default 0
        Seed of gensim's random state (the initial topics and each
        document's starting proportions); see the module's reproducibility
        promise.
    passes : int, default 10
        Passes over the corpus. gensim's default, 1, leaves a corpus of a
        few thousand stories far from converged.
    iterations : int, default 100
        Most variational iterations per document and chunk (gensim's
        default is 50); a document stops earlier when its proportions
        change by less than 0.001.
    alpha : {"symmetric", "asymmetric", "auto"} or float, default "symmetric"
        The Dirichlet prior on each story's topic proportions: 1/K for every
        topic, gensim's fixed asymmetric prior, learned from the data
        ("auto", only without ``workers``), or this number for every topic.
    eta : float, optional
        The Dirichlet prior on each topic's words; 1/K when not given.
    chunksize : int, default 2000
        Documents per online update (Hoffman et al. 2010): with a corpus
        smaller than this, each pass is one batch update.
    workers : int, optional
        None fits with gensim's ``LdaModel`` in this process, reproducibly;
        a number fits with ``LdaMulticore`` and that many worker processes:
        faster on large corpora, never identical twice.""",
}


def _doc(func: Callable) -> Callable:
    for key, value in _DOC.items():
        func.__doc__ = func.__doc__.replace("{" + key + "}", value)
    return func


# -- validation helpers ----------------------------------------------------------


def _check_choice(name: str, value: object, allowed: Sequence[str]) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(
            f"`{name}` must be one of {', '.join(repr(a) for a in allowed)}; got {value!r}"
        )


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"`{name}` must be an integer >= {minimum}; got {value!r}")
    return int(value)


def _check_share(name: str, value: object, *, closed: str = "neither") -> float:
    """A number between 0 and 1; ``closed`` says which ends are allowed."""
    low_ok = closed in ("left", "both")
    high_ok = closed == "both"
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and (
        (0 <= value if low_ok else 0 < value) and (value <= 1 if high_ok else value < 1))
    if not ok:
        span = f"{'[' if low_ok else '('}0, 1{']' if high_ok else ')'}"
        raise ValueError(f"`{name}` must be a number in {span}; got {value!r}")
    return float(value)


def _check_stories(stories: object, columns: Sequence[str]) -> pd.DataFrame:
    if isinstance(stories, pd.Series | list | tuple | str):
        raise TypeError(
            f"`stories` must be a Story table (a DataFrame with columns "
            f"{', '.join(repr(c) for c in columns)}); got {type(stories).__name__}. For plain "
            "texts, build one: pd.DataFrame({'story_id': ids, 'headline': '', 'body': texts})"
        )
    if not isinstance(stories, pd.DataFrame):
        raise TypeError(f"`stories` must be a Story table (DataFrame); got "
                        f"{type(stories).__name__}")
    missing = [c for c in columns if c not in stories.columns]
    if missing:
        raise ValueError(
            f"the Story table lacks column(s) {', '.join(repr(c) for c in missing)}; "
            f"it has {', '.join(repr(c) for c in stories.columns[:12])}"
        )
    return stories


def _check_lda_options(k: object, seed: object, passes: object, iterations: object,
                       alpha: object, eta: object, chunksize: object,
                       workers: object) -> dict[str, Any]:
    options = {
        "seed": _check_int("seed", seed, 0),
        "passes": _check_int("passes", passes, 1),
        "iterations": _check_int("iterations", iterations, 1),
        "chunksize": _check_int("chunksize", chunksize, 1),
        "workers": None if workers is None else _check_int("workers", workers, 1),
    }
    if k is not None:
        options["k"] = _check_int("k", k, 2)
    if isinstance(alpha, str):
        _check_choice("alpha", alpha, ALPHAS)
    elif isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or alpha <= 0:
        raise ValueError(f"`alpha` must be one of {', '.join(repr(a) for a in ALPHAS)} or a "
                         f"positive number; got {alpha!r}")
    if alpha == "auto" and workers is not None:
        raise ValueError("`alpha`='auto' needs `workers`=None: gensim's LdaMulticore cannot "
                         f"learn alpha; got workers={workers!r}")
    if eta is not None and (isinstance(eta, bool) or not isinstance(eta, numbers.Real)
                            or eta <= 0):
        raise ValueError(f"`eta` must be a positive number or None; got {eta!r}")
    options["alpha"] = alpha if isinstance(alpha, str) else float(alpha)
    options["eta"] = None if eta is None else float(eta)
    return options


# -- the corpus ------------------------------------------------------------------


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
    """True for the story that stands for its family: the original, else the earliest."""
    keys = pd.DataFrame({
        "copy": meta["is_reprint"].fillna(False).astype(bool).to_numpy()
        if "is_reprint" in meta.columns else False,
        "published": meta["published"].to_numpy() if "published" in meta.columns else 0,
        "story_id": meta["story_id"].astype(str).to_numpy(),
        "family": meta["family"].to_numpy(),
    })
    order = keys.sort_values(["copy", "published", "story_id"], kind="mergesort")
    first = order.drop_duplicates("family", keep="first").index
    keep = np.zeros(len(meta), dtype=bool)
    keep[first] = True
    return keep


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
    progress: bool | None = None,
) -> TopicCorpus:
    """Turn the Story table into documents for LDA.

    Parameters
    ----------
    stories : DataFrame
        A Story table: ``story_id`` and the ``columns``; ``family_id`` (and
        ``is_reprint``) when syndication families are known, ``published``
        to pick a family's earliest story.
    columns : sequence of str, default ("headline", "body")
        The text columns, joined by a blank line; a missing value reads as "".
    unit : {"placement", "story"}, default "placement"
        Train on every story, or on one story per syndication family (its
        original, else its earliest story; a story without ``family_id`` is
        its own family). Phrases and vocabulary are learned from the same
        stories; every story still gets its proportions.
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
    progress : bool, optional
        Show a progress bar while tokenizing; None shows one on a terminal
        or in a notebook.

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
    _check_stories(stories, ["story_id", *columns])
    _check_choice("unit", unit, UNITS)
    if stories["story_id"].duplicated().any():
        first = stories.loc[stories["story_id"].duplicated(), "story_id"].iloc[0]
        raise ValueError(f"`story_id` must be unique; {first!r} occurs more than once")
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
    docs = text.documents(_texts(stories, columns), steps=steps, phrases=phrases, layers=layers,
                          learn_from=train if unit == "story" else None, progress=progress)
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


def _check_corpus(corpus: object) -> TopicCorpus:
    if not isinstance(corpus, TopicCorpus):
        raise TypeError(f"`corpus` must be a TopicCorpus from topics.prepare(stories); got "
                        f"{type(corpus).__name__}")
    return corpus


# -- fitting ---------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TopicModel:
    """A fitted LDA model and what it was fitted on.

    Attributes
    ----------
    lda : gensim.models.LdaModel
        The gensim model (an ``LdaMulticore`` when fitted with ``workers``).
    corpus : TopicCorpus or None
        The corpus it was fitted on; None for a model read by :func:`load`.
    phrases : FrozenPhrases or None
        The phrase model of the corpus.
    steps : tuple of Step or None
        The pipeline that turns a new story into terms; None for a loaded
        model prepared with custom steps (pass them to :func:`proportions`).
    settings : dict
        The options of :func:`fit` (``k``, ``seed``, ``passes`` ...) and,
        under ``"corpus"``, those of :func:`prepare`.
    """

    lda: LdaModel
    corpus: TopicCorpus | None
    phrases: FrozenPhrases | None
    steps: tuple[Step, ...] | None
    settings: dict[str, Any]

    @property
    def k(self) -> int:
        """The number of topics."""
        return int(self.lda.num_topics)

    @property
    def dictionary(self) -> Dictionary:
        """The vocabulary."""
        return self.lda.id2word

    def __repr__(self) -> str:
        return (f"TopicModel(k={self.k}, {len(self.dictionary):,} terms, "
                f"seed={self.settings['seed']}, passes={self.settings['passes']})")


def _lda(bow: Sequence, dictionary: Dictionary, options: dict[str, Any]) -> LdaModel:
    """Fit gensim's LdaModel (or LdaMulticore) with the checked options."""
    common = {
        "corpus": bow, "id2word": dictionary, "num_topics": options["k"],
        "passes": options["passes"], "iterations": options["iterations"],
        "chunksize": options["chunksize"], "alpha": options["alpha"], "eta": options["eta"],
        "random_state": options["seed"],
        # gensim's default (10) estimates perplexity on training chunks as it goes: time spent
        # on a number nobody reads; sweep() measures it on held-out stories instead.
        "eval_every": None,
    }
    if options["workers"] is None:
        return LdaModel(**common)
    return LdaMulticore(**common, workers=options["workers"])


@_doc
def fit(
    corpus: TopicCorpus,
    *,
    k: int,
    seed: int = 0,
    passes: int = 10,
    iterations: int = 100,
    alpha: str | float = "symmetric",
    eta: float | None = None,
    chunksize: int = 2000,
    workers: int | None = None,
) -> TopicModel:
    """Fit LDA with K topics to the training stories of a corpus.

    Parameters
    ----------
    corpus : TopicCorpus
        From :func:`prepare`.
    k : int
        The number of topics (2 or more); :func:`sweep` helps to choose it.
    {lda}

    Returns
    -------
    TopicModel
        ``lda`` (the gensim model), ``corpus``, ``phrases``, ``steps``,
        ``settings``.

    Raises
    ------
    TypeError
        When ``corpus`` is not a TopicCorpus.
    ValueError
        For a bad option, naming it, the values allowed and the value given.

    Notes
    -----
    LDA (Blei et al. 2003) draws each story's topic proportions
    :math:`\\theta_d \\sim \\mathrm{Dirichlet}(\\alpha)` and each word from a
    topic :math:`z \\sim \\theta_d`, then :math:`w \\sim \\beta_z`, with
    :math:`\\beta_k \\sim \\mathrm{Dirichlet}(\\eta)`. gensim fits it by
    online variational Bayes (Hoffman et al. 2010). Same options, same seed,
    ``workers=None``: the same topics (see the module's reproducibility
    promise).

    Examples
    --------
    >>> bodies = ["war war army", "army war war", "war army war", "army war army",
    ...           "trade trade tariffs", "tariffs trade trade", "trade tariffs trade",
    ...           "tariffs tariffs trade"]
    >>> t = pd.DataFrame({"story_id": list("abcdefgh"), "headline": "", "body": bodies})
    >>> c = prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> fit(c, k=2, seed=1, passes=5)
    TopicModel(k=2, 4 terms, seed=1, passes=5)
    """
    _check_corpus(corpus)
    options = _check_lda_options(k, seed, passes, iterations, alpha, eta, chunksize, workers)
    rows = corpus.train_rows()
    start = time.perf_counter()
    lda = _lda([corpus.bow[i] for i in rows], corpus.dictionary, options)
    logger.info("fitted K=%d on %d stories in %.1f s", options["k"], len(rows),
                time.perf_counter() - start)
    return TopicModel(lda, corpus, corpus.phrases, corpus.steps,
                      {**options, "corpus": dict(corpus.settings)})


def _check_model(model: object) -> TopicModel:
    if not isinstance(model, TopicModel):
        raise TypeError(f"`model` must be a TopicModel from topics.fit or topics.load; got "
                        f"{type(model).__name__}")
    return model


def _beta(lda: LdaModel) -> np.ndarray:
    """Topic-word probabilities, K x V, in float64 (gensim keeps float32)."""
    lam = lda.state.get_lambda().astype(np.float64)
    return lam / lam.sum(axis=1, keepdims=True)


def _theta(lda: LdaModel, bow: Sequence, seed: int) -> np.ndarray:
    """Topic proportions of documents, D x K: gensim's variational gamma, normalised.

    gensim starts each document's gamma from the model's random state, which
    fitting and every earlier call have moved on; a fresh state from the seed
    makes the proportions the same whatever was called before.
    """
    saved = lda.random_state
    lda.random_state = np.random.RandomState(seed)
    try:
        chunks = [lda.inference(bow[i:i + lda.chunksize])[0]
                  for i in range(0, len(bow), lda.chunksize)]
    finally:
        lda.random_state = saved
    if not chunks:
        return np.zeros((0, lda.num_topics))
    gamma = np.vstack(chunks).astype(np.float64)
    return gamma / gamma.sum(axis=1, keepdims=True)


# -- measures: pure functions over topic-word probabilities ----------------------


def _check_beta(beta: object) -> np.ndarray:
    arr = np.asarray(beta, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1 or (arr < 0).any():
        raise ValueError(f"`beta` must be a K x V matrix of topic-word probabilities; got shape "
                         f"{arr.shape}")
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
    b = _check_beta(beta)
    weight = _check_share("weight", weight, closed="both")
    excl = b / b.sum(axis=0, keepdims=True)
    excl = np.nan_to_num(excl, nan=1.0 / b.shape[0])
    if word_counts is not None:
        counts = np.asarray(word_counts, dtype=np.float64)
        if counts.shape != (b.shape[1],):
            raise ValueError(f"`word_counts` must have one count per word ({b.shape[1]}); got "
                             f"shape {counts.shape}")
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
    b = _check_beta(beta)
    _check_int("top_n", top_n, 1)
    weight = _check_share("weight", weight, closed="both")
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
        raise ValueError(f"`labels_true` and `labels_pred` must be non-empty and of one length; "
                         f"got {len(a)} and {len(b)}")
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


# -- describing topics -----------------------------------------------------------


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
    >>> bodies = ["war war army", "army war war", "war army war", "army war army",
    ...           "trade trade tariffs", "tariffs trade trade", "trade tariffs trade",
    ...           "tariffs tariffs trade"]
    >>> t = pd.DataFrame({"story_id": list("abcdefgh"), "headline": "", "body": bodies})
    >>> c = prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> table = terms(fit(c, k=2, seed=1, passes=5), n=1)
    >>> list(table.columns)
    ['topic', 'rank', 'term', 'probability', 'exclusivity', 'frex', 'frex_rank']
    """
    _check_model(model)
    if n is not None:
        _check_int("n", n, 1)
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
    >>> bodies = ["war war army", "army war war", "war army war", "army war army",
    ...           "trade trade tariffs", "tariffs trade trade", "trade tariffs trade",
    ...           "tariffs tariffs trade"]
    >>> t = pd.DataFrame({"story_id": list("abcdefgh"), "headline": "", "body": bodies})
    >>> c = prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> sorted(labels(fit(c, k=2, seed=1, passes=5), n=2)["top_probability"])
    ['trade, tariffs', 'war, army']
    """
    _check_model(model)
    _check_int("n", n, 1)
    _check_int("label_terms", label_terms, 1)
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


def _topic_columns(table: pd.DataFrame) -> list[str]:
    cols = [c for c in table.columns if _TOPIC_COLUMN.fullmatch(str(c))]
    if not cols:
        raise ValueError("the table has no topic_1 ... topic_K columns; make it with "
                         "topics.proportions")
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
        New stories (a Story table with ``story_id`` and the text columns
        the model was prepared with), tokenized as the corpus was; the
        model's own corpus when not given.
    steps : list of Step, optional
        The pipeline for new stories; needed only for a loaded model that
        was prepared with custom steps.
    progress : bool, optional
        Show a progress bar while tokenizing new stories.

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
    >>> bodies = ["war war army", "army war war", "war army war", "army war army",
    ...           "trade trade tariffs", "tariffs trade trade", "trade tariffs trade",
    ...           "tariffs tariffs trade"]
    >>> t = pd.DataFrame({"story_id": list("abcdefgh"), "headline": "", "body": bodies})
    >>> c = prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> p = proportions(fit(c, k=2, seed=1, passes=5))
    >>> p[["topic_1", "topic_2"]].sum(axis=1).round(6).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    """
    _check_model(model)
    if stories is None:
        if model.corpus is None:
            raise ValueError("this model was read from disk and has no corpus: pass the "
                             "`stories` to estimate proportions for")
        meta, bow = model.corpus.stories.copy(), model.corpus.bow
    else:
        columns = model.settings["corpus"]["columns"]
        _check_stories(stories, ["story_id", *columns])
        if steps is None and model.steps is None:
            raise ValueError("the model was prepared with custom steps, which are not saved: "
                             "pass the same `steps` to tokenize new stories")
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
    cols = _topic_columns(table)
    _check_int("n", n, 1)
    _check_int("min_terms", min_terms, 0)
    _check_choice("unit", unit, UNITS)
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


# -- prevalence, with cluster-bootstrap intervals --------------------------------


def _boot_options(n_boot: object, confidence: object) -> tuple[int, float]:
    n_boot = _check_int("n_boot", n_boot, 0)
    confidence = _check_share("confidence", confidence)
    return n_boot, confidence


@_doc
def prevalence(
    table: pd.DataFrame,
    *,
    by: str | None = "outlet",
    period: str | None = None,
    unit: str = "placement",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean topic proportion per group (and period), with cluster-bootstrap intervals.

    Parameters
    ----------
    {table}
    by : str or None, default "outlet"
        The column to group by; None pools every story.
    period : {"day", "week", "month"} or None, default None
        Also split by period (UTC; weeks start on Monday); None pools the
        whole time span.
    {unit}
    {n_boot}
    {confidence}
    {seed}

    Returns
    -------
    DataFrame
        One row per group (and period) with stories, and topic, sorted so:
        columns ``by`` (when given), ``period`` (when given), ``topic`` (1
        to K), ``unit``, ``n`` (placements or unique stories), ``n_families``,
        ``prevalence`` (mean proportion), ``prevalence_low``,
        ``prevalence_high``.

    Raises
    ------
    ValueError
        For a table without topic columns, a missing ``by`` column, or a
        bad option.

    Notes
    -----
    In a cell with families :math:`j = 1..m`, each with :math:`n_j`
    counted stories whose proportions of topic :math:`k` sum to
    :math:`P_{jk}`,

    .. math:: \\text{prevalence}_k = \\sum_j P_{jk} / \\sum_j n_j ,

    the mean of :math:`\\hat\\theta_{dk}`: the expected share of a story
    that is about topic :math:`k` (each story counts once, whatever its
    length). The intervals resample families, not stories, as
    :func:`wireframe.aggregate.frame_rates` does: copies of one wire story
    are not independent editorial choices. Each cell has its own generator,
    seeded by ``seed`` and the cell's name, so adding an outlet does not
    move the others' intervals.

    The intervals cover the sampling of stories only, with the topics held
    fixed; stm's ``estimateEffect`` also draws :math:`\\theta` from its
    posterior ("method of composition"). Refit with other seeds to see how
    much the topics themselves move.

    References
    ----------
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their
    Application, section 3.8. Cambridge University Press.

    Examples
    --------
    >>> p = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                   "topic_1": [0.9, 0.5, 0.2], "topic_2": [0.1, 0.5, 0.8]})
    >>> prevalence(p, n_boot=0)[["outlet", "topic", "prevalence"]].values.tolist()
    [['X', 1, 0.7], ['X', 2, 0.3], ['Y', 1, 0.2], ['Y', 2, 0.8]]
    """
    cols = _topic_columns(table)
    _check_choice("unit", unit, UNITS)
    if period is not None:
        _check_choice("period", period, tuple(aggregate.PERIODS))
    n_boot, confidence = _boot_options(n_boot, confidence)
    seed = _check_int("seed", seed, 0)
    need = ["story_id"] + ([by] if by is not None else []) + (
        ["published"] if period is not None else [])
    _check_stories(table, need)
    table = table.reset_index(drop=True)
    group = by if by is not None else "_all"
    source = table if by is not None else table.assign(_all="all")
    units = aggregate.counting_units(source, group, period, unit)
    theta = table.loc[units.index, cols].to_numpy(dtype=np.float64)
    keys = [group] + (["period"] if period is not None else [])
    lo_q, hi_q = (1 - confidence) / 2, (1 + confidence) / 2
    out = []
    units = units.assign(_row=np.arange(len(units)))
    cells = units.groupby(keys, sort=True)
    for key, cell in tqdm(cells, desc="bootstrap", unit="cell", leave=False,
                          disable=cells.ngroups < 200 or n_boot == 0):
        key = key if isinstance(key, tuple) else (key,)
        fam_codes, fam_index = pd.factorize(cell["family"], sort=True)
        m = len(fam_index)
        n_j = np.bincount(fam_codes, minlength=m).astype(np.float64)
        p_j = np.zeros((m, len(cols)))
        np.add.at(p_j, fam_codes, theta[cell["_row"].to_numpy()])
        prev = p_j.sum(axis=0) / n_j.sum()
        bounds = np.full((2, len(cols)), np.nan)
        if n_boot:
            weights = aggregate.cell_rng(seed, ("prevalence", *key)).multinomial(
                m, np.full(m, 1 / m), size=n_boot)
            boot = (weights @ p_j) / (weights @ n_j)[:, None]
            bounds = np.quantile(boot, [lo_q, hi_q], axis=0)
        shown = key if by is not None else key[1:]
        for t in range(len(cols)):
            out.append((*shown, int(cols[t].split("_")[1]), unit, int(n_j.sum()), m, prev[t],
                        bounds[0, t], bounds[1, t]))
    columns = [*([by] if by is not None else []), *(["period"] if period is not None else []),
               "topic", "unit", "n", "n_families", "prevalence", "prevalence_low",
               "prevalence_high"]
    result = pd.DataFrame(out, columns=columns).astype(
        {"topic": np.int64, "n": np.int64, "n_families": np.int64})
    # plots.topic_prevalence names the columns after the period.
    result.attrs["period"] = period
    return result


def _check_group(name: str, value: object, values: pd.Series, by: str) -> str:
    names = sorted(set(values.dropna().astype(str)))
    if not isinstance(value, str) or value not in names:
        shown = ", ".join(repr(n) for n in names[:12])
        raise ValueError(f"`{name}` must be a value of column {by!r} ({shown}"
                         f"{' ...' if len(names) > 12 else ''}); got {value!r}")
    return value


@_doc
def difference(
    table: pd.DataFrame,
    *,
    target: str,
    reference: str,
    by: str = "outlet",
    unit: str = "placement",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """The difference in each topic's prevalence between two groups, with intervals.

    The bootstrap counterpart of stm's ``plot(estimateEffect(...), method =
    "difference")``: for every topic, target minus reference.

    Parameters
    ----------
    {table}
    target, reference : str
        The two values of ``by`` to compare, e.g. "TASS" and "CNN".
    by : str, default "outlet"
        The group column.
    {unit}
    {n_boot}
    {confidence}
    {seed}

    Returns
    -------
    DataFrame
        One row per topic, in topic order: columns ``topic``, ``target``,
        ``reference``, ``unit``, ``n_target``, ``n_reference``,
        ``n_families`` (distinct families on either side),
        ``prevalence_target``, ``prevalence_reference``, ``difference``
        (target minus reference: positive means more of the topic in the
        target), ``difference_low``, ``difference_high``.

    Raises
    ------
    ValueError
        For a table without topic columns, a group that is not in ``by``, a
        target equal to the reference, or a bad option.

    Notes
    -----
    Prevalence on each side is as in :func:`prevalence`. A wire story can
    have copies on both sides, so the sides are not independent samples:
    each resample draws families with replacement from all the families of
    either side and recomputes both prevalences from the same draw (a
    cluster bootstrap of the pooled families), which keeps the correlation
    a shared wire story creates. Resamples that leave a side empty (rare
    with more than a few families) are dropped from the percentiles.

    Examples
    --------
    >>> p = pd.DataFrame({"story_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                   "topic_1": [0.9, 0.5, 0.2], "topic_2": [0.1, 0.5, 0.8]})
    >>> d = difference(p, target="X", reference="Y", n_boot=0)
    >>> d["difference"].round(3).tolist()
    [0.5, -0.5]
    """
    cols = _topic_columns(table)
    _check_choice("unit", unit, UNITS)
    n_boot, confidence = _boot_options(n_boot, confidence)
    seed = _check_int("seed", seed, 0)
    _check_stories(table, ["story_id", by])
    _check_group("target", target, table[by], by)
    _check_group("reference", reference, table[by], by)
    if target == reference:
        raise ValueError(f"`target` and `reference` must differ; both are {target!r}")
    table = table[table[by].astype(str).isin([target, reference])].reset_index(drop=True)
    table = table.assign(**{by: table[by].astype(str)})
    units = aggregate.counting_units(table, by, None, unit)
    theta = table.loc[units.index, cols].to_numpy(dtype=np.float64)
    fam_codes, fam_index = pd.factorize(units["family"], sort=True)
    m = len(fam_index)
    sides = []
    for name in (target, reference):
        on = (units[by] == name).to_numpy()
        n_j = np.bincount(fam_codes[on], minlength=m).astype(np.float64)
        p_j = np.zeros((m, len(cols)))
        np.add.at(p_j, fam_codes[on], theta[on])
        sides.append((n_j, p_j))
    prev = [p.sum(axis=0) / n.sum() for n, p in sides]
    diff = prev[0] - prev[1]
    bounds = np.full((2, len(cols)), np.nan)
    if n_boot:
        weights = aggregate.cell_rng(seed, ("difference", by, target, reference)).multinomial(
            m, np.full(m, 1 / m), size=n_boot)
        with np.errstate(divide="ignore", invalid="ignore"):
            boot = [(weights @ p) / (weights @ n)[:, None] for n, p in sides]
        delta = boot[0] - boot[1]
        delta = delta[np.isfinite(delta).all(axis=1)]
        if len(delta):
            lo_q, hi_q = (1 - confidence) / 2, (1 + confidence) / 2
            bounds = np.quantile(delta, [lo_q, hi_q], axis=0)
    result = pd.DataFrame({
        "topic": [int(c.split("_")[1]) for c in cols], "target": target,
        "reference": reference, "unit": unit, "n_target": int(sides[0][0].sum()),
        "n_reference": int(sides[1][0].sum()), "n_families": m,
        "prevalence_target": prev[0], "prevalence_reference": prev[1], "difference": diff,
        "difference_low": bounds[0], "difference_high": bounds[1],
    })
    return result.astype({"topic": np.int64, "n_target": np.int64, "n_reference": np.int64,
                          "n_families": np.int64})


# -- choosing K ------------------------------------------------------------------


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


@_doc
def sweep(
    corpus: TopicCorpus,
    *,
    k_values: Sequence[int],
    coherence: Sequence[str] = COHERENCE,
    held_out: float = 0.1,
    top_n: int = 10,
    seed: int = 0,
    passes: int = 10,
    iterations: int = 100,
    alpha: str | float = "symmetric",
    eta: float | None = None,
    chunksize: int = 2000,
    workers: int | None = None,
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
    progress : bool, optional
        Show progress bars over K and over the coherence measures; None
        shows them on a terminal or in a notebook.

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
    >>> t = pd.DataFrame({"story_id": [str(i) for i in range(8)], "headline": "",
    ...                   "body": ["war army troops"] * 4 + ["trade tariffs market"] * 4})
    >>> c = prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> s = sweep(c, k_values=[2, 3], coherence=["u_mass"], held_out=0.25, passes=2,
    ...           progress=False)
    >>> list(s.columns)
    ['k', 'u_mass', 'exclusivity', 'perplexity', 'n_fit', 'n_held_out']
    """
    _check_corpus(corpus)
    if isinstance(k_values, str | numbers.Number) or not len(k_values):
        raise ValueError(f"`k_values` must be a non-empty list of integers >= 2; got "
                         f"{k_values!r}")
    ks = [_check_int("k_values", k, 2) for k in k_values]
    if isinstance(coherence, str):
        raise ValueError(f"`coherence` must be a list of measures, e.g. [{coherence!r}]; got "
                         f"the string {coherence!r}")
    for measure in coherence:
        _check_choice("coherence", measure, COHERENCE)
    held_out = _check_share("held_out", held_out, closed="left")
    top_n = _check_int("top_n", top_n, 2)
    options = _check_lda_options(None, seed, passes, iterations, alpha, eta, chunksize,
                                 workers)
    rng = np.random.default_rng([options["seed"], 7])
    fit_rows, held_rows = _split_held_out(corpus, held_out, rng)
    observed, scored = _halves([corpus.bow[i] for i in held_rows], rng)
    fit_bow = [corpus.bow[i] for i in fit_rows]
    words = corpus.dictionary
    rows, top_words = [], {}
    for k in tqdm(ks, desc="LDA sweep", unit="K", disable=None if progress is None else
                  not progress):
        start = time.perf_counter()
        lda = _lda(fit_bow, words, {**options, "k": k})
        beta = _beta(lda)
        top_words[k] = [[words[i] for i in top] for top in _top(beta, min(top_n, len(words)))]
        perplexity = _perplexity(lda, observed, scored, options["seed"]) if len(
            held_rows) else np.nan
        rows.append({"k": k, "exclusivity": float(exclusivity(beta, top_n=top_n).mean()),
                     "perplexity": perplexity})
        logger.info("K=%d fitted and scored in %.1f s", k, time.perf_counter() - start)
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


# -- persistence -----------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _model_files(folder: Path) -> list[Path]:
    """The files gensim wrote for the model: the pickle and its side files."""
    return sorted(p for p in folder.glob(_MODEL_FILE + "*") if p.is_file())


@_doc
def save(model: TopicModel, folder: str | Path) -> Path:
    """Save the gensim model, the phrases and a manifest of SHA-256 sums in a folder.

    Parameters
    ----------
    {model}
    folder : str or Path
        Where to write; created when missing. A model saved there before is
        replaced.

    Returns
    -------
    Path
        The manifest, ``FOLDER/wireframe-topics.json``.

    Raises
    ------
    TypeError
        For a bad ``model``.

    Notes
    -----
    gensim saves ``lda.gensim`` and its side files (``.state``,
    ``.id2word``, large arrays as ``.npy``); they are pickles, and loading a
    pickle runs whatever code it holds. The phrases go to ``phrases.json``
    (plain data, no pickle). The manifest records the SHA-256 of every
    file, the settings, and the versions of wireframe, gensim and NumPy;
    :func:`load` refuses any file that does not match. The manifest ties
    the files together; it does not prove who wrote them, so load only
    folders you made.

    Examples
    --------
    >>> save(model, "models/newsarticles_k20")  # doctest: +SKIP
    PosixPath('models/newsarticles_k20/wireframe-topics.json')
    """
    _check_model(model)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*_model_files(out), out / _PHRASES_FILE, out / _MANIFEST]:
        stale.unlink(missing_ok=True)
    model.lda.save(str(out / _MODEL_FILE))
    if model.phrases is not None:
        (out / _PHRASES_FILE).write_text(
            json.dumps(text._phrases_state(model.phrases), sort_keys=True), encoding="utf-8")
    files = [*_model_files(out)] + ([out / _PHRASES_FILE] if model.phrases is not None else [])
    from wireframe import __version__

    manifest = {
        "format": "wireframe.topics model 1",
        "settings": model.settings,
        "files": {p.name: _sha256(p) for p in files},
        "versions": {"wireframe": __version__, "gensim": gensim.__version__,
                     "numpy": np.__version__},
    }
    path = out / _MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    logger.info("saved K=%d model to %s", model.k, out)
    return path


class ModelFileError(ValueError):
    """A saved model does not match its manifest; it is not loaded."""


def load(folder: str | Path) -> TopicModel:
    """Load a model saved by :func:`save`, after checking every file's SHA-256.

    Parameters
    ----------
    folder : str or Path
        The folder :func:`save` wrote.

    Returns
    -------
    TopicModel
        With ``corpus`` None: pass stories to :func:`proportions`.

    Raises
    ------
    FileNotFoundError
        When the folder or its manifest is missing.
    ModelFileError
        (a ValueError) When a file is missing, added or changed since it
        was saved: nothing is unpickled then.

    Examples
    --------
    >>> model = load("models/newsarticles_k20")  # doctest: +SKIP
    """
    root = Path(folder)
    manifest_path = root / _MANIFEST
    if not manifest_path.is_file():
        raise FileNotFoundError(
            f"{manifest_path} not found: load only reads folders written by "
            "wireframe.topics.save (gensim models are pickles; a file without its manifest is "
            "not loaded)"
        )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    listed = manifest.get("files", {})
    if _MODEL_FILE not in listed:
        raise ModelFileError(f"{manifest_path} lists no {_MODEL_FILE}; not a wireframe model")
    present = {p.name for p in _model_files(root)}
    extra = sorted(present - set(listed))
    if extra:
        raise ModelFileError(
            f"refusing to load {root}: {', '.join(extra)} not in the manifest (gensim would "
            "unpickle it); the folder changed after wireframe.topics.save wrote it"
        )
    for name, digest in listed.items():
        path = root / name
        if not path.is_file():
            raise ModelFileError(f"refusing to load {root}: {name} is missing")
        if _sha256(path) != digest:
            raise ModelFileError(
                f"refusing to load {path}: its SHA-256 does not match the manifest written by "
                "wireframe.topics.save. The file changed after it was saved, or was not written "
                "by wireframe; gensim models are pickles, which run code when loaded"
            )
    lda = LdaModel.load(str(root / _MODEL_FILE))
    phrases = None
    if _PHRASES_FILE in listed:
        state = json.loads((root / _PHRASES_FILE).read_text(encoding="utf-8"))
        phrases = text._phrases_from_state(state)
    settings = manifest["settings"]
    steps = None
    if settings.get("corpus", {}).get("steps") == "default":
        steps = tuple(text.pipeline(phrases=phrases))
    return TopicModel(lda, None, phrases, steps, settings)



@_doc
def export(
    model: TopicModel,
    folder: str | Path,
    *,
    table: pd.DataFrame | None = None,
    format: str = "parquet",
    n: int | None = None,
) -> dict[str, Path]:
    """Write the topic, label, document-topic and representative-story tables.

    Parameters
    ----------
    {model}
    folder : str or Path
        Where to write; created when missing.
    table : DataFrame, optional
        The output of :func:`proportions`; computed for the model's corpus
        when not given.
    format : {"parquet", "csv"}, default "parquet"
        File format; CSV is written with ``\\n`` line ends and no index.
    n : int, optional
        Terms per topic in ``terms`` (see :func:`terms`); all when not
        given.

    Returns
    -------
    dict
        Table name to path: ``terms``, ``labels``, ``proportions``,
        ``representative``.

    Raises
    ------
    ValueError
        For an unknown ``format``.

    Examples
    --------
    >>> export(model, "out/topics", format="csv")  # doctest: +SKIP
    """
    _check_model(model)
    _check_choice("format", format, FORMATS)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    props = proportions(model) if table is None else table
    tables = {"terms": terms(model, n=n), "labels": labels(model), "proportions": props,
              "representative": representative(props)}
    paths = {}
    for name, frame in tables.items():
        path = out / f"{name}.{format}"
        if format == "csv":
            frame.to_csv(path, index=False, lineterminator="\n")
        else:
            frame.to_parquet(path, index=False)
        paths[name] = path
    return paths
