"""The poller against feeds served on 127.0.0.1: conditional GET, dedup across restarts,
updates, backoff with Retry-After, and feeds that are broken in every usual way."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from streams.ingest.poller import H_EVENT, Poller, Publication, build_poller
from streams.ingest.sources import FeedSpec
from streams.ingest.state import SeenState, StateFile
from streams.settings import Settings
from tests.fixtures.feeds.server import FeedServer, fixture, serve, static

T0 = 1_800_000_000.0
RSS = fixture("rss.xml")


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    with serve() as s:
        yield s


class Sink:
    def __init__(self) -> None:
        self.published: list[Publication] = []

    async def __call__(self, pubs: list[Publication]) -> None:
        self.published.extend(pubs)

    def ids(self) -> list[str]:
        return [orjson.loads(p.value)["id"] for p in self.published]

    def events(self) -> list[str]:
        return [dict(p.headers)[H_EVENT].decode() for p in self.published]


def _poller(store: dict, sink: Sink, **env: str) -> Poller:
    settings = Settings.from_env({"NEWSSTREAM_INGEST_HOST_INTERVAL_S": "0",
                                  "NEWSSTREAM_INGEST_TIMEOUT_S": "2", **env})
    poller = build_poller(settings, SeenState(store), sink)
    poller.rand = lambda: 0.5  # jitter in the middle of its range: reproducible delays
    return poller


@pytest.fixture()
def sink() -> Sink:
    return Sink()


async def _close(poller: Poller) -> None:
    await poller.fetcher.aclose()


async def test_new_items_published_once_and_304_publishes_nothing(server, sink) -> None:
    server.routes["/rss"] = static(RSS, "application/rss+xml", etag='"v1"',
                                   last_modified="Sun, 29 Nov 2026 08:00:00 GMT")
    spec = FeedSpec(server.url("/rss"), interval_s=60)
    poller = _poller({}, sink)
    try:
        await poller.poll_due([spec], T0)
        # The second item has no guid: its link, resolved against the feed's URL, is its id.
        assert sink.ids() == ["127.0.0.1/hg-2026-1101", server.url("/news/storm-warning")]
        assert sink.events() == ["new", "new"]
        assert await poller.poll_due([spec], T0 + 30) == 0  # not due yet
        await poller.poll_due([spec], T0 + 61)
    finally:
        await _close(poller)
    second = server.hits("/rss")[1]
    assert second["if-none-match"] == '"v1"'
    assert second["if-modified-since"] == "Sun, 29 Nov 2026 08:00:00 GMT"
    assert len(sink.published) == 2 and poller.metrics["not_modified"] == 1
    assert "newsstream" in second["user-agent"] and "gzip" in second["accept-encoding"]


async def test_seen_state_survives_a_restart(server, sink, tmp_path: Path) -> None:
    # No validators: the server answers 200 every time, so only the seen state can dedup.
    server.routes["/rss"] = static(RSS, "application/rss+xml")
    spec = FeedSpec(server.url("/rss"))
    path = tmp_path / "state.json"
    for _ in range(2):
        state = StateFile(path)
        poller = _poller(state.data, sink)
        try:
            await poller.poll_due([spec], T0)
        finally:
            await _close(poller)
            state.save()
            state.close()
    assert len(server.hits("/rss")) == 2
    assert len(sink.published) == 2  # the second process published nothing


async def test_changed_item_is_republished_once_as_an_update(server, sink) -> None:
    server.routes["/rss"] = static(RSS, "application/rss+xml")
    spec = FeedSpec(server.url("/rss"), interval_s=10)
    poller = _poller({}, sink)
    try:
        await poller.poll_due([spec], T0)
        changed = RSS.replace(b"voted 9 to 4 on Saturday", b"voted 10 to 3 on Saturday")
        server.routes["/rss"] = static(changed, "application/rss+xml")
        await poller.poll_due([spec], T0 + 20)
        await poller.poll_due([spec], T0 + 40)
    finally:
        await _close(poller)
    assert sink.events() == ["new", "new", "update"]
    update = orjson.loads(sink.published[2].value)
    assert update["id"] == "127.0.0.1/hg-2026-1101" and "10 to 3" in update["html"]


async def test_503_with_retry_after_is_honoured(server, sink) -> None:
    answers = itertools.chain([(503, {"Retry-After": "120"}, b"busy")],
                              itertools.repeat(None))
    ok = static(RSS, "application/rss+xml")
    server.routes["/rss"] = lambda h: next(answers) or ok(h)
    spec = FeedSpec(server.url("/rss"), interval_s=5)
    poller = _poller({}, sink)
    try:
        await poller.poll_due([spec], T0)
        assert poller.metrics["feed_error.http_503"] == 1 and not sink.published
        # The first backoff step alone would allow a retry after 5-10 s; the server said 120.
        assert await poller.poll_due([spec], T0 + 60) == 0
        assert await poller.poll_due([spec], T0 + 121) == 1
    finally:
        await _close(poller)
    assert len(server.hits("/rss")) == 2 and len(sink.published) == 2


async def test_errors_back_off_exponentially(server, sink) -> None:
    server.routes["/down"] = lambda h: (500, {}, b"oops")
    spec = FeedSpec(server.url("/down"), interval_s=5)
    poller = _poller({}, sink)
    due = []
    try:
        now = T0
        for _ in range(4):
            await poller.poll_due([spec], now)
            now = poller.schedules[spec.url].next_due
            due.append(now)
    finally:
        await _close(poller)
    gaps = [b - a for a, b in itertools.pairwise([T0, *due])]
    assert all(g2 > g1 for g1, g2 in itertools.pairwise(gaps)), gaps
    assert poller.schedules[spec.url].failures == 4


@pytest.mark.parametrize(("name", "content_type", "kind"), [
    ("malformed.xml", "application/rss+xml", "malformed"),
    ("html-page.html", "text/html; charset=utf-8", "not_a_feed"),
    ("html-page.html", "application/rss+xml", "not_a_feed"),
])
async def test_broken_feeds_are_counted_and_do_not_stop_the_others(
        server, sink, name, content_type, kind) -> None:
    server.routes["/bad"] = static(fixture(name), content_type)
    server.routes["/rss"] = static(RSS, "application/rss+xml")
    poller = _poller({}, sink)
    try:
        await poller.poll_due([FeedSpec(server.url("/bad")), FeedSpec(server.url("/rss"))], T0)
    finally:
        await _close(poller)
    assert poller.metrics[f"feed_error.{kind}"] == 1
    assert len(sink.published) == 2  # the good feed still went out


async def test_redirect_timeout_size_limit_and_wrong_encoding(server, sink) -> None:
    server.routes["/moved"] = lambda h: (301, {"Location": "/rss"}, b"")
    server.routes["/rss"] = static(RSS, "application/rss+xml")
    server.routes["/loop"] = lambda h: (302, {"Location": "/loop"}, b"")
    # Served gzipped (a few hundred bytes on the wire): the limit applies to what it inflates to.
    server.routes["/huge"] = static(b"<rss>" + b" " * 200_000 + b"</rss>", "application/xml")
    server.routes["/latin1"] = static(fixture("latin1-declared-utf8.xml"), "application/rss+xml")
    server.routes["/slow"] = lambda h: (time.sleep(1.0), (200, {}, RSS))[1]
    paths = ("/moved", "/loop", "/huge", "/latin1", "/slow")
    specs = [FeedSpec(server.url(p)) for p in paths]
    poller = _poller({}, sink, NEWSSTREAM_INGEST_MAX_FEED_BYTES="100000",
                     NEWSSTREAM_INGEST_TIMEOUT_S="0.3")
    try:
        await poller.poll_due([*specs, FeedSpec("http://127.0.0.1:1/closed-port")], T0)
    finally:
        await _close(poller)
    m = poller.metrics
    assert m["redirected"] == 1 and m["feed_error.redirects"] == 1
    assert m["feed_error.too_large"] == 1 and m["feed_error.connection"] == 1
    assert m["feed_error.timeout"] == 1
    assert m["feed_warning"] == 1  # the encoding override, parsed anyway
    titles = {orjson.loads(p.value).get("title") for p in sink.published}
    assert "Café opens" in titles and "Council approves the new ferry terminal" in titles


async def test_page_fetch_honours_robots_txt(server, sink) -> None:
    base = server.url("")
    feed = fixture("rss.xml").replace(b"https://www.harbour-gazette.example", base.encode())
    server.routes["/rss"] = static(feed, "application/rss+xml")
    server.routes["/robots.txt"] = static(b"User-agent: newsstream\nDisallow: /news/storm",
                                          "text/plain")
    # No charset in the header: the page's <meta> says Latin-1.
    page = ('<html><head><meta charset="iso-8859-1"></head><body><article><p>The whole story '
            "from the café.</p></article></body></html>")
    server.routes["/news/ferry-terminal"] = static(page.encode("latin-1"), "text/html")
    poller = _poller({}, sink)
    try:
        await poller.poll_due([FeedSpec(server.url("/rss"), fetch_page=True)], T0)
    finally:
        await _close(poller)
    records = {r["id"]: r for r in (orjson.loads(p.value) for p in sink.published)}
    assert records["127.0.0.1/hg-2026-1101"]["html"] == page
    storm = records[f"{base}/news/storm-warning"]
    assert "gusts" in storm["html"]  # disallowed: the feed's own content is kept
    assert server.hits("/news/storm-warning") == []
    assert poller.metrics["page_robots_disallowed"] == 1
    assert len(server.hits("/robots.txt")) == 1  # cached per origin
