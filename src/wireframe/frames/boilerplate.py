"""Page furniture: the parts of a story's text that the website put around it.

A scraped or exported body often keeps some of the page around the story:
"READ MORE: <title of another story>" lines, dated link teasers ("... DW has
spoken to refugees. (27.01.2017)"), "Tags:" lines, share bars, and in
Reuters-21578 the angle-bracket markup of tickers and company names
(``<SPY>``). The codebook (``corpus/validation/CODEBOOK.md``, rule 1) says
none of it is the story, and a frame word in a linked title is not the
story's frame. :func:`furniture` finds these spans, one row per span, so a
researcher can see exactly what is set aside; :func:`strip_furniture`
blanks them. :func:`wireframe.frames.match` and :func:`~wireframe.frames.score`
do this before matching by default (``furniture="strip"``; ``"keep"`` turns
it off).

Blanking keeps offsets: each span is replaced by a line break, spaces and a
line break of the same length, so every offset into the text stays valid
and no phrase or proximity pattern can match across the gap.

The rules (each a heuristic; see :data:`FURNITURE_KINDS`):

``link``
    A label ("READ MORE:", "Read more:", "RELATED:", "WATCH:", "IN PICTURES:",
    "MORE:", "ALSO READ:", "SEE ALSO:", "You may also like:", "You may be
    interested in reading this:", "Related stories:") and the linked title
    after it. The title ends, within 20 tokens, at the first of: a URL's
    end; "?" or "!"; a full stop before a capital; a closing quote before a
    capital; an opening double quote (the story resumes with a quotation);
    a word that mostly opens sentences ("The", "In", "According"...); a
    capitalised word that follows a lower-case word other than a function
    word, unless it names a state, a capital or a leader (the shipped
    ``@powers`` set, which titles hold: "Palestinians call Israel settlement
    expansion a 'war crime'"), so that "... and challenges Sesay said"
    ends before "Sesay". After a dash or a colon a title goes on. Else 20
    tokens are taken.
``teaser``
    A link teaser that ends in a date in brackets, "(dd.mm.yyyy)", as DW's
    pages carry them. It runs back to the previous teaser's date when one is
    within 60 tokens; the first of a run takes whole sentences back from the
    date while the teaser stays within 45 tokens (in the development half
    DW's teasers are 20 to 40 tokens, one to three sentences). A date that
    follows a lower-case word or a day ("decided today (06.02.2017) by
    majority", "released Friday (27.01.2017), focuses") dates the story's
    own sentence and is no teaser.
``tags``
    A line that starts "Tags:", "Keywords:" or "Topics:", to the line's end.
``share``
    Share and follow bars: "Share this with", "Media playback is not
    supported on this device", "Follow us on ..." to the sentence's end.
``markup``
    Angle-bracket markup of a ticker or company name, "<SPY>", "<Ciba-Geigy
    Corp>" (Reuters-21578): a name, never a frame word.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from wireframe import _validate as check

__all__ = ["FURNITURE_KINDS", "furniture", "strip_furniture"]

FURNITURE_KINDS: tuple[str, ...] = ("link", "teaser", "tags", "share", "markup")
"""What :func:`furniture` finds; see the module docstring for each rule."""

_LABELS = ("READ MORE", "Read more", "Read More", "RELATED", "Related", "WATCH", "Watch",
           "IN PICTURES", "MORE", "ALSO READ", "Also read", "SEE ALSO", "See also",
           "You may also like", "You might also like", "You may be interested in reading this",
           "Related stories", "Related Stories", "Related articles")
_TAG_LABELS = ("Tags", "TAGS", "Keywords", "KEYWORDS", "Topics", "TOPICS")
# A label ends at a colon or a spaced dash; finding those first (str.find)
# is far faster than a regex of every label, which Python's engine cannot
# skip ahead to.
_LABEL_ENDS = (":", " - ", " – ")
_DATE = re.compile(r"\((?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])\.(?:19|20)\d\d\)")
# The word before a date that dates its own sentence rather than ending a teaser: a
# lower-case word ("decided today (06.02.2017) by majority") or a day's name.
_DAY_BEFORE = re.compile(
    r"(?:\b[a-z][\w'’-]*|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|"
    r"Yesterday|Tomorrow|Tonight))\s*$")

_SHARE = re.compile(
    r"Share this with|Media playback is not supported on this device|"
    r"Follow us on (?:Facebook|Twitter|Instagram|LinkedIn)[^.!?\n]*[.!?]?"
)
_SHARE_KEYS = ("Share this with", "Media playback", "Follow us on")
_MARKUP = re.compile(r"<[A-Z][A-Za-z0-9.&' \-]{0,60}>")
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+")
_TITLE_TOKEN = re.compile(r"\S+")
_FUNCTION_WORDS = frozenset(
    "a an the of on in to for with at from by over against and or as about into after before "
    "between vs vs. than is are was be not no its their his her our your new".split()
)
# Words that open a sentence far more often than they stand inside a title.
_OPENERS = frozenset(
    "The A An In On At As But And It He She They We I This That These Those There His Her "
    "Their Its According After While When Since Meanwhile However Speaking Last Earlier Some "
    "Many Both Now Still Despite If Although Though Officials Police For".split()
)
_OPEN_QUOTES = ('"', "“", "«")
_CLOSE_QUOTES = ("'", "’", '"', "”", "»")
_TITLE_MAX = 20
_TEASER_RUN = 60
_TEASER_MAX = 45


def _title_end(text: str, start: int) -> int:
    """Where a linked title that starts at ``start`` ends (see the ``link`` rule)."""
    toks = list(_TITLE_TOKEN.finditer(text, start, min(len(text), start + 400)))
    stop = text.find("\n", start)
    prev = None
    for n, m in enumerate(toks[:_TITLE_MAX]):
        if stop != -1 and m.start() > stop:
            return stop
        tok = m.group()
        if _URL.match(tok):
            return m.end()
        if n and tok.startswith(_OPEN_QUOTES):
            return m.start()
        bare = tok.lstrip("'‘\"“(")
        if n and prev is not None and bare[:1].isupper():
            p = prev.group()
            if p in ("-", "–", "—", ":"):
                prev = m
                continue
            if bare.rstrip(",") in _OPENERS:
                return prev.end()
            if p.endswith(("?", "!")):
                return prev.end()
            if p.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.", p):
                return prev.end()
            if p.endswith(_CLOSE_QUOTES) and len(p) > 1:
                return prev.end()
            if (p[:1].islower() and p.lower().strip(",;:") not in _FUNCTION_WORDS
                    and not p.endswith(("-", ":")) and not _is_power(bare)):
                return prev.end()
        prev = m
    if len(toks) > _TITLE_MAX:
        return toks[_TITLE_MAX - 1].end()
    return toks[-1].end() if toks else start


@cache
def _power_words() -> frozenset[str]:
    from wireframe.frames.entities import load_entities

    return frozenset(m.split()[0] for m in load_entities("powers")["powers"].members)


def _is_power(word: str) -> bool:
    """A state, capital, leader... by name: a proper noun that titles hold, not a new sentence."""
    return re.sub(r"[’']s$|[^\w.\-]+$", "", word) in _power_words()


def _teaser_spans(text: str) -> list[tuple[int, int]]:
    from wireframe.text import sentence_spans  # imports gensim: only when there is a teaser

    spans = []
    last_end = None
    for m in _DATE.finditer(text):
        if _DAY_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        lo = None
        if last_end is not None and len(_TITLE_TOKEN.findall(text, last_end, m.start())) \
                <= _TEASER_RUN:
            lo = last_end
        else:
            floor = max(0, m.start() - 2000)
            para = text.rfind("\n\n", floor, m.start())
            floor = para + 2 if para != -1 else floor
            sents = sentence_spans(text[floor:m.start()])
            words = 0
            for a, b in reversed(sents):
                n = len(_TITLE_TOKEN.findall(text, floor + a, floor + b))
                if words + n > _TEASER_MAX:
                    break
                words += n
                lo = floor + a
            if lo is None:
                lo = m.start()
        spans.append((lo, m.end()))
        last_end = m.end()
    return spans


def _at_line_start(text: str, i: int) -> bool:
    line = text.rfind("\n", 0, i) + 1
    return not text[line:i].strip()


def _marks(text: str) -> list[tuple[int, str]]:
    out = []
    for mark in _LABEL_ENDS:
        i = text.find(mark)
        while i != -1:
            # A spaced dash is found at its space; the label ends there too.
            out.append((i, mark.strip()))
            i = text.find(mark, i + 1)
    return sorted(out)


def _labels(text: str) -> list[tuple[int, int, str]]:
    """Link labels and their titles, and tag lines: found from the colon or dash that ends them."""
    found = []
    for i, mark in _marks(text):
        head = text[max(0, i - 45):i].rstrip()
        base = i - len(text[max(0, i - 45):i]) + len(head)  # where `head` ends in text
        if mark == ":" and head.endswith(_TAG_LABELS):
            label = next(k for k in _TAG_LABELS if head.endswith(k))
            s = base - len(label)
            if _at_line_start(text, s):
                e = text.find("\n", i)
                found.append((s, len(text) if e == -1 else e, "tags"))
                continue
        if head.endswith(_LABELS):
            label = max((k for k in _LABELS if head.endswith(k)), key=len)
            s = base - len(label)
            if s == 0 or text[s - 1].isspace():
                after = i + 1 if mark == ":" else i + len(mark) - 1
                while after < len(text) and (text[after] in " \t-–:"):
                    after += 1
                found.append((s, _title_end(text, after), "link"))
    return found


def _spans(text: str) -> list[tuple[int, int, str]]:
    found = _labels(text)
    if "(" in text and _DATE.search(text):
        found.extend((a, b, "teaser") for a, b in _teaser_spans(text))
    if any(k in text for k in _SHARE_KEYS):
        found.extend((m.start(), m.end(), "share") for m in _SHARE.finditer(text))
    if "<" in text:
        found.extend((m.start(), m.end(), "markup") for m in _MARKUP.finditer(text))
    found.sort()
    # Overlapping spans (a link label inside a teaser) merge into the first.
    merged: list[tuple[int, int, str]] = []
    for s, e, kind in found:
        if merged and s < merged[-1][1]:
            ps, pe, pk = merged[-1]
            merged[-1] = (ps, max(pe, e), pk)
        else:
            merged.append((s, e, kind))
    return merged


def strip_furniture(text: str) -> str:
    """Blank the page furniture of one text, keeping its length.

    Parameters
    ----------
    text : str
        A story's text (headline, body, or :func:`~wireframe.frames.story_text`).

    Returns
    -------
    str
        The same text with each span that :func:`furniture` finds replaced
        by a line break, spaces and a line break (the same length, so
        offsets stay valid and no pattern matches across it).

    Examples
    --------
    >>> t = "Iran replied. READ MORE: US slaps new sanctions on Iran In a post, he said no."
    >>> " ".join(strip_furniture(t).split())
    'Iran replied. In a post, he said no.'
    """
    if not isinstance(text, str):
        raise check.fail("frames.strip_furniture", "text", "a string", text,
                         "for a Story table, use frames.furniture(stories)")
    spans = _spans(text)
    if not spans:
        return text
    out = []
    pos = 0
    for s, e, _ in spans:
        out.append(text[pos:s])
        out.append(_blank(e - s))
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _blank(n: int) -> str:
    if n < 2:
        return " " * n
    return "\n" + " " * (n - 2) + "\n"


def furniture(stories: pd.DataFrame) -> pd.DataFrame:
    """Find the page furniture in each story: one row per span.

    Parameters
    ----------
    stories : DataFrame
        A Story table; ``story_id``, ``headline`` and ``body`` are read.

    Returns
    -------
    DataFrame
        Columns ``story_id``; ``kind`` (one of :data:`FURNITURE_KINDS`);
        ``start`` and ``end``, offsets into
        :func:`~wireframe.frames.story_text`; ``text``, the span as written.

    See Also
    --------
    strip_furniture : the same rules on one text, the spans blanked.
    wireframe.frames.match : strips furniture before matching unless
        ``furniture="keep"``.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": ["Talks"],
    ...                   "body": ["Talks ended. RELATED: Spy row deepens? The end."]})
    >>> furniture(t)[["kind", "text"]].values.tolist()
    [['link', 'RELATED: Spy row deepens?']]
    """
    from wireframe.frames.matching import story_text

    rows = []
    for sid, text in zip(stories["story_id"].tolist() if "story_id" in stories else [],
                         story_text(stories).tolist(), strict=True):
        for s, e, kind in _spans(text):
            rows.append((sid, kind, s, e, text[s:e]))
    out = pd.DataFrame(rows, columns=["story_id", "kind", "start", "end", "text"])
    for c in ("story_id", "kind", "text"):
        out[c] = out[c].astype("string")
    for c in ("start", "end"):
        out[c] = out[c].astype("int64")
    return out
