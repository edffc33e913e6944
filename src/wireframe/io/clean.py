"""Cleaning shared by every reader: small steps, each usable alone.

A story's text passes through :data:`STEPS` in order (STYLE 10: a list of
small functions, each testable alone, with :func:`steps` to see each stage):

1. :func:`normalize` - Unicode NFC, line endings, non-breaking and
   zero-width spaces, trailing blanks.
2. :func:`repair_mojibake` - UTF-8 read as Windows-1252 ("donâ€™t"), fixed
   only where the repair is unambiguous.
3. :func:`split_paragraphs` - paragraphs, by blank lines or by lines.
4. :func:`drop_boilerplate` - whole paragraphs that are page chrome
   ("Give Feedback", "Advertisement").
5. :func:`drop_echo` - a headline or lede repeated at the top of the body.
6. :func:`join_paragraphs` - paragraphs separated by one blank line, the
   Story table's ``body`` convention.

:func:`clean` runs them all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from wireframe import _validate as check
from wireframe._docs import Docs

__all__ = [
    "BOILERPLATE",
    "STEPS",
    "clean",
    "drop_boilerplate",
    "drop_echo",
    "join_paragraphs",
    "normalize",
    "repair_mojibake",
    "split_paragraphs",
    "steps",
]

# The options of the cleaning steps, described once for steps() and clean().
_doc = Docs(
    text="""text : str
        Raw story text.""",
    headline="""headline : str, optional
        The story's headline, so that an echo of it can be dropped.""",
    boilerplate="""boilerplate : iterable of str, default BOILERPLATE
        Whole-paragraph patterns of page chrome.""",
    paragraph_by="""by : {"blank", "line"}
        How paragraphs are delimited (see :func:`split_paragraphs`).""",
)

BOILERPLATE: tuple[str, ...] = (
    r"(?i)advertisement",
    r"(?i)give feedback\b.*",
    r"(?i)(share|share this( article| story)?|share on (facebook|twitter|x))",
    r"(?i)(listen to this article|read time: \d+ mins?)",
    r"(?i)(skip to (main )?content|sign up for .{0,60}newsletter.*)",
    r"(?i)(also read|read more|related( stories| articles)?|more from this section):?",
    r"(?i)story continues below( this ad)?",
)
"""Default page chrome: regular expressions that must match a whole paragraph.

Each is short and anchored (``re.fullmatch``), so that a sentence of the story
that merely contains "share" or "advertisement" survives.
"""

# Characters that hide in saved pages and carry no text: zero-width space,
# joiners, word joiner, byte-order mark, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2002\u2003\u2009\u3000"}
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\u0085\x0b\x0c]")


def normalize(text: str) -> str:
    """Normalise Unicode and white space, keeping the line structure.

    NFC composes accents (``e`` + combining acute becomes ``é``) without
    NFKC's rewriting of symbols (``™`` stays ``™``). Windows and old Mac line
    endings become ``\\n``; non-breaking and other wide spaces become a plain
    space; zero-width characters and soft hyphens go; blanks at the end of a
    line go.

    Examples
    --------
    >>> normalize("Caf\\u0065\\u0301\\u00a0au lait  \\r\\nnext")
    'Café au lait\\nnext'
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = text.translate(_INVISIBLE).translate(_SPACES)
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


def _cp1252_byte(char: str) -> int | None:
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        # Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D have no cp1252 character; decoders
        # that pass them through leave the C1 control of the same number.
        code = ord(char)
        return code if 0x80 <= code <= 0x9F else None


# A UTF-8 lead byte (0xC2-0xF4) seen as cp1252/Latin-1, then one to three
# continuation bytes (0x80-0xBF) seen the same way.
_CONTINUATION = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc" + (
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039"
    "\u203a\u20ac\u2122"
)
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]{{1,3}}")


def repair_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as Windows-1252 or Latin-1, where unambiguous.

    A run such as ``â€™`` is turned back into its bytes and decoded as UTF-8.
    The run is replaced only when those bytes form exactly one complete UTF-8
    character, not a control character; anything else (a genuine ``Ã`` in
    Portuguese, text that lost bytes, ``?`` or U+FFFD left by an earlier
    failed decoding) is left as it is, because no repair of it is certain.

    Examples
    --------
    >>> repair_mojibake("donâ€™t cafÃ© â€” ok")
    'don’t café — ok'
    >>> repair_mojibake("São Paulo")
    'São Paulo'
    """

    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        raw = [_cp1252_byte(c) for c in run]
        if None in raw:
            return run
        lead = raw[0]
        need = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if len(raw) < need:
            return run
        try:
            char = bytes(raw[:need]).decode("utf-8")
        except UnicodeDecodeError:
            return run
        if len(char) != 1 or unicodedata.category(char) == "Cc":
            return run
        return char + run[need:]

    return _MOJIBAKE.sub(fix, text)


def split_paragraphs(text: str, *, by: str = "blank") -> list[str]:
    """Split text into paragraphs, dropping empty ones.

    Parameters
    ----------
    text : str
        Normalised text (see :func:`normalize`).
    by : {"blank", "line"}, default "blank"
        ``"blank"``: a paragraph ends at a blank line, and the lines inside
        one are joined with a space (text wrapped at a fixed width).
        ``"line"``: every non-empty line is a paragraph (text saved from a web
        page, where a paragraph is one long line).

    Examples
    --------
    >>> split_paragraphs("one\\ntwo\\n\\n\\nthree")
    ['one two', 'three']
    >>> split_paragraphs("one\\ntwo\\n\\nthree", by="line")
    ['one', 'two', 'three']
    """
    check.choice("io.clean.split_paragraphs", "by", by, ("blank", "line"))
    if by == "line":
        blocks = text.split("\n")
    else:
        blocks = [" ".join(b.split("\n")) for b in re.split(r"\n[ \t]*\n", text)]
    return [" ".join(b.split()) for b in blocks if b.strip()]


def drop_boilerplate(paragraphs: Sequence[str], patterns: Iterable[str] = BOILERPLATE) -> list[str]:
    """Drop paragraphs that are page chrome.

    Parameters
    ----------
    paragraphs : list of str
    patterns : iterable of str, default BOILERPLATE
        Regular expressions, each of which must match a whole paragraph.

    Examples
    --------
    >>> drop_boilerplate(["Story text.", "Advertisement", "Give Feedback  20"])
    ['Story text.']
    """
    compiled = [re.compile(p) for p in patterns]
    return [p for p in paragraphs if not any(c.fullmatch(p.strip()) for c in compiled)]


def _key(text: str) -> str:
    # Compare echoes on letters and digits only: pages re-typeset quotes,
    # dashes and spacing between the teaser and the story.
    return re.sub(r"[\W_]+", "", text.casefold())


def drop_echo(paragraphs: Sequence[str], *, headline: str | None = None) -> list[str]:
    """Drop a headline or lede echoed at the top of the body.

    Pages print the headline again above the story, and often a teaser (the
    lede, sometimes the first two paragraphs run together) before it. From
    the top, while either holds: a paragraph equal to the headline is
    dropped; a paragraph that covers at least the whole next paragraph and
    is the start of the text that follows it (ignoring later headline
    echoes) is dropped. Comparison ignores case, punctuation and spacing.
    The story's own first paragraph is kept.

    Examples
    --------
    >>> drop_echo(["Big news", "It rained. Then", "Big news", "It rained.", "Then more."],
    ...           headline="Big news")
    ['It rained.', 'Then more.']
    """
    paras = list(paragraphs)
    head = _key(headline) if headline else ""
    while paras:
        first = _key(paras[0])
        if not first:
            paras.pop(0)
            continue
        if head and first == head and len(paras) > 1:
            paras.pop(0)
            continue
        following = [k for k in map(_key, paras[1:]) if k and k != head]
        # A teaser covers at least the whole next paragraph; a short first
        # paragraph that merely starts like the next one ("Yes." / "Yes, he
        # said ...") is story text and stays.
        if following and len(first) >= len(following[0]) and "".join(following).startswith(first):
            paras.pop(0)
            continue
        break
    return paras


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Join paragraphs with one blank line, the Story table's ``body`` form.

    Examples
    --------
    >>> join_paragraphs(["one", "two"])
    'one\\n\\ntwo'
    """
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


STEPS: tuple[str, ...] = (
    "normalize",
    "repair_mojibake",
    "split_paragraphs",
    "drop_boilerplate",
    "drop_echo",
    "join_paragraphs",
)
"""The cleaning steps, in the order :func:`clean` runs them."""


@_doc
def steps(
    text: str,
    *,
    headline: str | None = None,
    boilerplate: Iterable[str] = BOILERPLATE,
    by: str = "blank",
) -> list[tuple[str, object]]:
    """Run the cleaning steps and return each stage's output.

    Parameters
    ----------
    {text}
    {headline}
    {boilerplate}
    {paragraph_by}

    Returns
    -------
    list of (str, object)
        ``(step name, output)`` for every step in :data:`STEPS`; text steps
        give a str, paragraph steps a list of str.

    Examples
    --------
    >>> [name for name, _ in steps("a")]  # doctest: +NORMALIZE_WHITESPACE
    ['normalize', 'repair_mojibake', 'split_paragraphs', 'drop_boilerplate',
     'drop_echo', 'join_paragraphs']
    """
    out: list[tuple[str, object]] = []
    text = normalize(text)
    out.append(("normalize", text))
    text = repair_mojibake(text)
    out.append(("repair_mojibake", text))
    paras = split_paragraphs(text, by=by)
    out.append(("split_paragraphs", paras))
    paras = drop_boilerplate(paras, boilerplate)
    out.append(("drop_boilerplate", paras))
    paras = drop_echo(paras, headline=headline)
    out.append(("drop_echo", paras))
    out.append(("join_paragraphs", join_paragraphs(paras)))
    return out


@_doc
def clean(
    text: str,
    *,
    headline: str | None = None,
    boilerplate: Iterable[str] = BOILERPLATE,
    by: str = "blank",
) -> str:
    """Clean one story's text: every step in :data:`STEPS`.

    Parameters
    ----------
    {text}
    {headline}
    {boilerplate}
    {paragraph_by}

    Returns
    -------
    str
        Paragraphs separated by one blank line.

    See Also
    --------
    steps : the same, returning every stage.

    Examples
    --------
    >>> clean("Big news\\n\\nIt rainedâ€¦\\r\\n\\r\\nAdvertisement", headline="Big news")
    'It rained…'
    """
    return str(steps(text, headline=headline, boilerplate=boilerplate, by=by)[-1][1])
