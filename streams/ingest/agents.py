"""The worker's ingest (off unless NEWSSTREAM_INGEST_IN_WORKER is on): a timer that polls
the feeds file and the `feeds` topic's feeds, and an agent that keeps the latter current.

Only the group leader polls (`on_leader`), so several workers never fetch or publish the same
feed twice. Seen items and feed validators live in a global table: every worker restores
the whole changelog, so whichever becomes leader after a restart or rebalance knows what
was already published.
"""

from __future__ import annotations

import time
from typing import Any

import faust
import orjson
import structlog

from streams.delivery import Outgoing, deliver
from streams.enrich.records import dlq_record, encode
from streams.ingest.poller import Publication, build_poller
from streams.ingest.sources import BadFeedSpec, load_feeds_file, spec_from_dict, spec_from_record
from streams.ingest.state import SeenState
from streams.settings import Settings
from streams.topics import Topics

log = structlog.get_logger(__name__)

SEEN_TABLE = "ingest-seen"
FEEDS_TABLE = "ingest-feeds"
TICK_S = 1.0


def register_ingest(app: faust.App, topics: Topics, settings: Settings) -> list[Any]:
    if not settings.ingest_in_worker:
        return []
    # Read now: a bad feeds file stops start-up with the line at fault.
    file_specs = load_feeds_file(settings.feeds_file) if settings.feeds_file else []

    def global_table(name: str) -> Any:
        # use_partitioner: written from a timer, outside any event's partition;
        # synchronize_all_active_partitions: every worker follows every partition.
        return app.GlobalTable(name, partitions=settings.partitions, key_type=str,
                               use_partitioner=True, synchronize_all_active_partitions=True)

    seen_table = global_table(SEEN_TABLE)
    feeds_table = global_table(FEEDS_TABLE)

    async def publish(pubs: list[Publication]) -> None:
        await deliver([Outgoing(topics.raw, p.key, p.value, p.headers) for p in pubs])

    poller = build_poller(settings, SeenState(seen_table), publish)

    @app.agent(topics.feeds, name="ingest-feeds", concurrency=1)
    async def follow_feeds(stream: faust.StreamT) -> None:
        async for event in stream.events():
            key = event.message.key.decode("utf-8", "replace") if event.message.key else None
            if event.message.value is None:
                if key is not None:
                    feeds_table.pop(key, None)
                continue
            try:
                spec = spec_from_record(event.message.value)
            except BadFeedSpec as exc:
                await _dead_letter(event.message, exc)
                continue
            feeds_table[key or spec.url] = orjson.loads(event.message.value)

    async def _dead_letter(msg: Any, exc: BadFeedSpec) -> None:
        poller.metrics["bad_feed_record"] += 1
        log.warning("bad feeds record dead-lettered", kind=exc.kind, reason=str(exc),
                    partition=msg.partition, offset=msg.offset)
        record = dlq_record(key=msg.key, value=msg.value, error_kind=exc.kind,
                            error_message=str(exc), stage="decode", topic=msg.topic,
                            partition=msg.partition, offset=msg.offset)
        await deliver([Outgoing(topics.dlq, msg.key, encode(record))])

    @app.timer(TICK_S, on_leader=True)
    async def poll_feeds() -> None:
        if app.rebalancing or app.in_recovery:
            return  # the seen table may be incomplete: polling now could republish
        # An exception escaping a faust timer crashes the worker, enrichment included; the
        # poller already contains each feed's failures, this catches a bug around it.
        try:
            await _round()
        except Exception:
            poller.metrics["round_failed"] += 1
            log.exception("ingest round failed")

    async def _round() -> None:
        specs = {s.url: s for s in file_specs}
        for value in list(feeds_table.values()):
            spec = spec_from_dict(value)  # validated on the way in
            specs[spec.url] = spec
        now = time.time()
        poller.maybe_prune(now)
        await poller.poll_due(specs.values(), now)

    @app.on_before_shutdown.connect
    async def close_http(app: faust.App, **_: Any) -> None:
        await poller.fetcher.aclose()

    return [follow_feeds, poll_feeds]
