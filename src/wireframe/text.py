"""Text preprocessing: paragraphs, sentences, words, tokens, stopwords, phrases.

Every part of the kit splits text here and nowhere else: :func:`paragraphs`
(blank lines), :func:`sentences` and :func:`sentence_spans` (full stops,
question and exclamation marks, not after an abbreviation such as "Mr." or
"Mar."), and :func:`words` (runs of letters and digits, case-folded), which
syndication compares and the synthetic corpora edit.

A text becomes a list of terms through a *pipeline*: a list of small
:class:`Step` objects run in order, each a plain function that can be called
and tested alone. :func:`pipeline` builds the usual one, :func:`preprocess`
runs a pipeline and :func:`step_through` shows what every step made of a text.

Nothing here needs NLTK's downloader: the tokenizer is NLTK's
:class:`~nltk.tokenize.RegexpTokenizer`, which needs no data files, and the
stopword list ships with wireframe (``wireframe/data/stopwords_en.txt``, see
:func:`stopwords` for its source and licence). Phrases ("cold war" ->
``cold_war``) come from gensim's :class:`~gensim.models.phrases.Phrases`,
learned on the corpus at hand by :func:`phrases`, in layers when three- and
four-word phrases are wanted ("new cold war" -> ``new_cold_war``).

For topic models, :func:`documents` runs a pipeline over a whole corpus
(learning phrases on the way) and :func:`dictionary` builds the vocabulary,
dropping rare and common terms with gensim's ``filter_extremes`` and the
defaults in :data:`FILTER_EXTREMES`.

Examples
--------
>>> from wireframe import text
>>> text.preprocess("Russia's view of the U.S. didn't change.")
['russia', 'view', 'u.s.', 'change']
>>> [name for name, _ in text.step_through("The Cold War")]
['input', 'lowercase', 'apostrophes', 'tokenize', 'possessives', 'stopwords', 'min_length']
"""

from __future__ import annotations

import functools
import logging
import numbers
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
from gensim.corpora import Dictionary
from gensim.models.phrases import FrozenPhrases, Phrases
from nltk.tokenize import RegexpTokenizer
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe._docs import doc

__all__ = [
    "ABBREVIATIONS",
    "FILTER_EXTREMES",
    "TOKEN_PATTERNS",
    "Documents",
    "PhraseLayers",
    "Step",
    "dictionary",
    "documents",
    "drop_short",
    "drop_stopwords",
    "lowercase",
    "normalize_apostrophes",
    "phrases",
    "phrases_from_dict",
    "phrases_to_dict",
    "paragraphs",
    "pipeline",
    "preprocess",
    "sentence_spans",
    "sentences",
    "step_through",
    "stopwords",
    "strip_possessives",
    "tokenize",
    "words",
]

TOKEN_PATTERNS: dict[str, str] = {
    # Abbreviations with inner periods first, so "u.s." stays one token rather
    # than two one-letter ones; then letters joined by inner hyphens or
    # apostrophes ("al-assad", "didn't"). Digits never start or join a token.
    "word": r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:[-'][^\W\d_]+)*",
    # scikit-learn's CountVectorizer default, so its results can be reproduced.
    "sklearn": r"(?u)\b\w\w+\b",
}
"""Token patterns by name: regular expressions whose matches are the tokens."""

FILTER_EXTREMES: dict[str, Any] = {"no_below": 5, "no_above": 0.5, "keep_n": 100_000}
"""The defaults of :func:`dictionary`: terms in at least 5 stories and at most
half of them, the 100,000 most widespread at most (gensim's own defaults)."""

ABBREVIATIONS: tuple[str, ...] = (
    "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt",
    "Capt", "Prof", "Rev", "No", "vs", "Inc", "Corp", "Co", "Ltd", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)
"""Words whose full stop ends no sentence ("Mr. Trump", "Mar. 5"); so does a
single capital letter ("U.S. forces", "John F. Kennedy")."""

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A sentence ends at . ! or ? (and any closing quotes or brackets), before
# white space and a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"[.!?]([\"'”’)\]]*)\s+(?=[\"'“‘’”(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b(?:" + "|".join(ABBREVIATIONS) + r")|\b[A-Z])\.$")

# Curly and modifier apostrophes, as news sites print them, to the ASCII one.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# A straight double quote standing for an apostrophe inside a contraction or
# possessive (don"t, Trump"s): an artefact of some scraped corpora.
_QUOTE_APOSTROPHE = re.compile(r'(?<=[^\W\d_])"(?=(?:s|t|re|ve|ll|m|d)\b)', re.IGNORECASE)


def paragraphs(text: str) -> list[str]:
    """Split a text at blank lines; return the paragraphs stripped, empty ones left out.

    Examples
    --------
    >>> paragraphs("Talks resumed.\\n\\n  \\nBoth sides met. \\n")
    ['Talks resumed.', 'Both sides met.']
    """
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text or "") if p.strip()]


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of each sentence, white space trimmed.

    A paragraph break always ends a sentence. Within a paragraph a sentence
    ends at ".", "!" or "?" (with any closing quotes or brackets) followed by
    white space and a capital, a digit or an opening quote, unless the word
    before the full stop is one of :data:`ABBREVIATIONS` or a single capital
    letter.

    Examples
    --------
    >>> t = "Talks resume on Mar. 5 in Geneva. Mr. Lavrov will attend."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['Talks resume on Mar. 5 in Geneva.', 'Mr. Lavrov will attend.']
    """
    text = text or ""
    out = []
    for p_start, p_end in _paragraph_spans(text):
        paragraph = text[p_start:p_end]
        start = 0
        for m in _SENTENCE_END.finditer(paragraph):
            if _ABBREVIATION.search(paragraph[start : m.start() + 1]):
                continue
            out.append((p_start + start, p_start + m.start() + 1 + len(m.group(1))))
            start = m.end()
        out.append((p_start + start, p_end))
    trimmed = []
    for a, b in out:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            trimmed.append((a + lead, a + len(piece.rstrip())))
    return trimmed


def sentences(text: str) -> list[str]:
    """Split a text into sentences (see :func:`sentence_spans` for the rule).

    Examples
    --------
    >>> sentences("U.S. forces left. \\"Why?\\" he asked.\\n\\nNo comment")
    ['U.S. forces left.', '"Why?" he asked.', 'No comment']
    """
    text = text or ""
    return [text[a:b] for a, b in sentence_spans(text)]


def words(text: str) -> list[str]:
    """Return the case-folded runs of letters and digits of a text.

    This is the word of copy detection and of the synthetic corpora's edits:
    punctuation, quotes and dashes are ignored, so "U.S." is two words. For
    the tokens of term counts and topics use :func:`tokenize` or a
    :func:`pipeline`.

    Examples
    --------
    >>> words("Russia's U.S.-bound envoy, 2017")
    ['russia', 's', 'u', 's', 'bound', 'envoy', '2017']
    """
    return _WORD.findall((text or "").casefold())


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
    """

    name: str
    func: Callable[[Any], Any] = field(repr=False)
    filter: bool = False

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
    return _QUOTE_APOSTROPHE.sub("'", text.translate(_APOSTROPHES))


@functools.lru_cache(maxsize=16)
def _tokenizer(pattern: str) -> RegexpTokenizer:
    return RegexpTokenizer(TOKEN_PATTERNS.get(pattern, pattern))


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
    backtrack without end; it makes tokenizing about three times slower than
    Python's ``re`` (2-3 s for the 3,824 NewsArticles stories).
    ``regex`` and Python's ``re`` agree on ``\\w`` and ``\\b`` for text
    without combining marks; with them (Devanagari, say) ``"sklearn"`` may
    split a word where scikit-learn does not.

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
    return _tokenizer(pattern).tokenize(text.lower() if lowercase else text)


def strip_possessives(tokens: list[str]) -> list[str]:
    """Remove a final possessive "'s": "russia's" counts as "russia".

    Contractions such as "it's" become "it", a stopword; "didn't" is kept.

    Examples
    --------
    >>> strip_possessives(["russia's", "didn't", "s"])
    ['russia', "didn't", 's']
    """
    return [t[:-2] if len(t) > 2 and t.endswith("'s") else t for t in tokens]


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


def drop_short(tokens: list[str], *, min_length: int) -> list[str]:
    """Remove tokens shorter than ``min_length`` characters.

    Examples
    --------
    >>> drop_short(["a", "us", "war"], min_length=3)
    ['war']
    """
    return [t for t in tokens if len(t) >= min_length]


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
        steps.append(Step("possessives", strip_possessives))
    if phrases is not None:
        steps.append(Step("phrases", functools.partial(_join_phrases, model=phrases)))
    if words:
        steps.append(Step("stopwords", functools.partial(drop_stopwords, words=words), True))
    if min_length > 1:
        steps.append(Step("min_length", functools.partial(drop_short, min_length=min_length), True))
    return steps


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


def _with_phrases(steps: Sequence[Step], model: FrozenPhrases) -> list[Step]:
    """Insert phrase joining before the first filter step (see Step.filter)."""
    cut = next((i for i, s in enumerate(steps) if s.filter), len(steps))
    join = Step("phrases", functools.partial(_join_phrases, model=model))
    return [*steps[:cut], join, *steps[cut:]]


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
    bar = {"unit": "text", "leave": False, "disable": None if progress is None else not progress}
    model = phrases if isinstance(phrases, FrozenPhrases) else None
    if any(s.name == "phrases" for s in steps):
        model = None
    elif phrases is True:
        cut = next((i for i, s in enumerate(steps) if s.filter), len(steps))
        head = [preprocess(t, steps[:cut]) for t in tqdm(texts, desc="tokenizing", **bar)]
        learn = head if learn_from is None else [h for h, keep in zip(head, learn_from,
                                                                       strict=True) if keep]
        model = _learn_phrases(learn, layers=layers)
        logger.info("learned %d phrases from %d texts", len(model.phrasegrams), len(learn))
        steps = _with_phrases(steps, model)
        return Documents([preprocess(h, steps[cut:]) for h in head], model, tuple(steps))
    if model is not None:
        steps = _with_phrases(steps, model)
    tokens = [preprocess(t, steps) for t in tqdm(texts, desc="tokenizing", **bar)]
    return Documents(tokens, model, tuple(steps))


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
