"""Topic administration on the real broker: a run's throwaway topics go, and only they."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from streams.admin import create_topics, delete_topics
from streams.settings import Settings
from streams.topics import SPECS

pytestmark = pytest.mark.integration


def test_delete_topics_takes_the_prefixed_topics_and_leaves_the_rest(kafka_bootstrap) -> None:
    run = uuid.uuid4().hex[:8]
    gone = Settings(bootstrap_servers=kafka_bootstrap, topic_prefix=f"del{run}.")
    kept = Settings(bootstrap_servers=kafka_bootstrap, topic_prefix=f"delx{run}.")

    async def scenario() -> tuple[list[str], set[str]]:
        await create_topics(gone)
        await create_topics(kept)
        deleted = await delete_topics(gone, (gone.topic_prefix,))
        admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
        await admin.start()
        try:
            for _ in range(50):  # deletion completes a moment after the call returns
                left = set(await admin.list_topics())
                if not any(t.startswith(gone.topic_prefix) for t in left):
                    break
                await asyncio.sleep(0.2)
        finally:
            await admin.close()
        await delete_topics(kept, (kept.topic_prefix,))
        return deleted, left

    deleted, left = asyncio.run(scenario())
    assert sorted(deleted) == sorted(gone.topic(s.name) for s in SPECS)
    assert not any(t.startswith(gone.topic_prefix) for t in left)
    assert {kept.topic(s.name) for s in SPECS} <= left
    with pytest.raises(ValueError):
        asyncio.run(delete_topics(gone, ("",)))
