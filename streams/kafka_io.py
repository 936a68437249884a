"""Plain producer and consumer helpers for the CLI (`produce`, `tail`), the worker's lag
sampler and tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import ConsumerRecord, TopicPartition

from streams.security import client_options
from streams.settings import Settings


def producer(settings: Settings) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        enable_idempotence=True,
        max_request_size=settings.max_request_bytes,
        max_batch_size=settings.producer_batch_bytes,
        linger_ms=5,
        **client_options(settings),
    )


async def send_all(
    settings: Settings,
    topic: str,
    records: Iterable[tuple[bytes | None, bytes]],
    on_sent: Callable[[int], None] | None = None,
) -> int:
    """Publish (key, value) pairs and wait for every ack; returns how many were sent."""
    prod = producer(settings)
    await prod.start()
    count = 0
    try:
        futures = []
        for key, value in records:
            futures.append(await prod.send(topic, value=value, key=key))
            count += 1
            if on_sent is not None:
                on_sent(count)
        for fut in futures:
            await fut
    finally:
        await prod.stop()
    return count


def consumer(settings: Settings, *topics: str, **options: Any) -> AIOKafkaConsumer:
    """A consumer with the project's connection, security and size settings; no auto-commit
    (every reader here either commits nothing or is a faust agent)."""
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=settings.bootstrap_servers,
        enable_auto_commit=False,
        fetch_max_bytes=settings.max_request_bytes,
        max_partition_fetch_bytes=settings.max_request_bytes,
        **client_options(settings),
        **options,
    )


async def consume(
    settings: Settings, topic: str, *, from_beginning: bool, idle_timeout_s: float | None = None,
) -> AsyncIterator[ConsumerRecord]:
    """Records of `topic` as they arrive, with a throwaway group; stops after `idle_timeout_s`
    without a record when given."""
    reader = consumer(
        settings, topic,
        group_id=f"newsstream-tail-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest" if from_beginning else "latest",
        # In exactly_once mode a record is an output only once its transaction commits; with
        # at_least_once (no transactions) this reads the same records.
        isolation_level="read_committed",
    )
    await reader.start()
    try:
        while True:
            batch = await reader.getmany(timeout_ms=int((idle_timeout_s or 1.0) * 1000))
            if not batch and idle_timeout_s is not None:
                return
            for records in batch.values():
                for record in records:
                    yield record
    finally:
        await reader.stop()


class LogEnds:
    """Log-end offsets asked of the broker by a client of their own (no group, no assignment,
    so it fetches no records). A consumer's own high watermarks move only with its fetches: a
    worker that stopped fetching would look caught up by them."""

    def __init__(self, settings: Settings, timeout_s: float = 5.0) -> None:
        self.settings, self.timeout_s = settings, timeout_s
        self._client: AIOKafkaConsumer | None = None

    async def get(self, partitions: Iterable[TopicPartition]) -> dict[TopicPartition, int]:
        """Raises what the client raises, or TimeoutError after `timeout_s`."""
        if self._client is None:
            client = consumer(self.settings)
            try:
                await asyncio.wait_for(client.start(), self.timeout_s)
            except BaseException:
                await client.stop()
                raise
            self._client = client
        return await asyncio.wait_for(self._client.end_offsets(list(partitions)),
                                      self.timeout_s)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.stop()
            self._client = None
