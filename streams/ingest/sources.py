"""Which feeds to poll: a feeds file (JSON lines or bare URLs) and `feeds` topic records.

Both carry the same object (schemas/feeds.schema.json), so one parser serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

MIN_INTERVAL_S = 1.0


class BadFeedSpec(ValueError):
    # `kind` uses the dead-letter kinds of streams.enrich.raw, so a bad `feeds` record can
    # go to the DLQ like a bad article.
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class FeedSpec:
    url: str
    source: str | None = None
    language: str | None = None
    # None: the configured default interval.
    interval_s: float | None = None
    # Fetch each item's linked page (robots.txt permitting) and publish its HTML instead of
    # the feed's excerpt, so the clean stage can extract the full body.
    fetch_page: bool = False


def spec_from_dict(obj: Any) -> FeedSpec:
    if not isinstance(obj, dict):
        raise BadFeedSpec("not_object", f"expected a JSON object, got {type(obj).__name__}")
    url = obj.get("url")
    if not isinstance(url, str):
        raise BadFeedSpec("wrong_type", "`url` must be a string")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadFeedSpec("invalid_field", f"`url` must be an absolute http(s) URL: {url[:200]!r}")
    for name in ("source", "language"):
        if obj.get(name) is not None and not isinstance(obj[name], str):
            raise BadFeedSpec("wrong_type", f"`{name}` must be a string")
    interval = obj.get("interval_s")
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int | float)
        or interval < MIN_INTERVAL_S
    ):
        raise BadFeedSpec("invalid_field", f"`interval_s` must be a number >= {MIN_INTERVAL_S}")
    fetch_page = obj.get("fetch_page", False)
    if not isinstance(fetch_page, bool):
        raise BadFeedSpec("wrong_type", "`fetch_page` must be true or false")
    return FeedSpec(
        url=url.strip(),
        source=obj.get("source"),
        language=obj.get("language"),
        interval_s=float(interval) if interval is not None else None,
        fetch_page=fetch_page,
    )


def spec_from_record(value: bytes) -> FeedSpec:
    """A `feeds` topic value (JSON object)."""
    try:
        obj = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise BadFeedSpec("not_json", f"not JSON: {exc}") from None
    return spec_from_dict(obj)


def parse_feeds_file(text: str) -> list[FeedSpec]:
    """One feed per line: a JSON object or a bare URL; blank lines and `#` comments skipped.
    A bad line is an error naming its number: a typo should stop start-up, not hide a feed."""
    specs: dict[str, FeedSpec] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            spec = spec_from_record(line.encode()) if line.startswith("{") else spec_from_dict(
                {"url": line})
        except BadFeedSpec as exc:
            raise BadFeedSpec(exc.kind, f"line {number}: {exc}") from None
        specs[spec.url] = spec  # a repeated URL: the last line wins
    return list(specs.values())


def load_feeds_file(path: str | Path) -> list[FeedSpec]:
    return parse_feeds_file(Path(path).read_text(encoding="utf-8"))
