"""Tests for wireframe.hydrate against HTTP servers on 127.0.0.1 that the tests start.

No other network: every URL points at a server started here, on an
ephemeral port, in a thread; each test makes a bounded number of requests.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

from wireframe import hydrate, schema

pytest.importorskip("trafilatura")

PARAGRAPH = (
    "The harbour board met on {day} to discuss the ice-breaker fleet that five Baltic ports "
    "agreed to share this winter, and members asked how the ships would be sent to the port "
    "with the worst ice when two ports needed help on the same morning."
)


def article(title: str, paragraphs: int = 4) -> bytes:
    body = "".join(f"<p>{PARAGRAPH.format(day=d)}</p>" for d in
                   ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][:paragraphs])
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>"
        f"<meta property='og:title' content='{title}'></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Contact us</footer></body></html>"
    ).encode()


PAYWALLED = (
    "<!DOCTYPE html><html><head><title>Members only</title>"
    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
    "\"isAccessibleForFree\": false}</script></head><body><article><h1>Members only</h1>"
    f"<p>{PARAGRAPH.format(day='Sunday')}</p></article></body></html>"
).encode()
TEASER = (
    b"<!DOCTYPE html><html><head><title>Teaser</title></head><body><article><h1>Teaser</h1>"
    b"<p>Ports agreed to share ships.</p><div class='paywall'>Subscribe to continue reading."
    b"</div></article></body></html>"
)
EMPTY = (
    b"<!DOCTYPE html><html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>"
)
ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: wireframe\nDisallow: /private/\n"


class Site:
    """A small news site: pages, redirects, errors, a slow page, robots.txt."""

    def __init__(self, *, robots_status: int = 200, slow_seconds: float = 1.0) -> None:
        self.hits: list[tuple[str, float, str]] = []  # path, time, user agent
        self.lock = threading.Lock()
        self.robots_status = robots_status
        self.slow_seconds = slow_seconds
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                with site.lock:
                    site.hits.append((self.path, time.monotonic(),
                                      self.headers.get("User-Agent", "")))
                status, headers, body = site.route(self.path)
                if status is None:  # the slow page
                    time.sleep(site.slow_seconds)
                    status, headers, body = 200, {"Content-Type": "text/html"}, article("Late")
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (the timeout test) or the test is over

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def route(self, path: str):
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            if self.robots_status != 200:
                return self.robots_status, {"Content-Type": "text/plain"}, b"no"
            return 200, {"Content-Type": "text/plain"}, ROBOTS
        if path.startswith("/news/"):
            return 200, html, article(path.rsplit("/", 1)[-1].replace("-", " ").title())
        if path == "/moved":
            return 301, {"Location": "/news/moved-here"}, b""
        if path == "/to-private":
            return 302, {"Location": f"{self.base}/private/secret"}, b""
        if path == "/loop":
            return 302, {"Location": "/loop"}, b""
        if path == "/slow":
            return None, {}, b""
        if path == "/paywalled":
            return 200, html, PAYWALLED
        if path == "/teaser":
            return 200, html, TEASER
        if path == "/pay":
            return 402, html, b"pay"
        if path == "/empty":
            return 200, html, EMPTY
        if path == "/report.pdf":
            return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"
        if path == "/private/page":
            return 200, html, article("Private")
        return 404, html, b"<html><body>Not found</body></html>"

    def paths(self) -> Counter:
        with self.lock:
            return Counter(p for p, _, _ in self.hits)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    # Requests to 127.0.0.1 must not be sent through a proxy set in the environment.
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def table(urls: list[str | None], bodies: list[str] | None = None) -> pd.DataFrame:
    n = len(urls)
    frame = pd.DataFrame({
        "story_id": [f"s{i}" for i in range(n)],
        "outlet": ["Harbour Times"] * n,
        "outlet_domain": ["harbourtimes.example"] * n,
        "wire": [None] * n,
        "published": pd.to_datetime(["2026-02-12"] * n, utc=True),
        "updated": pd.to_datetime([None] * n, utc=True),
        "headline": [""] * n,
        "body": bodies or [""] * n,
        "url": urls,
        "language": ["en"] * n,
        "source": [f"mc.csv:{i + 2}" for i in range(n)],
    })
    for col in schema.COLUMNS:
        frame[col.name] = frame[col.name].astype(
            schema.STRING if col.kind == "string" else schema.UTC_NS
        )
    return schema.validate(frame)


FAST = dict(rate=200.0, timeout=2.0, progress=False)

# One story per behaviour, and what hydration must make of it.
CASES = [
    ("/news/ports-share-ships", "ok"),
    ("/moved", "ok"),
    ("/to-private", "robots"),
    ("/private/page", "robots"),
    ("/missing", "http"),
    ("/loop", "http"),
    ("/pay", "paywall"),
    ("/paywalled", "paywall"),
    ("/teaser", "paywall"),
    ("/empty", "empty"),
    ("/report.pdf", "not_html"),
]


class TestHydrate:
    def test_every_kind_and_counts_add_up(self, site, tmp_path):
        urls = [site.base + p for p, _ in CASES] + [None, site.base + "/news/ports-share-ships"]
        stories = table(urls, bodies=[""] * len(CASES) + ["", "Already here."])
        out, report = hydrate.hydrate(stories, cache=tmp_path, max_redirects=3, **FAST)
        schema.validate(out)
        report.check()
        assert (report.read, report.skipped, report.hydrated) == (13, 2, 2)
        assert out["hydration"].tolist()[: len(CASES)] == [k for _, k in CASES]
        assert out["hydration"].isna().tolist()[-2:] == [True, True]
        assert report.by_kind() == {"http": 2, "robots": 2, "not_html": 1, "empty": 1,
                                    "paywall": 3}
        ok = out.iloc[0]
        assert ok["body"].startswith("The harbour board met on Monday")
        assert len(ok["body"].split("\n\n")) == 4
        assert ok["headline"] == "Ports Share Ships"
        assert ok["fetched_url"] == site.base + "/news/ports-share-ships"
        assert out.iloc[1]["fetched_url"] == site.base + "/news/moved-here"
        assert out.iloc[-1]["body"] == "Already here."
        details = {f.url.removeprefix(site.base): (f.kind, f.detail) for f in report.failures}
        assert details["/missing"] == ("http", "HTTP 404")
        assert details["/loop"] == ("http", "too many redirects")
        assert details["/pay"] == ("paywall", "HTTP 402 Payment Required")
        assert "isAccessibleForFree" in details["/paywalled"][1]
        assert details["/teaser"][1].startswith("paywall markup or wording")
        assert details["/report.pdf"] == ("not_html", "content type application/pdf")
        assert details["/private/page"] == ("robots", "disallowed by robots.txt")
        assert details["/to-private"] == (
            "robots", f"redirected to {site.base}/private/secret: disallowed by robots.txt"
        )
        assert details["/empty"] == ("empty", "trafilatura found only 'Home'")
        assert [f.location for f in report.failures][:2] == ["mc.csv:4", "mc.csv:5"]

    def test_robots_disallowed_paths_are_never_requested(self, site, tmp_path):
        stories = table([site.base + "/to-private", site.base + "/private/page"])
        hydrate.hydrate(stories, cache=tmp_path, **FAST)
        hits = site.paths()
        assert not [p for p in hits if p.startswith("/private/")]
        assert hits == Counter({"/robots.txt": 1, "/to-private": 1})

    def test_user_agent_names_the_kit(self, site, tmp_path):
        hydrate.hydrate(table([site.base + "/news/a"]), cache=tmp_path, **FAST)
        agents = {ua for _, _, ua in site.hits}
        assert agents == {hydrate.DEFAULT_USER_AGENT}
        assert hydrate.DEFAULT_USER_AGENT.startswith("wireframe/")
        hydrate.hydrate(table([site.base + "/news/b"]), cache=tmp_path,
                        user_agent="HarbourLab/1.0 (lab@example.org)", **FAST)
        expected = f"HarbourLab/1.0 (lab@example.org) wireframe/{hydrate.__version__}"
        assert site.hits[-1][2] == expected

    def test_slow_page_times_out(self, site, tmp_path):
        started = time.monotonic()
        out, report = hydrate.hydrate(table([site.base + "/slow"]), cache=tmp_path,
                                      rate=200.0, timeout=0.3, progress=False)
        assert time.monotonic() - started < 1.0
        assert out.loc[0, "hydration"] == "timeout"
        assert report.failures[0].detail == "no answer in 0.3 s"

    def test_rate_limit_per_host(self, site, tmp_path):
        urls = [site.base + f"/news/page-{i}" for i in range(3)]
        hydrate.hydrate(table(urls), cache=tmp_path, rate=5.0, timeout=2.0, progress=False)
        times = [t for _, t, _ in site.hits]  # robots.txt, then three pages
        assert len(times) == 4
        assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.18

    def test_unreachable_robots_disallows_the_site(self, tmp_path):
        broken = Site(robots_status=503)
        try:
            out, report = hydrate.hydrate(table([broken.base + "/news/a"]), cache=tmp_path,
                                          **FAST)
            assert out.loc[0, "hydration"] == "robots"
            assert report.failures[0].detail == (
                "robots.txt unreachable (HTTP 503): the site is taken to disallow all"
            )
            assert broken.paths() == Counter({"/robots.txt": 1})
        finally:
            broken.close()

    def test_connection_refused(self, tmp_path):
        gone = Site()
        url = gone.base + "/news/a"
        gone.close()
        out, _ = hydrate.hydrate(table([url]), cache=tmp_path, **FAST)
        assert out.loc[0, "hydration"] == "robots"  # robots.txt unreachable first

    def test_same_url_twice_is_fetched_once(self, site, tmp_path):
        url = site.base + "/news/shared"
        out, report = hydrate.hydrate(table([url, url]), cache=tmp_path, **FAST)
        assert out["hydration"].tolist() == ["ok", "ok"] and report.hydrated == 2
        assert site.paths()["/news/shared"] == 1


class TestSources:
    def test_summary_only_feed_then_hydrate(self, site, tmp_path):
        pytest.importorskip("feedparser")
        from wireframe.io.feeds import read_feeds

        feed = tmp_path / "feed.atom"
        feed.write_text(
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Harbour Times</title><id>urn:ht</id><updated>2026-02-13T09:00:00Z</updated>"
            f'<entry><title>Ports share ships</title><link href="{site.base}/news/feed-story"/>'
            "<id>urn:ht:1</id><published>2026-02-13T08:00:00Z</published>"
            "<updated>2026-02-13T08:00:00Z</updated><summary>Ports share.</summary></entry>"
            "</feed>"
        )
        stories, report = read_feeds(feed)
        assert stories.loc[0, "body"] == "" and report.notes[0].reason == "empty body"
        full, hydration = hydrate.hydrate(stories, cache=tmp_path / "c", **FAST)
        assert hydration.hydrated == 1
        assert full.loc[0, "body"].startswith("The harbour board met on Monday")
        assert full.loc[0, "headline"] == "Ports share ships"  # the feed's, kept
        assert full.loc[0, "summary"] == "Ports share."


class TestResume:
    def test_interrupted_run_then_restart_fetches_each_page_once(self, site, tmp_path,
                                                                 monkeypatch):
        paths = [f"/news/story-{i}" for i in range(6)] + ["/missing"]
        stories = table([site.base + p for p in paths])
        real = hydrate._request
        calls = {"n": 0}

        def interrupted(url, **kwargs):
            calls["n"] += 1
            if calls["n"] == 5:  # robots.txt and three pages done; Ctrl-C before the fourth
                raise KeyboardInterrupt
            return real(url, **kwargs)

        monkeypatch.setattr(hydrate, "_request", interrupted)
        with pytest.raises(KeyboardInterrupt):
            hydrate.hydrate(stories, cache=tmp_path, **FAST)
        journal = (tmp_path / "journal.jsonl").read_text().splitlines()
        assert len(journal) == 3
        monkeypatch.setattr(hydrate, "_request", real)

        out, report = hydrate.hydrate(stories, cache=tmp_path, **FAST)
        report.check()
        hits = site.paths()
        assert all(hits[p] == 1 for p in paths), hits
        assert hits["/robots.txt"] == 2  # once per run; robots.txt is not cached
        assert (report.hydrated, report.cached, report.fetched) == (6, 3, 3)
        assert report.by_kind() == {"http": 1}

        # A third run makes no request at all, and gives the same table.
        again, third = hydrate.hydrate(stories, cache=tmp_path, **FAST)
        assert third.requests == 0 and third.cached == 7
        assert sum(site.paths().values()) == sum(hits.values())
        pd.testing.assert_frame_equal(again, out)

        # Hydrating the hydrated table tries only the failure, and keeps the rest's columns.
        twice, fourth = hydrate.hydrate(out, cache=tmp_path, **FAST)
        assert (fourth.skipped, fourth.cached, fourth.requests) == (6, 1, 0)
        pd.testing.assert_frame_equal(twice, out)

    def test_failures_are_retried_only_when_asked(self, site, tmp_path):
        stories = table([site.base + "/missing"])
        hydrate.hydrate(stories, cache=tmp_path, **FAST)
        hydrate.hydrate(stories, cache=tmp_path, **FAST)
        assert site.paths()["/missing"] == 1
        hydrate.hydrate(stories, cache=tmp_path, retry_failed=True, **FAST)
        assert site.paths()["/missing"] == 2

    def test_page_saved_before_its_journal_line_is_not_fetched_again(self, site, tmp_path):
        url = site.base + "/news/saved"
        hydrate._Cache(tmp_path).save_page(url, article("Saved"))
        out, report = hydrate.hydrate(table([url]), cache=tmp_path, **FAST)
        assert out.loc[0, "hydration"] == "ok" and report.requests == 0
        entry = json.loads((tmp_path / "journal.jsonl").read_text().splitlines()[-1])
        assert entry["detail"] == "recovered from the cache"

    def test_cut_journal_line_is_ignored(self, site, tmp_path):
        url = site.base + "/news/cut"
        (tmp_path / "journal.jsonl").write_text('{"url": "' + url + '", "ki')
        out, _ = hydrate.hydrate(table([url]), cache=tmp_path, **FAST)
        assert out.loc[0, "hydration"] == "ok" and site.paths()["/news/cut"] == 1


class TestArguments:
    @pytest.mark.parametrize(("name", "value"), [("rate", 0), ("timeout", -1.0)])
    def test_positive_numbers(self, name, value, tmp_path):
        with pytest.raises(ValueError, match=rf"`{name}` must be a number > 0; got"):
            hydrate.hydrate(table([None]), cache=tmp_path, **{name: value})

    def test_not_a_story_table(self):
        with pytest.raises(schema.SchemaError, match="lacks column"):
            hydrate.hydrate(pd.DataFrame({"url": ["x"]}))

    def test_messages_name_the_function(self, tmp_path):
        with pytest.raises(ValueError, match=r"^hydrate\.hydrate: `max_redirects` must be an "
                           r"integer >= 0; got -1"):
            hydrate.hydrate(table([None]), cache=tmp_path, max_redirects=-1)
        with pytest.raises(ValueError, match=r"`user_agent` must be a string naming who is "
                           r"fetching; got ' '"):
            hydrate.hydrate(table([None]), cache=tmp_path, user_agent=" ")
        with pytest.raises(ValueError, match=r"`retry_failed` must be True or False"):
            hydrate.hydrate(table([None]), cache=tmp_path, retry_failed="yes")

    def test_progress_quiet_by_default_off_a_terminal(self, site, tmp_path, capsys):
        hydrate.hydrate(table([site.base + "/news/quiet"]), cache=tmp_path, rate=200.0,
                        timeout=2.0)
        assert "hydrate" not in capsys.readouterr().err

    def test_report_str_and_frame(self):
        r = hydrate.HydrationReport(read=2, hydrated=1, failures=[
            hydrate.Failure("a:2", "http://x/a", "timeout", "no answer in 1 s")])
        assert str(r) == ("read 2, hydrated 1, skipped 0, failed 1 (timeout 1); 0 requests, 0 "
                          "pages fetched, 0 from cache\n  timeout: first http://x/a "
                          "(no answer in 1 s)")
        assert r.to_frame().columns.tolist() == ["location", "url", "kind", "detail"]
        with pytest.raises(RuntimeError, match="hydration lost stories"):
            hydrate.HydrationReport(read=3, hydrated=1).check()
