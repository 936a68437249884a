"""Topic names and their Kafka-level properties: the wire contract's addresses.

Values are raw bytes on every topic: the agents decode and encode JSON themselves so that
a value faust could not decode still reaches the dead-letter topic instead of vanishing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import faust

    from streams.settings import Settings

RAW = "articles.raw"
ENRICHED = "articles.enriched"
SEARCH = "search.documents"
QUOTES = "quotes"
ALERTS = "alerts"
SUBSCRIPTIONS = "subscriptions"
DLQ = "articles.dlq"
# Feeds to poll (streams/ingest/), keyed by feed URL; a tombstone removes the feed.
FEEDS = "feeds"
# Internal: raw articles re-keyed by publisher (see streams/agents.py).
BY_SOURCE = "articles.by-source"
# Internal: cleaned articles, keyed by article id, for the model stages (see streams/agents.py).
CLEANED = "articles.cleaned"
# Topics between the worker's own agents: no wire contract in schemas/, nobody else's to read.
INTERNAL = frozenset({BY_SOURCE, CLEANED})


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    config: dict[str, str] = field(default_factory=dict)


SPECS = (
    TopicSpec(RAW),
    TopicSpec(ENRICHED),
    # Keyed by article id: compaction keeps the latest document per article for re-indexing.
    TopicSpec(SEARCH, {"cleanup.policy": "compact,delete"}),
    TopicSpec(QUOTES),
    TopicSpec(ALERTS),
    TopicSpec(SUBSCRIPTIONS, {"cleanup.policy": "compact"}),
    TopicSpec(DLQ),
    TopicSpec(FEEDS, {"cleanup.policy": "compact"}),
    TopicSpec(BY_SOURCE),
    TopicSpec(CLEANED),
)


@dataclass(frozen=True, slots=True)
class Topics:
    raw: faust.TopicT
    enriched: faust.TopicT
    search: faust.TopicT
    quotes: faust.TopicT
    alerts: faust.TopicT
    subscriptions: faust.TopicT
    dlq: faust.TopicT
    feeds: faust.TopicT
    by_source: faust.TopicT
    cleaned: faust.TopicT


def declare(app: faust.App, settings: Settings) -> Topics:
    def topic(name: str) -> faust.TopicT:
        return app.topic(
            settings.topic(name),
            key_serializer="raw",
            value_serializer="raw",
            partitions=settings.partitions,
        )

    return Topics(
        raw=topic(RAW),
        enriched=topic(ENRICHED),
        search=topic(SEARCH),
        quotes=topic(QUOTES),
        alerts=topic(ALERTS),
        subscriptions=topic(SUBSCRIPTIONS),
        dlq=topic(DLQ),
        feeds=topic(FEEDS),
        by_source=topic(BY_SOURCE),
        cleaned=topic(CLEANED),
    )
