"""Prometheus metrics: one registry, named in one place. Pure prometheus_client, no faust."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry()

RECORDS_IN = Counter(
    "newsstream_records_in", "Messages consumed, by agent.", ["agent"], registry=REGISTRY
)
RECORDS_OUT = Counter(
    "newsstream_records_out", "Records published and acknowledged, by topic.", ["topic"],
    registry=REGISTRY,
)
DEAD_LETTERS = Counter(
    "newsstream_dead_letters", "Messages sent to the dead-letter topic.", ["kind", "stage"],
    registry=REGISTRY,
)
STAGE_SECONDS = Histogram(
    "newsstream_stage_seconds", "Seconds per document spent in each enrichment stage.",
    ["stage"], registry=REGISTRY,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
BATCH_SECONDS = Histogram(
    "newsstream_batch_seconds", "Seconds from taking a batch to acking it, by agent.", ["agent"],
    registry=REGISTRY, buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
CONSUMER_LAG = Gauge(
    "newsstream_consumer_lag", "Records past the committed offset, up to the log end.",
    ["topic", "partition"], registry=REGISTRY,
)
INGEST_EVENTS = Counter(
    "newsstream_ingest_events", "Feed ingestion events (feeds_ok, items_new, feed_error.*, ...).",
    ["event"], registry=REGISTRY,
)
LOOP_STALL = Histogram(
    "newsstream_loop_stall_seconds", "How late the event loop ran a timer (blocking work).",
    registry=REGISTRY, buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10),
)
LOOP_STALL_MAX = Gauge(
    "newsstream_loop_stall_seconds_max", "Longest event-loop stall since start.", registry=REGISTRY
)


def observe_stage(stage: str, seconds: float, docs: int) -> None:
    """`Pipeline` stage hook: per-document time of a batch."""
    if docs:
        STAGE_SECONDS.labels(stage).observe(seconds / docs)


_longest_stall = 0.0


def observe_stall(seconds: float) -> None:
    global _longest_stall
    LOOP_STALL.observe(seconds)
    if seconds > _longest_stall:
        _longest_stall = seconds
        LOOP_STALL_MAX.set(seconds)


def longest_stall() -> float:
    return _longest_stall
