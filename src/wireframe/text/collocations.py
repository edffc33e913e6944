"""Phrases ("cold war" -> ``cold_war``) learned as gensim learns them, in layers, and
saved as plain data (JSON), never as a pickle.

gensim's :class:`~gensim.models.phrases.Phrases` counts words and pairs of
words in a Python loop over every token, and joins them in another. On a
:class:`~wireframe.text.TokenStream` the same counts and the same joins are
array operations over integer codes: :func:`phrases` and
:func:`join_phrases` give gensim's phrases, scores and joined tokens, in
gensim's order, bit for bit, several times faster. Where the two could
disagree (a token holding the delimiter ``_``, an empty token, a model that
is not gensim's own) they hand over to gensim.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from gensim.models.phrases import FrozenPhrases, Phrases

from wireframe import _validate as check
from wireframe.text.streams import TokenStream, _factorize, _strings
from wireframe.text.tokens import stopwords

__all__ = [
    "PhraseLayers",
    "join_phrases",
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

# gensim's Phrases: the vocabulary size past which it starts pruning rare entries.
_MAX_VOCAB = 40_000_000


# -- gensim's counting and joining, on a token stream -------------------------------


def _pairs(stream: TokenStream, connector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of every two successive words (tokens not connectors) of one text.

    gensim's candidate phrases: a word, the connector words after it, the
    next word. Each word ends one candidate and starts the next.
    """
    words = np.flatnonzero(~connector[stream.codes])
    text = stream.text_of()[words]
    same = text[1:] == text[:-1]
    return words[:-1][same], words[1:][same]


def _pair_keys(codes: np.ndarray, start: np.ndarray, end: np.ndarray, n_vocab: int
               ) -> tuple[np.ndarray, int]:
    """One id per distinct candidate (first word, connectors between, last word).

    Ids in order of first appearance. The connector words between are folded
    one position at a time into an exact id of the sequence so far (no hash,
    so no collision); sequences of different lengths get different ids.
    """
    gap = end - start - 1
    between = np.zeros(len(start), dtype=np.int64)
    active = np.flatnonzero(gap > 0)
    n_ids, step = 1, 1
    while len(active):
        next_code = codes[start[active] + step]
        folded, distinct = pd.factorize(between[active] * (n_vocab + 1) + next_code)
        between[active] = folded + n_ids
        n_ids += len(distinct)
        active = active[gap[active] > step]
        step += 1
    left, _ = pd.factorize(codes[start] * n_ids + between)
    keys, distinct = pd.factorize(left.astype(np.int64) * n_vocab + codes[end])
    return keys.astype(np.int64), len(distinct)


def _joined(stream: TokenStream, start: np.ndarray, end: np.ndarray, delimiter: str
            ) -> np.ndarray:
    """The phrase token of each candidate: its tokens joined by the delimiter."""
    vocab, codes = stream.vocab, stream.codes
    joined = vocab[codes[start]].copy()
    gap = end - start - 1
    for step in range(1, int(gap.max(initial=0)) + 1):
        more = np.flatnonzero(gap >= step)
        joined[more] = joined[more] + delimiter + vocab[codes[start[more] + step]]
    return joined + delimiter + vocab[codes[end]]


def _learn_layer(stream: TokenStream, *, min_count: int, threshold: float,
                 connectors: frozenset[str]) -> FrozenPhrases | None:
    """gensim's ``Phrases(...).freeze()`` (NPMI) on a stream; None where they could differ.

    gensim counts every word that is not a connector, and every candidate
    (:func:`_pairs`) under the key of its tokens joined by ``_``; it scores
    each key with its first and last parts' counts and keeps those scoring
    above ``threshold``, in order of first appearance. With no ``_`` in any
    token the keys split back into their tokens, so counting integer codes
    gives the same counts; past 40 million keys gensim prunes as it goes,
    which only gensim can repeat.
    """
    model = Phrases(min_count=min_count, threshold=threshold, scoring="npmi",
                    connector_words=connectors).freeze()
    vocab, codes = stream.vocab, stream.codes
    if not _strings(vocab) or any(model.delimiter in t for t in vocab):
        return None
    connector = np.fromiter((t in connectors for t in vocab), dtype=bool, count=len(vocab))
    start, end = _pairs(stream, connector)
    unigrams = np.bincount(codes[~connector[codes]], minlength=len(vocab))
    keys, n_keys = _pair_keys(codes, start, end, len(vocab))
    len_vocab = int(np.count_nonzero(unigrams)) + n_keys
    if len_vocab > _MAX_VOCAB:
        return None
    counts = np.bincount(keys, minlength=n_keys)
    first = np.unique(keys, return_index=True)[1]
    # npmi_scorer gives -inf below min_count: only the others can pass the threshold.
    frequent = first[counts >= min_count]
    a, b = codes[start[frequent]], codes[end[frequent]]
    grams = _joined(stream, start[frequent], end[frequent], model.delimiter)
    phrasegrams = {}
    for gram, n_a, n_b, n_ab in zip(grams.tolist(), unigrams[a].tolist(), unigrams[b].tolist(),
                                    counts[keys[frequent]].tolist(), strict=True):
        score = model.scoring(worda_count=n_a, wordb_count=n_b, bigram_count=n_ab,
                              len_vocab=len_vocab, min_count=min_count,
                              corpus_word_count=len(codes))
        if not score <= threshold:  # gensim's test, NaN included
            phrasegrams[gram] = score
    model.phrasegrams = phrasegrams
    return model


def _join_layer(stream: TokenStream, model: FrozenPhrases) -> TokenStream | None:
    """``model[tokens]`` for every text of the stream; None where the result could differ.

    gensim walks each text: a word followed (after connector words) by a
    word forms a candidate; a candidate whose joined tokens are a phrase
    above the threshold becomes one token and its last word starts nothing.
    So along a chain of candidates that are phrases, the first, third, ...
    are joined. Candidates can only be phrases when their first token is
    the part of some phrase before a delimiter and their last token the part
    after one, which leaves few to join and look up. gensim tests a token's
    truth (an empty token starts no candidate), hence None for one.
    """
    vocab, codes = stream.vocab, stream.codes
    if not _strings(vocab) or not all(vocab.tolist()):
        return None
    delimiter, grams = model.delimiter, model.phrasegrams
    firsts, lasts = set(), set()
    for gram in grams:
        at = gram.find(delimiter)
        while at >= 0:
            firsts.add(gram[:at])
            lasts.add(gram[at + len(delimiter):])
            at = gram.find(delimiter, at + 1)
    known = np.fromiter(((t in model.connector_words, t in firsts, t in lasts) for t in vocab),
                        dtype=np.dtype((bool, 3)), count=len(vocab))
    start, end = _pairs(stream, known[:, 0])
    candidates = np.flatnonzero(known[codes[start], 1] & known[codes[end], 2])
    if not len(candidates):
        return stream
    keys, _ = _pair_keys(codes, start[candidates], end[candidates], len(vocab))
    first = candidates[np.unique(keys, return_index=True)[1]]
    joined = _joined(stream, start[first], end[first], delimiter)
    threshold = model.threshold
    phrase = np.fromiter((grams.get(g, -np.inf) > threshold for g in joined.tolist()),
                         dtype=bool, count=len(joined))[keys]
    is_phrase = np.zeros(len(start), dtype=bool)
    is_phrase[candidates] = phrase
    # Runs of candidates that are phrases, each sharing a word with the one before.
    index = np.arange(len(start))
    follows = np.zeros(len(start), dtype=bool)
    follows[1:] = (end[:-1] == start[1:]) & is_phrase[:-1]
    run_start = np.maximum.accumulate(np.where(is_phrase & ~follows, index, -1))
    taken = is_phrase & ((index - run_start) % 2 == 0)
    take = np.flatnonzero(taken)
    if not len(take):
        return stream
    # The vocabulary gains the phrases joined (a phrase may equal a token already there).
    key_of_pair = np.zeros(len(start), dtype=np.int64)
    key_of_pair[candidates] = keys
    used, key_index = np.unique(key_of_pair[take], return_inverse=True)
    new, new_vocab = _factorize(np.concatenate([vocab, joined[used]]))
    new_codes = new[:len(vocab)][codes]
    new_codes[start[take]] = new[len(vocab):][key_index]
    # Drop the rest of each joined candidate: the tokens after its first, to its last.
    edges = np.zeros(len(codes) + 1, dtype=np.int64)
    np.add.at(edges, start[take] + 1, 1)
    np.add.at(edges, end[take] + 1, -1)
    return stream.keep(np.cumsum(edges[:-1]) == 0, new_codes, new_vocab)


def _layers(model: FrozenPhrases) -> list[FrozenPhrases] | None:
    """The gensim models a phrase model applies in turn; None for one of another kind."""
    layers = list(model.layers) if isinstance(model, PhraseLayers) else [model]
    return layers if all(type(m) is FrozenPhrases for m in layers) else None


def join_phrases(stream: TokenStream, model: FrozenPhrases) -> TokenStream:
    """Join the phrases of every text of a stream: ``model[tokens]`` for each text.

    Parameters
    ----------
    stream : TokenStream
        The tokens, stopwords still in (from :func:`wireframe.text.encode`).
    model : FrozenPhrases
        From :func:`phrases` (a :class:`PhraseLayers` too) or
        :func:`phrases_from_dict`.

    Returns
    -------
    TokenStream
        The same tokens with each phrase joined into one, exactly as gensim
        joins them text by text (a model of another kind is run text by
        text).

    Examples
    --------
    >>> from wireframe.text import TokenStream
    >>> docs = [["the", "cold", "war", "ended"], ["a", "new", "cold", "war"],
    ...         ["cold", "war", "again"], ["war", "and", "peace"], ["a", "cold", "day"]]
    >>> model = phrases(docs, min_count=2, threshold=0.3)
    >>> join_phrases(TokenStream.from_lists([["after", "the", "cold", "war"]]), model).lists()
    [['after', 'the', 'cold_war']]
    """
    layers = _layers(model)
    if layers is None:
        return TokenStream.from_lists(model[d] for d in stream.lists())
    for layer in layers:
        joined = _join_layer(stream, layer)
        stream = joined if joined is not None else TokenStream.from_lists(
            layer[d] for d in stream.lists())
    return stream


def _hide_delimiter(token: str) -> str:
    return token.replace("_", _JOINED)


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
    docs : iterable of lists of str, or TokenStream
        Tokenized texts, stopwords still in (they are connector words); a
        :class:`~wireframe.text.TokenStream` from
        :func:`~wireframe.text.encode` saves coding them.
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

    The counting is gensim's, done on integer codes (the module's
    docstring): the model is the one ``Phrases(docs, ...).freeze()`` makes,
    the same phrases with the same scores in the same order, in a fraction
    of the time (NewsArticles: 2 million tokens, tests compare the two).

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
    stream = docs if isinstance(docs, TokenStream) else TokenStream.from_lists(docs)
    models: list[FrozenPhrases] = []
    for layer in range(layers):
        # gensim's freeze() splits each phrase at the delimiter to score it, so "new" +
        # "cold_war" would be scored as "new" + "war"; a stand-in keeps the parts whole.
        source = stream if layer == 0 else stream.map(_hide_delimiter)
        model = _learn_layer(source, min_count=min_count, threshold=threshold,
                             connectors=connectors)
        if model is None:
            model = Phrases(source.lists(), min_count=min_count, threshold=threshold,
                            scoring="npmi", connector_words=connectors).freeze()
        if layer:
            model.phrasegrams = {g.replace(_JOINED, "_"): v for g, v in model.phrasegrams.items()}
        models.append(model)
        if layer < layers - 1:
            stream = join_phrases(stream, model)
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
