"""Expansion: candidate lexicon terms from word embeddings trained on the corpus.

:func:`embeddings` trains gensim's Word2Vec on the stories' sentences (and,
optionally, a background corpus such as Reuters-21578, so that rare words of
a small corpus get better vectors), deterministically. :func:`expand` lists
the words nearest to a frame's entries, with their cosine similarity and the
entry word they are nearest to, and :func:`expansion_kwic` shows each
candidate in context (:func:`kwic`), for the researcher to accept or reject:
a candidate is a question, not an entry.
"""

from __future__ import annotations

import fnmatch
import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from gensim.models import Word2Vec
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe.frames.boilerplate import strip_furniture
from wireframe.frames.concordance import kwic
from wireframe.frames.lexicon import Lexicon, _as_lexicon, _doc
from wireframe.frames.matching import story_text
from wireframe.text import sentences, stopwords, words

__all__ = ["EXPANSION_COLUMNS", "embeddings", "expand", "expansion_kwic"]

EXPANSION_COLUMNS: tuple[str, ...] = ("frame", "term", "similarity", "nearest", "count")
"""Columns of :func:`expand`."""

_READS = ("story_id", "headline", "body")
# A pattern's literal words: runs of letters (with inner hyphens or apostrophes), a
# trailing * making a glob; "~3", "w/5", "@powers" and "(s)" are operators, not words.
_PATTERN_WORD = re.compile(r"(?<![~@/\w])([a-z][a-z'\-]*)(\*?)", re.IGNORECASE)


def _stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's ``hash`` of str is salted)."""
    return zlib.crc32(text.encode("utf-8"))


def _sentences(stories: pd.DataFrame) -> list[list[str]]:
    out = []
    for text in story_text(stories).tolist():
        out += [w for s in sentences(strip_furniture(text)) if len(w := words(s)) > 1]
    return out


@_doc
def embeddings(
    stories: pd.DataFrame,
    *,
    background: pd.DataFrame | None = None,
    vector_size: int = 100,
    window: int = 5,
    min_count: int = 5,
    epochs: int = 5,
    seed: int = 0,
    progress: bool | None = None,
) -> Word2Vec:
    """Train word embeddings on the stories (and a background corpus), deterministically.

    Parameters
    ----------
    {stories}
        Columns read: ``story_id``, ``headline``, ``body``.
    background : DataFrame, optional
        Another Story table whose sentences are added to the training text,
        e.g. Reuters-21578 (``datasets.load("reuters21578")``): more text
        gives the corpus's words better neighbours. Candidates still come
        from words that occur in ``stories`` (see :func:`expand`).
    vector_size : int
        Dimensions of the vectors.
    window : int
        Words of context on each side.
    min_count : int
        Words rarer than this in the training text get no vector.
    epochs : int
        Passes over the text.
    {seed}
    {progress}

    Returns
    -------
    gensim.models.Word2Vec
        Skip-gram with negative sampling, on the sentences
        (:func:`wireframe.text.sentences`) of each story's text, page
        furniture blanked, as :func:`wireframe.text.words` (case-folded).

    Notes
    -----
    Deterministic: one worker thread, ``seed``, and a hash for the initial
    vectors that does not depend on the process (gensim's default is
    Python's salted ``hash``), so the same text and seed give the same
    vectors. Skip-gram (Mikolov et al. 2013) is used because it gives better
    vectors for rare words, which lexicon terms often are.

    References
    ----------
    Mikolov, T., Chen, K., Corrado, G., & Dean, J. (2013). Efficient
    estimation of word representations in vector space. arXiv:1301.3781.
    """
    func = "frames.embeddings"
    check.stories(func, stories, _READS)
    if background is not None:
        check.stories(func, background, _READS, name="background")
    vector_size = check.integer(func, "vector_size", vector_size, low=1)
    window = check.integer(func, "window", window, low=1)
    min_count = check.integer(func, "min_count", min_count, low=1)
    epochs = check.integer(func, "epochs", epochs, low=1)
    seed = check.seed(func, seed)
    parts = [stories] if background is None else [stories, background]
    text = []
    for part in tqdm(parts, desc="splitting", unit="table",
                     disable=True if progress is None else not progress):
        text += _sentences(part)
    if not text:
        raise check.fail(func, "stories", "stories with text", stories,
                         "pass stories whose headline or body is not empty")
    return Word2Vec(sentences=text, vector_size=vector_size, window=window,
                    min_count=min_count, sg=1, epochs=epochs, workers=1, seed=seed,
                    hashfxn=_stable_hash)


def _seed_words(lexicon: Lexicon, frame: str, vocabulary: Sequence[str]) -> list[str]:
    """The words of a frame's (and its sub-frames') entries that have a vector, globs expanded."""
    names = {frame, *lexicon.children(frame)}
    stop = stopwords("en")
    out: dict[str, None] = {}
    for entry in lexicon.entries:
        if entry.frame not in names:
            continue
        for word, star in _PATTERN_WORD.findall(entry.pattern):
            w = word.casefold()
            if w in stop:
                continue
            hits = fnmatch.filter(vocabulary, w + "*") if star else [w] if w in vocabulary else []
            out.update(dict.fromkeys(hits))
    return list(out)


@_doc
def expand(
    stories: pd.DataFrame,
    lexicon: str | Path | Lexicon,
    frame: str,
    *,
    model: Word2Vec | None = None,
    n: int = 30,
    min_count: int = 5,
    seed: int = 0,
) -> pd.DataFrame:
    """List words near a frame's entries in embedding space, as candidate entries.

    Parameters
    ----------
    {stories}
        Columns read: ``story_id``, ``headline``, ``body``.
    {lexicon}
    frame : str
        The frame to expand (its sub-frames' entries count as its own).
    model : gensim.models.Word2Vec, optional
        Embeddings from :func:`embeddings`; None trains them on ``stories``
        with ``seed`` (train once and pass the model to expand several
        frames, or to add a background corpus).
    n : int
        Candidates to return.
    min_count : int
        A candidate occurs at least this often in ``stories``.
    {seed}

    Returns
    -------
    DataFrame
        ``n`` rows at most, most similar first: :data:`EXPANSION_COLUMNS`.
        ``term``: a word of ``stories`` that is not a word of the frame's
        entries (nor a stopword, nor a number); ``similarity``: its cosine
        similarity to the centroid of the entry words; ``nearest``: the
        entry word it is most similar to;
        ``count``: its occurrences in ``stories``.

    Raises
    ------
    ParameterError
        For a frame not in the lexicon, or a frame none of whose entry
        words has a vector (fix: lower ``min_count`` of :func:`embeddings`
        or add background text).

    See Also
    --------
    expansion_kwic : each candidate in context, to accept or reject.

    Notes
    -----
    Entry words are the literal words of the frame's patterns
    (``adversar* ~5 @powers``: every vocabulary word starting with
    "adversar"; operators and entity sets are not words). For each entry
    words :math:`S` and vocabulary word :math:`t`, the similarity is
    :math:`\\cos(\\bar v_S, v_t)` with :math:`\\bar v_S` the mean of the
    entry words' unit vectors (gensim's ``most_similar(positive=S)``). Neighbours in
    embedding space are words used in similar contexts, which includes
    antonyms and other senses: read the KWIC before adding one.
    """
    func = "frames.expand"
    check.stories(func, stories, _READS)
    lex = _as_lexicon(lexicon, func)
    check.choice(func, "frame", frame, lex.frame_names)
    n = check.integer(func, "n", n, low=1)
    min_count = check.integer(func, "min_count", min_count, low=1)
    if model is None:
        model = embeddings(stories, seed=seed)
    elif not isinstance(model, Word2Vec):
        raise check.fail(func, "model", "a gensim Word2Vec model", model,
                         "frames.embeddings(stories)")
    wv = model.wv
    vocab = list(wv.index_to_key)
    seeds = _seed_words(lex, frame, vocab)
    if not seeds:
        raise check.ParameterError(
            f"{func}: no word of frame {frame!r}'s entries has a vector. Fix: lower min_count "
            "in frames.embeddings, or add background text")
    counts: dict[str, int] = {}
    for sentence in _sentences(stories):
        for w in sentence:
            counts[w] = counts.get(w, 0) + 1
    stop = stopwords("en")
    seen = set(seeds)
    eligible = np.array([w not in seen and w not in stop and not w.isdigit()
                         and counts.get(w, 0) >= min_count for w in vocab])
    unit = wv.get_normed_vectors()
    seed_vectors = unit[[wv.key_to_index[s] for s in seeds]]
    # Ranked by the frame's centroid, not by the best single entry word: with many
    # entry words, some rare, the maximum picks the noise around the rarest one.
    centre = seed_vectors.mean(axis=0)
    top = unit @ (centre / np.linalg.norm(centre))
    best = (seed_vectors @ unit.T).argmax(axis=0)
    order = [i for i in np.lexsort((np.array(vocab, dtype=object), -top)) if eligible[i]][:n]
    return pd.DataFrame({
        "frame": pd.array([frame] * len(order), dtype="string"),
        "term": pd.array([vocab[i] for i in order], dtype="string"),
        "similarity": top[order].astype(float),
        "nearest": pd.array([seeds[best[i]] for i in order], dtype="string"),
        "count": np.array([counts[vocab[i]] for i in order], dtype=np.int64),
    })


@_doc
def expansion_kwic(stories: pd.DataFrame, candidates: pd.DataFrame, *, per_term: int = 5,
                   window: int = 10, seed: int = 0) -> pd.DataFrame:
    """Show each candidate term in context, a few lines each, to accept or reject.

    Parameters
    ----------
    {stories}
        Columns read: ``story_id``, ``headline``, ``body``.
    candidates : DataFrame
        The output of :func:`expand`.
    per_term : int
        Lines per term, drawn at random among its hits (all when fewer).
    {window}
    {seed}

    Returns
    -------
    DataFrame
        The columns of :func:`kwic` (``story_id, start, end, pre, match,
        post, entry, frame``; ``entry`` the candidate term, ``frame`` the
        frame it is a candidate for), terms in the order of ``candidates``.
    """
    func = "frames.expansion_kwic"
    check.stories(func, stories, _READS)
    check.made_by(func, candidates, EXPANSION_COLUMNS, name="candidates",
                  maker="frames.expand(stories, lexicon, frame)")
    per_term = check.integer(func, "per_term", per_term, low=1)
    seed = check.seed(func, seed)
    terms = candidates["term"].astype(str).tolist()
    if not terms:
        return kwic(stories.iloc[:0], "x", window=window)
    lines = kwic(stories, terms, window=window)
    rng = np.random.default_rng(seed)
    parts = []
    frame_of = dict(zip(terms, candidates["frame"].astype(str), strict=True))
    for term in terms:
        rows = lines[lines["entry"].str.casefold() == term]
        if len(rows) > per_term:
            rows = rows.iloc[np.sort(rng.choice(len(rows), per_term, replace=False))]
        parts.append(rows.assign(frame=frame_of[term]))
    out = pd.concat(parts, ignore_index=True)
    out["frame"] = out["frame"].astype("string")
    return out
