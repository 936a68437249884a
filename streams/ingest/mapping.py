"""A `FeedItem` → an `articles.raw` record (schemas/articles.raw.schema.json).

The id is stable across polls and restarts: the item's guid (qualified by the feed's host
unless it is a URL or URI), else its canonical URL, else a hash of its title and content.
The digest says whether an already-seen item has changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from streams.enrich.raw import derive_id
from streams.ingest.items import FeedItem
from streams.ingest.sources import FeedSpec

# Guids that are globally unique by construction: URLs, tag: and urn: URIs.
_GLOBAL_GUID = re.compile(r"^(https?://|tag:|urn:)", re.IGNORECASE)
# Query parameters that say how a reader arrived, not which article it is.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


@dataclass(frozen=True, slots=True)
class Mapped:
    record: dict[str, Any]
    # Of the feed's own fields, so an optional page fetch cannot make every poll an update.
    digest: str


class NoContent(ValueError):
    pass


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no fragment, no default port, no tracking parameters."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    try:
        port = parts.port
    except ValueError:
        return None
    netloc = host if port in (None, default) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(_TRACKING)])
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def item_id(item: FeedItem, url: str | None, feed_url: str) -> str:
    if item.guid:
        if _GLOBAL_GUID.match(item.guid):
            return item.guid
        # A bare guid ("1234") is only unique within its publisher's CMS: qualify it with the
        # feed's host, which all of one site's feeds (sections, tags) share.
        return f"{_host(feed_url)}/{item.guid}"
    if url:
        return url
    return derive_id(None, f"{item.title or ''}\n{item.content or ''}")


def map_item(item: FeedItem, spec: FeedSpec) -> Mapped:
    """Raises `NoContent` when the feed carries nothing to enrich (and no page is fetched)."""
    url = canonical_url(item.link)
    if not (item.content and item.content.strip()) and not (spec.fetch_page and url):
        raise NoContent("the item has no content and its page is not fetched")
    record: dict[str, Any] = {
        "id": item_id(item, url, spec.url),
        "url": url,
        "source": spec.source or _host(url) or _host(spec.url),
        "title": item.title,
        "published_at": _rfc3339(item),
        "language": spec.language or item.language,
        "authors": list(item.authors) or None,
    }
    if item.content and item.content.strip():
        record["html" if item.content_is_html else "text"] = item.content
    record = {k: v for k, v in record.items() if v is not None}
    return Mapped(record, digest(item))


def with_page(record: dict[str, Any], html: str) -> dict[str, Any]:
    """The record with the linked page's HTML as its content."""
    out = {k: v for k, v in record.items() if k not in ("html", "text")}
    out["html"] = html
    return out


def digest(item: FeedItem) -> str:
    basis = orjson.dumps([item.title, item.content, item.link])
    return hashlib.sha256(basis).hexdigest()[:24]


def _rfc3339(item: FeedItem) -> str | None:
    if item.published is None:
        return None
    return item.published.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
