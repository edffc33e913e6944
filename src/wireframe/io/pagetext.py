"""Saved text pages of sites without a profile: header, dates and story text.

:func:`parse_unprofiled` reads one page's lines in five steps, each in its
own module:

1. The saved copy's date marker. Some page stores prefix the first line with
   ``" date YYYY-MM-DD"`` (glued to a menu, the headline or the first
   paragraph); the marker is taken off and the rest of the line is read as
   any other line. The marker's day is the publication date when the page
   prints none (``date_source`` "store").
2. Date, byline and credit lines (:mod:`wireframe.io.pagedates`,
   :mod:`wireframe.io.pageheader`). A date that opens a line with story text
   after it is taken off the text, never the text with it.
3. Every line classed as story text or chrome (:mod:`wireframe.io.blocks`).
4. Where the story begins: the first line of at least twelve words that opens
   with a dateline (``BERLIN (Reuters) -``, ``MOSCOW —``, ``NEW DELHI:``),
   else the first line that ends like a sentence in the longest run of story
   text (chrome lines inside the run do not break it; a header line, a date
   or a byline does). The lines before it are the page's header: the
   headline, the outlet's masthead, bylines, dates and captions are read
   there, and none of them is body text.
5. Where the story ends: at a comment form or comment header, a copyright or
   disclaimer line, or the author's biography ("Andrew Rettman is
   EUobserver's foreign editor ..."); credit lines after the story (``Source:
   Xinhua``, ``(Reporting by ...)``) are read for the wire, not kept in the
   body. Inside the story, chrome lines are dropped and a teaser that repeats
   the first paragraph is dropped (:func:`wireframe.io.clean.drop_echo`).

Dates are read in the header (before the story) and, when labelled
("First Published: ..."), in the lines after it; see
:mod:`wireframe.io.pagedates` for the zone rules. The first publication date
found is ``published``, the first update ``updated``; a page that prints only
an update time gets it as both, with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from wireframe import wire
from wireframe.io import clean
from wireframe.io.blocks import Block, classify
from wireframe.io.pagedates import Found, date_line, relative_dates, yearless
from wireframe.io.pageheader import credit_line, headline_index, outlet_of, zone_of_domain

__all__ = ["Page", "parse_unprofiled"]


@dataclass
class Page:
    """What a page reader found in one page (the Story columns and their evidence)."""

    headline: str = ""
    body: str = ""
    byline: str | None = None
    agency: str | None = None
    agency_evidence: str | None = None
    credit_text: str = ""
    dateline: str | None = None
    published: pd.Timestamp | None = None
    updated: pd.Timestamp | None = None
    date_source: str | None = None
    language: str | None = None
    outlet: str = "unknown"
    outlet_domain: str | None = None
    url: str | None = None
    profile: str | None = None
    blocks: list[Block] = field(default_factory=list)


STORE_MARK = re.compile(r"^\s*date (?P<date>\d{4}-\d{2}-\d{2})(?![\d])\s*(?P<rest>.*)$")
"""The date marker some page stores glue to a saved page's first line."""

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z\u00c0-\u017f.'\-]*(?:[ ,/]+[A-Za-z\u00c0-\u017f.'\-]+){0,4}"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2},?)?\s*)?"
    r"(?:\([^()]{2,40}\)\s*)?(?:--|[-\u2013\u2014])\s+\S"
    r"|^[A-Z][A-Z .'\-]{2,30}(?:,[^()]{0,40})?\s*\([^()]{2,80}\)\s+[A-Z\"“‘]"
    r"|^[A-Z][A-Za-z.'\-]*(?: (?:[A-Z][A-Za-z.'\-]*|de|da|del|la|al|el)){0,3}:\s+[A-Z\"“‘]"
)
# Where the story ends: a comment form (as a whole line, or the opening of a
# form's notice).
_END_BOILER = re.compile(
    r"(?i)(?:leave a (?:reply|comment)|\d* ?comments?|post (?:a )?comment|add (?:a )?comment"
    r"|show comments|(?:there are no comments|your email address will not be published).*)"
)


def _story_like(b: Block) -> bool:
    """Story text: jusText's verdict, or a sentence of eight words or more.

    jusText judges a paragraph on its stopwords, and a news paragraph full of
    names and numbers has few; inside the story a line that reads as a
    sentence is kept.
    """
    return b.kind == "text" and (b.jt == "good" or (b.sentence and b.words >= 8))


def _dateline(b: Block) -> bool:
    return b.kind == "text" and b.words >= 12 and b.sentence and bool(_DATELINE.match(b.text))


# Chrome that sites print inside a story; any other line ends a run of story text.
_INSIDE = ("caption", "boilerplate", "related")


def _start(blocks: list[Block]) -> int:
    """Index of the block where the story begins (len(blocks) when none)."""
    for i, b in enumerate(blocks):
        if _dateline(b):
            return i
    runs: list[list[int]] = []
    current: list[int] | None = None
    for i, b in enumerate(blocks):
        if _story_like(b):
            if current is None:
                current = []
                runs.append(current)
            current.append(i)
        elif b.kind not in _INSIDE:
            current = None
    if not runs:
        # A page too short for jusText: the story begins at its first sentence.
        return next((i for i, b in enumerate(blocks) if b.kind == "text" and b.sentence),
                    len(blocks))
    main = max(runs, key=lambda r: sum(len(blocks[i].text) for i in r))
    return next((i for i in main if blocks[i].sentence), main[0])


def _self_promotion(text: str, outlet: str, domain: str | None) -> bool:
    """The site writing about itself in the first person plural ("The Independent is
    trusted by Americans ... we choose not to lock Americans out of our reporting").

    The site's name must stand in the text as a name (capitalised, whole words):
    the outlet, or its domain's words ("the-independent.com": "The Independent").
    """
    if not re.search(r"\b(?:we|our|us)\b", text.lower()):
        return False
    names = [] if outlet == "unknown" or "." in outlet else [outlet]
    if domain and "." in domain:
        label = domain.split(".")[-2]
        names.append(" ".join(w.capitalize() for w in re.split(r"[-_]", label)))
    return any(len(n) >= 5 and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)
               for n in names)


def _agency_in(left: str) -> str | None:
    """The agency a date line credits besides its date ("Xinhua) 10:37, May 09, 2024",
    "Source: Xinhua | 05-07-2009 08:05", "Print E-mail Xinhua, November 2, 2016")."""
    left = left.strip(" ,|/")
    credit = credit_line(left)
    if credit:
        return credit[1]
    words = re.findall(r"[A-Za-z][\w.&-]*", left)
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            name = wire.canonical(" ".join(words[i : i + n]))
            if name:
                return name
    return None


def _header_credit(blocks: list[Block], start: int) -> tuple[str | None, str | None]:
    """An agency credited by a header line or by a joint dateline credit.

    A header line, or a chrome line inside the story, that opens with a
    dateline credit ("(Bloomberg) — Sign up for the New Economy Daily
    newsletter"), or a story
    that opens with a joint credit ("MOSCOW, Aug. 21, (Xinhua/GNA) —").
    Captions are never read: their agency took the photo.
    """
    for i, b in enumerate(blocks):
        if b.kind in ("caption", "date", "video") or (i >= start and b.kind != "boilerplate"):
            continue
        found = wire.detect(b.text)
        if found.wire and found.rule in ("dateline", "byline-agency"):
            return found.wire, b.text
    if start < len(blocks):
        m = _JOINT.match(blocks[start].text)
        if m and wire.canonical(m.group("agency")):
            return wire.canonical(m.group("agency")), m.group(0).strip()
    return None, None


_JOINT = re.compile(
    rf"^[^()]{{0,80}}\((?P<agency>{wire.AGENCY})\s*/\s*[A-Z][\w.]{{1,20}}\)\s*(?:--|[-\u2013\u2014])"
)


def _bio(b: Block, byline: str | None) -> bool:
    # "Andrew Rettman is EUobserver's foreign editor, writing about ...".
    if not byline:
        return False
    name = re.sub(r"^(?:by|By|BY)\s+|[-–—]\s*", "", byline).split(",")[0].strip()
    return len(name.split()) >= 2 and b.text.startswith(name + " is ")


def parse_unprofiled(
    lines: list[str],
    *,
    notes: list[str],
    domain: str | None = None,
    outlet: str | None = None,
    language: str | None = "en",
) -> Page:
    """Read one page whose layout no profile describes (see the module notes).

    Parameters
    ----------
    lines : list of str
        The page's lines, normalised and repaired (language tag lines taken
        out).
    notes : list of str
        Receives remarks for the report, as ``"field: reason"``.
    domain : str, optional
        The site's host, for the outlet and the zone of times printed without
        one.
    outlet : str, optional
        The outlet, when the user names it.
    language : str, default "en"
        ISO 639-1 code, for the stoplist.
    """
    page = Page(outlet_domain=domain)
    blocks = [Block(i, clean.cut_glued_chrome(" ".join(ln.split())))
              for i, ln in enumerate(lines) if ln.strip()]
    store_date = None
    if blocks:
        m = STORE_MARK.match(lines[blocks[0].line])
        if m:
            store_date = pd.Timestamp(m.group("date"), tz="UTC")
            blocks[0].text = " ".join(m.group("rest").split())
            if not blocks[0].text:
                blocks.pop(0)
    zone, zone_how = zone_of_domain(domain)
    glued: dict[int, tuple[list[Found], str]] = {}
    dates: dict[int, list[Found]] = {}
    for i, b in enumerate(blocks):
        found, rest = date_line(b.text, timezone=zone or "UTC")
        if rest == "":
            b.kind, b.rule = "date", "date line"
            dates[i] = found
            # What the line holds besides its dates: a credit ("Xinhua) 10:37, May 09, 2024").
            left = b.text
            for f in sorted(found, key=lambda f: -f.start):
                left = left[: f.start] + left[f.end :]
            agency = _agency_in(left)
            if agency and page.agency is None:
                page.agency, page.agency_evidence = agency, b.text
            for rel in relative_dates(b.text):
                notes.append(f"published: relative time {rel!r} ({b.text!r}) is not a date; "
                             "not used")
        elif found:
            glued[i] = (found, rest)
        elif yearless(b.text) and b.words <= 5:
            b.kind, b.rule = "date", "date without a year"
            notes.append(f"published: {b.text!r} has no year; not used as a date")
        credit = credit_line(b.text if i not in glued else glued[i][1])
        if credit and b.kind == "text":
            b.kind, b.rule = credit[0], "byline or credit line"
            if credit[1] and page.agency is None:
                page.agency, page.agency_evidence = credit[1], b.text
    classify(blocks, language=language)

    page.outlet, how, masthead = outlet_of(blocks, domain, given=outlet)
    if masthead is not None and blocks[masthead].kind == "text":
        blocks[masthead].kind, blocks[masthead].rule = "outlet", "masthead"
    if how and how != "given" and "outlets.yaml" not in how:
        notes.append(f"outlet: {page.outlet!r} from {how}")
    elif not how:
        notes.append("outlet: the page does not say its outlet and no domain is known; set to "
                     "'unknown'. Pass outlet=")

    for b in blocks:
        if b.kind == "text" and _self_promotion(b.text, page.outlet, domain):
            b.kind, b.rule = "boilerplate", "the site writing about itself"
    start = _start(blocks)
    if start in glued:
        found, rest = glued[start]
        dates[start] = found
        blocks[start].text = rest
    for i in [i for i in glued if i < start]:
        dates[i] = glued[i][0]
        blocks[i].text = glued[i][1]
    head = headline_index(blocks, start)
    if head is not None:
        blocks[head].kind, blocks[head].rule = "headline", "first headline-like header line"
        page.headline = blocks[head].text

    if page.agency is None:
        page.agency, page.agency_evidence = _header_credit(blocks, start)
    bylines = [b for b in blocks[:start] if b.kind == "byline"]
    page.byline = bylines[0].text if bylines else None
    paras: list[str] = []
    credits: list[str] = []
    tiny = not any(_story_like(b) for b in blocks)
    for b in blocks[start:]:
        if b.kind in ("comment", "copyright") or _END_BOILER.fullmatch(b.text) or _bio(
            b, page.byline
        ):
            credits.append(b.text)
            break
        if b.kind in ("credit", "byline", "disclaimer"):
            credits.append(b.text)
        elif _story_like(b) or (b.kind == "text" and (b is blocks[start] or tiny and b.sentence)):
            paras.append(b.text)
    if head is not None:
        paras = clean.drop_echo(paras, headline=page.headline)
    page.body = clean.join_paragraphs(paras)
    page.blocks = blocks
    _dates(page, blocks, dates, start, store_date, zone, zone_how, notes)
    page.credit_text = "\n\n".join(credits)
    return page


_DATELINE_DAY = re.compile(
    r"^[A-Z][^()\n]{0,40}?,\s*(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"\s+(?P<day>\d{1,2})\b"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _resolve(f: Found, story: str, sibling: Found | None, zone: str | None, zone_how: str,
             notes: list[str]) -> pd.Timestamp | None:
    """The UTC time of one header date, with the page's other evidence.

    An ambiguous numeric date is read the way that falls within three days of
    the story's dateline day ("BEIJING, May 6 (Xinhua) --" reads ``05-07-2009``
    as 7 May); a time printed without a zone takes the zone printed with
    another time of the page's header ("last updated 2019-09-23 23:12:28-04"),
    else the site's zone.
    """
    readings = list(f.readings)
    if f.value is None and len(readings) == 2 and f.problem and "ambiguous" in f.problem:
        m = _DATELINE_DAY.match(story)
        if m:
            month, day = _MONTHS.index(m.group("month").lower()) + 1, int(m.group("day"))
            near = [r for r in readings
                    if abs((pd.Timestamp(r[0], r[1], r[2]) - pd.Timestamp(r[0], month, day)).days)
                    <= 3]
            if len(near) == 1:
                readings = near
                notes.append(f"{f.kind}: {f.text!r} read as {near[0][2]} "
                             f"{pd.Timestamp(*near[0]):%B %Y}: the story's dateline says "
                             f"{m.group(0).strip()!r}")
    if len(readings) != 1 or (f.value is None and f.problem and "ambiguous" not in f.problem):
        if f.problem:
            notes.append(f"{f.kind}: {f.problem}")
        return None
    if f.clock is None:
        notes.append(f"{f.kind}: {f.text!r} gives no time; the day at 00:00 UTC")
        return f.at(readings[0], "UTC")
    if f.offset is not None:
        return f.at(readings[0], f.offset)
    if sibling is not None and sibling.offset is not None:
        notes.append(f"{f.kind}: no zone printed with {f.text!r}; read in the zone printed with "
                     f"{sibling.text!r} ({sibling.offset})")
        return f.at(readings[0], sibling.offset)
    used = zone or "UTC"
    notes.append(f"{f.kind}: no zone printed with {f.text!r}; read as {used} ({zone_how})")
    return f.at(readings[0], used)


def _dates(page: Page, blocks: list[Block], dates: dict[int, list[Found]], start: int,
           store_date: pd.Timestamp | None, zone: str | None, zone_how: str,
           notes: list[str]) -> None:
    header = [f for i in sorted(dates) if i <= start for f in dates[i]]
    footer = [f for i in sorted(dates) if i > start for f in dates[i]
              if re.search(r"(?i)published|updated|posted", blocks[i].text)]
    found = header + footer
    story = blocks[start].text if start < len(blocks) else ""
    sibling = next((f for f in found if f.offset is not None), None)
    pub = upd = None
    for f in found:
        if (f.kind == "published" and pub is None) or (f.kind == "updated" and upd is None):
            value = _resolve(f, story, sibling, zone, zone_how, notes)
            if value is not None and f.kind == "published":
                pub = (f, value)
            elif value is not None:
                upd = (f, value)
        elif f.problem:
            notes.append(f"{f.kind}: {f.problem}")
    if pub is None and upd is not None:
        pub = upd
        notes.append("published: the page gives only an update time; used it as published")
    if pub is not None:
        page.published, page.date_source = pub[1], "page"
        if store_date is not None and abs((pub[1] - store_date).days) > 1:
            notes.append(f"published: the page prints {pub[0].text!r}; the saved copy's date "
                         f"marker says {store_date.date()}; used the page's")
    elif store_date is not None:
        page.published, page.date_source = store_date, "store"
        notes.append(f"published: the page prints no date; used the saved copy's date marker "
                     f"{store_date.date()} (a day, at 00:00 UTC)")
    if upd is not None:
        page.updated = upd[1]
