"""The model: LDA fitted with gensim (:func:`fit`), its options and what it holds.

:class:`LdaOptions` checks the options :func:`fit` and
:func:`wireframe.topics.sweep` pass to gensim, once, and supplies their
defaults; :class:`TopicModel` keeps the gensim model with the corpus and the
settings it was fitted with. See :mod:`wireframe.topics` for the
reproducibility promise.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import numbers
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from gensim.corpora import Dictionary
from gensim.models import LdaModel, LdaMulticore
from gensim.models.phrases import FrozenPhrases

from wireframe import _validate as check
from wireframe._docs import Docs
from wireframe.text import Step
from wireframe.topics.corpus import TopicCorpus, _check_corpus

__all__ = ["ALPHAS", "ESTEPS", "LdaOptions", "TopicModel", "fit"]

logger = logging.getLogger(__name__)

ALPHAS: tuple[str, ...] = ("symmetric", "asymmetric", "auto")
"""The named priors ``alpha`` can take (besides a number)."""

ESTEPS: tuple[str, ...] = ("compiled", "gensim")
"""The E-steps ``estep`` names: the kit's compiled loop, gensim's own."""

# The LDA options: type and description of each. The {lda} fragment puts them together
# with the defaults of LdaOptions, which fit and sweep take as theirs.
_LDA_OPTIONS = {
    "seed": ("int", """Seed of gensim's random state (the initial topics and each
        document's starting proportions); see the reproducibility promise of
        :mod:`wireframe.topics`."""),
    "passes": ("int", """Passes over the corpus. gensim's default, 1, leaves a corpus of a
        few thousand stories far from converged."""),
    "iterations": ("int", """Most variational iterations per document and chunk (gensim's
        default is 50); a document stops earlier when its proportions
        change by less than 0.001."""),
    "alpha": ('{"symmetric", "asymmetric", "auto"} or float',
              """The Dirichlet prior on each story's topic proportions: 1/K for every
        topic, gensim's fixed asymmetric prior, learned from the data
        ("auto", only without ``workers``), or this number for every topic."""),
    "eta": ("float", """The Dirichlet prior on each topic's words; 1/K when not given."""),
    "chunksize": ("int", """Documents per online update (Hoffman et al. 2010): with a corpus
        smaller than this, each pass is one batch update."""),
    "workers": ("int", """None fits with gensim's ``LdaModel`` in this process, reproducibly;
        a number fits with ``LdaMulticore`` and that many worker processes:
        faster on large corpora, never identical twice."""),
    "estep": ('{"compiled", "gensim"}', """How each document's proportions are updated (the E-step):
        ``"compiled"``, the same updates as gensim's in one compiled loop
        (:mod:`wireframe.topics._estep`; about four times faster, equal to
        gensim's to float32 rounding), or ``"gensim"``, gensim's own Python
        loop, bit for bit. With ``workers``, LdaMulticore's processes run
        gensim's own."""),
}


def _positive(value: object) -> bool:
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and math.isfinite(value) and value > 0)


@dataclass(frozen=True)
class LdaOptions:
    """The options of gensim's LDA that :func:`fit` and :func:`~wireframe.topics.sweep` share.

    Checked when made, so an instance always holds valid options, in plain
    Python types (``np.int64(5)`` becomes ``5``); its defaults are those of
    :func:`fit` and :func:`~wireframe.topics.sweep`.

    Parameters
    ----------
    {lda}

    Raises
    ------
    ParameterError
        (a ValueError and a TypeError) For a bad option, naming it, the
        values allowed and the value given.

    Examples
    --------
    >>> LdaOptions(passes=5)  # doctest: +NORMALIZE_WHITESPACE
    LdaOptions(seed=0, passes=5, iterations=100, alpha='symmetric', eta=None,
               chunksize=2000, workers=None, estep='compiled')
    >>> LdaOptions(alpha="auto", workers=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    wireframe._validate.ParameterError: topics.LdaOptions: `alpha` must be ...; got 'auto'. Fix: ...
    """

    seed: int = 0
    passes: int = 10
    iterations: int = 100
    alpha: str | float = "symmetric"
    eta: float | None = None
    chunksize: int = 2000
    workers: int | None = None
    estep: str = "compiled"

    def __post_init__(self) -> None:
        self._check("topics.LdaOptions")

    @classmethod
    def checked(cls, func: str, **options: Any) -> LdaOptions:
        """Make the options, with errors naming ``func`` (e.g. ``"topics.fit"``)."""
        made = cls.__new__(cls)
        for field in dataclasses.fields(cls):
            object.__setattr__(made, field.name, options.pop(field.name, field.default))
        if options:
            raise TypeError(f"LdaOptions.checked() got unexpected options: {sorted(options)}")
        made._check(func)
        return made

    def _check(self, func: str) -> None:
        alpha, workers = self.alpha, self.workers
        values = {
            "seed": check.seed(func, self.seed),
            "passes": check.integer(func, "passes", self.passes, low=1),
            "iterations": check.integer(func, "iterations", self.iterations, low=1),
            "chunksize": check.integer(func, "chunksize", self.chunksize, low=1),
            "workers": check.integer(func, "workers", workers, low=1, none=True),
            "eta": check.number(func, "eta", self.eta, low=0, closed="neither", none=True),
        }
        check.choice(func, "estep", self.estep, ESTEPS)
        if isinstance(alpha, str):
            check.choice(func, "alpha", alpha, ALPHAS)
        elif not _positive(alpha):
            raise check.fail(func, "alpha", f"one of {', '.join(repr(a) for a in ALPHAS)} or a "
                             "positive number", alpha)
        if alpha == "auto" and workers is not None:
            raise check.fail(func, "alpha", "'symmetric', 'asymmetric' or a number when "
                             "`workers` is set: gensim's LdaMulticore cannot learn alpha",
                             alpha, fix="workers=None")
        values["alpha"] = alpha if isinstance(alpha, str) else float(alpha)
        for name, value in values.items():
            object.__setattr__(self, name, value)


_DEFAULT = LdaOptions()


def _with_default(value: object) -> str:
    if value is None:
        return "optional"
    return f'default "{value}"' if isinstance(value, str) else f"default {value!r}"


# The parameters this package's functions share, written once (STYLE.md pattern 3).
_FRAGMENTS = {
    "model": """model : TopicModel
        A model from :func:`~wireframe.topics.fit` or
        :func:`~wireframe.topics.load`.""",
    "lda": "\n    ".join(
        f"{f.name} : {_LDA_OPTIONS[f.name][0]}, {_with_default(f.default)}\n        "
        f"{_LDA_OPTIONS[f.name][1]}" for f in dataclasses.fields(LdaOptions)),
}
_doc = Docs(**_FRAGMENTS)
_doc(LdaOptions)


@dataclass(frozen=True, eq=False)
class TopicModel:
    """A fitted LDA model and what it was fitted on.

    Attributes
    ----------
    lda : gensim.models.LdaModel
        The gensim model (an ``LdaMulticore`` when fitted with ``workers``).
    corpus : TopicCorpus or None
        The corpus it was fitted on; None for a model read by
        :func:`~wireframe.topics.load`.
    phrases : FrozenPhrases or None
        The phrase model of the corpus.
    steps : tuple of Step or None
        The pipeline that turns a new story into terms; None for a loaded
        model prepared with custom steps (pass them to
        :func:`~wireframe.topics.proportions`).
    settings : dict
        The options of :func:`fit` (``k``, ``seed``, ``passes`` ...) and,
        under ``"corpus"``, those of :func:`~wireframe.topics.prepare`.
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


def _lda(bow: Sequence, dictionary: Dictionary, options: LdaOptions, k: int) -> LdaModel:
    """Fit gensim's LdaModel (or LdaMulticore) with K topics and the checked options."""
    common = {
        "corpus": bow, "id2word": dictionary, "num_topics": k,
        "passes": options.passes, "iterations": options.iterations,
        "chunksize": options.chunksize, "alpha": options.alpha, "eta": options.eta,
        "random_state": options.seed,
        # gensim's default (10) estimates perplexity on training chunks as it goes: time spent
        # on a number nobody reads; sweep() measures it on held-out stories instead.
        "eval_every": None,
    }
    if options.workers is not None:
        return LdaMulticore(**common, workers=options.workers)
    if options.estep == "gensim":
        return LdaModel(**common)
    # Imported here: numba loads only when a model is fitted.
    from wireframe.topics._estep import CompiledLda

    return CompiledLda(**common)


@_doc
def fit(
    corpus: TopicCorpus,
    *,
    k: int,
    seed: int = _DEFAULT.seed,
    passes: int = _DEFAULT.passes,
    iterations: int = _DEFAULT.iterations,
    alpha: str | float = _DEFAULT.alpha,
    eta: float | None = _DEFAULT.eta,
    chunksize: int = _DEFAULT.chunksize,
    workers: int | None = _DEFAULT.workers,
    estep: str = _DEFAULT.estep,
) -> TopicModel:
    """Fit LDA with K topics to the training stories of a corpus.

    Parameters
    ----------
    corpus : TopicCorpus
        From :func:`~wireframe.topics.prepare`.
    k : int
        The number of topics (2 or more); :func:`~wireframe.topics.sweep`
        helps to choose it.
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
    >>> import pandas as pd
    >>> from wireframe import topics
    >>> bodies = ["war war army", "army war war", "war army war", "army war army",
    ...           "trade trade tariffs", "tariffs trade trade", "trade tariffs trade",
    ...           "tariffs tariffs trade"]
    >>> t = pd.DataFrame({"story_id": list("abcdefgh"), "headline": "", "body": bodies})
    >>> c = topics.prepare(t, phrases=False, no_below=1, no_above=1.0, progress=False)
    >>> fit(c, k=2, seed=1, passes=5)
    TopicModel(k=2, 4 terms, seed=1, passes=5)
    """
    func = "topics.fit"
    _check_corpus(func, corpus)
    k = check.integer(func, "k", k, low=2)
    options = LdaOptions.checked(func, seed=seed, passes=passes, iterations=iterations,
                                 alpha=alpha, eta=eta, chunksize=chunksize, workers=workers,
                                 estep=estep)
    rows = corpus.train_rows()
    start = time.perf_counter()
    lda = _lda([corpus.bow[i] for i in rows], corpus.dictionary, options, k)
    logger.info("fitted K=%d on %d stories in %.1f s", k, len(rows),
                time.perf_counter() - start)
    return TopicModel(lda, corpus, corpus.phrases, corpus.steps,
                      {**dataclasses.asdict(options), "k": k, "corpus": dict(corpus.settings)})


def _check_model(func: str, model: object) -> TopicModel:
    if not isinstance(model, TopicModel):
        raise check.fail(func, "model", "a TopicModel from topics.fit or topics.load", model)
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
