"""Feed documents → `FeedItem`s: RSS 0.9x/1.0/2.0 and Atom via feedparser, JSON Feed via
`streams.ingest.jsonfeed`. Pure: bytes and response headers in, items or `FeedError` out."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from streams.ingest import jsonfeed
from streams.ingest.items import FeedError, FeedItem, ParsedFeed

_XML_START = re.compile(rb"^\s*(<\?xml|<rss|<feed|<rdf:RDF|<!--)", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
_BOM = b"\xef\xbb\xbf"


def parse_feed(body: bytes, content_type: str, url: str) -> ParsedFeed:
    stripped = body.removeprefix(_BOM).lstrip()
    if not stripped:
        raise FeedError("empty_body", "empty response body")
    if _is_json(stripped, content_type):
        return jsonfeed.parse(stripped, content_type, url)
    if not _XML_START.match(stripped) and (
        _HTML_START.match(stripped) or "html" in content_type.lower()
    ):
        raise FeedError("not_a_feed", f"an HTML page, not a feed ({content_type or 'no type'})")
    # feedparser weighs the HTTP charset against the XML declaration; it needs both. Its HTML
    # sanitising and link rewriting would halve its speed for nothing: the clean stage
    # extracts text from this HTML, as it does from pages fetched whole.
    parsed = feedparser.parse(
        body, response_headers={"content-type": content_type, "content-location": url},
        sanitize_html=False, resolve_relative_uris=False,
    )
    warnings = []
    if parsed.bozo:
        exc = parsed.get("bozo_exception")
        # Recovered items are worth publishing; a broken document that yields none is not.
        if not parsed.version or not parsed.entries:
            raise FeedError("malformed", f"not a readable feed: {exc}")
        warnings.append(f"{type(exc).__name__}: {exc}")
    if not parsed.version:
        raise FeedError("not_a_feed", "no RSS or Atom root element")
    language = parsed.feed.get("language")
    items = [_item(entry, url, language) for entry in parsed.entries]
    return ParsedFeed(parsed.version, items, warnings)


def _is_json(body: bytes, content_type: str) -> bool:
    return "json" in content_type.lower() or body[:1] == b"{"


def _item(entry: Any, feed_url: str, language: str | None) -> FeedItem:
    content, is_html = _content(entry)
    link = entry.get("link")
    return FeedItem(
        guid=(entry.get("id") or "").strip() or None,
        link=urljoin(feed_url, link) if link else None,
        title=(entry.get("title") or "").strip() or None,
        published=_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        content=content,
        content_is_html=is_html,
        authors=tuple(a["name"] for a in entry.get("authors", ()) if a.get("name")),
        language=language,
    )


def _content(entry: Any) -> tuple[str | None, bool]:
    """Full content (Atom <content>, RSS <content:encoded>) over the summary; longest wins."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content", ())]
    summary = entry.get("summary_detail")
    if summary:
        candidates.append((summary.get("value") or "", summary.get("type") or ""))
    candidates = [(v, t) for v, t in candidates if v.strip()]
    if not candidates:
        return None, False
    value, mime = max(candidates, key=lambda c: len(c[0]))
    return value, mime != "text/plain"


def _time(parsed: Any) -> datetime | None:
    # feedparser normalises every date format it knows to a UTC struct_time.
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, TypeError):
        return None
