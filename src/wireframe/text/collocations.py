"""Phrases ("cold war" -> ``cold_war``) learned with gensim, in layers, and
saved as plain data (JSON), never as a pickle.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from gensim.models.phrases import FrozenPhrases, Phrases

from wireframe import _validate as check
from wireframe.text.tokens import stopwords

__all__ = [
    "PhraseLayers",
    "phrases",
    "phrases_from_dict",
    "phrases_to_dict",
]

logger = logging.getLogger(__name__)

class PhraseLayers(FrozenPhrases):
    """Phrase models applied in turn, each to the output of the one before.

    One layer of :class:`~gensim.models.phrases.FrozenPhrases` joins pairs:
    "cold war" -> ``cold_war``. A second layer, learned on the output of
    the first, joins ``new`` and ``cold_war`` -> ``new_cold_war``. Made by
    :func:`phrases` with ``layers`` above 1; it is a FrozenPhrases, so it
    goes wherever one does (``pipeline(phrases=model)``,
    :func:`wireframe.compare.term_matrix`).

    Parameters
    ----------
    layers : sequence of FrozenPhrases
        The models, in the order they are applied.

    Attributes
    ----------
    layers : tuple of FrozenPhrases
    phrasegrams : dict
        Every layer's phrases and their scores.
    """

    def __init__(self, layers: Sequence[FrozenPhrases]):
        # FrozenPhrases.__init__ wants a Phrases model to export; copy the settings instead.
        if not layers or not all(isinstance(m, FrozenPhrases) for m in layers):
            raise check.fail("text.PhraseLayers", "layers",
                             "a non-empty sequence of FrozenPhrases models", layers)
        first = layers[0]
        self.layers = tuple(layers)
        self.threshold = first.threshold
        self.min_count = first.min_count
        self.delimiter = first.delimiter
        self.scoring = first.scoring
        self.connector_words = first.connector_words
        self.phrasegrams = {g: s for layer in self.layers for g, s in layer.phrasegrams.items()}

    def __str__(self) -> str:
        sizes = "+".join(str(len(m.phrasegrams)) for m in self.layers)
        return f"PhraseLayers<{len(self.layers)} layers, {sizes} phrases>"

    def analyze_sentence(self, sentence: Iterable[str]) -> Iterator[tuple[str, float | None]]:
        tokens = list(sentence)
        for layer in self.layers[:-1]:
            tokens = layer[tokens]
        yield from self.layers[-1].analyze_sentence(tokens)


# Stands for gensim's delimiter ("_") inside a token an earlier phrase layer joined.
_JOINED = "\x1f"


def phrases(
    docs: Iterable[Sequence[str]],
    *,
    min_count: int = 10,
    threshold: float = 0.5,
    connector_words: Iterable[str] | None = None,
    layers: int = 1,
) -> FrozenPhrases:
    """Learn phrases ("cold war" -> ``cold_war``) from tokenized texts.

    Parameters
    ----------
    docs : iterable of lists of str
        Tokenized texts, stopwords still in (they are connector words).
    min_count : int, default 10
        A pair of words is a phrase only if it occurs at least this often.
    threshold : float, default 0.5
        The least normalised PMI (between -1 and 1) of a phrase.
    connector_words : iterable of str, optional
        Words that may sit inside a phrase but never start or end one
        ("secretary_of_state"); the English stopwords by default, so that
        "has been" or "will be" never become phrases.
    layers : int, default 1
        How many times to learn pairs: 1 joins two words (and the connector
        words between them); 2 learns a second model on the output of the
        first, so that a phrase can join a word or phrase again
        (``new`` + ``cold_war`` -> ``new_cold_war``); each layer can double
        the longest phrase.

    Returns
    -------
    gensim.models.phrases.FrozenPhrases
        ``model[tokens]`` joins the phrases of one list of tokens;
        ``model.phrasegrams`` maps each phrase to its score. With ``layers``
        above 1 a :class:`PhraseLayers`, itself a FrozenPhrases. Put it in a
        pipeline with ``pipeline(phrases=model)``.

    Raises
    ------
    ValueError
        For a ``min_count`` below 1, a ``threshold`` outside [-1, 1] or
        ``layers`` below 1.

    Notes
    -----
    The score is gensim's normalised pointwise mutual information (Bouma
    2009), with :math:`p(x) = n_x / N` over the :math:`N` tokens of ``docs``:

    .. math:: \\mathrm{npmi}(a, b) = \\frac{\\ln\\big(p(a\\,b) / (p(a)\\,p(b))\\big)}
              {-\\ln p(a\\,b)}

    1 means the two words only ever occur together. Unlike gensim's default
    score its scale does not depend on the size of the corpus, so one
    threshold serves corpora of any size; 0.5 keeps names and fixed
    expressions ("white_house", "prime_minister", "cold_war") on news text.
    In the second layer :math:`a` or :math:`b` may be a phrase of the
    first, counted where the first layer joined it; ``min_count`` and
    ``threshold`` are the same for every layer.

    Learning is counting: there is no randomness and no seed. The same
    documents give the same phrases whatever their order, as long as the
    distinct words and pairs stay under gensim's ``max_vocab_size`` (40
    million), past which gensim prunes rare entries as it goes.

    References
    ----------
    Bouma, G. (2009). Normalized (pointwise) mutual information in
    collocation extraction. Proceedings of GSCL, 31-40.

    Mikolov, T., Sutskever, I., Chen, K., Corrado, G. & Dean, J. (2013).
    Distributed representations of words and phrases and their
    compositionality. NIPS 26.

    Examples
    --------
    >>> docs = [["the", "cold", "war", "ended"], ["a", "new", "cold", "war"],
    ...         ["cold", "war", "again"], ["war", "and", "peace"], ["a", "cold", "day"]]
    >>> model = phrases(docs, min_count=2, threshold=0.3)
    >>> model[["after", "the", "cold", "war"]]
    ['after', 'the', 'cold_war']
    >>> docs = [["new", "cold", "war"]] * 3 + [["cold", "war", "ends"], ["new", "talks"]]
    >>> phrases(docs, min_count=2, threshold=0.3, layers=2)[["a", "new", "cold", "war"]]
    ['a', 'new_cold_war']
    """
    func = "text.phrases"
    min_count = check.integer(func, "min_count", min_count, low=1)
    layers = check.integer(func, "layers", layers, low=1)
    threshold = check.number(func, "threshold", threshold, low=-1, high=1,
                             fix="the score is a normalised PMI (NPMI), -1 to 1")
    connectors = stopwords("en") if connector_words is None else frozenset(connector_words)
    if layers > 1:
        # Every layer but the last reads the documents again, joined by the layers before.
        docs = [list(d) for d in docs]
    models: list[FrozenPhrases] = []
    for layer in range(layers):
        # gensim's freeze() splits each phrase at the delimiter to score it, so "new" +
        # "cold_war" would be scored as "new" + "war"; a stand-in keeps the parts whole.
        source = docs if layer == 0 else [[t.replace("_", _JOINED) for t in d] for d in docs]
        model = Phrases(
            source, min_count=min_count, threshold=threshold, scoring="npmi",
            connector_words=connectors,
        ).freeze()
        if layer:
            model.phrasegrams = {g.replace(_JOINED, "_"): v for g, v in model.phrasegrams.items()}
        models.append(model)
        if layer < layers - 1:
            docs = [model[d] for d in docs]
    return models[0] if layers == 1 else PhraseLayers(models)


# documents() names an option after phrases(), which hides it there.
_learn_phrases = phrases


def phrases_to_dict(model: FrozenPhrases) -> dict[str, Any]:
    """The phrases of a model as plain data, so that saving one needs no pickle.

    Parameters
    ----------
    model : FrozenPhrases
        A model from :func:`phrases` (one layer, or a :class:`PhraseLayers`).

    Returns
    -------
    dict
        ``threshold``, ``min_count``, ``delimiter``, ``connector_words``
        (sorted) and ``layers``: one dict per layer mapping each phrase to
        its score. Only str, float, int and lists, so :func:`json.dumps`
        writes it; :func:`phrases_from_dict` rebuilds the model.

    Examples
    --------
    >>> docs = [["the", "cold", "war", "ended"], ["a", "new", "cold", "war"],
    ...         ["cold", "war", "again"], ["war", "and", "peace"], ["a", "cold", "day"]]
    >>> state = phrases_to_dict(phrases(docs, min_count=2, threshold=0.3))
    >>> list(state["layers"][0])
    ['cold_war']
    """
    layers = model.layers if isinstance(model, PhraseLayers) else (model,)
    return {
        "threshold": model.threshold, "min_count": model.min_count,
        "delimiter": model.delimiter, "connector_words": sorted(model.connector_words),
        "layers": [dict(layer.phrasegrams) for layer in layers],
    }


def phrases_from_dict(state: dict[str, Any]) -> FrozenPhrases:
    """Rebuild the phrase model that :func:`phrases_to_dict` described.

    Parameters
    ----------
    state : dict
        The output of :func:`phrases_to_dict` (read back from JSON, say).

    Returns
    -------
    FrozenPhrases
        A model that joins the same phrases with the same scores: one layer,
        or a :class:`PhraseLayers` when ``state`` holds several.

    Examples
    --------
    >>> docs = [["the", "cold", "war", "ended"], ["a", "new", "cold", "war"],
    ...         ["cold", "war", "again"], ["war", "and", "peace"], ["a", "cold", "day"]]
    >>> model = phrases_from_dict(phrases_to_dict(phrases(docs, min_count=2, threshold=0.3)))
    >>> model[["after", "the", "cold", "war"]]
    ['after', 'the', 'cold_war']
    """
    models = []
    for grams in state["layers"]:
        model = Phrases(min_count=state["min_count"], threshold=state["threshold"],
                        scoring="npmi", delimiter=state["delimiter"],
                        connector_words=frozenset(state["connector_words"])).freeze()
        model.phrasegrams = {str(g): float(v) for g, v in grams.items()}
        models.append(model)
    return models[0] if len(models) == 1 else PhraseLayers(models)
