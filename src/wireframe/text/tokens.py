"""Tokens: pipelines of small steps from a text to its terms.

A text becomes a list of terms through a *pipeline*: a list of small
:class:`Step` objects run in order, each a plain function that can be called
and tested alone. :func:`pipeline` builds the usual one, :func:`preprocess`
runs a pipeline and :func:`step_through` shows what every step made of a text.
The tokenizer is NLTK's :class:`~nltk.tokenize.RegexpTokenizer` (no data
files); the stopword list ships with wireframe.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from gensim.models.phrases import FrozenPhrases
from nltk import redos
from nltk.tokenize import RegexpTokenizer

from wireframe import _validate as check

__all__ = [
    "TOKEN_PATTERNS",
    "Step",
    "drop_short",
    "drop_stopwords",
    "lowercase",
    "normalize_apostrophes",
    "pipeline",
    "preprocess",
    "step_through",
    "stopwords",
    "strip_possessives",
    "tokenize",
    "with_phrases",
]

logger = logging.getLogger(__name__)

TOKEN_PATTERNS: dict[str, str] = {
    # Abbreviations with inner periods first, so "u.s." stays one token rather
    # than two one-letter ones; then letters joined by inner hyphens or
    # apostrophes ("al-assad", "didn't"). Digits never start or join a token.
    "word": r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:[-'][^\W\d_]+)*",
    # scikit-learn's CountVectorizer default, so its results can be reproduced.
    "sklearn": r"(?u)\b\w\w+\b",
}
"""Token patterns by name: regular expressions whose matches are the tokens."""

# Curly and modifier apostrophes, as news sites print them, to the ASCII one.
_APOSTROPHES = ("\u2019", "\u2018", "\u02bc", "`")
# A straight double quote standing for an apostrophe inside a contraction or
# possessive (don"t, Trump"s): an artefact of some scraped corpora. The quote
# comes first and the letter before it is looked at from behind it, so the
# engine scans for quotes instead of trying the pattern at every character.
_QUOTE_APOSTROPHE = re.compile(r'"(?<=[^\W\d_]")(?=(?:s|t|re|ve|ll|m|d)\b)', re.IGNORECASE)


@dataclass(frozen=True)
class Step:
    """One named stage of a pipeline: a function of the previous stage's output.

    Parameters
    ----------
    name : str
        What :func:`step_through` calls the stage.
    func : callable
        Takes the previous output (a text, or a list of tokens) and returns
        the next.
    filter : bool, default False
        Whether the step only removes tokens. :func:`pipeline` and
        :func:`wireframe.compare.term_matrix` put phrase joining before the
        first filter, so that phrases are learned and joined on the full
        token stream (stopwords included, as gensim's connector words).
    each : callable, optional
        The step on one token, for a step that treats every token alone:
        the token it becomes, or None to drop it. ``func`` must then equal
        ``lambda tokens: [e for t in tokens if (e := each(t)) is not None]``.
        A corpus (:func:`encode`) runs such a step once per distinct token
        instead of once per token; every step of :func:`pipeline` after the
        tokenizer has one, except phrase joining.
    """

    name: str
    func: Callable[[Any], Any] = field(repr=False)
    filter: bool = False
    each: Callable[[str], str | None] | None = field(default=None, repr=False)

    def __call__(self, value: Any) -> Any:
        return self.func(value)


def lowercase(text: str) -> str:
    """Return the text in lower case (Unicode-aware ``str.lower``).

    Examples
    --------
    >>> lowercase("NATO Summit")
    'nato summit'
    """
    return text.lower()


def normalize_apostrophes(text: str) -> str:
    """Replace curly, modifier and grave apostrophes with the ASCII one.

    News sites print "didn’t" and "didn't" for the same word; without this
    they would count as two terms. A straight double quote between a letter
    and a contraction or possessive ending (``don"t``, ``Trump"s``, 320
    times in NewsArticles, where scraping replaced the apostrophe) is
    replaced too; quotation marks elsewhere are left alone.

    Examples
    --------
    >>> normalize_apostrophes("didn\u2019t")
    "didn't"
    >>> print(normalize_apostrophes('He said "we don"t know".'))
    He said "we don't know".
    """
    for mark in _APOSTROPHES:
        if mark in text:
            text = text.replace(mark, "'")
    return _QUOTE_APOSTROPHE.sub("'", text) if '"' in text else text


# RegexpTokenizer's flags.
_FLAGS = re.UNICODE | re.MULTILINE | re.DOTALL


@functools.lru_cache(maxsize=16)
def _tokenizer(pattern: str) -> Callable[[str], list[str]]:
    """The findall of a token pattern, as NLTK's RegexpTokenizer runs it.

    RegexpTokenizer compiles with the ``regex`` engine (``nltk.redos``) and
    bounds every match by a timeout, a guard against a caller's pattern that
    backtracks without end; the guard triples the time. The built-in
    patterns cannot backtrack so (each step of a match consumes a
    character), so they run on the same engine, with the same flags, without
    it: the same tokens. A text in ASCII (``str.isascii`` is free) gives the
    same matches on Python's ``re``, which is faster: the two engines differ
    only on which non-ASCII characters are letters or word characters.
    """
    if pattern not in TOKEN_PATTERNS:
        return RegexpTokenizer(pattern).tokenize
    ascii_, unicode = _engines(pattern)
    return lambda text: ascii_(text) if text.isascii() else unicode(text)


@functools.lru_cache(maxsize=8)
def _engines(pattern: str, newline: bool = False
             ) -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    """The findall of a built-in pattern on Python's ``re`` (for ASCII) and on ``regex``.

    With ``newline`` a newline between tokens is found too, as a token of its own.
    """
    source = TOKEN_PATTERNS[pattern] + ("|\n" if newline else "")
    return re.compile(source, _FLAGS).findall, redos.compile(source, _FLAGS, timeout=None).findall


def _piecewise(step: Step) -> tuple[Callable[[str], list[str]], ...] | None:
    """The tokenizers of a step on a built-in pattern (:func:`_engines`); None for another step.

    The built-in patterns match no white space and look past a match only
    at the characters next to it, through ``\\b``, and white space is never
    a word character: so the tokens of a text are the tokens of its
    ``str.split()`` pieces, one after another, and a corpus can tokenize
    each distinct piece once (:func:`wireframe.text.encode`). A pattern of
    your own may look further (a lookahead, ``\\s``), so it is run on the
    whole text.
    """
    func = step.func
    if not (isinstance(func, functools.partial) and func.func is tokenize and not func.args):
        return None
    options = dict(func.keywords)
    pattern = options.pop("pattern", "word")
    if options or pattern not in TOKEN_PATTERNS:
        return None
    return _engines(pattern, newline=True)


def tokenize(text: str, *, pattern: str = "word", lowercase: bool = False) -> list[str]:
    """Split a text into tokens with NLTK's RegexpTokenizer (no downloaded data).

    Parameters
    ----------
    text : str
        One text.
    pattern : str, default "word"
        A key of :data:`TOKEN_PATTERNS` or a regular expression whose matches
        are the tokens. ``"word"``: runs of letters, joined by inner hyphens
        or apostrophes, and abbreviations such as "U.S."; numbers are not
        tokens. ``"sklearn"``: scikit-learn's CountVectorizer default
        ``(?u)\\b\\w\\w+\\b``, two or more word characters.
    lowercase : bool, default False
        Lower-case the text first. :func:`pipeline` does this in a step of
        its own.

    Returns
    -------
    list of str

    Raises
    ------
    TypeError
        When ``text`` is not a string (a list of texts, say).

    Notes
    -----
    Recent NLTK (3.10 here) runs every pattern through the ``regex`` engine
    under a timeout (``nltk.redos``), a guard against patterns that
    backtrack without end, which triples the time. A pattern of your own
    keeps the guard; the built-in patterns, which cannot backtrack so, run
    on the same engine without it, and on Python's ``re`` for a text in
    ASCII, where the engines agree: the same tokens as RegexpTokenizer, about
    three times faster. ``regex`` and ``re`` agree on ``\\w`` and ``\\b``
    for text without combining marks or numerals other than digits; with
    them (Devanagari, an accent typed as a combining mark, "½")
    ``"sklearn"`` may split a word where scikit-learn does not, or keep one
    it splits (3 of 50,892 terms on NewsArticles).

    Examples
    --------
    >>> tokenize("The U.S.-Russia talks didn't resume in 2017.")
    ['The', 'U.S.', 'Russia', 'talks', "didn't", 'resume', 'in']
    >>> tokenize("The quick brown fox", pattern="sklearn", lowercase=True)
    ['the', 'quick', 'brown', 'fox']
    """
    if not isinstance(text, str):
        raise check.ParameterError(
            f"text.tokenize: `text` must be one string; got {type(text).__name__}. Fix: for a "
            "column of texts, call tokenize on each: [tokenize(t) for t in texts]"
        )
    return _tokenizer(pattern)(text.lower() if lowercase else text)


def strip_possessives(tokens: list[str]) -> list[str]:
    """Remove a final possessive "'s": "russia's" counts as "russia".

    Contractions such as "it's" become "it", a stopword; "didn't" is kept.

    Examples
    --------
    >>> strip_possessives(["russia's", "didn't", "s"])
    ['russia', "didn't", 's']
    """
    return [t[:-2] if len(t) > 2 and t.endswith("'s") else t for t in tokens]


def _strip_possessive(token: str) -> str:
    return token[:-2] if len(token) > 2 and token.endswith("'s") else token


@functools.lru_cache(maxsize=4)
def stopwords(name: str = "en") -> frozenset[str]:
    """Return a stopword list kept in the package.

    Parameters
    ----------
    name : {"en"}, default "en"
        The list: ``"en"`` is English, 330 words, in
        ``wireframe/data/stopwords_en.txt``.

    Returns
    -------
    frozenset of str
        Lower-case words, apostrophes in ASCII.

    Raises
    ------
    ValueError
        When there is no list of that name.

    Notes
    -----
    The English list is scikit-learn's ``ENGLISH_STOP_WORDS`` (BSD-3-Clause;
    taken, its source says, from the Glasgow Information Retrieval Group's
    list), 318 words, with 29 words that carry news content taken out
    ("bill", "fire", "interest", "system", "side", "un" for the United
    Nations once lower-cased, ...), entries of the kind Nothman, Qin &
    Yurchak (2018) found surprising in it; and 41 added: the contractions
    the tokenizer keeps whole ("didn't", "we're") and "did", "does",
    "doing", "having". The file's header lists every change and carries
    scikit-learn's licence.

    References
    ----------
    Nothman, J., Qin, H. & Yurchak, R. (2018). Stop word lists in free
    open-source software packages. Proceedings of the Workshop for NLP Open
    Source Software (NLP-OSS), 7-12.

    Examples
    --------
    >>> "the" in stopwords(), "bill" in stopwords()
    (True, False)
    """
    check.choice("text.stopwords", "name", name, ("en",))
    raw = resources.files("wireframe").joinpath("data", f"stopwords_{name}.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#")
    )


def drop_stopwords(tokens: list[str], *, words: frozenset[str] | set[str]) -> list[str]:
    """Remove the tokens that are in ``words``.

    Examples
    --------
    >>> drop_stopwords(["the", "cold", "war"], words=stopwords())
    ['cold', 'war']
    """
    return [t for t in tokens if t not in words]


def _unless_stopword(token: str, *, words: frozenset[str] | set[str]) -> str | None:
    return None if token in words else token


def drop_short(tokens: list[str], *, min_length: int) -> list[str]:
    """Remove tokens shorter than ``min_length`` characters.

    Examples
    --------
    >>> drop_short(["a", "us", "war"], min_length=3)
    ['war']
    """
    return [t for t in tokens if len(t) >= min_length]


def _unless_short(token: str, *, min_length: int) -> str | None:
    return token if len(token) >= min_length else None


# pipeline() names its options after these functions, which hides them there.
_lowercase = lowercase
_stopword_list = stopwords


def _join_phrases(tokens: list[str], *, model: FrozenPhrases) -> list[str]:
    return model[tokens]


def pipeline(
    *,
    pattern: str = "word",
    lowercase: bool = True,
    possessives: bool = True,
    stopwords: str | Iterable[str] | None = "en",
    min_length: int = 2,
    phrases: FrozenPhrases | None = None,
) -> list[Step]:
    """Build the usual preprocessing pipeline: a list of small steps.

    Parameters
    ----------
    pattern : str, default "word"
        Token pattern, a key of :data:`TOKEN_PATTERNS` or a regular
        expression (see :func:`tokenize`).
    lowercase : bool, default True
        Lower-case the text before tokenizing.
    possessives : bool, default True
        Strip a final "'s" from tokens (:func:`strip_possessives`).
    stopwords : "en", iterable of str or None, default "en"
        Drop these words: a list name for :func:`stopwords`, your own words
        (compared after lower-casing, if on), or None to keep every token.
    min_length : int, default 2
        Drop tokens shorter than this; 1 keeps every token.
    phrases : FrozenPhrases, optional
        Join phrases with this model (from :func:`phrases`), after the
        possessives step and before stopwords are dropped.

    Returns
    -------
    list of Step
        In order: ``lowercase`` (if on), ``apostrophes``, ``tokenize``,
        ``possessives`` (if on), ``phrases`` (if given), ``stopwords`` (if
        any), ``min_length`` (if above 1).

    Raises
    ------
    ValueError
        For an unknown stopword list or a ``min_length`` below 1.

    See Also
    --------
    preprocess, step_through

    Examples
    --------
    >>> steps = pipeline(pattern="sklearn", stopwords=None)
    >>> preprocess("The quick brown fox", steps)
    ['the', 'quick', 'brown', 'fox']
    """
    func = "text.pipeline"
    lowercase = check.flag(func, "lowercase", lowercase)
    possessives = check.flag(func, "possessives", possessives)
    min_length = check.integer(func, "min_length", min_length, low=1)
    if phrases is not None and not isinstance(phrases, FrozenPhrases):
        raise check.fail(func, "phrases", "a model from wireframe.text.phrases, or None", phrases)
    if isinstance(stopwords, str):
        words = _stopword_list(stopwords)
    elif stopwords is None:
        words = frozenset()
    else:
        words = frozenset(w.lower() if lowercase else w for w in stopwords)
    steps: list[Step] = []
    if lowercase:
        steps.append(Step("lowercase", _lowercase))
    steps.append(Step("apostrophes", normalize_apostrophes))
    steps.append(Step("tokenize", functools.partial(tokenize, pattern=pattern)))
    if possessives:
        steps.append(Step("possessives", strip_possessives, each=_strip_possessive))
    if phrases is not None:
        steps.append(Step("phrases", functools.partial(_join_phrases, model=phrases)))
    if words:
        steps.append(Step("stopwords", functools.partial(drop_stopwords, words=words), True,
                          functools.partial(_unless_stopword, words=words)))
    if min_length > 1:
        steps.append(Step("min_length", functools.partial(drop_short, min_length=min_length), True,
                          functools.partial(_unless_short, min_length=min_length)))
    return steps


def with_phrases(steps: Sequence[Step], model: FrozenPhrases) -> list[Step]:
    """Return the pipeline with phrase joining inserted before its first filter step.

    Phrases are joined on the full token stream, stopwords still in (gensim's
    connector words), so the join goes before the first step that only
    removes tokens (see :attr:`Step.filter`).

    Examples
    --------
    >>> from gensim.models.phrases import Phrases
    >>> model = Phrases([["cold", "war"]] * 3, min_count=1, threshold=0.1,
    ...                 scoring="npmi").freeze()
    >>> [s.name for s in with_phrases(pipeline(), model)]
    ['lowercase', 'apostrophes', 'tokenize', 'possessives', 'phrases', 'stopwords', 'min_length']
    """
    cut = next((i for i, s in enumerate(steps) if s.filter), len(steps))
    join = Step("phrases", functools.partial(_join_phrases, model=model))
    return [*steps[:cut], join, *steps[cut:]]


def preprocess(value: str | list[str], steps: Sequence[Step] | None = None) -> list[str]:
    """Run a text (or the tokens of an earlier stage) through a pipeline.

    Parameters
    ----------
    value : str or list of str
        A text, or tokens when ``steps`` starts after tokenizing.
    steps : list of Step, optional
        The pipeline; :func:`pipeline` with its defaults when not given.

    Returns
    -------
    list of str
        The terms.

    Examples
    --------
    >>> preprocess("Talks resumed on Monday.")
    ['talks', 'resumed', 'monday']
    """
    for step in pipeline() if steps is None else steps:
        value = step(value)
    return value


def step_through(value: str, steps: Sequence[Step] | None = None) -> list[tuple[str, Any]]:
    """Show each stage of a pipeline: ``(step name, output)``, input first.

    Examples
    --------
    >>> for name, out in step_through("Russia's talks")[2:5]:
    ...     print(name, out)
    apostrophes russia's talks
    tokenize ["russia's", 'talks']
    possessives ['russia', 'talks']
    """
    stages: list[tuple[str, Any]] = [("input", value)]
    for step in pipeline() if steps is None else steps:
        value = step(value)
        stages.append((step.name, value))
    return stages
