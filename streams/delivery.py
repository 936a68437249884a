"""Batches in, records out, acks last: the stream mechanics every agent shares.

A batch's outputs are on the broker before its offsets may be committed. Retries are
bounded only by shutdown: giving up would mean either losing records or committing past them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import faust
import structlog

from streams.enrich.records import encode
from streams.metrics import DEAD_LETTERS, RECORDS_IN, RECORDS_OUT

log = structlog.get_logger(__name__)

MAX_BACKOFF_S = 30.0
SHUTDOWN_GRACE_S = 10.0


@dataclass(frozen=True, slots=True)
class Outgoing:
    topic: faust.TopicT
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()
    partition: int | None = None  # None: the key's, by the default partitioner


async def deliver(records: Sequence[Outgoing]) -> None:
    """Send all records and wait for the broker's acks; re-send what failed, with backoff."""
    pending = list(records)
    backoff = 0.5
    while pending:
        results = await _send_all(pending)
        failed = [r for r, res in zip(pending, results, strict=True) if isinstance(res, Exception)]
        if failed:
            errors = {type(res).__name__ for res in results if isinstance(res, Exception)}
            log.warning("publish failed, retrying", failed=len(failed), errors=sorted(errors),
                        backoff_s=backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_S)
        pending = failed


async def _send_all(records: Sequence[Outgoing]) -> list[Any]:
    """Each record's ack or exception. Straight to the app's producer, one record after the
    other, and one wait for all the acks: through `Topic.send`, with a task per record, a
    record took twice the CPU (0.065 against 0.035 ms), and an article makes some twenty
    records, most of them quotes. In exactly_once mode the app's producer is faust's
    transaction manager, as for `Topic.send`."""
    producer = await records[0].topic.app.maybe_start_producer()
    acks: list[Any] = []
    for record in records:
        try:
            acks.append(await producer.send(record.topic.get_topic_name(), record.key,
                                            record.value, record.partition, None,
                                            list(record.headers)))
        except Exception as exc:  # not queued (no metadata in time, too large): retried
            acks.append(_failed(exc))
    return await asyncio.gather(*acks, return_exceptions=True)


def _failed(exc: Exception) -> asyncio.Future[Any]:
    future = asyncio.get_running_loop().create_future()
    future.set_exception(exc)
    return future


async def batches(
    stream: faust.StreamT, size: int, timeout_s: float
) -> AsyncIterator[list[faust.EventT]]:
    # noack_take leaves acking to us: an event is acked only after its outputs are delivered,
    # so a crash or shutdown mid-batch redelivers instead of committing past it.
    async for events in stream.noack_take(size, within=timeout_s):
        yield list(events)


async def ack(stream: faust.StreamT, events: list[faust.EventT], agent: str) -> None:
    for event in events:
        await stream.ack(event)
    RECORDS_IN.labels(agent).inc(len(events))


async def publish(records: list[Outgoing]) -> None:
    await deliver(records)
    for record in records:
        RECORDS_OUT.labels(record.topic.get_topic_name()).inc()


async def publish_then_ack(
    stream: faust.StreamT, events: list[faust.EventT], records: list[Outgoing], agent: str,
    after_publish: Callable[[], None] | None = None,
) -> None:
    """Publish a batch's records, then ack its events. A shutdown that cancels the agent in
    between waits up to SHUTDOWN_GRACE_S for both: records already on the broker whose events
    were never acked would come back as duplicates after the restart."""

    async def both() -> None:
        await publish(records)
        if after_publish is not None:
            after_publish()
        await ack(stream, events, agent)

    task = asyncio.ensure_future(both())
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait({task}, timeout=SHUTDOWN_GRACE_S)
        task.cancel()  # a broker still down: give up, the batch is redelivered
        raise


def dead_letter(dlq: faust.TopicT, key: bytes | None, record: dict[str, Any]) -> Outgoing:
    log.warning("dead-lettered", **_dlq_fields(record))
    DEAD_LETTERS.labels(record["error"]["kind"], record["stage"]).inc()
    return Outgoing(dlq, key, encode(record))


def _dlq_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "error_kind": record["error"]["kind"],
        "reason": record["error"]["message"][:200],
        "stage": record["stage"],
        "article_id": record["article_id"],
        "partition": record["partition"],
        "offset": record["offset"],
    }
