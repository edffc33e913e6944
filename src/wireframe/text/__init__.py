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
:class:`~nltk.tokenize.RegexpTokenizer` (its ``regex`` engine and flags),
which needs no data files, and the
stopword list ships with wireframe (``wireframe/data/stopwords_en.txt``, see
:func:`stopwords` for its source and licence). Phrases ("cold war" ->
``cold_war``) come from gensim's :class:`~gensim.models.phrases.Phrases`,
learned on the corpus at hand by :func:`phrases`, in layers when three- and
four-word phrases are wanted ("new cold war" -> ``new_cold_war``).

A corpus goes through a pipeline at once with :func:`encode`, into a
:class:`TokenStream`: every token an integer code, so that the steps after
the tokenizer run once per distinct token and phrases are learned
(:func:`phrases`) and joined (:func:`join_phrases`) as arrays, with the
results of gensim and of :func:`preprocess`, several times faster. For topic
models, :func:`documents` runs a pipeline over a whole corpus (learning
phrases on the way) and :func:`dictionary` builds the vocabulary, dropping
rare and common terms with gensim's ``filter_extremes`` and the defaults in
:data:`FILTER_EXTREMES`.

One file per concern (no file shares a name with a function it holds):
``split`` (paragraphs, sentences, words), ``tokens`` (steps and pipelines),
``streams`` (the tokens of a corpus as integer codes), ``collocations``
(phrases, learned and joined, and their JSON form), ``corpus`` (a corpus
through a pipeline, documents and the dictionary).

Examples
--------
>>> from wireframe import text
>>> text.preprocess("Russia's view of the U.S. didn't change.")
['russia', 'view', 'u.s.', 'change']
>>> [name for name, _ in text.step_through("The Cold War")]
['input', 'lowercase', 'apostrophes', 'tokenize', 'possessives', 'stopwords', 'min_length']
"""

from wireframe.text.collocations import (
    PhraseLayers,
    join_phrases,
    phrases,
    phrases_from_dict,
    phrases_to_dict,
)
from wireframe.text.corpus import FILTER_EXTREMES, Documents, dictionary, documents, encode
from wireframe.text.split import ABBREVIATIONS, paragraphs, sentence_spans, sentences, words
from wireframe.text.streams import TokenStream
from wireframe.text.tokens import (
    TOKEN_PATTERNS,
    Step,
    drop_short,
    drop_stopwords,
    lowercase,
    normalize_apostrophes,
    pipeline,
    preprocess,
    step_through,
    stopwords,
    strip_possessives,
    tokenize,
    with_phrases,
)

__all__ = [
    "ABBREVIATIONS",
    "FILTER_EXTREMES",
    "TOKEN_PATTERNS",
    "Documents",
    "PhraseLayers",
    "Step",
    "TokenStream",
    "dictionary",
    "documents",
    "drop_short",
    "drop_stopwords",
    "encode",
    "lowercase",
    "join_phrases",
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
    "with_phrases",
    "words",
]
