"""Paragraphs, sentences and words: the one place where the kit splits text.

Syndication aligns copies by these paragraphs and sentences and compares
these words; the synthetic corpora edit them; KWIC bounds context by
these sentences.
"""

from __future__ import annotations

import logging
import re

__all__ = [
    "ABBREVIATIONS",
    "paragraphs",
    "sentence_spans",
    "sentences",
    "words",
]

logger = logging.getLogger(__name__)

ABBREVIATIONS: tuple[str, ...] = (
    "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt",
    "Capt", "Prof", "Rev", "No", "vs", "Inc", "Corp", "Co", "Ltd", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)
"""Words whose full stop ends no sentence ("Mr. Trump", "Mar. 5"); so does a
single capital letter ("U.S. forces", "John F. Kennedy")."""

_WORD = re.compile(r"[^\W_]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A sentence ends at . ! or ? (and any closing quotes or brackets), before
# white space and a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"[.!?]([\"'”’)\]]*)\s+(?=[\"'“‘’”(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b(?:" + "|".join(ABBREVIATIONS) + r")|\b[A-Z])\.$")


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
