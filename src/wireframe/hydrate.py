"""Hydration: fetch the text of stories that have a URL and no body.

Media Cloud exports and summary-only feeds give a story's URL but not its
text. :func:`hydrate` fetches each such page once, extracts the story with
the pages reader (:func:`wireframe.io.pages.parse_html`, trafilatura), and
fills ``body`` (and ``headline`` when it is empty). Every story that was
not filled is reported with the kind of failure, so that the report's counts
add up to the input: ``read == skipped + hydrated + failed``.

Politeness
    One request at a time. Requests to one host (``host:port``) are at least
    ``1 / rate`` seconds apart, or the host's robots.txt ``Crawl-delay`` when
    longer; hosts are visited in turn, so that a long run does not wait on
    one slow site. Each origin's robots.txt is fetched first and honoured
    (:mod:`urllib.robotparser`): a disallowed URL is never requested, nor is
    a redirect target that is disallowed; a robots.txt that answers 401 or
    403, or cannot be reached (5xx, timeout), disallows the whole site, as
    RFC 9309 says; a 404 allows it. The user agent names the kit and its
    version: ``wireframe/0.1.0 (+https://github.com/wireframe-kit/wireframe)``;
    a user agent you give that does not name wireframe gets it appended.

Cache and resuming
    Pages are kept under ``CACHE/pages/`` (the raw bytes, named by the SHA-256
    of the URL) and every outcome, success or failure, is appended to
    ``CACHE/journal.jsonl`` as soon as it is known, one JSON line per URL.
    A run that is interrupted (Ctrl-C, a crash) loses at most the page being
    downloaded at that moment: run again and every URL already in the
    journal is answered from it without a request. Failures are not retried
    unless ``retry_failed=True``. The default cache is
    ``corpus/cache/hydrate/`` (see :func:`wireframe.datasets.cache_dir`).
    One process at a time per cache folder.

Kinds of outcome (the ``hydration`` column and the report)
    ``ok``        the story's text was extracted and filled in;
    ``http``      the server answered an error status (404, 500, 429 ...),
                  or redirected too often;
    ``timeout``   no complete answer within ``timeout`` seconds;
    ``network``   the connection failed (refused, DNS, TLS), or the page is
                  larger than 20 MB;
    ``robots``    robots.txt disallows the URL (or its redirect target);
    ``not_html``  the answer is not an HTML page (a PDF, an image);
    ``empty``     trafilatura finds no main text in the page, or fewer than
                  five words (a menu item, an error message);
    ``paywall``   the page is behind a paywall (below).

Paywall heuristics, in order; the first that fires is named in the report
    1. HTTP status 402 (Payment Required).
    2. The publisher's own schema.org markup says
       ``"isAccessibleForFree": false`` (Google's paywalled-content
       structured data): what an anonymous request gets is a teaser.
    3. The page carries paywall markup (a class or id such as ``paywall``,
       ``regwall``, ``tp-modal``, ``meteredContent``, ``subscriber-only``,
       ``premium-content``) or wording ("subscribe to continue reading",
       "already a subscriber?", "this article is for subscribers") *and*
       the extracted text is shorter than 150 words.
    A paywalled teaser is not used as the body: a truncated text would bias
    every measure taken from it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pandas as pd
from tqdm.auto import tqdm

from wireframe import __version__, schema
from wireframe import _validate as check
from wireframe._docs import doc

__all__ = ["DEFAULT_USER_AGENT", "KINDS", "Failure", "HydrationReport", "hydrate"]

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"wireframe/{__version__} (+https://github.com/wireframe-kit/wireframe)"
"""The user agent of every request: the kit's name and version, and where to read about it."""

KINDS = ("ok", "http", "timeout", "network", "robots", "not_html", "empty", "paywall")
"""The kinds of outcome, in the order reports list them."""

MAX_BYTES = 20 * 1024 * 1024
"""Pages larger than this are not read."""

PAYWALL_WORDS = 150
"""Below this many words, paywall markup or wording marks a page as a paywall."""

EMPTY_WORDS = 5
"""Below this many words, what trafilatura found is page chrome ("Home"), not a story."""

_FAILED = {"http", "timeout", "network", "robots"}
_PAYWALL_MARKUP = re.compile(
    r"""(?:class|id)\s*=\s*["'][^"']*\b(?:paywall|regwall|tp-modal|piano-offer|meteredContent|"""
    r"""subscriber-only|subscribers-only|premium-content)\b""",
    re.IGNORECASE,
)
_PAYWALL_WORDING = re.compile(
    r"subscribe to (?:continue|keep) reading|subscribe to read|already a subscriber\?|"
    r"this (?:article|story|content) is (?:only )?(?:available )?(?:for|to) subscribers|"
    r"sign in to continue reading",
    re.IGNORECASE,
)
_NOT_FREE = re.compile(r""""isAccessibleForFree"\s*:\s*"?(?:false|False)"?""")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


# --- the report ------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One story that was not hydrated: where it came from, its URL, why."""

    location: str
    url: str
    kind: str
    detail: str


@dataclass
class HydrationReport:
    """The account :func:`hydrate` gives of its input.

    Attributes
    ----------
    read : int
        Stories given.
    skipped : int
        Stories not attempted: they had a body already, or no URL.
    hydrated : int
        Stories whose body was filled.
    failures : list of Failure
        Every other story, with the kind of failure (see :data:`KINDS`).
    requests : int
        HTTP requests made in this run: pages, redirects and robots.txt.
    fetched : int
        Pages downloaded in this run.
    cached : int
        URLs answered from the cache's journal, without a request.

    Examples
    --------
    >>> r = HydrationReport(read=3, skipped=1, hydrated=1,
    ...                     failures=[Failure("a.csv:2", "http://x/a", "http", "HTTP 404")])
    >>> r.check()
    >>> r.by_kind()
    {'http': 1}
    """

    read: int = 0
    skipped: int = 0
    hydrated: int = 0
    failures: list[Failure] = field(default_factory=list)
    requests: int = 0
    fetched: int = 0
    cached: int = 0

    def check(self) -> None:
        """Raise RuntimeError unless skipped + hydrated + failed equals read."""
        if self.skipped + self.hydrated + len(self.failures) != self.read:
            raise RuntimeError(
                f"wireframe bug: hydration lost stories (read {self.read}, skipped "
                f"{self.skipped}, hydrated {self.hydrated}, failed {len(self.failures)}); "
                "please report it"
            )

    def by_kind(self) -> dict[str, int]:
        """Failures counted by kind, in the order of :data:`KINDS`."""
        counts = {k: sum(f.kind == k for f in self.failures) for k in KINDS}
        return {k: n for k, n in counts.items() if n}

    def to_frame(self) -> pd.DataFrame:
        """Every failure as a table: ``location``, ``url``, ``kind``, ``detail``."""
        rows = [(f.location, f.url, f.kind, f.detail) for f in self.failures]
        return pd.DataFrame(rows, columns=["location", "url", "kind", "detail"]).astype("string")

    def summary(self) -> str:
        """One line: the counts."""
        kinds = ", ".join(f"{k} {n}" for k, n in self.by_kind().items())
        return (
            f"read {self.read}, hydrated {self.hydrated}, skipped {self.skipped}, failed "
            f"{len(self.failures)}" + (f" ({kinds})" if kinds else "")
            + f"; {self.requests} requests, {self.fetched} pages fetched, {self.cached} from cache"
        )

    def __str__(self) -> str:
        lines = [self.summary()]
        for kind in self.by_kind():
            first = next(f for f in self.failures if f.kind == kind)
            lines.append(f"  {kind}: first {first.url} ({first.detail})")
        return "\n".join(lines)


# --- HTTP --------------------------------------------------------------------


@dataclass
class _Response:
    status: int | None
    headers: Any = None
    body: bytes = b""
    error: str | None = None  # set when no HTTP answer came: "timeout" or "network"
    detail: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands redirects back, so that each hop is checked against robots.txt."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _request(url: str, *, timeout: float, user_agent: str) -> _Response:
    """GET one URL; never raises for HTTP, network or timeout trouble."""
    req = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "text/html,"
                                               "application/xhtml+xml;q=0.9,*/*;q=0.5"})
    start = time.monotonic()
    try:
        try:
            resp = _OPENER.open(req, timeout=timeout)
        except urllib.error.HTTPError as err:  # 3xx (not followed here), 4xx, 5xx
            resp = err
        chunks, size = [], 0
        with resp:
            while True:
                chunk = resp.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BYTES:
                    return _Response(None, error="network",
                                     detail=f"larger than {MAX_BYTES // 2**20} MB; not read")
                if time.monotonic() - start > timeout:
                    # A server that trickles bytes must not hold the run past the timeout.
                    return _Response(None, error="timeout", detail=f"no answer in {timeout:g} s")
                chunks.append(chunk)
        return _Response(resp.status, resp.headers, b"".join(chunks))
    except TimeoutError:
        return _Response(None, error="timeout", detail=f"no answer in {timeout:g} s")
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            return _Response(None, error="timeout", detail=f"no answer in {timeout:g} s")
        return _Response(None, error="network", detail=str(err.reason))
    except (OSError, ValueError) as err:  # reset connections, bad URLs, broken chunking
        return _Response(None, error="network", detail=f"{type(err).__name__}: {err}")


class _Session:
    """Rate limits, robots.txt and redirects for one run."""

    def __init__(self, *, rate: float, timeout: float, user_agent: str, max_redirects: int):
        self.interval = 1.0 / rate
        self.timeout = timeout
        self.user_agent = user_agent
        self.max_redirects = max_redirects
        self.next_time: dict[str, float] = {}
        self.robots: dict[str, tuple[RobotFileParser, str]] = {}
        self.requests = 0

    def _get(self, url: str) -> _Response:
        host = urlsplit(url).netloc.lower()
        wait = self.next_time.get(host, 0.0) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.requests += 1
        response = _request(url, timeout=self.timeout, user_agent=self.user_agent)
        delay = self.interval
        parser = self.robots.get(_origin(url), (None, ""))[0]
        crawl_delay = parser.crawl_delay(self.user_agent) if parser is not None else None
        if crawl_delay:
            delay = max(delay, float(crawl_delay))
        self.next_time[host] = time.monotonic() + delay
        return response

    def _robots(self, url: str) -> tuple[RobotFileParser, str]:
        origin = _origin(url)
        if origin not in self.robots:
            parser = RobotFileParser(origin + "/robots.txt")
            response = self._follow(origin + "/robots.txt", check_robots=False)[0]
            if response.status == 200:
                text = response.body.decode("utf-8", errors="replace")
                parser.parse(text.splitlines())
                why = ""
            elif response.status in (401, 403):
                parser.disallow_all = True
                why = f"robots.txt answered HTTP {response.status}: the site disallows all"
            elif response.status is not None and 400 <= response.status < 500:
                parser.allow_all = True
                why = ""
            else:
                parser.disallow_all = True
                reason = response.detail or f"HTTP {response.status}"
                why = f"robots.txt unreachable ({reason}): the site is taken to disallow all"
            self.robots[origin] = (parser, why)
        return self.robots[origin]

    def allowed(self, url: str) -> tuple[bool, str]:
        parser, why = self._robots(url)
        if parser.can_fetch(self.user_agent, url):
            return True, ""
        return False, why or "disallowed by robots.txt"

    def _follow(self, url: str, *, check_robots: bool) -> tuple[_Response, str, str]:
        """GET with redirects; return (response, final URL, reason refused by robots)."""
        for hop in range(self.max_redirects + 1):
            if check_robots:
                ok, why = self.allowed(url)
                if not ok:
                    if hop:
                        why = f"redirected to {url}: {why}"
                    return _Response(None), url, why
            response = self._get(url)
            location = response.headers.get("Location") if response.headers else None
            if response.status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                continue
            return response, url, ""
        return _Response(None, error="http", detail="too many redirects"), url, ""

    def fetch(self, url: str) -> tuple[_Response, str, str]:
        return self._follow(url, check_robots=True)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


# --- the cache -----------------------------------------------------------------


class _Cache:
    """Page files and the journal of outcomes, in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pages = folder / "pages"
        self.journal_path = folder / "journal.jsonl"
        self.journal: dict[str, dict[str, Any]] = {}
        folder.mkdir(parents=True, exist_ok=True)
        if self.journal_path.exists():
            for line in self.journal_path.read_text("utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by an interruption: its URL is fetched again
                self.journal[entry["url"]] = entry

    def page_path(self, url: str) -> Path:
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.pages / digest[:2] / f"{digest}.html.gz"

    def save_page(self, url: str, body: bytes) -> None:
        path = self.page_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        # mtime=0: the same page gives the same file.
        tmp.write_bytes(gzip.compress(body, mtime=0))
        tmp.replace(path)

    def load_page(self, url: str) -> bytes | None:
        path = self.page_path(url)
        return gzip.decompress(path.read_bytes()) if path.exists() else None

    def record(self, entry: dict[str, Any]) -> None:
        self.journal[entry["url"]] = entry
        with self.journal_path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()


# --- pages -----------------------------------------------------------------------


def _decode(body: bytes, content_type: str) -> str:
    m = re.search(r"charset=([\w-]+)", content_type or "", re.IGNORECASE)
    sniffed = _CHARSET.search(body[:4096])
    for charset in (m.group(1) if m else None, sniffed.group(1).decode() if sniffed else None,
                    "utf-8"):
        if charset:
            try:
                return body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return body.decode("cp1252", errors="replace")


def _paywall(html: str, words: int) -> str | None:
    if _NOT_FREE.search(html):
        return 'the page\'s schema.org markup says "isAccessibleForFree": false'
    if words < PAYWALL_WORDS:
        m = _PAYWALL_MARKUP.search(html) or _PAYWALL_WORDING.search(html)
        if m:
            return f"paywall markup or wording ({m.group(0)[:60]!r}) and only {words} words"
    return None


def _extract(html: str, url: str) -> tuple[str, dict[str, Any]]:
    """Return (kind, fields): "ok" with headline and body, or "empty"/"paywall" with detail."""
    from wireframe.io.pages import parse_html

    try:
        page = parse_html(html, url=url, timezone="UTC", notes=[])
    except ImportError:
        raise
    except Exception as err:  # lxml and trafilatura raise several kinds on odd markup
        return "empty", {"detail": f"the page could not be parsed ({type(err).__name__}: {err})"}
    words = len(page.body.split())
    why = _paywall(html, words)
    if why:
        return "paywall", {"detail": why}
    if words < EMPTY_WORDS:
        found = f"only {page.body!r}" if page.body else "no main text"
        return "empty", {"detail": f"trafilatura found {found}"}
    return "ok", {"body": page.body, "headline": page.headline, "detail": f"{words} words"}


def _outcome(session: _Session, cache: _Cache, url: str, *, retry_failed: bool,
             counts: dict[str, int]) -> dict[str, Any]:
    """The outcome for one URL: from the journal, or fetched (and journaled)."""
    entry = cache.journal.get(url)
    body = cache.load_page(url)
    if entry is not None and not (retry_failed and entry["kind"] in _FAILED):
        counts["cached"] += 1
    elif entry is None and body is not None:
        # Saved, but the run stopped before the journal line: no need to fetch it again.
        entry = {"url": url, "kind": "page", "status": 200, "final_url": url,
                 "content_type": "text/html", "detail": "recovered from the cache"}
        cache.record(entry)
        counts["cached"] += 1
    else:
        response, final_url, refused = session.fetch(url)
        entry = {"url": url, "final_url": final_url, "status": response.status,
                 "content_type": "", "detail": response.detail}
        content_type = (response.headers.get("Content-Type") or "") if response.headers else ""
        if refused:
            entry.update(kind="robots", detail=refused)
        elif response.error:
            entry["kind"] = response.error
        elif response.status == 402:
            entry.update(kind="paywall", detail="HTTP 402 Payment Required")
        elif response.status != 200:
            entry.update(kind="http", detail=f"HTTP {response.status}")
        elif content_type and not re.search(r"html|xml", content_type, re.IGNORECASE):
            entry.update(kind="not_html", detail=f"content type {content_type}")
        else:
            entry.update(kind="page", content_type=content_type)
            cache.save_page(url, response.body)
            body = response.body
            counts["fetched"] += 1
        cache.record(entry)
    if entry["kind"] != "page":
        return entry
    if body is None:  # the journal says fetched, but the page file is gone
        return {**entry, "kind": "network", "detail": "cached page file missing; retry_failed "
                "will not help: delete its journal line or the cache folder"}
    kind, fields = _extract(_decode(body, entry.get("content_type", "")), entry["final_url"])
    return {**entry, "kind": kind, **fields}


def _interleave(urls: list[str]) -> Iterator[str]:
    """Yield URLs host by host in turn, each host's in their first order."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    queues = [list(reversed(q)) for q in by_host.values()]
    while queues:
        for q in queues:
            yield q.pop()
        queues = [q for q in queues if q]


@doc
def hydrate(
    stories: pd.DataFrame,
    *,
    cache: str | Path | None = None,
    rate: float = 1.0,
    timeout: float = 10.0,
    user_agent: str = DEFAULT_USER_AGENT,
    retry_failed: bool = False,
    max_redirects: int = 5,
    progress: bool | None = None,
) -> tuple[pd.DataFrame, HydrationReport]:
    """Fetch and fill in the text of stories that have a URL and an empty body.

    Parameters
    ----------
    {stories}
        The whole table is validated; rows with a non-empty ``body``, or
        without ``url``, are left as they are.
    cache : str or Path, optional
        The folder of fetched pages and the journal; by default
        ``hydrate/`` in :func:`wireframe.datasets.cache_dir`.
    rate : float, default 1.0
        Requests per second to any one host, at most.
    timeout : float, default 10.0
        Seconds to wait for a complete answer to one request.
    user_agent : str, default DEFAULT_USER_AGENT
        Sent with every request and matched against robots.txt; "wireframe/"
        and the version are appended when it does not name wireframe.
    retry_failed : bool, default False
        Request again the URLs whose earlier attempt failed (http, timeout,
        network, robots); successes are always taken from the cache.
    max_redirects : int, default 5
        Redirects followed per URL.
    {progress}

    Returns
    -------
    stories : DataFrame
        A copy, with ``body`` filled for every hydrated story, ``headline``
        filled where it was empty, and two more columns: ``hydration`` (the
        kind of outcome, see :data:`KINDS`; NA for stories not attempted)
        and ``fetched_url`` (the URL after redirects; NA when none answered).
        A table hydrated before keeps both for the rows not attempted again.
    report : HydrationReport
        Counts that add up to the input, and every failure with its kind.

    Raises
    ------
    ValueError
        When ``rate`` or ``timeout`` is not positive, ``max_redirects`` is
        negative or ``user_agent`` is empty.
    wireframe.schema.SchemaError
        When ``stories`` is not a Story table.
    ImportError
        When trafilatura (the ``web`` extra) is not installed.

    See Also
    --------
    wireframe.io.mediacloud.read_mediacloud : stories that arrive without text.
    wireframe.io.feeds.read_feeds : feeds that carry only summaries.

    Examples
    --------
    >>> from wireframe.io import read
    >>> stories, _ = read(
    ...     "corpus/samples/mediacloud/mediacloud-search-2026-02-a.csv")  # doctest: +SKIP
    >>> full, report = hydrate(stories, rate=0.5)  # doctest: +SKIP
    >>> print(report.summary())  # doctest: +SKIP
    read 4, hydrated 3, skipped 0, failed 1 (http 1); 7 requests, 3 pages fetched, 0 from cache
    """
    func = "hydrate.hydrate"
    schema.validate(stories)
    rate = check.number(func, "rate", rate, low=0, closed="neither")
    timeout = check.number(func, "timeout", timeout, low=0, closed="neither")
    max_redirects = check.integer(func, "max_redirects", max_redirects, low=0)
    retry_failed = check.flag(func, "retry_failed", retry_failed)
    if not isinstance(user_agent, str) or not user_agent.strip():
        raise check.fail(func, "user_agent", "a string naming who is fetching", user_agent,
                         fix="e.g. 'my-lab-project (me@example.org)'")
    if "wireframe" not in user_agent.lower():
        user_agent = f"{user_agent.strip()} wireframe/{__version__}"
    if cache is None:
        from wireframe.datasets import cache_dir

        folder = cache_dir() / "hydrate"
    else:
        folder = Path(cache)
    store = _Cache(folder)
    session = _Session(rate=rate, timeout=timeout, user_agent=user_agent,
                       max_redirects=max_redirects)

    url_col = stories["url"].astype("string").str.strip()
    todo = url_col.notna() & (url_col != "") & stories["body"].fillna("").str.strip().eq("")
    report = HydrationReport(read=len(stories), skipped=int((~todo).sum()))
    counts = {"cached": 0, "fetched": 0}
    urls = list(dict.fromkeys(url_col[todo].tolist()))
    outcomes: dict[str, dict[str, Any]] = {}
    bar = tqdm(list(_interleave(urls)), desc="hydrate", unit="page",
               disable=None if progress is None else not progress)
    for url in bar:
        outcomes[url] = _outcome(session, store, url, retry_failed=retry_failed, counts=counts)
    report.requests, report.fetched, report.cached = (
        session.requests, counts["fetched"], counts["cached"]
    )

    out = stories.copy()
    body, headline = out["body"].tolist(), out["headline"].tolist()
    # A table hydrated before keeps what it says of the rows not attempted now.
    kinds = out["hydration"].tolist() if "hydration" in out else [None] * len(out)
    fetched = out["fetched_url"].tolist() if "fetched_url" in out else [None] * len(out)
    for i, (url, attempt) in enumerate(zip(url_col.tolist(), todo.tolist(), strict=True)):
        if not attempt:
            continue
        result = outcomes[url]
        kinds[i] = result["kind"]
        fetched[i] = result["final_url"] if result.get("status") is not None else None
        if result["kind"] == "ok":
            body[i] = result["body"]
            if not headline[i]:
                headline[i] = result["headline"] or ""
            report.hydrated += 1
        else:
            report.failures.append(
                Failure(str(out["source"].iloc[i]), url, result["kind"], result["detail"])
            )
    out["body"] = pd.Series(body, index=out.index, dtype=schema.STRING)
    out["headline"] = pd.Series(headline, index=out.index, dtype=schema.STRING)
    out["hydration"] = pd.Series(kinds, index=out.index, dtype=schema.STRING)
    out["fetched_url"] = pd.Series(fetched, index=out.index, dtype=schema.STRING)
    report.check()
    logger.info("hydrate: %s", report.summary())
    return out, report
