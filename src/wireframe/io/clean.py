"""Cleaning shared by every reader: small steps, each usable alone.

A story's text passes through :data:`STEPS` in order (STYLE 10: a list of
small functions, each testable alone, with :func:`steps` to see each stage):

1. :func:`normalize` - Unicode NFC, line endings, non-breaking and
   zero-width spaces, trailing blanks.
2. :func:`repair_mojibake` - UTF-8 read as Windows-1252 ("donâ€™t"), fixed
   by ftfy only where the repair is unambiguous.
3. :func:`split_paragraphs` - paragraphs, by blank lines or by lines.
4. :func:`drop_boilerplate` - whole paragraphs that are page chrome
   ("Give Feedback", "Advertisement", "Related Articles", "text size").
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
    "CAPTIONS",
    "STEPS",
    "clean",
    "drop_boilerplate",
    "cut_glued_chrome",
    "drop_echo",
    "is_caption",
    "join_paragraphs",
    "normalize",
    "repair_mojibake",
    "split_paragraphs",
    "steps",
    "unwrap",
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
    r"(?i)(?:advertisement|advertising|ad|ads|sponsored(?: content)?)",
    r"(?i)give feedback\b.*",
    r"(?i)(?:share|share this( article| story| page)?|share (?:on|via) \w+( \w+)?|tweet|email"
    r"|print|print logo|print this( article| page| story)?|copy link|link copied!?|whatsapp"
    r"|facebook|twitter|linkedin|reddit|telegram|pinterest)",
    r"(?i)(listen to this article|read time: \d+ mins?|\d+ min(?:ute)?s? read)",
    r"(?i)(?:\S+ )?skip to (?:main )?(?:content|navigation)(?: /?[\w/-]{1,30})?",
    r"(?i)(?:\(\w+\) [-\u2013\u2014] )?sign up (?:for|to) .{0,80}newsletter.*",
    r"(?i)(?:subscribe to our newsletter|get (?:our|the) \w+ newsletter).*",
    r"(?i)get breaking news in your browser.*|.*\bclick here to (?:turn on|subscribe|sign up).*",
    r"(?i)(also read|read more|read next|related( stories| articles| content| news| coverage"
    r"| readings| links| topics)?|more from this section|more stories|more on this story"
    r"|recommended( for you)?|you may (also )?like|editor'?s picks?|most (read|popular|viewed)"
    r"|trending( now)?|top stories|latest news|don'?t miss)\s*:?",
    r"(?i)(?:read more|also read|see also|related|watch)\s*:.{0,200}",
    r"(?i)story continues below( this ad(vertisement)?)?",
    r"(?i)(?:text size|font size|large medium small|a a a|a- a\+|[a-]\s?a\s?a\+?)",
    r"(?i)(?:no result\s*)?(?:view all results?)|no result",
    r"(?i)(?:leave a (?:reply|comment)|post (?:a )?comment|add (?:a )?comment|\d* ?comments?"
    r"|show comments|view comments|(?:read|show) comments.*)",
    r"(?i)your email address will not be published.*|required fields are marked.*",
    r"(?i)there are no comments.*|be the first to comment.*",
    r"(?i)(?:story topics|topics|tags|filed under|categories)\s*:.{0,200}",
    r"(?i)thank you for registering.*|please refresh the (?:page|browser).*",
    r"(?i)(?:log ?in|sign ?in|register|subscribe(?: now)?|already a subscriber\??.*)",
    r"(?i)we(?:'|\u2019)re sorry, this feature is currently unavailable.*",
    r"(?i)follow us(?: on .{0,60})?|follow @\w+.*|connect with us",
    r"(?i)our standards\s*:.*",
    r"(?i)newspapers (?:in|from) [\w ]{2,30}",
    r"(?i)back to (?:the )?top|go to top|scroll to top|close|[x\u00d7\u2715\u2716]",
    r"(?i)your (?:name|e-?mail(?: address)?)\s*\*?",
    r"(?i)(?:story|article|news|post) (?:code|id|no\.?|number)\s*:\s*\d+",
    r"(?i)sponsored by [^.!?]{2,120}",
    r"(?i)this material may not be published, broadcast, rewritten,? or redistributed.*",
    r"(?i)\d{1,2}:\d{2} - source: .{1,40}",
    r"(?i)most (?:read|popular|viewed|shared)(?: (?:from|on|in) [\w .]{1,30})?",
    r"(?i)welcome!?|you(?:'|\u2019)re all set\b.*|in the headlines|what you need to know:?"
    r"|key points:?|header ads?|global headlines",
    r"(?i)stay tuned for\b.{0,160}",
    r"(?i)(?:adjust |change )?(?:text|font) size:?",
    r"(?i)your support (?:helps|makes|means)\b.{0,100}",
)
"""Default page chrome: regular expressions that must match a whole paragraph.

Each is short and anchored (``re.fullmatch``), so that a sentence of the story
that merely contains "share" or "advertisement" survives. They cover site
furniture across news sites: share and print buttons, "text size",
newsletter prompts, "Related Articles" and "READ MORE: ..." lines, comment
forms, login notices, "No Result / View All Result" search widgets, tags.
"""

CAPTIONS: tuple[str, ...] = (
    r"(?i)(?:\(|\[|\b)(?:Photo|Photos|Photograph|Photographer|Picture|Image|Pic|File photo"
    r"|Credit|Photo credit)(?:\s+by)?\s*[:/]\s*[^()\[\]]{1,80}[)\]]?\.?\s*$",
    r"\(Photo by [^()]{1,80}\)\.?\s*$",
    r"(?:Credit|Photo credit|Photo|Image|Picture)\s*:\s*\S.{0,60}$",
    r"\bREUTERS/[A-Z][\w.'\- ]{1,60}(?:\s+-\s+[A-Z0-9]{8,20})?\s*$",
    r"\((?:AP|AFP|Reuters|Xinhua|EPA|Getty Images|Bloomberg|Anadolu|IANS|PTI|ANI)"
    r"(?: Photo)?/[^()]{2,60}\)\.?\s*$",
    r"\[Photo/[^\]]{1,40}\]\s*$",
    r"[A-Z][\w.'\-]+(?: [A-Z][\w.'\-]+){0,3}/(?:Associated Press|AP|AFP|Getty Images|Reuters"
    r"|Bloomberg|EPA|Shutterstock|The New York Times|Pool)(?: via Getty Images)?\s*$",
    r"(?i)^(?:AP|AFP|Reuters|Xinhua|Getty|Getty Images|EPA|File|Bloomberg|PTI|ANI|IANS)"
    r"(?: file)? (?:photo|picture|image)s?$",
    r"(?i)^(?:photo|file photo|image|picture)s?$",
    r"^(?:AFP|AP|REUTERS|Reuters|EPA|XINHUA|Xinhua|ANADOLU|Getty)"
    r"-[A-Z\u00c0-\u00dd][A-Z\u00c0-\u00dd .'\-]{2,60}$",
)
"""Patterns that mark a photo caption or credit, searched at the end of a line.

A caption credits its photo ("... REUTERS/Pavel Rebrov", "(Photo: AFP)",
"[Photo/Xinhua]", "... Andy Wong/Associated Press", "Credit: Reuters",
"AP file photo"); the agency named there took the picture, not the text, so a
caption is never read for the wire.
"""

_CAPTIONS = [re.compile(p) for p in CAPTIONS]

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


def repair_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as Windows-1252 or Latin-1, where unambiguous.

    This is :func:`ftfy.fix_encoding`: a run such as ``â€™`` is re-encoded and
    decoded as UTF-8 when ftfy's badness measure says the result is the text
    that was meant, and nothing else changes (quotes stay curly, widths and
    ligatures stay as they are). Text that lost bytes, a genuine ``Ã`` in
    Portuguese, ``?`` or U+FFFD left by an earlier failed decoding are left as
    they are, because no repair of them is certain.

    References
    ----------
    Speer, R. (2019). ftfy (Version 5.5). Zenodo. doi:10.5281/zenodo.2591652

    Examples
    --------
    >>> repair_mojibake("donâ€™t cafÃ© â€” ok")
    'don’t café — ok'
    >>> repair_mojibake("São Paulo")
    'São Paulo'
    """
    import ftfy

    return ftfy.fix_encoding(text)


def is_caption(line: str) -> bool:
    """Whether a line is a photo caption or credit (see :data:`CAPTIONS`).

    Examples
    --------
    >>> is_caption("Officials meet in Vienna, December 6, 2019. REUTERS/Leonhard Foeger")
    True
    >>> is_caption("Photo credit: File"), is_caption("The minister told Reuters.")
    (True, False)
    """
    text = " ".join(line.split())
    return any(re.search(p, text) for p in _CAPTIONS)


def unwrap(lines: Sequence[str]) -> list[str]:
    """Join the lines of text hard-wrapped at a fixed width back into paragraphs.

    Wire-format copy is wrapped at about 65 to 80 characters with no blank line
    between paragraphs. When at least 80 % of a text's non-empty lines are
    within a width and at least half of them fill it to within 20 characters
    (and there are eight lines or more), a line ends its paragraph only where
    it ends a sentence and either the next line's first word would have fitted
    on it (the writer broke the line, not the wrapping) or the next line opens
    with a capital, a digit or an opening quote; blank lines end a paragraph
    too. Other text is returned unchanged.

    Examples
    --------
    >>> import textwrap
    >>> story = ["The council adopted the budget on Tuesday after a short debate in "
    ...          "which members asked for changes to the lines for parks and roads.",
    ...          "The mayor said the plan kept taxes flat for a third year and that "
    ...          "the reserve fund would cover the gap in the first quarter.",
    ...          "The budget goes into effect on July 1, when the new fiscal year "
    ...          "begins, and a review is due in the autumn."]
    >>> lines = [ln for p in story for ln in textwrap.wrap(p, 60)]
    >>> len(lines), unwrap(lines) == story
    (8, True)
    """
    full = [ln for ln in lines if ln.strip()]
    if len(full) < 8:
        return list(lines)
    lengths = sorted(len(ln) for ln in full)
    width = lengths[int(0.8 * (len(lengths) - 1))]
    if not 40 <= width <= 100 or sum(n >= width - 20 for n in lengths) < len(lengths) / 2:
        return list(lines)
    if max(lengths) > width + 25:
        return list(lines)
    out: list[str] = []
    current: list[str] = []
    for i, ln in enumerate(lines):
        if not ln.strip():
            if current:
                out.append(" ".join(current))
                current = []
            out.append("")
            continue
        current.append(ln.strip())
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        first = nxt.split()[0] if nxt else ""
        ends = bool(re.search(r"[.!?…:][\"'”’)]*$", ln.strip()))
        fits = len(ln.rstrip()) + 1 + len(first) <= width
        opens = bool(re.match(r"[A-Z0-9\"“‘(]", first))
        if not nxt or (ends and (fits or opens)):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


_GLUED_SENTENCE = re.compile(r"(?<=[a-z][.!?])(?=[A-Z\u201c\"])")


def cut_glued_chrome(line: str, patterns: Iterable[str] = BOILERPLATE) -> str:
    """Cut page chrome glued to the front of a line of story text.

    Saved pages lose the break between a site's notice and the story
    ("Your support makes all the difference.Papua New Guinea's Prime
    Minister ..."). The line is cut at each sentence end that has no space
    after it, and opening pieces that are chrome by ``patterns`` (whole
    pieces, as in :func:`drop_boilerplate`) are dropped; the story text is
    kept whole. A line with no such chrome is returned as it is.

    Examples
    --------
    >>> cut_glued_chrome("Your support makes all the difference.Papua New Guinea's PM won.")
    "Papua New Guinea's PM won."
    >>> cut_glued_chrome("The truce began.The talks resumed.")
    'The truce began.The talks resumed.'
    """
    compiled = [re.compile(p) for p in patterns]
    pieces = _GLUED_SENTENCE.split(line)
    k = 0
    while k < len(pieces) - 1 and any(c.fullmatch(pieces[k].strip()) for c in compiled):
        k += 1
    return "".join(pieces[k:]) if k else line


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
