"""Saved HTML pages: trafilatura's main text, and the publisher's own dates.

trafilatura extracts the main text, headline, byline and site name from the
page as given (no network); its paragraphs then pass the chrome rules of
:mod:`wireframe.io.blocks` (captions and credits, related lists, share and
print text), which trafilatura's own filters leave in on some sites. The
publication date is the publisher's own metadata when the page has it
(``article:published_time``, JSON-LD ``datePublished``, ``<time pubdate>``,
then htmldate's search of the page header); only when it has none does
htmldate guess from the page's text and links. Column ``date_source`` says
which: "metadata" or "guessed".
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from wireframe.io import clean
from wireframe.io.blocks import rule_kind, stoplist
from wireframe.io.dates import parse_datetime
from wireframe.io.pagetext import Page
from wireframe.io.siteprofiles import split_byline

__all__ = ["parse_html"]

# The chrome kinds dropped from trafilatura's paragraphs; the others (menus,
# section labels) are rules for a whole page's lines, not for extracted text.
_CHROME = ("boilerplate", "caption", "copyright", "comment", "related")

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


def parse_html(html: str, *, url: str | None, timezone: str, notes: list[str]) -> Page:
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
    page = Page()
    lang = tree.get("lang") or next(iter(tree.xpath("//meta[@http-equiv]/@content")), None)
    if lang:
        page.language = re.split(r"[-_]", lang.strip())[0].lower() or None
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
        stops = stoplist(page.language)
        paras = [p for p in paras if (rule_kind(p, stops) or ("text",))[0] not in _CHROME]
        paras = clean.drop_echo(paras, headline=page.headline)
        paras, byline = split_byline(paras)
        page.byline = page.byline or byline
        page.body = clean.join_paragraphs(paras)
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


