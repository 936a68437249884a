"""The lag sampler's log ends come from the broker through a client of their own: right for
partitions that client never fetched, current on every call, and an error within its timeout,
not a hang, when the broker cannot answer."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiokafka.structs import TopicPartition

from streams.admin import create_topics
from streams.kafka_io import LogEnds, send_all
from streams.settings import Settings
from streams.topics import RAW

pytestmark = pytest.mark.integration


async def test_log_ends_are_the_broker_s_for_partitions_never_fetched(
    isolated_env: dict[str, str]
) -> None:
    settings = Settings.from_env(isolated_env)
    await create_topics(settings)
    raw = settings.topic(RAW)
    partitions = [TopicPartition(raw, p) for p in range(settings.partitions)]
    await send_all(settings, raw, [(f"key{i}".encode(), b"{}") for i in range(9)])
    ends = LogEnds(settings, timeout_s=10.0)
    try:
        first = await ends.get(partitions)
        assert set(first) == set(partitions) and sum(first.values()) == 9
        await send_all(settings, raw, [(b"key0", b"{}")])
        second = await ends.get(partitions)
        assert sorted(second[tp] - first[tp] for tp in partitions) == [0] * (
            len(partitions) - 1) + [1]
    finally:
        await ends.close()


async def test_log_ends_of_a_broker_out_of_reach_fail_within_the_timeout() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    ends = LogEnds(Settings(bootstrap_servers=f"127.0.0.1:{port}"), timeout_s=3.0)
    asking = asyncio.create_task(ends.get([TopicPartition("nowhere", 0)]))
    done, _ = await asyncio.wait({asking}, timeout=30.0)
    assert asking in done, "still waiting"
    assert asking.exception() is not None  # aiokafka's connection error, or the timeout
    await ends.close()
