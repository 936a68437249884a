"""The floor: the worker's three hops (raw → by-source → cleaned → enriched) with no work in
between, on the same framework, topics, batching and acknowledged delivery. Its throughput is
what faust and the broker cost before any enrichment."""

from __future__ import annotations

import faust

from streams.app import create_app
from streams.delivery import Outgoing, batches, publish_then_ack
from streams.security import faust_credentials
from streams.settings import Settings
from streams.topics import declare


def main() -> None:
    settings = Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(
        settings.app_id, settings.bootstrap_servers,
        partitions=settings.partitions, replication_factor=settings.replication_factor,
        max_request_bytes=settings.max_request_bytes,
        producer_batch_bytes=settings.producer_batch_bytes, web_enabled=False,
        web_host=settings.web_host, web_port=settings.web_port,
        data_dir=str(settings.data_dir), broker_credentials=faust_credentials(settings),
    )
    topics = declare(app, settings)

    def passthrough(source: faust.TopicT, target: faust.TopicT, name: str) -> None:
        @app.agent(source, name=name, concurrency=1)
        async def agent(stream: faust.StreamT) -> None:
            async for events in batches(stream, settings.batch_size, settings.batch_timeout_s):
                await publish_then_ack(
                    stream, events,
                    [Outgoing(target, e.message.key, e.message.value) for e in events], name)

    passthrough(topics.raw, topics.by_source, "floor-route")
    passthrough(topics.by_source, topics.cleaned, "floor-clean")
    passthrough(topics.cleaned, topics.enriched, "floor-enrich")
    faust.Worker(app, loglevel=settings.log_level, quiet=True).execute_from_commandline()


if __name__ == "__main__":
    main()
