"""Saved article pages, as HTML or as text, read into the Story table.

One page is one story. :func:`read_pages` takes a file, a folder (every
``.html``, ``.htm`` and ``.txt`` inside, sorted) or a list of them.

HTML pages
    trafilatura extracts the main text, headline, byline and site name from
    the page as given (no network). The publication date is the publisher's
    own metadata when the page has it (``article:published_time``,
    JSON-LD ``datePublished``, ``<time pubdate>``, then htmldate's search of
    the page header); only when it has none does htmldate guess from the
    page's text and links. Column ``date_source`` says which: "metadata" or
    "guessed".

Text pages
    Text saved from a syndicating site keeps that site's furniture: a
    header line with the agency and times, the headline and lede printed
    twice, notes such as "(This story has not been edited by Devdiscourse
    staff ...)". A *profile* (see "The profile format" below) describes one
    site's layout; the built-in ones are in ``wireframe/data/profiles.yaml``
    (:func:`profiles` lists them). Without ``profile=``, each page gets the
    profile whose header lines and markers it matches best. A page no
    profile matches is still loaded: its whole text becomes the body
    (cleaned), its headline is empty, its outlet "unknown", its date the
    first date found in its opening lines (``date_source`` "guessed"), and
    the report notes that no profile matched.

Dates
    A page with no usable date is rejected, with the file and the reason,
    unless ``fallback_date`` is given: "mtime" (the file's modification
    time, ``date_source`` "file") or a fixed date. Times are converted to
    UTC by the rules of :mod:`wireframe.io.dates`; a profile's ``timezone``
    is the zone of times that carry no zone.

Language
    HTML: the page's ``lang`` attribute. Text: a tag line ``language: xx``
    or ``lang: xx`` (as scrapers write in a metadata header; a region
    subtag such as ``en-IN`` is dropped), else the profile's language, else
    "en". When a page carries two different tags, the first is used and the
    report notes the second.

Wire
    The agency a text page's header names (``Reuters | Updated: ...``) is
    the ``wire``; otherwise :func:`wireframe.wire.detect` reads the byline
    and body. ``wire_evidence`` and ``wire_confidence`` say why.

The profile format
------------------
A profile is one entry of a YAML mapping, keyed by its name::

    devdiscourse:
      outlet: Devdiscourse              # the outlet column
      outlet_domain: devdiscourse.com
      language: en                      # ISO 639-1, unless the page is tagged
      timezone: Asia/Kolkata            # zone of times printed without one
      local_zone: []                    # words meaning `timezone` ("ET")
      source: ...                       # the public material the layout is based on
      header:                           # lines that carry agency and times
        - '(?P<agency>...) \\| Updated: (?P<updated>...) \\| Created: (?P<published>...)'
      date_format: ['%d-%m-%Y %H:%M']   # strftime formats tried in turn; [] infers
      markers: ['\\(This story has not been edited by Devdiscourse staff.*\\)']
      headline: after_header            # first_line | after_header | before_header
      body: after_header                # after_header | all
      echo: [headline, lede]            # what the page repeats above the story
      boilerplate: []                   # whole lines dropped anywhere
      end: ['Give Feedback\\b.*']       # the story ends before the first such line

Header groups: ``agency``, ``published``, ``updated``, or a date split into
``published_date``, ``published_time``, ``published_zone`` (joined in that
order), ``dateline``. Every pattern must match a whole line. Markers are
lines that identify the layout (a site's syndication note); they are dropped
from the body. A profile is chosen by the number of its header patterns and
markers that match a line of the page.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import yaml

from wireframe import _validate as check
from wireframe import schema, wire
from wireframe._docs import doc
from wireframe.io import clean
from wireframe.io._exports import expand
from wireframe.io.dates import parse_datetime
from wireframe.io.report import LoadError, LoadReport, Recorder

__all__ = ["Profile", "load_profiles", "match_profile", "parse_page", "profiles", "read_pages"]

logger = logging.getLogger(__name__)

SUFFIXES = (".html", ".htm", ".txt")
"""The files a folder is searched for."""

_HEADLINE_RULES = ("first_line", "after_header", "before_header")
_BODY_RULES = ("after_header", "all")
_KEYS = {
    "outlet",
    "outlet_domain",
    "language",
    "timezone",
    "local_zone",
    "source",
    "header",
    "date_format",
    "markers",
    "headline",
    "body",
    "echo",
    "boilerplate",
    "end",
}


@dataclass(frozen=True)
class Profile:
    """One syndicating site's text layout (see "The profile format")."""

    name: str
    outlet: str
    outlet_domain: str | None
    language: str = "en"
    timezone: str = "UTC"
    local_zone: tuple[str, ...] = ()
    source: str = ""
    header: tuple[re.Pattern[str], ...] = ()
    date_format: tuple[str, ...] = ()
    markers: tuple[re.Pattern[str], ...] = ()
    headline: str = "first_line"
    body: str = "after_header"
    echo: tuple[str, ...] = ("headline", "lede")
    boilerplate: tuple[re.Pattern[str], ...] = ()
    end: tuple[re.Pattern[str], ...] = ()


def _compile(name: str, key: str, patterns: object) -> tuple[re.Pattern[str], ...]:
    if patterns is None:
        return ()
    if isinstance(patterns, str) or not isinstance(patterns, list):
        raise ValueError(f"profile {name!r}: `{key}` must be a list of patterns; got {patterns!r}")
    out = []
    for p in patterns:
        try:
            out.append(re.compile(str(p)))
        except re.error as err:
            raise ValueError(f"profile {name!r}: bad pattern in `{key}`: {p!r} ({err})") from err
    return tuple(out)


def _profile(name: str, entry: Mapping[str, object]) -> Profile:
    unknown = set(entry) - _KEYS
    if unknown:
        raise ValueError(
            f"profile {name!r}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(_KEYS))}"
        )
    if not entry.get("outlet"):
        raise ValueError(f"profile {name!r}: `outlet` is required")
    headline = str(entry.get("headline", "first_line"))
    if headline not in _HEADLINE_RULES:
        raise ValueError(
            f"profile {name!r}: `headline` must be one of {', '.join(_HEADLINE_RULES)}; "
            f"got {headline!r}"
        )
    body = str(entry.get("body", "after_header"))
    if body not in _BODY_RULES:
        raise ValueError(
            f"profile {name!r}: `body` must be one of {', '.join(_BODY_RULES)}; got {body!r}"
        )
    echo = tuple(entry.get("echo") or ())  # type: ignore[arg-type]
    if set(echo) - {"headline", "lede"}:
        raise ValueError(f"profile {name!r}: `echo` may list 'headline', 'lede'; got {echo!r}")
    domain = entry.get("outlet_domain")
    return Profile(
        name=name,
        outlet=str(entry["outlet"]),
        outlet_domain=str(domain) if domain else None,
        language=str(entry.get("language", "en")),
        timezone=str(entry.get("timezone", "UTC")),
        local_zone=tuple(map(str, entry.get("local_zone") or ())),  # type: ignore[call-overload]
        source=str(entry.get("source", "")),
        header=_compile(name, "header", entry.get("header")),
        date_format=tuple(map(str, entry.get("date_format") or ())),  # type: ignore[call-overload]
        markers=_compile(name, "markers", entry.get("markers")),
        headline=headline,
        body=body,
        echo=echo,
        boilerplate=_compile(name, "boilerplate", entry.get("boilerplate")),
        end=_compile(name, "end", entry.get("end")),
    )


def load_profiles(path: str | os.PathLike[str] | None = None) -> dict[str, Profile]:
    """Read syndicator profiles from a YAML file.

    Parameters
    ----------
    path : str or path, optional
        A YAML mapping of profile name to entry (see "The profile format").
        Default: the profiles shipped with wireframe.

    Returns
    -------
    dict of str to Profile
        In file order, which breaks ties when matching.

    Raises
    ------
    ValueError
        Naming the file, the profile and the key at fault.

    Examples
    --------
    >>> list(load_profiles())[:2]
    ['devdiscourse', 'ndtv']
    """
    if path is None:
        text = resources.files("wireframe").joinpath("data/profiles.yaml").read_text("utf-8")
        where = "wireframe/data/profiles.yaml"
    else:
        text = Path(path).read_text(encoding="utf-8")
        where = str(path)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a mapping of profile name to entry")
    out = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: profile {name!r} must be a mapping")
        try:
            out[str(name)] = _profile(str(name), entry)
        except ValueError as err:
            raise ValueError(f"{where}: {err}") from err
    return out


_BUILTIN: dict[str, Profile] | None = None


def profiles() -> dict[str, Profile]:
    """Return the built-in profiles, by name.

    Examples
    --------
    >>> profiles()["devdiscourse"].outlet
    'Devdiscourse'
    """
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = load_profiles()
    return dict(_BUILTIN)


# --- text pages --------------------------------------------------------------

_LANG_TAG = re.compile(r"(?i)(?:language|lang)\s*[:=]\s*([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*")
_BYLINE = re.compile(r"By\s+[A-Z][^.!?]{1,100}")
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?"
_GENERIC_DATES = (
    re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"),
    re.compile(rf"{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}{_TIME}"),
    re.compile(rf"\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}{_TIME}"),
)


def _fullmatch_any(patterns: Iterable[re.Pattern[str]], line: str) -> re.Match[str] | None:
    for p in patterns:
        m = p.fullmatch(line)
        if m:
            return m
    return None


def match_profile(text: str, candidates: Mapping[str, Profile] | None = None) -> Profile | None:
    """Return the profile that fits a saved page's text best, or None.

    A profile scores one point for each of its header patterns and markers
    that matches a whole line of the text; the highest score wins, ties go
    to the earlier profile, and a score of zero is no match.

    Examples
    --------
    >>> match_profile("Headline\\nReuters | Updated: 12-02-2026 19:42 IST | "
    ...               "Created: 12-02-2026 19:42 IST\\nBody").name
    'devdiscourse'
    >>> match_profile("Just some text") is None
    True
    """
    candidates = profiles() if candidates is None else candidates
    lines = [ln.strip() for ln in clean.normalize(text).split("\n") if ln.strip()]
    best, best_score = None, 0
    for prof in candidates.values():
        score = sum(any(p.fullmatch(ln) for ln in lines) for p in prof.header + prof.markers)
        if score > best_score:
            best, best_score = prof, score
    return best


def _join_date(groups: Mapping[str, str | None], kind: str) -> str | None:
    if groups.get(kind):
        return groups[kind]
    parts = [groups.get(f"{kind}_{p}") for p in ("date", "time", "zone")]
    parts = [p for p in parts if p]
    return " ".join(parts) if parts else None


def _parse_profile_date(value: str, prof: Profile) -> pd.Timestamp:
    text = value.strip()
    for word in prof.local_zone:
        if text.endswith(" " + word):
            text = text[: -len(word)].strip()
    errors = []
    for fmt in prof.date_format or (None,):
        try:
            return parse_datetime(text, format=fmt, timezone=prof.timezone)
        except ValueError as err:
            errors.append(str(err))
    raise ValueError("; ".join(errors))


@dataclass
class _Page:
    headline: str = ""
    body: str = ""
    byline: str | None = None
    agency: str | None = None
    dateline: str | None = None
    published: pd.Timestamp | None = None
    updated: pd.Timestamp | None = None
    date_source: str | None = None
    language: str | None = None
    outlet: str = "unknown"
    outlet_domain: str | None = None
    url: str | None = None
    profile: str | None = None


def _language_tags(lines: list[str]) -> tuple[list[str], list[int]]:
    tags, idx = [], []
    for i, ln in enumerate(lines):
        m = _LANG_TAG.fullmatch(ln.strip())
        if m:
            tags.append(m.group(1).lower())
            idx.append(i)
    return tags, idx


def _split_byline(paras: list[str]) -> tuple[list[str], str | None]:
    # A byline stands alone near the top ("By Zachary Cohen, CNN"); later
    # paragraphs that start with "By" are story text.
    for i, p in enumerate(paras[:3]):
        if _BYLINE.fullmatch(p):
            return paras[:i] + paras[i + 1 :], p
    return paras, None


def _generic_date(lines: list[str]) -> tuple[pd.Timestamp | None, str | None]:
    for ln in lines[:15]:
        for pat in _GENERIC_DATES:
            m = pat.search(ln)
            if m:
                value = re.sub(r"\s+at\s+", " ", m.group(0)).replace(",", " ")
                try:
                    return parse_datetime(" ".join(value.split())), ln
                except ValueError:
                    continue
    return None, None


def parse_text(text: str, *, profile: Profile | None, notes: list[str]) -> _Page:
    """Parse one saved text page with a profile (or none); notes collect remarks."""
    raw_lines = [ln.strip() for ln in clean.repair_mojibake(clean.normalize(text)).split("\n")]
    tags, tag_idx = _language_tags(raw_lines)
    lines = [ln for i, ln in enumerate(raw_lines) if i not in set(tag_idx)]
    page = _Page()
    if tags:
        page.language = tags[0]
        if len(set(tags)) > 1:
            notes.append(
                f"language: page carries language tags {', '.join(map(repr, tags))}; "
                f"used the first, {tags[0]!r}"
            )
    boiler = [re.compile(p) for p in clean.BOILERPLATE]
    if profile is None:
        notes.append(
            "profile: no profile matched this layout; the whole text is the body, the "
            "headline is empty. Pass profile=NAME, or add a profile (see wireframe.io.pages)"
        )
        page.published, line = _generic_date(lines)
        if page.published is not None:
            page.date_source = "guessed"
        paras = [ln for ln in lines if ln and not (line and ln == line)]
        paras = clean.drop_boilerplate(paras)
        paras, page.byline = _split_byline(paras)
        page.body = clean.join_paragraphs(paras)
        return page

    page.profile = profile.name
    page.outlet = profile.outlet
    page.outlet_domain = profile.outlet_domain
    boiler += list(profile.boilerplate)
    # Where the story ends: the first end line after the top of the page.
    stop = next(
        (i for i, ln in enumerate(lines) if ln and _fullmatch_any(profile.end, ln)), len(lines)
    )
    header_idx: list[int] = []
    groups: dict[str, str | None] = {}
    for i, ln in enumerate(lines):
        m = _fullmatch_any(profile.header, ln) if ln else None
        if m:
            header_idx.append(i)
            for k, v in m.groupdict().items():
                if v and not groups.get(k):
                    groups[k] = v
    top_headers = [i for i in header_idx if i < stop]
    anchor = max(top_headers) if top_headers else None

    def usable(i: int) -> bool:
        ln = lines[i]
        return (
            bool(ln)
            and i not in header_idx
            and not _fullmatch_any(boiler, ln)
            and not (_fullmatch_any(profile.markers, ln))
        )

    content = [i for i in range(stop) if usable(i)]
    if profile.headline == "after_header" and anchor is not None:
        after = [i for i in content if i > anchor]
        head_i = after[0] if after else None
    elif profile.headline == "before_header" and top_headers:
        before = [i for i in content if i < min(top_headers)]
        head_i = before[-1] if before else None
    else:
        head_i = content[0] if content else None
    page.headline = lines[head_i] if head_i is not None else ""

    if profile.body == "after_header" and anchor is not None:
        body_i = [i for i in content if i > anchor]
    else:
        body_i = [i for i in content if i != head_i]
    paras = [lines[i] for i in body_i]
    if profile.echo:
        paras = _drop_echo(paras, page.headline, profile.echo)
    paras, page.byline = _split_byline(paras)
    page.body = clean.join_paragraphs(paras)

    if groups.get("agency"):
        page.agency = groups["agency"].strip()
    page.dateline = groups.get("dateline")
    for kind in ("published", "updated"):
        value = _join_date(groups, kind)
        if value is None:
            continue
        try:
            setattr(page, kind, _parse_profile_date(value, profile))
        except ValueError as err:
            notes.append(f"{kind}: header date {value!r} not read ({err})")
    if page.published is None and page.updated is not None:
        page.published = page.updated
        notes.append("published: the page gives only an update time; used it as published")
    if page.published is not None:
        page.date_source = "header"
    if not top_headers:
        notes.append(f"header: no header line of profile {profile.name!r} found")
    return page


def _drop_echo(paras: list[str], headline: str, echo: Sequence[str]) -> list[str]:
    if "lede" in echo:
        return clean.drop_echo(paras, headline=headline if "headline" in echo else None)
    head = clean.drop_echo(paras[:1], headline=headline)  # headline only
    return head + paras[1:]


# --- HTML pages --------------------------------------------------------------

_META_PUBLISHED = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "sailthru.date",
)
_META_MODIFIED = ("article:modified_time", "og:updated_time", "datemodified", "lastmod")


def _jsonld_dates(tree: object) -> tuple[str | None, str | None]:
    published = modified = None
    for node in tree.xpath('//script[@type="application/ld+json"]'):  # type: ignore[attr-defined]
        try:
            data = json.loads(node.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                published = published or item.get("datePublished")
                modified = modified or item.get("dateModified")
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return published, modified


def _meta_dates(tree: object) -> tuple[str | None, str | None]:
    found: dict[str, str] = {}
    for el in tree.xpath("//meta"):  # type: ignore[attr-defined]
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        value = el.get("content")
        if key and value and key not in found:
            found[key] = value
    published = next((found[k] for k in _META_PUBLISHED if k in found), None)
    modified = next((found[k] for k in _META_MODIFIED if k in found), None)
    ld_pub, ld_mod = _jsonld_dates(tree)
    published = published or ld_pub
    modified = modified or ld_mod
    if not published:
        xpath = "//time[@pubdate]/@datetime | //time[@itemprop='datePublished']/@datetime"
        times = tree.xpath(xpath)  # type: ignore[attr-defined]
        published = times[0] if times else None
    return published, modified


def parse_html(html: str, *, url: str | None, timezone: str, notes: list[str]) -> _Page:
    """Parse one saved HTML page with trafilatura and htmldate (no network)."""
    try:
        import htmldate
        import trafilatura
        from lxml import html as lxml_html
    except ImportError as err:  # pragma: no cover - depends on the install
        raise ImportError(
            "reading HTML pages needs trafilatura and htmldate: pip install 'wireframe[web]'"
        ) from err
    tree = lxml_html.fromstring(html)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    page = _Page()
    if doc is None:
        notes.append("body: trafilatura found no main text; the body is empty")
    else:
        page.headline = clean.normalize(doc.title or "").strip()
        page.byline = doc.author or None
        page.outlet = doc.sitename or doc.hostname or "unknown"
        page.url = doc.url or url
        host = doc.hostname or (urlparse(page.url).hostname if page.url else None)
        page.outlet_domain = host.removeprefix("www.") if host else None
        text = clean.repair_mojibake(clean.normalize(doc.text or ""))
        paras = clean.split_paragraphs(text, by="line")
        paras = clean.drop_boilerplate(paras)
        paras = clean.drop_echo(paras, headline=page.headline)
        paras, byline = _split_byline(paras)
        page.byline = page.byline or byline
        page.body = clean.join_paragraphs(paras)
    lang = tree.get("lang") or next(iter(tree.xpath("//meta[@http-equiv]/@content")), None)
    if lang:
        page.language = re.split(r"[-_]", lang.strip())[0].lower() or None
    published, modified = _meta_dates(tree)
    if published:
        page.date_source = "metadata"
    else:
        published = htmldate.find_date(
            html, extensive_search=False, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S"
        )
        if published:
            page.date_source = "metadata"
        else:
            published = htmldate.find_date(
                html, extensive_search=True, original_date=True, outputformat="%Y-%m-%d"
            )
            if published:
                page.date_source = "guessed"
                notes.append(f"published: no date in the page's metadata; guessed {published}")
    for kind, value in (("published", published), ("updated", modified)):
        if value:
            try:
                setattr(page, kind, parse_datetime(value, timezone=timezone))
            except ValueError as err:
                notes.append(f"{kind}: {err}")
    if page.published is None:
        page.date_source = None
    return page


# --- the reader --------------------------------------------------------------


def _read_text(path: Path, notes: list[str]) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notes.append("encoding: file is not UTF-8; decoded as Windows-1252")
        return data.decode("cp1252", errors="replace")


def _fallback(fallback_date: object, path: Path) -> pd.Timestamp:
    if isinstance(fallback_date, str) and fallback_date == "mtime":
        return pd.Timestamp(path.stat().st_mtime, unit="s", tz="UTC")
    return parse_datetime(fallback_date)


def parse_page(
    path: str | os.PathLike[str],
    *,
    profile: str | Profile | None = None,
    timezone: str = "UTC",
    candidates: Mapping[str, Profile] | None = None,
) -> tuple[dict[str, object], list[str]]:
    """Parse one saved page into a record (a dict of Story columns) and notes.

    Parameters are those of :func:`read_pages`. The record's ``published``
    may be None: :func:`read_pages` decides what to do with such a page.
    """
    path = Path(path)
    notes: list[str] = []
    text = _read_text(path, notes)
    is_html = path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    )
    if is_html:
        page = parse_html(text, url=None, timezone=timezone, notes=notes)
    else:
        cands = profiles() if candidates is None else dict(candidates)
        if isinstance(profile, Profile):
            prof: Profile | None = profile
        elif profile is not None:
            if profile not in cands:
                raise ValueError(
                    f"`profile` must be one of {', '.join(map(repr, cands))} or None; "
                    f"got {profile!r}"
                )
            prof = cands[profile]
        else:
            prof = match_profile(text, cands)
        page = parse_text(text, profile=prof, notes=notes)
        if page.language is None and prof is not None:
            page.language = prof.language
    if page.language is None:
        page.language = "en"
        notes.append("language: the page has no language tag; assumed 'en'")
    if page.outlet == "unknown":
        notes.append("outlet: the page does not say its outlet; set to 'unknown'")
    credit = wire.canonical(page.agency) if page.agency else None
    if credit:
        wire_value, evidence, confidence = credit, f"header: {page.agency}", 1.0
    else:
        # The body first: a dateline credit must open the text it is found in.
        found = wire.detect(page.body)
        if found.wire is None and page.byline:
            by = page.byline if page.byline.startswith("By ") else f"By {page.byline}"
            found = wire.detect(by)
        wire_value, evidence, confidence = found.wire, found.evidence, found.confidence
    record: dict[str, object] = {
        "outlet": page.outlet,
        "outlet_domain": page.outlet_domain,
        "wire": wire_value,
        "published": page.published,
        "updated": page.updated,
        "headline": page.headline,
        "body": page.body,
        "url": page.url,
        "language": page.language,
        "byline": page.byline,
        "date_source": page.date_source,
        "profile": page.profile,
        "wire_evidence": evidence,
        "wire_confidence": confidence,
    }
    return record, notes


@doc
def read_pages(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    profile: str | None = None,
    timezone: str = "UTC",
    strict: bool = False,
    fallback_date: str | pd.Timestamp | None = None,
    profiles_file: str | os.PathLike[str] | None = None,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read saved article pages (HTML or text), one story per page.

    Parameters
    ----------
    {paths}
        Saved pages; a folder is searched for every ``.html``, ``.htm`` and
        ``.txt``.
    profile : str, optional
        The syndicator profile of text pages (see :func:`profiles`); by
        default each page gets the profile it matches best, or none.
    timezone : str, default "UTC"
        IANA zone of HTML times that carry no offset. Text pages use their
        profile's zone.
    {strict}
    fallback_date : "mtime", str or Timestamp, optional
        The date of a page that gives none: "mtime" for the file's
        modification time, or a fixed date. By default such a page is
        rejected. ``date_source`` is then "file" or "fallback".
    profiles_file : path, optional
        A YAML file of profiles to use instead of the built-in ones.

    Returns
    -------
    stories : DataFrame
        The Story table (see :mod:`wireframe.schema`), plus ``byline``,
        ``date_source`` ("metadata", "guessed", "header", "file" or
        "fallback"), ``profile`` (NA for HTML and unmatched text),
        ``wire_evidence`` and ``wire_confidence``. ``source`` is the path as
        given.
    report : LoadReport
        Pages read, loaded and rejected; notes name each page whose layout no
        profile matched, whose language tags disagree, whose date was guessed.

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    ValueError
        When ``profile`` is not a known profile.
    LoadError
        With ``strict=True``, at the first page without a usable date.

    Examples
    --------
    >>> stories, report = read_pages(
    ...     "corpus/samples/pages/devdiscourse-2026-02-12-cia-chinese-military.txt"
    ... )  # doctest: +SKIP
    >>> stories.loc[0, ["outlet", "wire"]].tolist()  # doctest: +SKIP
    ['Devdiscourse', 'Reuters']
    """
    func = "io.pages.read_pages"
    check.flag(func, "strict", strict)
    if fallback_date is not None and not (
        isinstance(fallback_date, pd.Timestamp | str) and fallback_date
    ):
        raise check.fail(func, "fallback_date", "'mtime', a date or None", fallback_date)
    candidates = load_profiles(profiles_file) if profiles_file is not None else profiles()
    if profile is not None and profile not in candidates:
        raise check.fail(func, "profile", f"one of {', '.join(map(repr, candidates))} or None",
                         profile)
    files = expand(paths, SUFFIXES, what="saved page", empty=True)
    recorder = Recorder(", ".join(str(f) for f in files[:3]) if files else "", strict=strict)
    recorder.report.sources = [str(f) for f in files]
    rows: list[dict[str, object]] = []
    seen: dict[str, str] = {}
    for path in files:
        where = str(path)
        recorder.seen()
        try:
            record, notes = parse_page(
                path, profile=profile, timezone=timezone, candidates=candidates
            )
        except (OSError, ValueError) as err:
            if isinstance(err, LoadError):
                raise
            recorder.reject(where, f"cannot parse page: {err}")
            continue
        if record["published"] is None:
            if fallback_date is None:
                recorder.reject(
                    where,
                    "no usable date: the page has no date line or date metadata. Fix: pass "
                    "fallback_date='mtime' (the file's time) or a fixed date, or a profile "
                    "whose header matches the page",
                    "published",
                )
                continue
            record["published"] = _fallback(fallback_date, path)
            record["date_source"] = "file" if fallback_date == "mtime" else "fallback"
            notes.append(f"published: no date in the page; used {record['date_source']} date")
        record["story_id"] = schema.story_id_for(
            str(record["outlet"]),
            record["url"],  # type: ignore[arg-type]
            str(record["headline"]),
            pd.Timestamp(record["published"]).isoformat(),
        )
        if record["story_id"] in seen:
            recorder.reject(
                where,
                f"duplicate page: same outlet, url, headline and date as {seen[record['story_id']]}"
                "; the first was kept",
            )
            continue
        seen[str(record["story_id"])] = where
        for n in notes:
            # Notes are written "field: reason"; the report keeps the two apart.
            fld, _, reason = n.partition(": ")
            recorder.note(where, reason, fld)
        record["source"] = where
        rows.append(record)
        recorder.loaded()
    return _frame(rows), recorder.done()


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    extra = ["byline", "date_source", "profile", "wire_evidence", "wire_confidence"]
    if not rows:
        out = schema.empty()
        for c in extra:
            out[c] = pd.Series([], dtype="float64" if c == "wire_confidence" else "string")
        return out
    df = pd.DataFrame(rows)
    for c in schema.COLUMNS:
        if c.kind == "datetime":
            df[c.name] = pd.to_datetime(df[c.name], utc=True).astype("datetime64[ns, UTC]")
        else:
            df[c.name] = df[c.name].astype("string")
    for c in ("byline", "date_source", "profile", "wire_evidence"):
        df[c] = df[c].astype("string")
    df["wire_confidence"] = df["wire_confidence"].astype("float64")
    return df[[*schema.REQUIRED, *extra]].reset_index(drop=True)
