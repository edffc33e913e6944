"""A whole corpus through a pipeline (learning phrases on the way), and the
vocabulary of a topic model.

:func:`encode` runs a pipeline over many texts at once: the steps on text
(lower case, apostrophes) and the tokenizer run text by text, every later
step on the :class:`~wireframe.text.TokenStream` of all the tokens, once per
distinct token where it can (a :class:`~wireframe.text.Step` with ``each``),
phrases joined as arrays. The terms are those of :func:`preprocess` on each
text in turn.
"""

from __future__ import annotations

import functools
import logging
import numbers
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from gensim.corpora import Dictionary
from gensim.models.phrases import FrozenPhrases
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe._docs import doc
from wireframe.text.collocations import join_phrases
from wireframe.text.collocations import phrases as _learn_phrases
from wireframe.text.streams import TokenStream, _from_pieces
from wireframe.text.tokens import Step, _join_phrases, _piecewise, pipeline, with_phrases

__all__ = [
    "FILTER_EXTREMES",
    "Documents",
    "dictionary",
    "documents",
    "encode",
]

logger = logging.getLogger(__name__)

FILTER_EXTREMES: dict[str, Any] = {"no_below": 5, "no_above": 0.5, "keep_n": 100_000}
"""The defaults of :func:`dictionary`: terms in at least 5 stories and at most
half of them, the 100,000 most widespread at most (gensim's own defaults)."""


@dataclass(frozen=True, eq=False)
class Documents:
    """The terms of every text of a corpus, in order, and what made them.

    Attributes
    ----------
    tokens : list of list of str
        One list of terms per text, in text order; the order of the terms is
        kept (coherence measures slide windows over it).
    phrases : FrozenPhrases or None
        The phrase model applied, if any.
    steps : tuple of Step
        The pipeline, phrase joining included, that turns a new text into
        terms the same way.
    """

    tokens: list[list[str]]
    phrases: FrozenPhrases | None
    steps: tuple[Step, ...]

    def __repr__(self) -> str:
        n = sum(len(t) for t in self.tokens)
        return f"Documents({len(self.tokens):,} texts, {n:,} terms)"


def _chain(each: Sequence, token: str) -> str | None:
    """The token after every step of ``each`` in turn; None once one drops it."""
    for step in each:
        token = step(token)
        if token is None:
            return None
    return token


@functools.lru_cache(maxsize=8)
def _composed(each: tuple[Callable[[str], str | None], ...]) -> Callable[[str], str | None]:
    """:func:`_chain` of these steps, remembering the last 262,144 tokens it was given.

    The batches of a large corpus share most of their words, so a pipeline
    used batch after batch (as ``compare.term_counts`` uses one) runs its
    steps on a word once rather than once per batch. A step's ``each`` is
    a function of the token alone (see :class:`Step`), so remembering is safe.
    """
    return functools.lru_cache(maxsize=1 << 18)(functools.partial(_chain, each))


def _run(stream: TokenStream, steps: Sequence[Step]) -> TokenStream:
    """Run steps that take and return tokens over a whole stream."""
    steps = list(steps)
    while steps:
        step = steps.pop(0)
        if step.each is not None:
            # Steps on one token at a time in a row run as one, over the vocabulary once.
            each = [step.each]
            while steps and steps[0].each is not None:
                each.append(steps.pop(0).each)
            stream = stream.map(_composed(tuple(each)))
        elif isinstance(step.func, functools.partial) and step.func.func is _join_phrases:
            stream = join_phrases(stream, step.func.keywords["model"])
        else:
            stream = TokenStream.from_lists(step(d) for d in stream.lists())
    return stream


@doc
def encode(
    texts: Sequence[str] | TokenStream,
    steps: Sequence[Step] | None = None,
    *,
    progress: bool | None = None,
) -> TokenStream:
    """Run a pipeline over every text of a corpus at once.

    Parameters
    ----------
    texts : sequence of str, or TokenStream
        The texts; or a stream of tokens, when ``steps`` starts after the
        tokenizer (the steps after a phrase model is learned, say).
    steps : list of Step, optional
        The pipeline; :func:`pipeline` with its defaults when not given.
    {progress}
        The bar runs while tokenizing.

    Returns
    -------
    TokenStream
        The terms of every text, in order: ``lists()`` equals
        ``[preprocess(t, steps) for t in texts]``.

    Raises
    ------
    TypeError
        When ``texts`` is a single string, or the pipeline makes no tokens
        (no step turns a text into a list).

    Notes
    -----
    The steps before the tokenizer run on each text. A tokenizer on a
    built-in pattern (:data:`TOKEN_PATTERNS`) runs once per distinct
    white-space-separated piece of the corpus (NewsArticles' 2.1 million
    pieces are 125,000 distinct ones), since those patterns never match
    across white space; a pattern of your own runs on each text. Each later
    step runs on all the tokens at once: once per distinct token when it has
    an ``each`` (every step of :func:`pipeline`; consecutive ones as one,
    remembering the last 262,144 tokens across calls), as arrays for phrase
    joining (:func:`join_phrases`), text by text otherwise. NewsArticles has
    62,000 distinct tokens, so stopwords and possessives cost 62,000 calls
    instead of 2 million.

    Examples
    --------
    >>> encode(["The cold war.", "A new cold war?"]).lists()
    [['cold', 'war'], ['new', 'cold', 'war']]
    """
    func = "text.encode"
    steps = list(pipeline() if steps is None else steps)
    if isinstance(texts, TokenStream):
        return _run(texts, steps)
    if isinstance(texts, str):
        raise check.fail(func, "texts", "a sequence of texts, not one string", texts,
                         fix="wrap it: [text]")
    texts = list(texts)
    if not texts:
        return TokenStream.from_lists([])
    # The steps up to the one that turns a text into tokens run text by text.
    value, cut = texts[0], 0
    while cut < len(steps) and isinstance(value, str):
        value = steps[cut](value)
        cut += 1
    if isinstance(value, str):
        raise check.ParameterError(
            f"{func}: the pipeline makes no tokens: no step of {[s.name for s in steps]} "
            "turns a text into a list. Fix: add a tokenizer, e.g. steps from text.pipeline()")
    bar = {"unit": "text", "leave": False, "disable": None if progress is None else not progress}
    engines = _piecewise(steps[cut - 1])
    head = steps[:cut - 1] if engines is not None else steps[:cut]
    done = []
    for text in tqdm(texts, desc="tokenizing", **bar):
        for step in head:
            text = step(text)
        done.append(text)
    stream = _from_pieces(done, *engines) if engines is not None else None
    if stream is None:
        stream = TokenStream.from_lists(
            done if engines is None else [steps[cut - 1](t) for t in done])
    return _run(stream, steps[cut:])


@doc
def documents(
    texts: Sequence[str],
    *,
    steps: Sequence[Step] | None = None,
    phrases: bool | FrozenPhrases = True,
    layers: int = 2,
    learn_from: Sequence[bool] | np.ndarray | None = None,
    progress: bool | None = None,
) -> Documents:
    """Run a pipeline over every text of a corpus, learning phrases on the way.

    Parameters
    ----------
    texts : sequence of str
        The texts (a column of a Story table, as a list).
    steps : list of Step, optional
        The pipeline; :func:`pipeline` with its defaults when not given.
    phrases : bool or FrozenPhrases, default True
        True learns phrases from the texts with :func:`phrases` (its
        defaults, and ``layers``) on the tokens before the first filter
        step, stopwords still in, and joins them; a model applies it; False
        keeps single words. Ignored when ``steps`` already joins phrases.
    layers : int, default 2
        Phrase layers learned when ``phrases`` is True: 2 makes
        ``new_cold_war`` as well as ``cold_war``.
    learn_from : sequence of bool, optional
        Learn phrases from the texts where this is True only (one story per
        syndication family, so that a wire story printed ten times does not
        count ten times), and apply them to all.
    {progress}

    Returns
    -------
    Documents
        ``tokens`` (one list of terms per text), ``phrases`` and ``steps``.

    Raises
    ------
    TypeError
        When ``texts`` is a single string, or ``phrases`` neither a bool nor
        a model.
    ValueError
        When ``learn_from`` does not have one value per text, or ``layers``
        is below 1.

    Examples
    --------
    >>> docs = documents(["The cold war.", "A new cold war?"], phrases=False)
    >>> docs.tokens
    [['cold', 'war'], ['new', 'cold', 'war']]
    """
    func = "text.documents"
    if isinstance(texts, str):
        raise check.fail(func, "texts", "a sequence of texts, not one string", texts,
                         fix="wrap it: [text]")
    if not isinstance(phrases, bool | FrozenPhrases):
        raise check.fail(func, "phrases", "True, False or a model from wireframe.text.phrases",
                         phrases)
    layers = check.integer(func, "layers", layers, low=1)
    texts = list(texts)
    if learn_from is not None and len(learn_from) != len(texts):
        raise check.ParameterError(f"{func}: `learn_from` must have one value per text "
                                   f"({len(texts)}); got {len(learn_from)}")
    steps = list(pipeline() if steps is None else steps)
    model = phrases if isinstance(phrases, FrozenPhrases) else None
    if any(s.name == "phrases" for s in steps):
        model = None
    elif phrases is True:
        cut = next((i for i, s in enumerate(steps) if s.filter), len(steps))
        head = encode(texts, steps[:cut], progress=progress)
        learn = head if learn_from is None else head.subset(learn_from)
        model = _learn_phrases(learn, layers=layers)
        logger.info("learned %d phrases from %d texts", len(model.phrasegrams), len(learn))
        steps = with_phrases(steps, model)
        return Documents(encode(head, steps[cut:]).lists(), model, tuple(steps))
    if model is not None:
        steps = with_phrases(steps, model)
    return Documents(encode(texts, steps, progress=progress).lists(), model, tuple(steps))


def dictionary(
    docs: Iterable[Sequence[str]],
    *,
    no_below: int = 5,
    no_above: float = 0.5,
    keep_n: int | None = 100_000,
) -> Dictionary:
    """Build the vocabulary of a topic model, without terms too rare or too common.

    Parameters
    ----------
    docs : iterable of lists of str
        The terms of each document (the ``tokens`` of :func:`documents`),
        for the documents the model is trained on.
    no_below : int, default 5
        Keep terms found in at least this many documents: a term in fewer
        cannot shape a topic, and rare terms are most of a news vocabulary
        (on NewsArticles, 61,000 terms shrink to 16,500 while 90% of the
        tokens stay).
    no_above : float, default 0.5
        Keep terms found in at most this share of the documents: words in
        every other story ("said", "year") carry no topic.
    keep_n : int or None, default 100,000
        Then keep at most this many terms, the most widespread; None keeps
        all.

    Returns
    -------
    gensim.corpora.Dictionary
        Term ids in order of first appearance among the terms kept;
        ``dfs`` (documents per term) and ``cfs`` (occurrences per term)
        count the documents given.

    Raises
    ------
    ValueError
        For a bad option, or when no term is left: the message gives the
        number of documents and the options to relax.

    Notes
    -----
    These are gensim's ``filter_extremes`` defaults (:data:`FILTER_EXTREMES`),
    kept so that results match gensim tutorials; a corpus of a few hundred
    stories may want ``no_below=2``. Counting is deterministic: the same
    documents in the same order give the same ids.

    Examples
    --------
    >>> docs = [["war", "talks"], ["war", "peace", "talks"], ["war", "syria"], ["peace"]]
    >>> list(dictionary(docs, no_below=2, no_above=0.7).token2id)
    ['talks', 'peace']
    """
    func = "text.dictionary"
    no_below = check.integer(func, "no_below", no_below, low=1)
    if not (isinstance(no_above, numbers.Real) and not isinstance(no_above, bool)
            and 0 < no_above <= 1):
        raise check.fail(func, "no_above", "a share of documents in (0, 1]", no_above)
    if keep_n is not None:
        keep_n = check.integer(func, "keep_n", keep_n, low=1)
    vocab = Dictionary(docs)
    before = len(vocab)
    vocab.filter_extremes(no_below=no_below, no_above=no_above, keep_n=keep_n)
    if not len(vocab):
        raise ValueError(
            f"no term is left: of {before:,} terms in {vocab.num_docs:,} documents none is in "
            f"at least `no_below`={no_below} documents and at most `no_above`={no_above} of "
            "them; lower no_below or raise no_above"
        )
    logger.info("kept %d of %d terms (no_below=%d, no_above=%s, keep_n=%s)", len(vocab), before,
                no_below, no_above, keep_n)
    return vocab
