"""Matching: every hit of a lexicon in the stories, and the counts per story and frame.

:func:`match` finds every hit (one row per hit, with character offsets) and
:func:`score` counts them per story and frame (hits, rate per 1,000 words,
presence). Both also take an iterator of Story-table batches (such as
:func:`wireframe.store.scan`) or a Dask DataFrame; :func:`match_batches`,
:func:`score_batches` and :func:`scored_batches` give one table (or both)
per batch, so that memory is bounded by the batch, not the corpus.

Text and offsets
    A story's text is its headline, a blank line, then its body
    (:func:`story_text`); every offset (``start``, ``end``) is into that
    text, and the ``field`` column says whether a hit is in the headline or
    the body. No pattern matches across the blank line, so headline and
    body are counted separately.

Before matching
    Page furniture (linked titles, dated link teasers, tags, share bars,
    ticker markup; :mod:`wireframe.frames.boilerplate`) is blanked first,
    keeping every offset, unless ``furniture="keep"``; its tokens are not
    counted in ``words`` either. When the stories have a ``published``
    column, entries bound to a period (``after``, ``before``) count only in
    the stories of that period.

Sub-frames
    A frame with a ``parent`` (:class:`~wireframe.frames.Frame`) is reported
    by :func:`score` on its own row, and its hits count for the parent's
    row too: ``rivalry`` is ``strategic_rivalry`` or ``trade_war``. Hits
    (:func:`match`) carry the frame of the entry that matched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe._dask import is_batches, is_dask
from wireframe.frames.anchors import word_counts
from wireframe.frames.boilerplate import strip_furniture
from wireframe.frames.lexicon import Lexicon, _as_lexicon, _doc

__all__ = ["FURNITURE", "HIT_COLUMNS", "SCORE_COLUMNS", "match", "match_batches", "score",
           "score_batches", "scored_batches", "story_text"]

HIT_COLUMNS: tuple[str, ...] = ("story_id", "frame", "entry", "field", "start", "end", "text")
"""Columns of :func:`match`."""

SCORE_COLUMNS: tuple[str, ...] = (
    "story_id", "frame", "headline_hits", "body_hits", "hits", "words", "rate", "present",
)
"""Columns of :func:`score`."""

_HEADLINE_SEP = "\n\n"
_CHUNK = 512  # stories matched together: a few MB of text and its arrays
_READS = ("story_id", "headline", "body")
FURNITURE = ("strip", "keep")
"""What :func:`match` and :func:`score` do with page furniture before matching."""
_SCAN = "an iterable of Story tables (e.g. wireframe.store.scan(path))"

_NO_STORIES = pd.DataFrame({"story_id": pd.array([], dtype="string"),
                            "headline": pd.array([], dtype="string"),
                            "body": pd.array([], dtype="string")})


@_doc
def story_text(stories: pd.DataFrame) -> pd.Series:
    """Return each story's text: headline, a blank line, body.

    Every offset that :func:`match` and :func:`kwic` report is into this
    text. A missing headline or body counts as empty.

    Parameters
    ----------
    {stories}

    Returns
    -------
    Series of str
        Indexed like ``stories``.

    Raises
    ------
    ParameterError
        When ``stories`` is not a table with ``story_id``, ``headline`` and
        ``body``.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": ["Spies"], "body": ["Text."]})
    >>> story_text(t).tolist()
    ['Spies\\n\\nText.']
    """
    check.stories("frames.story_text", stories, _READS)
    head = stories["headline"].astype(object).where(stories["headline"].notna(), "")
    body = stories["body"].astype(object).where(stories["body"].notna(), "")
    return head + _HEADLINE_SEP + body


def _when(stories: pd.DataFrame) -> list[int | None]:
    """Each story's publication time in ns since the epoch (UTC), None when unknown."""
    if "published" not in stories.columns:
        return [None] * len(stories)
    ts = pd.to_datetime(stories["published"], utc=True, errors="coerce")
    ns = ts.to_numpy(dtype="datetime64[ns]").astype("int64")
    return [None if pd.isna(t) else int(v) for t, v in zip(ts.tolist(), ns.tolist(),
                                                           strict=True)]


def _run(stories: pd.DataFrame, lexicon: Lexicon, furniture: str = "strip", hits: bool = True
         ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Match every story; return the hit columns and each story's word count.

    The columns are ``row`` (the story's position), ``frame_id`` (its place
    in the lexicon's frames) and ``in_head``, for :func:`_score_frame`, and
    with ``hits`` those of :data:`HIT_COLUMNS` too.

    Stories are matched a chunk at a time (:meth:`_FastScan.scan
    <wireframe.frames.fastscan._FastScan.scan>`), so that the anchor scan
    runs over many texts at once while memory stays bounded by the chunk.
    """
    matcher = lexicon._matcher
    fast = matcher.fast
    words = np.zeros(len(stories), dtype=np.int64)
    heads = stories["headline"].astype(object).where(stories["headline"].notna(), "").tolist()
    bodies = stories["body"].astype(object).where(stories["body"].notna(), "").tolist()
    when = _when(stories) if matcher.dated else [None] * len(stories)
    strip = furniture == "strip"
    parts: list[tuple[np.ndarray, ...]] = []
    texts: list[str] = []
    # A bar only for long runs, and (tqdm's None) only on a terminal: logs and
    # notebooks' captured output stay clean.
    bar = tqdm(total=len(stories), desc="matching", unit="story", leave=False,
               disable=True if len(stories) < 2000 else None)
    for lo in range(0, len(stories), _CHUNK):
        hi = min(lo + _CHUNK, len(stories))
        chunk = [h + _HEADLINE_SEP + b for h, b in zip(heads[lo:hi], bodies[lo:hi], strict=True)]
        seen = [strip_furniture(t) for t in chunk] if strip else chunk
        words[lo:hi], row, start, end, entry = fast.scan(seen, when[lo:hi])
        parts.append((row + lo, start, end, entry))
        if hits:
            texts.extend(chunk[r] for r in row.tolist())
        bar.update(hi - lo)
    bar.close()
    none = np.zeros(0, dtype=np.int64)
    row, start, end, entry = ([np.concatenate(c) for c in zip(*parts, strict=True)] if parts
                              else [none] * 4)
    split = np.fromiter((len(h) for h in heads), dtype=np.int64, count=len(heads))
    entries = matcher.entries
    findex = {f: i for i, f in enumerate(lexicon.frame_names)}
    in_head = start < split[row]
    cols = {"row": row, "in_head": in_head,
            "frame_id": np.array([findex[e.frame] for e in entries], dtype=np.int64)[entry]}
    if not hits:
        return cols, words
    cols |= {
        "story_id": stories["story_id"].to_numpy(dtype=object)[row],
        "frame": np.array([e.frame for e in entries], dtype=object)[entry],
        "entry": np.array([e.pattern for e in entries], dtype=object)[entry],
        "field": np.where(in_head, "headline", "body").astype(object),
        "start": start,
        "end": end,
        "text": [t[s:e] for t, s, e in zip(texts, start.tolist(), end.tolist(), strict=True)],
    }
    return cols, words


def _hit_frame(cols: Mapping[str, np.ndarray | list]) -> pd.DataFrame:
    out = pd.DataFrame({c: cols[c] for c in HIT_COLUMNS})
    for c in ("story_id", "frame", "entry", "field", "text"):
        out[c] = out[c].astype("string")
    for c in ("start", "end"):
        out[c] = out[c].astype("int64")
    return out


def _score_frame(stories: pd.DataFrame, lex: Lexicon, fcol: np.ndarray, in_head: np.ndarray,
                 rows: np.ndarray, words: np.ndarray) -> pd.DataFrame:
    """The score table from each hit's frame (its place in the lexicon's), whether it is in
    the headline and its story's row, and each story's words."""
    frames = lex.frame_names
    findex = {f: i for i, f in enumerate(frames)}
    n, k = len(stories), len(frames)
    head = np.zeros((n, k), dtype=np.int64)
    body = np.zeros((n, k), dtype=np.int64)
    np.add.at(head, (rows[in_head], fcol[in_head]), 1)
    np.add.at(body, (rows[~in_head], fcol[~in_head]), 1)
    # A sub-frame's hits count for its parent too (one level deep).
    for f in lex.frames:
        if f.parent is not None:
            head[:, findex[f.parent]] += head[:, findex[f.name]]
            body[:, findex[f.parent]] += body[:, findex[f.name]]
    total = head + body
    w = np.repeat(words, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(w > 0, 1000.0 * total.ravel() / w, np.nan)
    return pd.DataFrame({
        "story_id": pd.array(np.repeat(stories["story_id"].to_numpy(dtype=object), k),
                             dtype="string"),
        "frame": pd.array(np.tile(np.array(frames, dtype=object), n), dtype="string"),
        "headline_hits": head.ravel(),
        "body_hits": body.ravel(),
        "hits": total.ravel(),
        "words": w,
        "rate": rate,
        "present": total.ravel() > 0,
    })


def _match_and_score(stories: pd.DataFrame, lex: Lexicon, furniture: str = "strip"
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One pass over checked stories: their hit table and their score table."""
    cols, words = _run(stories, lex, furniture)
    return _hit_frame(cols), _score_frame(stories, lex, cols["frame_id"], cols["in_head"],
                                          cols["row"], words)


def _match(stories: pd.DataFrame, lex: Lexicon, furniture: str = "strip") -> pd.DataFrame:
    return _hit_frame(_run(stories, lex, furniture)[0])


def _score(stories: pd.DataFrame, lex: Lexicon, furniture: str = "strip") -> pd.DataFrame:
    cols, words = _run(stories, lex, furniture, hits=False)
    return _score_frame(stories, lex, cols["frame_id"], cols["in_head"], cols["row"], words)


@_doc
def match(stories: pd.DataFrame, lexicon: str | Path | Lexicon | Sequence, *,
          furniture: str = "strip") -> pd.DataFrame:
    """Find every hit of a lexicon's entries in the stories.

    Parameters
    ----------
    {stories}
    {lexicon}
    {furniture}

    Returns
    -------
    DataFrame
        One row per counted hit, in story order then by position, with
        columns ``story_id``; ``frame``; ``entry`` (the pattern that
        matched); ``field`` ("headline" or "body"); ``start`` and ``end``,
        character offsets into :func:`story_text`; ``text``, the matched
        text as written.

    Raises
    ------
    TypeError, ValueError
        When ``stories`` is not a table with ``story_id``, ``headline`` and
        ``body`` (a bare string or list of texts included), or ``lexicon``
        cannot be read.

    See Also
    --------
    score : hits, rate and presence per story and frame.
    kwic : the hits in context.

    Notes
    -----
    Matching is case-folded unless an entry says ``case: sensitive``.
    Within a frame no token is counted twice: when hits overlap, the one
    with the most tokens wins (then the longer in characters, then the
    earlier, then the entry listed first), so "a new cold war" is one hit of
    ``new cold war``, not also one of ``cold war``. Frames are measured
    independently: one token may count for two frames. A hit that lies
    wholly inside a match of one of its entry's exclusions is not counted.
    Page furniture is blanked before matching (``furniture="strip"``), and
    an entry bound to a period counts only in stories published in it
    (read from ``published`` when the table has it).

    ``start`` and ``end`` count into the headline, a blank line, then the
    body, not into ``body``: take the text they index with
    :func:`story_text` (``story_text(stories)[i][start:end]``); in the body
    alone a hit sits at ``start - len(headline) - 2``.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": ["Spy row"],
    ...                   "body": ["Some call it a new cold war; none saw the Cold War end."]})
    >>> hits = match(t, "new_cold_war")
    >>> hits[["field", "start", "end", "text"]].values.tolist()
    [['body', 24, 36, 'new cold war']]
    >>> story_text(t)[0][24:36]
    'new cold war'
    """
    check.choice("frames.match", "furniture", furniture, FURNITURE)
    if is_dask(stories):
        return _on_dask(stories, match, _as_lexicon(lexicon, "frames.match"), furniture)
    if is_batches(stories):
        lex = _as_lexicon(lexicon, "frames.match")
        return _joined(_each(stories, lex, _match, "frames.match", "stories",
                             furniture=furniture), _match(_NO_STORIES, lex))
    check.stories("frames.match", stories, _READS)
    return _match(stories, _as_lexicon(lexicon, "frames.match"), furniture)


@_doc
def score(
    stories: pd.DataFrame,
    lexicon: str | Path | Lexicon | Sequence,
    *,
    hits: pd.DataFrame | None = None,
    furniture: str = "strip",
) -> pd.DataFrame:
    """Count hits per story and frame: headline, body, rate and presence.

    Parameters
    ----------
    {stories}
    {lexicon}
    hits : DataFrame, optional
        The output of :func:`match` for these stories and this lexicon, to
        avoid matching twice. Only word counts are computed then.
    {furniture}

    Returns
    -------
    DataFrame
        One row per story and frame (every pair, zeros included), in story
        order then frame order, with columns ``story_id``, ``frame``,
        ``headline_hits``, ``body_hits``, ``hits`` (their sum), ``words``
        (tokens in headline and body), ``rate`` (hits per 1,000 words, NaN
        for a story with no words) and ``present`` (at least one hit).

    Raises
    ------
    TypeError, ValueError
        When ``stories`` is not a table with ``story_id``, ``headline`` and
        ``body``, or ``hits`` names a story or frame not in ``stories`` or
        ``lexicon``.

    See Also
    --------
    classify : the same columns from a story-level classifier
        (:mod:`wireframe.frames.classifier`).

    Notes
    -----
    ``rate = 1000 * hits / words``, where words are tokens as
    :mod:`wireframe.frames.patterns` defines them (headline and body
    together, page furniture left out unless ``furniture="keep"``). A frame
    that is another's ``parent`` counts its own hits and its sub-frames'.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b"], "headline": ["Spy row", ""],
    ...                   "body": ["The spy agency.", "Trade talks."]})
    >>> score(t, "espionage")[["story_id", "headline_hits", "body_hits", "words", "rate"]]
      story_id  headline_hits  body_hits  words   rate
    0        a              1          1      5  400.0
    1        b              0          0      2    0.0
    """
    check.choice("frames.score", "furniture", furniture, FURNITURE)
    if is_dask(stories) or is_batches(stories):
        if hits is not None:
            raise check.fail("frames.score", "hits",
                             "None with batches or a Dask DataFrame (each batch is matched as "
                             "it comes)", hits)
        lex = _as_lexicon(lexicon, "frames.score")
        if is_dask(stories):
            return _on_dask(stories, score, lex, furniture)
        return _joined(_each(stories, lex, _score, "frames.score", "stories",
                             furniture=furniture), _score(_NO_STORIES, lex))
    check.stories("frames.score", stories, _READS)
    lex = _as_lexicon(lexicon, "frames.score")
    if hits is None:
        return _score(stories, lex, furniture)
    check.made_by("frames.score", hits, ("story_id", "frame", "field"), name="hits",
                  maker="frames.match(stories, lexicon)")
    seen = story_text(stories)
    if furniture == "strip":
        seen = seen.map(strip_furniture)
    words = word_counts(seen.tolist())
    position = pd.Series(np.arange(len(stories)), index=stories["story_id"].astype(object))
    unknown = ~hits["story_id"].isin(position.index)
    if unknown.any():
        raise check.ParameterError(
            f"frames.score: `hits` has {int(unknown.sum())} hit(s) of stories not in "
            f"`stories` (first {hits.loc[unknown, 'story_id'].iloc[0]!r}); match these stories"
        )
    bad = set(hits["frame"].astype(object)) - set(lex.frame_names)
    if bad:
        raise check.ParameterError(
            f"frames.score: `hits` has frame(s) {', '.join(sorted(bad))} not in the lexicon"
        )
    rows = position.loc[hits["story_id"].astype(object)].to_numpy()
    findex = {f: i for i, f in enumerate(lex.frame_names)}
    fcol = hits["frame"].astype(object).map(findex).to_numpy(dtype=np.int64)
    in_head = (hits["field"] == "headline").to_numpy(dtype=bool)
    return _score_frame(stories, lex, fcol, in_head, rows, words)


# -- batches and Dask ------------------------------------------------------------


def _joined(tables: Iterable[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    parts = [t for t in tables if len(t)]
    return pd.concat(parts, ignore_index=True) if parts else empty


def _on_dask(stories, func, lex: Lexicon, furniture: str):
    # The lexicon is compiled once here and shipped to the workers with the
    # task; meta is the function's own output on an empty partition.
    meta = func(stories._meta, lex, furniture=furniture)
    return stories.map_partitions(func, lex, furniture=furniture, meta=meta)


def _batch_iter(batches: Iterable[pd.DataFrame], func: str, name: str = "batches",
                fix: str | None = None) -> Iterator[pd.DataFrame]:
    """Check that ``batches`` is an iterable of Story tables, and each batch as it comes."""
    if isinstance(batches, pd.DataFrame) or not isinstance(batches, Iterable):
        raise check.fail(func, name, _SCAN, batches, fix)
    for batch in batches:
        yield check.stories(func, batch, _READS, name=name)


def _each(batches: Iterable[pd.DataFrame], lex: Lexicon, step: Callable, func: str,
          name: str = "batches", fix: str | None = None, *, furniture: str = "strip"
          ) -> Iterator:
    for batch in _batch_iter(batches, func, name, fix):
        yield step(batch, lex, furniture)


@_doc
def match_batches(batches: Iterable[pd.DataFrame],
                  lexicon: str | Path | Lexicon | Sequence, *,
                  furniture: str = "strip") -> Iterator[pd.DataFrame]:
    """Match a corpus batch by batch: one hit table per batch, as it comes.

    Parameters
    ----------
    {batches}
    {lexicon}
    {furniture}

    Yields
    ------
    DataFrame
        :func:`match` of each batch (empty tables included), so memory is
        bounded by the largest batch and its hits.

    Raises
    ------
    TypeError, ValueError
        As :func:`match`, for the first bad batch.

    See Also
    --------
    match : the same on one table (or on batches, concatenated).
    scored_batches : each batch with its hits and its scores, from one pass.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b"], "headline": ["Spy row", ""],
    ...                   "body": ["The spy agency.", "A new cold war."]})
    >>> [len(h) for h in match_batches([t.iloc[:1], t.iloc[1:]], "espionage")]
    [2, 0]
    """
    check.choice("frames.match_batches", "furniture", furniture, FURNITURE)
    lex = _as_lexicon(lexicon, "frames.match_batches")
    yield from _each(batches, lex, _match, "frames.match_batches",
                     fix="for one table, call frames.match", furniture=furniture)


@_doc
def score_batches(batches: Iterable[pd.DataFrame],
                  lexicon: str | Path | Lexicon | Sequence, *,
                  furniture: str = "strip") -> Iterator[pd.DataFrame]:
    """Score a corpus batch by batch: one :func:`score` table per batch, as it comes.

    Parameters
    ----------
    {batches}
    {lexicon}
    {furniture}

    Yields
    ------
    DataFrame
        :func:`score` of each batch: one row per story and frame.

    See Also
    --------
    score : the same on one table (or on batches, concatenated).
    scored_batches : each batch with its hits and its scores, from one pass.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b"], "headline": ["Spy row", ""],
    ...                   "body": ["The spy agency.", "A new cold war."]})
    >>> [b["hits"].tolist() for b in score_batches([t.iloc[:1], t.iloc[1:]], "espionage")]
    [[2], [0]]
    """
    check.choice("frames.score_batches", "furniture", furniture, FURNITURE)
    lex = _as_lexicon(lexicon, "frames.score_batches")
    yield from _each(batches, lex, _score, "frames.score_batches",
                     fix="for one table, call frames.score", furniture=furniture)


@_doc
def scored_batches(
    batches: Iterable[pd.DataFrame], lexicon: str | Path | Lexicon | Sequence, *,
    furniture: str = "strip",
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
    """Match and score a corpus batch by batch: each batch with its hits and its scores.

    Each batch is matched once; its hits and its scores come from that one
    pass, so a pipeline that needs both (and the stories, for
    :func:`kwic`) reads a store once.

    Parameters
    ----------
    {batches}
    {lexicon}
    {furniture}

    Yields
    ------
    tuple of DataFrame
        ``(batch, hits, scores)``: the batch as it came, :func:`match` of it
        and :func:`score` of it (empty batches included).

    Raises
    ------
    TypeError, ValueError
        As :func:`match`, for the first bad batch.

    See Also
    --------
    match_batches, score_batches : one of the two tables per batch.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b"], "headline": ["Spy row", ""],
    ...                   "body": ["The spy agency.", "A new cold war."]})
    >>> [(len(b), len(h), int(s["hits"].sum()))
    ...  for b, h, s in scored_batches([t.iloc[:1], t.iloc[1:]], "espionage")]
    [(1, 2, 2), (1, 0, 0)]
    """
    check.choice("frames.scored_batches", "furniture", furniture, FURNITURE)
    lex = _as_lexicon(lexicon, "frames.scored_batches")
    for batch in _batch_iter(batches, "frames.scored_batches",
                             fix="for one table, call frames.match and frames.score"):
        yield (batch, *_match_and_score(batch, lex, furniture))
