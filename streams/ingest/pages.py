"""Optional fetch of an item's linked page, robots.txt permitting, for the full article HTML.
A page that cannot be had leaves the feed's own content in place."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import structlog

from streams.ingest.fetch import Fetcher, FetchError
from streams.ingest.mapping import with_page
from streams.ingest.policy import charset_of, known_codec
from streams.ingest.robots import RobotsCache, Rules, robots_url, rules_from_response

log = structlog.get_logger(__name__)

MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", re.IGNORECASE)


class PageFetcher:
    def __init__(self, fetcher: Fetcher, max_page_bytes: int) -> None:
        self.fetcher = fetcher
        self.max_page_bytes = max_page_bytes
        self.robots = RobotsCache()

    async def with_page(self, record: dict[str, Any], feed_url: str, now: float,
                        metrics: Counter[str]) -> dict[str, Any]:
        url = record["url"]
        rules = await self._rules(url, now)
        if not rules.allows(url):
            metrics["page_robots_disallowed"] += 1
            log.info("page fetch disallowed by robots.txt", feed=feed_url, url=url)
            return record
        try:
            resp = await self.fetcher.get(url, {}, self.max_page_bytes)
        except FetchError as exc:
            return self._keep(record, metrics, feed_url, url, exc.kind, str(exc))
        if resp.status != 200:
            return self._keep(record, metrics, feed_url, url, f"http_{resp.status}", "")
        if "html" not in resp.content_type.lower():
            return self._keep(record, metrics, feed_url, url, "not_html", resp.content_type)
        metrics["page_fetched"] += 1
        # Undecodable bytes are replaced: a wrong charset costs characters, not the article.
        charset = _charset(resp.content_type, resp.body)
        return with_page(record, resp.body.decode(charset, "replace"))

    async def _rules(self, url: str, now: float) -> Rules:
        rules = self.robots.get(url, now)
        if rules is None:
            try:
                resp = await self.fetcher.get(robots_url(url), {}, MAX_ROBOTS_BYTES)
                rules = rules_from_response(resp.status, resp.body.decode("utf-8", "replace"),
                                            now)
            except FetchError:
                rules = rules_from_response(None, "", now)
            self.robots.put(url, rules)
        return rules

    @staticmethod
    def _keep(record: dict[str, Any], metrics: Counter[str], feed_url: str, url: str,
              kind: str, reason: str) -> dict[str, Any]:
        metrics[f"page_error.{kind}"] += 1
        log.warning("page fetch failed; keeping the feed's content", feed=feed_url, url=url,
                    kind=kind, reason=reason[:300])
        return record


def _charset(content_type: str, body: bytes) -> str:
    """The header's charset, else a <meta> charset in the first bytes, else UTF-8."""
    meta = _META_CHARSET.search(body[:4096])
    return (charset_of(content_type)
            or (known_codec(meta.group(1).decode("ascii")) if meta else None)
            or "utf-8")
