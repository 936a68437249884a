"""The faust app object. Imports nothing else from the project (faust's layout guidance):
everything it needs arrives as arguments from `streams.worker`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import faust
from faust.transport.drivers import aiokafka as aiokafka_driver
from faust.types import ProducerT


class _IdempotentProducer(aiokafka_driver.Producer):
    # faust asks aiokafka for idempotence only inside transactions; we want it always, so
    # producer retries cannot duplicate or reorder records within a partition.
    def _settings_extra(self) -> Mapping[str, Any]:
        return {"acks": "all", "enable_idempotence": True}


class App(faust.App):
    def _new_producer(self) -> ProducerT:
        return _IdempotentProducer(self.transport, loop=self.loop, beacon=self.beacon)


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
) -> App:
    brokers = [f"kafka://{s.strip()}" for s in bootstrap_servers.split(",") if s.strip()]
    return App(
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
