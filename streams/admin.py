"""Creating the project's topics (idempotent), and deleting a run's throwaway ones."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

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
            await _wait_for_leaders(admin, [t.name for t in wanted])
        return [t.name for t in wanted]
    finally:
        await admin.close()


async def delete_topics(settings: Settings, prefixes: Sequence[str]) -> list[str]:
    """Delete every topic whose name starts with one of `prefixes` (all non-empty); returns
    their names."""
    if not all(prefixes):
        raise ValueError("an empty prefix would match every topic")
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers, **client_options(settings)
    )
    await admin.start()
    try:
        names = [t for t in await admin.list_topics() if t.startswith(tuple(prefixes))]
        if names:
            await admin.delete_topics(names)
        return names
    finally:
        await admin.close()


async def _wait_for_leaders(admin: AIOKafkaAdminClient, names: list[str], timeout_s: float = 30):
    # A new topic's partitions get leaders a moment after creation; clients that start before
    # then log NOT_LEADER errors and retry. Waiting here keeps `topics create` a clean barrier.
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        described = await admin.describe_topics(names)
        if all(
            t["error_code"] == 0 and t["partitions"]
            and all(p["leader"] >= 0 for p in t["partitions"])
            for t in described
        ):
            return
        await asyncio.sleep(0.2)
