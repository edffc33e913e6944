"""KWIC: every hit in its context, as a table and as HTML for a notebook.

:func:`kwic` shows the hits of a pattern, a lexicon or a hits table with up
to ``window`` tokens on each side, optionally stopped at the sentence that
holds the hit (sentences as :func:`wireframe.text.sentence_spans` splits
them, like the rest of the kit); :func:`kwic_html` renders that table for a
notebook, the match in bold and the context aligned on it.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Sequence

import pandas as pd

from wireframe import _validate as check
from wireframe.frames.lexicon import Entry, Frame, Lexicon, _doc
from wireframe.frames.matching import _READS, match, story_text
from wireframe.frames.patterns import _WORD, _parse, _PatternError

__all__ = ["KWIC_COLUMNS", "kwic", "kwic_html"]

KWIC_COLUMNS: tuple[str, ...] = ("story_id", "start", "end", "pre", "match", "post", "entry",
                                 "frame")
"""Columns of :func:`kwic`, as fixed by the house style."""


def _pattern_lexicon(pattern: str | Sequence[str]) -> Lexicon:
    """A one-frame lexicon for ad-hoc patterns; the frame is named 'pattern'."""
    items = [pattern] if isinstance(pattern, str) else list(pattern)
    entries = []
    for p in items:
        try:
            parsed = _parse(p)
        except _PatternError as err:
            raise check.ParameterError(f"frames.kwic: bad `pattern` {p!r}: {err}") from None
        entries.append(Entry(p, "pattern", parsed.kind, "ad-hoc pattern"))
    return Lexicon("pattern", "", (Frame("pattern", "", tuple(entries)),))


def _squash(text: str) -> str:
    return " ".join(text.split())


class _Sentences:
    """The sentences of one text, split once, for the hits in it."""

    def __init__(self, text: str) -> None:
        from wireframe.text import sentence_spans  # imports gensim: only when asked for

        self.spans = sentence_spans(text) or [(0, len(text))]
        self.starts = [a for a, _ in self.spans]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The start of the sentence that holds ``start``, the end of the one that holds ``end``."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        last = max(bisect_right(self.starts, max(end - 1, start)) - 1, first)
        return self.spans[first][0], self.spans[last][1]


def _context(text: str, start: int, end: int, window: int,
             bounds: tuple[int, int] | None, field: tuple[int, int]) -> tuple[str, str]:
    """Up to ``window`` tokens before and after a hit, within ``bounds`` (a sentence) if given.

    ``field`` is the headline's or the body's span in the text: context never
    runs from the headline into the body, or back.
    """
    lo, hi = bounds if bounds is not None else (0, len(text))
    lo, hi = max(lo, field[0]), min(hi, field[1])
    # Paragraph breaks bound the context too when the headline is short.
    reach = 40 * (window + 1)
    before = [m.start() for m in _WORD.finditer(text, max(lo, start - reach), start)]
    pre_from = before[-window] if len(before) >= window else max(lo, start - reach)
    if window == 0:
        pre_from = start
    after = [m.end() for m in _WORD.finditer(text, end, min(hi, end + reach))]
    post_to = after[window - 1] if len(after) >= window else min(hi, end + reach)
    if window == 0:
        post_to = end
    # Keep sentence punctuation that closes the context.
    if bounds is not None and post_to < hi and hi - post_to <= 3:
        post_to = hi
    return _squash(text[pre_from:start]), _squash(text[end:post_to])


@_doc
def kwic(
    stories: pd.DataFrame,
    pattern: str | Sequence[str] | Lexicon | pd.DataFrame,
    *,
    window: int = 10,
    sentence: bool = False,
) -> pd.DataFrame:
    """Show every hit in its context: a keyword-in-context concordance.

    Parameters
    ----------
    {stories}
    pattern : str, list of str, Lexicon or DataFrame
        What to show: a pattern in lexicon syntax (``"cold war"``,
        ``"rival*"``, ``"new ~3 cold war"``) or a list of them (frame
        "pattern"), a :class:`Lexicon` (use :func:`load_lexicon` for a
        shipped one), or a hits table from :func:`match`. A string is
        always a pattern, never a lexicon name.
    {window}
    {sentence}

    Returns
    -------
    DataFrame
        One row per hit, in story order then by position, with columns
        ``story_id, start, end, pre, match, post, entry, frame``: offsets
        into :func:`story_text`, up to ``window`` tokens before and after
        (within the headline for a hit in the headline, within the body for
        one in the body) and the matched text, each with runs of white
        space shown as one space.

    Raises
    ------
    TypeError, ValueError
        When ``stories`` is not a table with ``story_id``, ``headline`` and
        ``body``; for a bad pattern, a negative window, or a hits table
        whose stories are not in ``stories``.

    See Also
    --------
    kwic_html : the same table as readable HTML in a notebook.
    wireframe.text.sentence_spans : where a sentence ends.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": [""],
    ...                   "body": ["Ties froze. Some deem it a new form of cold war. Or not."]})
    >>> kwic(t, "new ~3 cold war", window=4, sentence=True)[["pre", "match", "post"]].values
    array([['Some deem it a', 'new form of cold war', '.']], dtype=object)
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": [""],
    ...                   "body": ["Talks resume on Mar. 5 in Geneva."]})
    >>> kwic(t, "geneva", window=8, sentence=True)["pre"].item()
    'Talks resume on Mar. 5 in'
    """
    check.stories("frames.kwic", stories, _READS)
    window = check.integer("frames.kwic", "window", window, low=0)
    if isinstance(pattern, pd.DataFrame):
        hits = check.made_by("frames.kwic", pattern, ("story_id", "start", "end", "entry", "frame"),
                             name="pattern", maker="frames.match(stories, lexicon)")
    elif isinstance(pattern, Lexicon):
        hits = match(stories, pattern)
    elif isinstance(pattern, str) or (isinstance(pattern, Sequence) and pattern):
        hits = match(stories, _pattern_lexicon(pattern))
    else:
        raise check.fail("frames.kwic", "pattern",
                         "a pattern string, a list of them, a Lexicon or a hits table", pattern)
    texts = dict(zip(stories["story_id"].astype(object), story_text(stories), strict=True))
    # Where each headline ends in its text (the blank line after it starts the body).
    heads = dict(zip(stories["story_id"].astype(object),
                     stories["headline"].fillna("").astype(str).str.len(), strict=True))
    missing = set(hits["story_id"].astype(object)) - set(texts)
    if missing:
        raise check.ParameterError(
            f"frames.kwic: `pattern` (hits) names {len(missing)} story(ies) not in `stories`, "
            f"e.g. {sorted(missing)[0]!r}"
        )
    sentences: dict[object, _Sentences] = {}
    rows = []
    for h in hits[["story_id", "start", "end", "entry", "frame"]].itertuples(index=False):
        text = texts[h.story_id]
        start, end = int(h.start), int(h.end)
        bounds = None
        if sentence:
            if h.story_id not in sentences:
                sentences[h.story_id] = _Sentences(text)
            bounds = sentences[h.story_id].bounds(start, end)
        split = heads[h.story_id]
        field = (0, split) if start < split else (split + 2, len(text))
        pre, post = _context(text, start, end, window, bounds, field)
        rows.append((h.story_id, start, end, pre, _squash(text[start:end]), post, h.entry,
                     h.frame))
    out = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    for c in ("start", "end"):
        out[c] = out[c].astype("int64")
    return out


class _Html(str):
    """Text that a notebook shows as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def kwic_html(concordance: pd.DataFrame, *, limit: int = 200) -> _Html:
    """Render a KWIC table as HTML: context aligned on the match, match in bold.

    Parameters
    ----------
    concordance : DataFrame
        The output of :func:`kwic`.
    limit : int, default 200
        Show at most this many rows; a last line says how many were left out.

    Returns
    -------
    str
        HTML; a notebook cell that ends with it shows the table.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": [""], "body": ["A spy & a <b>."]})
    >>> "<b>spy</b>" in kwic_html(kwic(t, "spy"))
    True
    """
    check.made_by("frames.kwic_html", concordance, KWIC_COLUMNS, name="concordance",
                  maker="frames.kwic(stories, pattern)")
    limit = check.integer("frames.kwic_html", "limit", limit, low=1)
    esc = html.escape
    cell = "padding:1px 6px;font-family:monospace;white-space:nowrap"
    lines = [
        '<table class="wireframe-kwic" style="border-collapse:collapse">',
        "<thead><tr>" + "".join(
            f'<th style="{cell};text-align:{a}">{h}</th>'
            for h, a in (("story", "left"), ("pre", "right"), ("match", "center"),
                         ("post", "left"), ("entry", "left"), ("frame", "left"))
        ) + "</tr></thead><tbody>",
    ]
    for r in concordance.head(limit).itertuples(index=False):
        lines.append(
            f'<tr><td style="{cell};color:#666">{esc(str(r.story_id))}</td>'
            f'<td style="{cell};text-align:right">{esc(str(r.pre))}</td>'
            f'<td style="{cell};text-align:center"><b>{esc(str(r.match))}</b></td>'
            f'<td style="{cell}">{esc(str(r.post))}</td>'
            f'<td style="{cell};color:#666">{esc(str(r.entry))}</td>'
            f'<td style="{cell};color:#666">{esc(str(r.frame))}</td></tr>'
        )
    lines.append("</tbody></table>")
    if len(concordance) > limit:
        lines.append(f"<p>{len(concordance) - limit} more rows not shown (limit={limit}).</p>")
    return _Html("\n".join(lines))
