"""What the feed parsers produce, whatever the format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class FeedError(ValueError):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class FeedItem:
    guid: str | None
    link: str | None
    title: str | None
    published: datetime | None
    # The richest content the feed carries, and whether it is HTML.
    content: str | None
    content_is_html: bool
    authors: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    kind: str  # "rss20", "atom10", ..., "json1"
    items: list[FeedItem]
    # Problems the parser worked around (e.g. a wrong declared encoding).
    warnings: list[str] = field(default_factory=list)
