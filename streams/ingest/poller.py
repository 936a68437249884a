"""One polling round over the due feeds: fetch (conditionally), parse, map, skip what was
seen, publish, then remember. Every failure is logged with the feed URL, counted, and
turned into a later retry: nothing a feed serves can stop the ingester."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import orjson
import structlog

from streams.ingest import policy
from streams.ingest.feeds import parse_feed
from streams.ingest.fetch import Fetcher, FetchError
from streams.ingest.items import FeedError, FeedItem
from streams.ingest.mapping import NoContent, map_item
from streams.ingest.pages import PageFetcher
from streams.ingest.sources import FeedSpec
from streams.ingest.state import SeenState
from streams.metrics import INGEST_EVENTS
from streams.settings import Settings

log = structlog.get_logger(__name__)

_QUIET = {"feeds_ok", "not_modified"}
# Items absent from every feed this long are forgotten (see SeenState.prune).
FORGET_AFTER_S = 30 * 24 * 3600.0
PRUNE_EVERY_S = 3600.0
# Requests in flight: to one host, and in all.
PER_HOST = 2
MAX_IN_FLIGHT = 16
# Header on every published record: "new", or "update" for a changed item (same id).
H_EVENT = "ns-ingest-event"


@dataclass(frozen=True, slots=True)
class Publication:
    key: bytes
    value: bytes
    headers: tuple[tuple[str, bytes], ...]


Publish = Callable[[list[Publication]], Awaitable[None]]


@dataclass(slots=True)
class Schedule:
    next_due: float = 0.0
    failures: int = 0


class HttpStatus(Exception):
    def __init__(self, status: int, retry_after_s: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after_s = retry_after_s


class Poller:
    def __init__(
        self, fetcher: Fetcher, seen: SeenState, publish: Publish, *,
        default_interval_s: float, max_feed_bytes: int, pages: PageFetcher,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.fetcher = fetcher
        self.seen = seen
        self.publish = publish
        self.default_interval_s = default_interval_s
        self.max_feed_bytes = max_feed_bytes
        self.pages = pages
        self.rand = rand
        self.schedules: dict[str, Schedule] = {}
        # Simple counters, logged after every round that did something.
        self.metrics: Counter[str] = Counter()
        self._told_no_content: set[tuple[str, str | None]] = set()
        self._last_prune = 0.0

    def maybe_prune(self, now: float) -> None:
        """Hourly: forget items gone from every feed for FORGET_AFTER_S."""
        if now - self._last_prune >= PRUNE_EVERY_S:
            self._last_prune = now
            self.metrics["items_forgotten"] += self.seen.prune(now, FORGET_AFTER_S)

    async def poll_due(self, specs: Iterable[FeedSpec], now: float) -> int:
        """Poll every feed that is due at `now`; returns how many were polled."""
        due = [s for s in specs if self.schedules.setdefault(s.url, Schedule()).next_due <= now]
        before = self.metrics.copy()
        await asyncio.gather(*(self._poll_safely(s, now) for s in due))
        if due:
            delta = self.metrics - before
            for event, count in delta.items():
                INGEST_EVENTS.labels(event).inc(count)
            # Quiet rounds (nothing new, nothing wrong) are the norm: keep them out of INFO.
            emit = log.info if set(delta) - _QUIET else log.debug
            emit("ingest round", feeds=len(due), **dict(sorted(delta.items())))
        return len(due)

    async def _poll_safely(self, spec: FeedSpec, now: float) -> None:
        schedule = self.schedules[spec.url]
        retry_after = None
        try:
            await self._poll(spec, now)
        except HttpStatus as exc:
            kind, reason, retry_after = f"http_{exc.status}", str(exc), exc.retry_after_s
        except (FetchError, FeedError) as exc:
            kind, reason = exc.kind, str(exc)
        except Exception as exc:  # a bug must not stop the other feeds; it is logged in full
            log.exception("feed poll failed unexpectedly", feed=spec.url)
            kind, reason = "unexpected", repr(exc)
        else:
            schedule.failures = 0
            interval = spec.interval_s or self.default_interval_s
            schedule.next_due = now + policy.poll_delay(interval, self.rand)
            self.metrics["feeds_ok"] += 1
            return
        schedule.failures += 1
        delay = policy.retry_delay(schedule.failures, retry_after, self.rand)
        schedule.next_due = now + delay
        self.metrics[f"feed_error.{kind}"] += 1
        log.warning("feed poll failed", feed=spec.url, kind=kind, reason=reason[:300],
                    failures=schedule.failures, retry_in_s=round(delay, 1))

    async def _poll(self, spec: FeedSpec, now: float) -> None:
        headers = policy.conditional_headers(self.seen.validators(spec.url))
        resp = await self.fetcher.get(spec.url, headers, self.max_feed_bytes)
        if resp.status == 304:
            self.metrics["not_modified"] += 1
            return
        if resp.status != 200:
            retry_after = policy.parse_retry_after(resp.headers.get("retry-after"), now)
            raise HttpStatus(resp.status, retry_after)
        if resp.redirected:
            self.metrics["redirected"] += 1
            log.info("feed redirected", feed=spec.url, to=resp.url)
        # In a thread: a large feed takes feedparser a good part of a second, too long to hold
        # the worker's event loop (heartbeats, other agents).
        parsed = await asyncio.to_thread(parse_feed, resp.body, resp.content_type, resp.url)
        for warning in parsed.warnings:
            self.metrics["feed_warning"] += 1
            log.warning("feed parsed with problems", feed=spec.url, problem=warning[:300])
        out, marks = await self._new_items(spec, parsed.items, now)
        if out:
            await self.publish(out)  # acknowledged by the broker before anything is marked
        for article_id, digest, verdict in marks:
            self.seen.mark(article_id, digest, now)
            self.metrics[f"published_{verdict}"] += 1
        self.seen.set_validators(spec.url, policy.validators_from(resp.headers))

    async def _new_items(self, spec: FeedSpec, items: list[FeedItem], now: float
                         ) -> tuple[list[Publication], list[tuple[str, str, str]]]:
        out: list[Publication] = []
        marks: list[tuple[str, str, str]] = []
        in_this_feed: set[str] = set()
        for item in items:
            try:
                mapped = map_item(item, spec)
            except NoContent as exc:
                self.metrics["item_no_content"] += 1
                # Said once per item and process, not on every poll while it stays in the feed.
                if (spec.url, item.guid or item.link) not in self._told_no_content:
                    self._told_no_content.add((spec.url, item.guid or item.link))
                    log.warning("feed item has no content; set fetch_page for this feed",
                                feed=spec.url, guid=item.guid, link=item.link, reason=str(exc))
                continue
            article_id = mapped.record["id"]
            if article_id in in_this_feed:
                continue
            in_this_feed.add(article_id)
            verdict = self.seen.verdict(article_id, mapped.digest)
            if verdict == "same":
                self.seen.touch(article_id, now)
                continue
            record = mapped.record
            if spec.fetch_page and "url" in record:
                record = await self.pages.with_page(record, spec.url, now, self.metrics)
            if "html" not in record and "text" not in record:
                continue  # no feed content and no page: counted by the page fetcher
            out.append(Publication(article_id.encode(), orjson.dumps(record),
                                   ((H_EVENT, verdict.encode()),)))
            marks.append((article_id, mapped.digest, verdict))
        return out, marks



def build_poller(settings: Settings, seen: SeenState, publish: Publish) -> Poller:
    fetcher = Fetcher(timeout_s=settings.ingest_timeout_s, per_host=PER_HOST,
                      host_interval_s=settings.ingest_host_interval_s,
                      max_in_flight=MAX_IN_FLIGHT)
    return Poller(fetcher, seen, publish, default_interval_s=settings.ingest_interval_s,
                  max_feed_bytes=settings.ingest_max_feed_bytes,
                  pages=PageFetcher(fetcher, settings.max_article_bytes))
