"""Creating the project's topics (idempotent)."""

from __future__ import annotations

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from streams.security import client_options
from streams.settings import Settings
from streams.topics import SPECS


async def create_topics(settings: Settings) -> list[str]:
    """Create every missing topic; returns the names it created."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers, **client_options(settings)
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                settings.topic(spec.name),
                num_partitions=settings.partitions,
                replication_factor=settings.replication_factor,
                topic_configs={**spec.config, "max.message.bytes": str(settings.max_request_bytes)},
            )
            for spec in SPECS
            if settings.topic(spec.name) not in existing
        ]
        if wanted:
            response = await admin.create_topics(wanted)
            # 36: TOPIC_ALREADY_EXISTS (another process created it meanwhile)
            errors = [(t, c, m) for t, c, m in response.topic_errors if c not in (0, 36)]
            if errors:
                raise RuntimeError(f"could not create topics: {errors}")
        return [t.name for t in wanted]
    finally:
        await admin.close()
