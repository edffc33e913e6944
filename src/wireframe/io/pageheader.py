"""The header fields of a saved page: outlet, headline, byline and credits.

Outlet
    In order: the ``outlet=`` the user gives; the profile's; for a site in
    :func:`outlets` (``wireframe/data/outlets.yaml``, a general table of news
    sites by domain), its name, except on a news-stand site (PressReader),
    where a line heading the page that starts with a known outlet's name
    ("Hindustan Times ST (Mumbai)") names the paper; a masthead line of the
    page whose letters are the domain's ("euobserver" on euobserver.com); a
    copyright line naming a holder that is not a news agency; else the domain:
    a hosted blog's subdomain with its host ("latest-news-viral (Blogger)"), a
    United States broadcaster's call letters (krqe.com: "KRQE"), or the domain
    itself ("squidsaccess.com"), with a note. The domain comes from a ``url:``
    tag line of the page, or from a file name that begins with a host name
    (``bostonglobe.com-2023-09-17-...txt``, as page stores and crawlers name
    saved pages).

Headline
    The first line of the page's header (the lines before the story begins)
    that reads like a headline: three to thirty words, not ending like a
    sentence, and none of the chrome :mod:`wireframe.io.blocks` recognises
    (breadcrumbs such as ``Home / World News / ...``, menus, section labels,
    captions, video titles), nor a byline, credit or date line. A page whose
    story begins on its first line, after chrome only, has no headline.

Bylines and credits
    ``By Julian E. Barnes``, ``by Andrew Rettman, Brussels,``, ``- Saubhadra
    Chatterji``, ``Reuters Staff``; and lines that credit an agency alone:
    ``AFP``, ``(Xinhua)``, ``By  AFP``, ``Via AP news wire``, ``Story by
    Reuters``, ``CNN  —``, ``Vilnius, lithuania / AFP``, ``Source: Xinhua``.
    The agency such a line names is the page's wire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from wireframe import wire
from wireframe.io.blocks import Block

__all__ = [
    "Outlet",
    "credit_line",
    "domain_from_name",
    "headline_index",
    "outlet_of",
    "outlets",
    "zone_of_domain",
]


@dataclass(frozen=True)
class Outlet:
    """One site of :func:`outlets`."""

    domain: str
    name: str
    timezone: str | None = None
    aggregator: bool = False


_OUTLETS: dict[str, Outlet] | None = None


def outlets() -> dict[str, Outlet]:
    """The table of news sites by domain (``wireframe/data/outlets.yaml``).

    Each entry reads ``domain: Name | Zone`` (or ``| aggregator``); see the
    file's header.

    Examples
    --------
    >>> outlets()["bostonglobe.com"].name
    'The Boston Globe'
    """
    global _OUTLETS
    if _OUTLETS is None:
        import yaml

        text = resources.files("wireframe").joinpath("data/outlets.yaml").read_text("utf-8")
        table = {}
        for domain, value in (yaml.safe_load(text) or {}).items():
            name, *rest = [p.strip() for p in str(value).split("|")]
            extra = rest[0] if rest else None
            table[str(domain).lower()] = Outlet(
                str(domain).lower(), name,
                timezone=None if extra in (None, "aggregator") else extra,
                aggregator=extra == "aggregator",
            )
        _OUTLETS = table
    return dict(_OUTLETS)


def _known(domain: str | None) -> Outlet | None:
    if not domain:
        return None
    table = outlets()
    parts = domain.lower().removeprefix("www.").split(".")
    for i in range(len(parts) - 1):
        key = ".".join(parts[i:])
        hit = table.get(key)
        # An entry such as gov.cn is a registry suffix shared by many sites: it
        # names its own host only, never obor.nea.gov.cn.
        if hit and (i == 0 or len(parts) - i > 2 or parts[-2] not in _REGISTRY_LABELS):
            return hit
    return None


_REGISTRY_LABELS = frozenset({"gov", "co", "com", "org", "net", "ac", "edu", "or", "ne", "go"})


_HOST_NAME = re.compile(
    r"^(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,12})(?=[-_ ]|$)"
)


def domain_from_name(path: str | Path) -> str | None:
    """The host a saved page's file name begins with, or None.

    Examples
    --------
    >>> domain_from_name("pages/bostonglobe.com-2023-09-17-spy-operations.txt")
    'bostonglobe.com'
    >>> domain_from_name("devdiscourse-2026-02-12-cia.txt") is None
    True
    """
    stem = Path(path).name.lower()
    for suffix in (".html", ".htm", ".txt"):
        stem = stem.removesuffix(suffix)
    m = _HOST_NAME.match(stem)
    return m.group(1) if m else None


_CC_ZONES = {
    "cn": "Asia/Shanghai", "in": "Asia/Kolkata", "pk": "Asia/Karachi", "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul", "uk": "Europe/London", "ie": "Europe/Dublin", "au": "Australia/Sydney",
    "nz": "Pacific/Auckland", "sg": "Asia/Singapore", "my": "Asia/Kuala_Lumpur",
    "ph": "Asia/Manila", "id": "Asia/Jakarta", "th": "Asia/Bangkok", "vn": "Asia/Ho_Chi_Minh",
    "bd": "Asia/Dhaka", "lk": "Asia/Colombo", "np": "Asia/Kathmandu", "hk": "Asia/Hong_Kong",
    "tw": "Asia/Taipei", "ae": "Asia/Dubai", "qa": "Asia/Qatar", "sa": "Asia/Riyadh",
    "ke": "Africa/Nairobi", "ug": "Africa/Kampala", "tz": "Africa/Dar_es_Salaam",
    "ng": "Africa/Lagos", "gh": "Africa/Accra", "za": "Africa/Johannesburg",
    "eg": "Africa/Cairo", "de": "Europe/Berlin", "fr": "Europe/Paris", "it": "Europe/Rome",
    "es": "Europe/Madrid", "nl": "Europe/Amsterdam", "be": "Europe/Brussels", "ru": "Europe/Moscow",
    "ua": "Europe/Kyiv", "pl": "Europe/Warsaw", "tr": "Europe/Istanbul", "il": "Asia/Jerusalem",
    "ir": "Asia/Tehran", "br": "America/Sao_Paulo", "mx": "America/Mexico_City",
}


def zone_of_domain(domain: str | None) -> tuple[str | None, str]:
    """The zone of times a site prints without one, and where that comes from.

    The site's entry in :func:`outlets`, else its country-code domain
    (``.cn``: Asia/Shanghai; ``.uk``: Europe/London), else None.

    Examples
    --------
    >>> zone_of_domain("en.people.cn")
    ('Asia/Shanghai', 'the zone of people.cn in wireframe/data/outlets.yaml')
    >>> zone_of_domain("example.com")
    (None, 'no zone known for the site')
    """
    hit = _known(domain)
    if hit and hit.timezone:
        return hit.timezone, f"the zone of {hit.domain} in wireframe/data/outlets.yaml"
    if domain:
        cc = domain.lower().rsplit(".", 1)[-1]
        if cc in _CC_ZONES:
            return _CC_ZONES[cc], f"the zone of the .{cc} country domain"
    return None, "no zone known for the site"


def _site_label(domain: str) -> str:
    """The label that names the site: "bostonglobe" in www.bostonglobe.com, "nation" in
    nation.co.ke."""
    labels = domain.lower().split(".")
    if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "net", "gov", "ac", "or", "ne"):
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


_COPYRIGHT_HOLDER = re.compile(
    r"(?i)(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?,?\s*"
    r"(?P<name>[A-Z][\w.&'’ -]{1,60}?)(?:\s*[.,|]|\s+all rights|\s+-|$)"
)


def outlet_of(
    blocks: list[Block], domain: str | None, *, given: str | None = None
) -> tuple[str, str, int | None]:
    """Name the outlet of a page (see the module notes).

    Returns
    -------
    name : str
    how : str
        Where the name comes from, for the report.
    line : int or None
        The index in ``blocks`` of the masthead line that named it, if any.
    """
    if given:
        return given, "given", None
    hit = _known(domain)
    head = blocks[:12]
    if hit and hit.aggregator:
        names = sorted({o.name for o in outlets().values() if not o.aggregator}, key=len,
                       reverse=True)
        for i, b in enumerate(head):
            for name in names:
                if (b.text == name or b.text.startswith(name + " ")) and (
                    len(b.text.split()) <= len(name.split()) + 3
                ):
                    return name, f"the page's masthead line {b.text!r} on {hit.name}", i
    for i, b in enumerate(blocks):
        if b.kind != "text":
            continue
        if domain and _letters(b.text) and _letters(b.text) == _letters(_site_label(domain)):
            name = hit.name if hit else b.text.strip()
            return name, f"the page's masthead line {b.text!r}", i
        # The site's name as its domain, in its own capitals: "UrduPoint.com".
        tld = "." + domain.rsplit(".", 1)[-1] if domain else ""
        if (domain and b.words == 1 and b.text.lower().endswith(tld)
                and _letters(b.text) == _letters(_site_label(domain) + tld)):
            name = hit.name if hit else b.text[: -len(tld)]
            return name, f"the page's masthead line {b.text!r}", i
        if hit and _letters(b.text) == _letters(hit.name) and b.words <= 6:
            return hit.name, f"the page's masthead line {b.text!r}", i
    if hit:
        return hit.name, f"{hit.domain} in wireframe/data/outlets.yaml", None
    for b in blocks:
        m = _COPYRIGHT_HOLDER.match(b.text.strip())
        # "© Provided by The Canadian Press" credits a photo or a feed, not the site.
        if (m and not wire.canonical(m.group("name").strip()) and len(m.group("name")) > 2
                and not m.group("name").lower().startswith("provided by")):
            return m.group("name").strip(), f"the copyright line {b.text.strip()!r}", None
    if domain:
        return _from_domain(domain.removeprefix("www."))
    return "unknown", "", None


_BLOG_HOSTS = {"blogspot.com": "Blogger", "wordpress.com": "WordPress.com",
               "substack.com": "Substack", "medium.com": "Medium", "tumblr.com": "Tumblr"}
_CALL_LETTERS = re.compile(r"^[kw][a-z]{2,3}$")


def _from_domain(domain: str) -> tuple[str, str, None]:
    """The outlet of a site no table and no line of the page names.

    A blog on a hosting platform is its subdomain with the host
    ("latest-news-viral (Blogger)" for latest-news-viral.blogspot.com); a
    United States broadcaster whose domain is its call letters is those
    letters (krqe.com: "KRQE"); any other site is its domain.
    """
    labels = domain.lower().split(".")
    host = ".".join(labels[-2:])
    if host in _BLOG_HOSTS and len(labels) >= 3:
        return (f"{labels[-3]} ({_BLOG_HOSTS[host]})",
                f"the blog's address on {_BLOG_HOSTS[host]}", None)
    label = _site_label(domain)
    if _CALL_LETTERS.match(label) and labels[-1] == "com":
        return label.upper(), "the broadcaster's call letters in its domain", None
    return domain, "the page's domain (not in wireframe's table)", None


# --- bylines and credits --------------------------------------------------

_AG = wire.AGENCY
_CREDIT_LINES = (
    re.compile(
        rf"^(?:By|BY|Story by|From)\s+(?P<agency>{_AG})(?:\s+(?:Staff|staff|Reporters?))?\.?$"
    ),
    re.compile(rf"^\(?(?P<agency>{_AG})\)?(?:\s+(?:Staff|staff|Reporters?|Wire))?\.?$"),
    re.compile(rf"^Via\s+(?:the\s+)?(?P<agency>{_AG})(?:\s+news)?\s*(?:wire|feed)?$", re.I),
    re.compile(rf"^\(?(?P<agency>{_AG})\)?\s*(?:--|[-–—])$"),
    # A joint tag of the agency and the one that relayed it: "(Xinhua/NAN)".
    re.compile(rf"^\((?P<agency>{_AG})\s*/\s*[A-Z][A-Za-z.]{{1,10}}\)$"),
    # The agency run into the page's date label: "XinhuaUpdated: November 5, 2018".
    re.compile(rf"^(?P<agency>{_AG})\s*\|?\s*(?:Updated|Published|Posted)\s*:.{{4,40}}$"),
    re.compile(rf"^[A-Z][\w .,'\-]{{1,60}}\s*/\s*(?P<agency>{_AG})$"),
    re.compile(rf"^Source\s*:\s*(?P<agency>{_AG})(?:\s{{2,}}.*|\s*[|,;]\s*.*|\s+Editor:.*)?$"),
    re.compile(rf"^\((?P<agency>{_AG})\s*[-–—]\s*(?:Reporting|Writing|Compiled)\s+by\b.*\)$"),
)
_OTHER_CREDITS = (
    re.compile(r"^Source\s*:\s*\S.{0,60}$"),
    re.compile(r"^\(?(?:Web\s+)?[Ee]ditors?\s*:.{1,80}\)?$"),
    re.compile(r"^\(?(?:Additional\s+)?(?:Reporting|Writing|Compiled|Edited)\s+[Bb]y\s+.{3,250}\)?$"),
    re.compile(r"^\((?:With|Inputs?)\s+inputs?\s+from\s+.{2,80}\)$", re.I),
)
_BYLINES = (
    re.compile(r"^(?:By|BY|by)\s+(?P<name>[A-Z](?:[^.!?]|(?<=\b[A-Z])\.){1,100}?)[,\s]*$"),
    re.compile(r"^[-–—]\s*(?P<name>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3})$"),
    re.compile(r"^(?P<name>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}),?\s+(?:Staff|Correspondent)"
               r"(?:\s+Writer|\s+Reporter)?$"),
)


def credit_line(text: str) -> tuple[str, str | None] | None:
    """What a line credits: ``("credit", agency)``, ``("byline", agency or None)``.

    None when the line is neither a byline nor a credit.

    Examples
    --------
    >>> credit_line("Via AP news wire"), credit_line("Vilnius, lithuania / AFP")
    (('credit', 'AP'), ('credit', 'AFP'))
    >>> credit_line("By Julian E. Barnes and Edward Wong")
    ('byline', None)
    >>> credit_line("The minister told Reuters on Monday.") is None
    True
    """
    t = " ".join(text.split()).strip()
    if not t or len(t) > 300:
        return None
    for p in _CREDIT_LINES:
        m = p.match(t)
        if m:
            name = wire.canonical(m.group("agency"))
            if name:
                return ("byline" if t.lower().startswith(("by ", "story by", "from ")) else
                        "credit"), name
    for p in _OTHER_CREDITS:
        if p.match(t):
            return "credit", None
    for p in _BYLINES:
        m = p.match(t)
        if m and len(t.split()) <= 12:
            tail = re.split(r"\s*[,|]\s*", m.group("name"))[-1].strip()
            return "byline", wire.canonical(tail) if tail != m.group("name") else None
    return None


# --- headline ---------------------------------------------------------------


def _headline_like(b: Block) -> bool:
    if b.kind != "text":
        return False
    words = b.words
    if not 3 <= words <= 30 or b.sentence and not b.text.rstrip().endswith(("?", "!", "?”")):
        return False
    letters = [c for c in b.text if c.isalpha()]
    # A line in capitals from end to end is a banner ("GET BREAKING NEWS"), not a headline.
    return not (letters and all(c.isupper() for c in letters) and words > 6)


def headline_index(blocks: list[Block], start: int) -> int | None:
    """The index of the headline among the blocks before ``start``, or None.

    See the module notes for the rule.
    """
    for i in range(min(start, len(blocks))):
        if _headline_like(blocks[i]):
            return i
    return None
