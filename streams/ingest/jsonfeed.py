"""JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1): feedparser does not read it and the
format is small enough that a strict reader here is simpler than another dependency."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import orjson

from streams.ingest.items import FeedError, FeedItem, ParsedFeed
from streams.ingest.policy import charset_of


def parse(body: bytes, content_type: str, url: str) -> ParsedFeed:
    warnings: list[str] = []
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError:
        # The spec requires UTF-8; a server declaring another charset gets one second chance.
        doc = orjson.loads(_recode(body, content_type, warnings))
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise FeedError("malformed", "JSON but not a JSON Feed (no jsonfeed.org `version`)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError("malformed", "JSON Feed without an `items` array")
    language = _str(doc.get("language"))
    feed_authors = _authors(doc)
    parsed = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            warnings.append(f"item {i} is not an object")
            continue
        parsed.append(_item(item, url, language, feed_authors))
    return ParsedFeed("json" + doc["version"].rsplit("/", 1)[-1], parsed, warnings)


def _recode(body: bytes, content_type: str, warnings: list[str]) -> bytes:
    charset = charset_of(content_type)
    recoded = body.decode(charset or "utf-8", errors="replace").encode("utf-8")
    try:
        orjson.loads(recoded)
    except orjson.JSONDecodeError as exc:
        raise FeedError("malformed", f"not valid JSON: {exc}") from None
    warnings.append(f"decoded as {charset or 'utf-8 with replacements'}")
    return recoded


def _item(item: dict[str, Any], feed_url: str, language: str | None,
          feed_authors: tuple[str, ...]) -> FeedItem:
    link = _str(item.get("url")) or _str(item.get("external_url"))
    html = _str(item.get("content_html"))
    text = _str(item.get("content_text")) or _str(item.get("summary"))
    guid = item.get("id")
    return FeedItem(
        # The spec makes `id` a string but 1.0 feeds often use numbers.
        guid=(str(guid).strip() or None) if isinstance(guid, str | int) else None,
        link=urljoin(feed_url, link) if link else None,
        title=_str(item.get("title")),
        published=_time(item.get("date_published")) or _time(item.get("date_modified")),
        content=html or text,
        content_is_html=html is not None,
        authors=_authors(item) or feed_authors,
        language=_str(item.get("language")) or language,
    )


def _authors(obj: dict[str, Any]) -> tuple[str, ...]:
    # 1.1 `authors` (a list) supersedes 1.0 `author` (one object).
    people = obj.get("authors")
    if not isinstance(people, list):
        people = [obj["author"]] if isinstance(obj.get("author"), dict) else []
    return tuple(n for p in people if isinstance(p, dict) and (n := _str(p.get("name"))))


def _str(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
