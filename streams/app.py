"""The faust app object. Imports nothing else from the project (faust's layout guidance):
everything it needs arrives as arguments from `streams.worker`."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import faust
from faust.transport.drivers import aiokafka as aiokafka_driver
from faust.types import TP, ConsumerT, ProducerT


class _IdempotentProducer(aiokafka_driver.Producer):
    # faust asks aiokafka for idempotence only inside transactions; we want it always, so
    # producer retries cannot duplicate or reorder records within a partition.
    def _settings_extra(self) -> Mapping[str, Any]:
        return {"acks": "all", "enable_idempotence": True}


class _NoSkipConsumer(aiokafka_driver.Consumer):
    """faust counts a jump in a partition's offsets as acknowledged ("gap filling"), which is
    right for compacted topics but, on plain topics, commits past records the fetcher dropped
    (seen here after a restart-time rebalance: 45 records never delivered, yet committed).
    On plain topics we never count a gap as done, so the commit holds before it, and we seek
    back to re-read the skipped records once the message after the gap is through. Records
    after the gap may then be processed twice (at-least-once), never lost."""

    async def _add_gap(self, tp: TP, offset_from: int, offset_to: int) -> None:
        if tp.topic in self.app.gap_tolerant_topics:  # type: ignore[attr-defined]
            await super()._add_gap(tp, offset_from, offset_to)
            return
        self.log.warning("offsets %s..%s of %s skipped by the fetcher; re-reading them",
                         offset_from, offset_to, tp)
        self.add_future(self._rewind(tp, offset_from, offset_to + 1))

    async def _rewind(self, tp: TP, offset_from: int, after: int) -> None:
        # The fetch loop records the message after the gap as read once it is handed over;
        # seeking before that would be undone, so wait for it (bounded) first.
        for _ in range(600):
            if (self._read_offset.get(tp) or 0) >= after:
                break
            await asyncio.sleep(0.05)
        await self.seek(tp, offset_from)


class App(faust.App):
    # Compacted topics, where offset gaps are normal and may be counted as acknowledged.
    gap_tolerant_topics: frozenset[str] = frozenset()

    def _new_producer(self) -> ProducerT:
        return _IdempotentProducer(self.transport, loop=self.loop, beacon=self.beacon)

    def _new_consumer(self) -> ConsumerT:
        return _NoSkipConsumer(
            self.transport,
            callback=self.topics.on_message,
            on_partitions_revoked=self._on_partitions_revoked,
            on_partitions_assigned=self._on_partitions_assigned,
            beacon=self.beacon,
            loop=self.loop,
        )


def create_app(
    app_id: str,
    bootstrap_servers: str,
    *,
    partitions: int,
    replication_factor: int,
    max_request_bytes: int,
    web_enabled: bool,
    web_host: str,
    web_port: int,
    data_dir: str,
    broker_credentials: Any = None,
    gap_tolerant_topics: frozenset[str] = frozenset(),
) -> App:
    brokers = [f"kafka://{s.strip()}" for s in bootstrap_servers.split(",") if s.strip()]
    app = App(
        app_id,
        broker=brokers,
        broker_credentials=broker_credentials,
        # Agents and modules are registered explicitly by the worker, never discovered.
        autodiscover=False,
        topic_partitions=partitions,
        topic_replication_factor=replication_factor,
        topic_allow_declare=True,
        producer_acks=-1,
        producer_max_request_size=max_request_bytes,
        consumer_max_fetch_size=max_request_bytes,
        consumer_auto_offset_reset="earliest",
        # Commit often: a commit only ever covers messages whose outputs were acknowledged.
        broker_commit_every=100,
        broker_commit_interval=1.0,
        web_enabled=web_enabled,
        web_port=web_port,
        web_host=web_host,
        datadir=data_dir,
        table_cleanup_interval=60.0,
    )
    app.gap_tolerant_topics = gap_tolerant_topics
    return app
