"""A saved page's text in blocks, each classed as story text or page chrome.

A text page saved from a news site is one block per line: the story's
paragraphs, and around them the site's furniture (menus, breadcrumbs, share
buttons, captions, related links, comment forms). :func:`classify` classes
every block in two passes, on the published jusText algorithm (Pomikálek
2011) and with the ``justext`` package's own code and stoplists:

1. **Rules.** A block that a rule recognises is chrome, whatever its length:
   :data:`wireframe.io.clean.BOILERPLATE` (share, print, "text size",
   newsletter and comment prompts, "Related Articles"), photo captions and
   credits (:func:`wireframe.io.clean.is_caption`, and an alt text or cut
   caption that begins a caption next to it), menu-like lines (items glued
   together, ``Home / World / ...`` breadcrumbs, ``#World News`` tags, bullet
   items, telephone numbers, several capitalised words with no stopword),
   section labels, video titles, the items of a related-articles list,
   comment headers, copyright and disclaimer lines.
2. **jusText.** Every other block is classed context-free by
   :func:`justext.core.classify_paragraphs` on its length and stopword
   density (``bad`` when the stopwords are below 30 %, ``short`` under 70
   characters, ``good`` over 200 with 32 % stopwords, ``neargood`` between);
   a line that is mostly a web address counts as link text. Then the
   context-sensitive pass of jusText: a short block between two good ones is
   good, between two bad ones bad; a near-good block next to a good one is
   good. The neighbours are the blocks that the rules did not take, so that a
   closing line of the story ("The budget goes into effect July 1.") is not
   lost because a share button follows it; the page's top counts as bad, as
   in jusText, and its end as good when a short line of four words or more
   follows the story (a saved excerpt often ends on a subhead).

References
----------
Pomikálek, J. (2011). *Removing boilerplate and duplicate content from web
corpora*. PhD thesis, Masaryk University, Faculty of Informatics, Brno.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wireframe.io import clean

__all__ = ["Block", "STOPLISTS", "classify", "rule_kind", "stoplist"]

STOPLISTS: dict[str, str] = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "lt": "Lithuanian",
    "lv": "Latvian", "ms": "Malay", "nl": "Dutch", "no": "Norwegian_Bokmal", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}
"""ISO 639-1 code to the name of the ``justext`` stoplist used for that language."""

_BOILER = [re.compile(p) for p in clean.BOILERPLATE]
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")
# Words run together where a menu's items lost their spacing:
# "FinancialGovernment SolutionsLegalReuters News".
_GLUED = re.compile(r"[a-z]{3}[A-Z][a-z]{2}")
# A trail may end on its separator ("Home > Top News >", "Home>>") where the
# page's own title was cut from it.
_BREADCRUMB = re.compile(
    r"^(?:[\w&'.\-]+(?: [\w&'.\-]+){0,3}(?: / |\s*[>»›|]\s*)){1,6}[\w&'.\-]+(?: [\w&'.\-]+){0,12}$"
    r"|^(?:[\w&'.\-]+(?: [\w&'.\-]+){0,3}\s*(?:>>?|[»›])\s*){1,6}$"
)
_PHONE = re.compile(r"^\+?\(?\d[\d ()./\-]{6,}\d$")
_VIDEO_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*-\s*Source:.*)?$")
_COMMENT_HEADER = re.compile(
    r"^[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3} (?:at|on|said on|wrote on) \d{4}-\d{2}-\d{2}.*$"
)
_COPYRIGHT = re.compile(r"(?i)^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})).*")
_DISCLAIMER = re.compile(
    r"(?i)(?:will not accept any liability|does not necessarily reflect the views"
    r"|for informational purposes only|^disclaimer\s*:)"
)
_RELATED_LABEL = re.compile(
    r"(?i)^(?:related(?: readings?| articles?| stories| news| links| coverage| posts)?"
    r"|(?:also|further) read(?:ing)?|read (?:more|also)|more (?:stories|on this|news)"
    r"|see also|recommended|you (?:may|might) also like)\s*:?$"
)
_SECTION_WORDS = frozenset(
    """news world business politics nation national international local latest top breaking
    opinion markets market economy tech technology science health sport sports entertainment
    lifestyle culture foreign military affairs and & asia africa europe americas us uk india
    china pakistan middle east region regions home live video videos photos analysis
    features feature finance money commentary editorial metro city state states global
    covid-19 coronavirus climate environment energy defence defense diplomacy
    government policy society""".split()
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’]$")


@dataclass
class Block:
    """One line of a page and what it is."""

    line: int
    """Line number in the page (0-based)."""
    text: str
    kind: str = "text"
    """``"text"`` (story text, or a candidate for the header fields) or the chrome
    kind: ``"boilerplate"``, ``"caption"``, ``"menu"``, ``"section"``,
    ``"related"``, ``"video"``, ``"comment"``, ``"copyright"``,
    ``"disclaimer"``, or, set by the page reader, ``"date"``, ``"byline"``,
    ``"credit"``, ``"headline"``, ``"outlet"``."""
    rule: str = ""
    """Why it has its kind: the rule, or the jusText class."""
    jt: str = ""
    """The jusText class after the context-sensitive pass."""

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def sentence(self) -> bool:
        """Whether the block ends like a sentence."""
        return bool(_SENTENCE_END.search(self.text))


def stoplist(language: str | None) -> frozenset[str]:
    """The ``justext`` stoplist for an ISO 639-1 code (English for an unknown one)."""
    import justext

    name = STOPLISTS.get((language or "en").lower(), "English")
    return frozenset(justext.get_stoplist(name))


def _stopword_share(text: str, stops: frozenset[str]) -> float:
    words = text.split()
    return sum(w.lower().strip(".,;:!?\"'()“”‘’") in stops for w in words) / max(len(words), 1)


def rule_kind(text: str, stops: frozenset[str]) -> tuple[str, str] | None:
    """The chrome kind of one line by rule alone, or None.

    Returns ``(kind, rule)``. Context (the lines around) is used by
    :func:`classify`, not here.

    Examples
    --------
    >>> from wireframe.io.blocks import stoplist
    >>> rule_kind("Home / World News / Asia", stoplist("en"))
    ('menu', 'breadcrumb')
    >>> rule_kind("Photo credit: File", stoplist("en"))
    ('caption', 'photo credit')
    >>> rule_kind("The talks resumed on Monday.", stoplist("en")) is None
    True
    """
    t = " ".join(text.split())
    if not t:
        return "boilerplate", "empty"
    if _RELATED_LABEL.match(t):
        return "related", "related-list label"
    if any(p.fullmatch(t) for p in _BOILER):
        return "boilerplate", "boilerplate pattern"
    if clean.is_caption(t):
        return "caption", "photo credit"
    if _COPYRIGHT.match(t):
        return "copyright", "copyright line"
    if _DISCLAIMER.search(t) and not _SENTENCE_START_DATELINE.match(t):
        return "disclaimer", "disclaimer"
    if _appeal(t):
        return "boilerplate", "the site's appeal to its readers"
    if _COMMENT_HEADER.match(t):
        return "comment", "comment header"
    if t.startswith(("#", "•", "·", "▪", "»")):
        return "menu", "tag or bullet item"
    if _PHONE.match(t):
        return "menu", "telephone number"
    if _BREADCRUMB.match(t) and not _SENTENCE_END.search(t):
        return "menu", "breadcrumb"
    if len(_GLUED.findall(t)) >= 2 and not _SENTENCE_END.search(t):
        return "menu", "menu items run together"
    words = t.split()
    if len(words) <= 4 and all(w.lower().strip(",:") in _SECTION_WORDS for w in words):
        return "section", "section label"
    caps = [w for w in words if w[:1].isupper()]
    if len(words) >= 7 and len(caps) == len(words) and _stopword_share(t, stops) == 0:
        return "menu", "capitalised words with no stopword"
    return None


_APPEAL_WORDS = re.compile(
    r"(?i)\b(?:donat\w*|subscri\w*|paywalls?|journalism|newsletters?|sign(?:ing)? up|support us"
    r"|your support|reader-funded|contribut(?:e|ion)s?|journalists?|reporters?)\b"
)


def _appeal(text: str) -> bool:
    """The site speaking to its readers about money or sign-ups ("Your donation allows
    us to keep sending journalists ..."): first person plural and the reader, and
    two words of the appeal's vocabulary."""
    low = text.lower()
    we = re.search(r"\b(?:we|us|our)\b", low)
    you = re.search(r"\b(?:you|your)\b", low)
    words = {m.group(0).lower() for m in _APPEAL_WORDS.finditer(text)}
    return bool(we and you) and len(words) >= 2


_SENTENCE_START_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]{2,30}(?:,[^()]{1,40})?\s*(?:\(|[-–—:])")


class _Line:
    """A block as jusText's classifier sees a paragraph (the attributes it reads)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.dom_path = "body.p"
        self.heading = False
        self.is_heading = False
        self.cf_class = ""
        self.class_type = ""
        urls = _URL.findall(text)
        self.chars_count_in_links = sum(map(len, urls))

    def __len__(self) -> int:
        return len(self.text)

    @property
    def words_count(self) -> int:
        return len(self.text.split())

    def stopwords_density(self, stops: frozenset[str]) -> float:
        words = self.text.split()
        return sum(w.lower() in stops for w in words) / len(words) if words else 0.0

    def links_density(self) -> float:
        return self.chars_count_in_links / len(self.text) if self.text else 0.0


def _context(lines: list[_Line]) -> None:
    """jusText's context-sensitive pass, with the end of the page as described above."""

    def neighbour(i: int, step: int, ignore_neargood: bool) -> str:
        j = i + step
        while 0 <= j < len(lines):
            c = lines[j].class_type
            if c in ("good", "bad") or (c == "neargood" and not ignore_neargood):
                return c
            j += step
        return "bad" if step < 0 else "end"

    for ln in lines:
        ln.class_type = ln.cf_class
    new: dict[int, str] = {}
    for i, ln in enumerate(lines):
        if ln.class_type != "short":
            continue
        prev = neighbour(i, -1, True)
        nxt = neighbour(i, 1, True)
        if nxt == "end":
            # The end of the page: a short closing line of the story stays.
            nxt = "good" if prev == "good" and ln.words_count >= 4 else "bad"
        if prev == nxt == "good":
            new[i] = "good"
        elif prev == nxt == "bad":
            new[i] = "bad"
        elif (prev == "bad" and neighbour(i, -1, False) == "neargood") or (
            nxt == "bad" and neighbour(i, 1, False) == "neargood"
        ):
            new[i] = "good"
        else:
            new[i] = "bad"
    for i, c in new.items():
        lines[i].class_type = c
    for i, ln in enumerate(lines):
        if ln.class_type != "neargood":
            continue
        prev, nxt = neighbour(i, -1, True), neighbour(i, 1, True)
        ln.class_type = "bad" if (prev, nxt) in (("bad", "bad"), ("bad", "end")) else "good"


def _prefix_of(short: str, long: str) -> bool:
    a = re.sub(r"\W+", " ", short).strip().casefold()
    b = re.sub(r"\W+", " ", long).strip().casefold()
    return len(a.split()) >= 3 and a != b and b.startswith(a)


def classify(blocks: list[Block], *, language: str | None = "en") -> list[Block]:
    """Class every block of a page as story text or chrome (see the module notes).

    Parameters
    ----------
    blocks : list of Block
        The page's non-empty lines, in order. Blocks whose ``kind`` is already
        set to something other than ``"text"`` keep it.
    language : str, default "en"
        ISO 639-1 code of the page, for the jusText stoplist.

    Returns
    -------
    list of Block
        The same blocks, with ``kind``, ``rule`` and ``jt`` set.

    Examples
    --------
    >>> page = ["Share this article", "print logo", "Council adopts budget",
    ...         "The mayor's budget plan was approved on Tuesday by the Common Council, "
    ...         "which made only minor changes to the document that he had sent to it.",
    ...         "The budget goes into effect July 1.", "Story topics:"]
    >>> [b.kind for b in classify([Block(i, t) for i, t in enumerate(page)])]
    ['boilerplate', 'boilerplate', 'text', 'text', 'text', 'boilerplate']
    """
    from justext.core import classify_paragraphs

    stops = stoplist(language)
    for b in blocks:
        if b.kind == "text":
            found = rule_kind(b.text, stops)
            if found:
                b.kind, b.rule = found
    _context_rules(blocks)
    free = [b for b in blocks if b.kind == "text"]
    lines = [_Line(b.text) for b in free]
    classify_paragraphs(lines, stops)
    _context(lines)
    for b, ln in zip(free, lines, strict=True):
        b.jt = ln.class_type
        b.rule = b.rule or f"jusText {ln.cf_class} -> {ln.class_type}"
    return blocks


def _context_rules(blocks: list[Block]) -> None:
    """Rules that need the neighbouring lines."""
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        # A video's title sits above its running time ("01:46 - Source: CNN").
        if b.kind == "text" and nxt is not None and _VIDEO_TIME.match(nxt.text.strip()):
            b.kind, b.rule = "video", "title above a video's running time"
            nxt.kind, nxt.rule = "video", "video running time"
    # A menu: three or more short capitalised lines with no stopword in a row
    # ("Financial Products", "Customer Support", ...), other menu lines between.
    run: list[Block] = []
    for b in [*blocks, Block(-1, "", kind="end")]:
        if b.kind == "text" and _menu_item(b):
            run.append(b)
        elif b.kind != "menu":
            if len(run) >= 3:
                for item in run:
                    item.kind, item.rule = "menu", "one of several menu items in a row"
            run = []
    # The caption a short credit line stands under or over ("Photo credit:
    # File", "AP file photo"): the description beside it, which ends like a
    # sentence (a headline beside it does not).
    for i, b in enumerate(blocks):
        if b.kind != "caption" or b.words > 4:
            continue
        for j in (i - 1, i + 1):
            if not (0 <= j < len(blocks) and blocks[j].kind == "text"
                    and _caption_like(blocks[j])):
                continue
            # Below a credit, a caption is followed by the story's dateline or by
            # more chrome; a story paragraph is followed by story text.
            after = blocks[j + 1] if j + 1 < len(blocks) else None
            if j > i and after is not None and after.kind == "text" and not (
                _SENTENCE_START_DATELINE.match(after.text)
            ):
                continue
            blocks[j].kind, blocks[j].rule = "caption", "beside a photo credit"
    # An alt text or a cut caption that begins the caption beside it.
    for i, b in enumerate(blocks):
        for j in (i - 1, i + 1):
            if (b.kind == "text" and 0 <= j < len(blocks) and blocks[j].kind == "caption"
                    and _prefix_of(b.text, blocks[j].text)):
                b.kind, b.rule = "caption", "begins the caption beside it"
    # The items of a related-articles list: the lines after its label that do
    # not end like a sentence.
    for i, b in enumerate(blocks):
        if b.kind == "related" and b.rule == "related-list label":
            for nb in blocks[i + 1 :]:
                if nb.kind != "text" or nb.sentence:
                    break
                nb.kind, nb.rule = "related", "item of a related-articles list"


def _menu_item(b: Block) -> bool:
    words = b.text.split()
    return (len(words) <= 4 and not b.sentence and all(w[:1].isupper() or not w[:1].isalpha()
                                                      for w in words)
            and not any(w.lower() in _MENU_STOPS for w in words))


_MENU_STOPS = frozenset("a an the of to in on for and or with by at from is are".split())


def _caption_like(b: Block) -> bool:
    # A description, not a dateline opening the story.
    if _SENTENCE_START_DATELINE.match(b.text) or re.match(r"^[A-Z][\w ]+ \(", b.text):
        return False
    return b.sentence and b.words <= 40
