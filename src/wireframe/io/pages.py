"""Saved article pages, as HTML or as text, read into the Story table.

One page is one story. :func:`read_pages` takes a file, a folder (every
``.html``, ``.htm`` and ``.txt`` inside, sorted) or a list of them. The work
is split by concern:

- :mod:`wireframe.io.pagehtml` - HTML pages (trafilatura, the publisher's
  date metadata).
- :mod:`wireframe.io.siteprofiles` - text pages of a site with a *profile* (its
  layout in ``wireframe/data/profiles.yaml``: Devdiscourse, NDTV, Business
  Standard, KTVZ, CNN).
- :mod:`wireframe.io.pagetext` - text pages of any other site: the header
  (outlet, headline, byline, dates) and the story text, read by
  :mod:`wireframe.io.pageheader`, :mod:`wireframe.io.pagedates` and the block
  classifier of :mod:`wireframe.io.blocks` (jusText's algorithm).

What every page gets
    Text is normalised and mojibake repaired (ftfy; the report notes each
    page repaired). Language: HTML's ``lang`` attribute; for text a tag line
    ``language: xx`` or ``lang: xx`` (a region subtag such as ``en-IN`` is
    dropped), else the profile's language, else "en" (noted). When a page
    carries two different tags, the first is used and the report notes the
    second. A tag line ``url: https://...`` gives the page's address and
    domain.

Outlet
    ``outlet=`` when given; else the profile's; else what the page and its
    domain say (see :mod:`wireframe.io.pageheader`): the domain is the URL's,
    or the host a file name begins with (``bostonglobe.com-2023-...txt``).

Wire
    The agency a header or credit line names (``Reuters | Updated: ...``,
    ``By AFP``, ``Via AP news wire``); else :func:`wireframe.wire.detect` on
    the story text and the credit lines after it; else, when the outlet is
    itself an agency (reuters.com), that agency. ``wire_evidence`` and
    ``wire_confidence`` say why.

Dates
    A page with no usable date is rejected, with the file and the reason,
    unless ``fallback_date`` is given: "mtime" (the file's modification
    time, ``date_source`` "file") or a fixed date ("fallback"); the report
    notes it. ``date_source`` is otherwise "header" (a profile's header line),
    "page" (a date line in the page's header), "store" (the saved copy's date
    marker), "metadata" or "guessed" (HTML).

Page ids
    ``story_id`` is the first 16 hex digits of the SHA-1 of the outlet's
    domain (or name) and the story text, lower-cased and with runs of
    non-word characters made one space (the headline when there is no
    text): the same page read twice gets the same id, two stories of one
    site never share one, and one wire story on two sites gets two. A second
    page with the id of an earlier one (the same text on the same site) is
    rejected as a duplicate, naming the first.

Limits
    A file over ``max_bytes`` (default :data:`MAX_PAGE_BYTES`, 5 MiB: a saved
    news page is rarely over 1 MiB, even with its scripts) is rejected
    unread, naming the limit and the fix; an empty (0-byte or blank) file is
    rejected. Neither stops the other files.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from wireframe import _validate as check
from wireframe import schema, wire
from wireframe._docs import doc
from wireframe.io import clean
from wireframe.io._exports import expand
from wireframe.io.dates import parse_datetime
from wireframe.io.pageheader import domain_from_name
from wireframe.io.pagehtml import parse_html
from wireframe.io.pagetext import Page, parse_unprofiled
from wireframe.io.report import LoadError, LoadReport, Recorder
from wireframe.io.siteprofiles import (
    Profile,
    load_profiles,
    match_profile,
    parse_profiled,
    profiles,
)

__all__ = [
    "MAX_PAGE_BYTES",
    "Profile",
    "load_profiles",
    "match_profile",
    "page_id",
    "parse_html",
    "parse_page",
    "profiles",
    "read_pages",
]

logger = logging.getLogger(__name__)

SUFFIXES = (".html", ".htm", ".txt")
"""The files a folder is searched for."""

MAX_PAGE_BYTES = 5 * 1024 * 1024
"""The largest page file read (5 MiB); larger ones are rejected unread."""

_LANG_TAG = re.compile(r"(?i)(?:language|lang)\s*[:=]\s*([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*")
_URL_TAG = re.compile(r"(?i)(?:url|canonical|source url)\s*[:=]\s*(https?://\S+)")


def page_id(site: str, body: str, headline: str = "") -> str:
    """The id of a page that gives none: its site and its text, hashed.

    Examples
    --------
    >>> page_id("example.org", "It rained.") == page_id("example.org", "It  RAINED!")
    True
    >>> page_id("example.org", "It rained.") == page_id("example.com", "It rained.")
    False
    """
    text = body if body.strip() else headline
    key = "\x1f".join(["page", site, re.sub(r"\W+", " ", text.casefold()).strip()])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


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


def _tags(lines: list[str], notes: list[str]) -> tuple[list[str], str | None, str | None]:
    """Take language and url tag lines out; return the lines, language and url."""
    tags, url, keep = [], None, []
    for ln in lines:
        m = _LANG_TAG.fullmatch(ln.strip())
        u = _URL_TAG.fullmatch(ln.strip())
        if m:
            tags.append(m.group(1).lower())
        elif u:
            url = url or u.group(1)
        else:
            keep.append(ln)
    if len(set(tags)) > 1:
        notes.append(
            f"language: page carries language tags {', '.join(map(repr, tags))}; "
            f"used the first, {tags[0]!r}"
        )
    return keep, (tags[0] if tags else None), url


def _text_page(text: str, path: Path, *, profile: str | Profile | None, outlet: str | None,
               candidates: Mapping[str, Profile], notes: list[str]) -> Page:
    repaired = clean.repair_mojibake(clean.normalize(text))
    if repaired != clean.normalize(text):
        notes.append("encoding: repaired mojibake (UTF-8 read as Windows-1252) with ftfy")
    lines, language, url = _tags([ln.strip() for ln in repaired.split("\n")], notes)
    if isinstance(profile, Profile):
        prof: Profile | None = profile
    elif profile is not None:
        if profile not in candidates:
            raise ValueError(
                f"`profile` must be one of {', '.join(map(repr, candidates))} or None; "
                f"got {profile!r}"
            )
        prof = candidates[profile]
    else:
        prof = match_profile(text, candidates)
    if prof is not None:
        page = parse_profiled(lines, profile=prof, notes=notes)
        page.language = language or prof.language
        if outlet:
            page.outlet = outlet
    else:
        host = urlparse(url).hostname if url else domain_from_name(path)
        domain = host.removeprefix("www.") if host else None
        notes.append("profile: no profile matched this layout; read by the general rules "
                     "(see wireframe.io.pagetext). Pass profile=NAME, or add a profile")
        joined = clean.unwrap(lines)
        if joined != lines:
            notes.append("body: the text is hard-wrapped at a fixed width; its lines were joined "
                         "into paragraphs (see wireframe.io.clean.unwrap)")
        page = parse_unprofiled(joined, notes=notes, domain=domain, outlet=outlet,
                                language=language or "en")
        page.language = language
    page.url = url
    return page


def parse_page(
    path: str | os.PathLike[str],
    *,
    profile: str | Profile | None = None,
    timezone: str = "UTC",
    outlet: str | None = None,
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
        if outlet:
            page.outlet = outlet
    else:
        cands = profiles() if candidates is None else dict(candidates)
        page = _text_page(text, path, profile=profile, outlet=outlet, candidates=cands,
                          notes=notes)
    if page.language is None:
        page.language = "en"
        notes.append("language: the page has no language tag; assumed 'en'")
    if page.outlet == "unknown" and not any(n.startswith("outlet:") for n in notes):
        notes.append("outlet: the page does not say its outlet; set to 'unknown'. Pass outlet=")
    credit = wire.canonical(page.agency) if page.agency else None
    if credit:
        evidence = page.agency_evidence or page.agency
        wire_value, evidence, confidence = credit, f"header: {evidence}", 1.0
    else:
        # The body first: a dateline credit must open the text it is found in;
        # the credit lines after the story are read with it.
        text_ = page.body + ("\n\n" + page.credit_text if page.credit_text else "")
        found = wire.detect(text_)
        if found.wire is None and page.byline:
            by = page.byline if page.byline.startswith("By ") else f"By {page.byline}"
            found = wire.detect(by)
        wire_value, evidence, confidence = found.wire, found.evidence, found.confidence
        if wire_value is None and wire.canonical(page.outlet):
            wire_value = wire.canonical(page.outlet)
            evidence, confidence = f"the outlet is the agency: {page.outlet}", 0.9
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


def _size_problem(path: Path, max_bytes: int) -> str | None:
    size = path.stat().st_size
    if size == 0:
        return "empty file (0 bytes): nothing to read"
    if size > max_bytes:
        return (
            f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for one page; not read. "
            "Fix: pass max_bytes= a larger limit if this is one story's page"
        )
    return None


@doc
def read_pages(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    profile: str | None = None,
    outlet: str | None = None,
    timezone: str = "UTC",
    strict: bool = False,
    fallback_date: str | pd.Timestamp | None = None,
    profiles_file: str | os.PathLike[str] | None = None,
    max_bytes: int = MAX_PAGE_BYTES,
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
    outlet : str, optional
        The outlet of every page read (a folder saved from one site); by
        default each page's outlet comes from its profile, its own text or its
        domain.
    timezone : str, default "UTC"
        IANA zone of HTML times that carry no offset. Text pages use their
        profile's zone, or their site's (see :mod:`wireframe.io.pagedates`).
    {strict}
    fallback_date : "mtime", str or Timestamp, optional
        The date of a page that gives none: "mtime" for the file's
        modification time, or a fixed date. By default such a page is
        rejected. ``date_source`` is then "file" or "fallback".
    profiles_file : path, optional
        A YAML file of profiles to use instead of the built-in ones.
    max_bytes : int, default MAX_PAGE_BYTES
        Files larger than this are rejected unread.

    Returns
    -------
    stories : DataFrame
        The Story table (see :mod:`wireframe.schema`), plus ``byline``,
        ``date_source`` ("header", "page", "store", "metadata", "guessed",
        "file" or "fallback"), ``profile`` (NA for HTML and unprofiled text),
        ``wire_evidence`` and ``wire_confidence``. ``source`` is the path as
        given.
    report : LoadReport
        Pages read, loaded and rejected, each rejection with its file and
        reason; notes name each page read without a profile, whose outlet
        came from its domain, whose times were read in an assumed zone, whose
        date was guessed or taken from the saved copy, whose language tags
        disagree, whose mojibake was repaired.

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    ValueError
        When ``profile`` is not a known profile.
    LoadError
        With ``strict=True``, at the first page that is rejected.

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
    if outlet is not None and not (isinstance(outlet, str) and outlet.strip()):
        raise check.fail(func, "outlet", "a non-empty outlet name or None", outlet)
    check.integer(func, "max_bytes", max_bytes, low=1)
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
            problem = _size_problem(path, max_bytes)
            if problem:
                recorder.reject(where, problem)
                continue
            record, notes = parse_page(path, profile=profile, timezone=timezone,
                                       outlet=outlet, candidates=candidates)
        except (OSError, ValueError) as err:
            if isinstance(err, LoadError):
                raise
            recorder.reject(where, f"cannot parse page: {err}")
            continue
        if not str(record["body"]).strip() and not str(record["headline"]).strip():
            recorder.reject(where, "no story text: the page is blank or holds only page chrome")
            continue
        if record["published"] is None:
            if fallback_date is None:
                seen_dates = [r for f, _, r in (n.partition(": ") for n in notes)
                              if f == "published"]
                recorder.reject(
                    where,
                    "no usable date: the page prints no absolute date (and has no date "
                    "metadata)" + (f" ({'; '.join(seen_dates)})" if seen_dates else "")
                    + ". Fix: pass fallback_date='mtime' (the file's time) or a fixed date, "
                    "or a profile whose header matches the page",
                    "published",
                )
                continue
            record["published"] = _fallback(fallback_date, path)
            record["date_source"] = "file" if fallback_date == "mtime" else "fallback"
            notes.append(f"published: no date in the page; used {record['date_source']} date")
        site = str(record["outlet_domain"] or record["outlet"])
        record["story_id"] = page_id(site, str(record["body"]), str(record["headline"]))
        if record["story_id"] in seen:
            recorder.reject(
                where,
                f"duplicate page: same site and text as {seen[record['story_id']]}; the first "
                "was kept",
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
