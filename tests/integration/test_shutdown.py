"""Graceful shutdown: SIGTERM mid-stream hands back the in-flight batch, commits what was
delivered, and exits; a restarted worker finishes the rest without loss or duplicates."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from streams.admin import create_topics
from streams.settings import Settings
from streams.topics import ENRICHED, RAW
from tests.harness import (
    Follower,
    WorkerProcess,
    duplicates,
    missing,
    produce_paced,
    rereads,
    short_articles,
    worker_env,
)

pytestmark = pytest.mark.integration

ARTICLES = 400


def test_sigterm_mid_stream_exits_promptly_and_loses_nothing(isolated_env, tmp_path) -> None:
    env = worker_env(isolated_env, stages="clean", batch_size="8")
    settings = Settings.from_env(env)
    asyncio.run(create_topics(settings))
    messages = short_articles(ARTICLES, uuid.uuid4().hex[:6])
    ids = [k.decode() for k, _ in messages]
    first = WorkerProcess(env, tmp_path / "first.log")
    second = WorkerProcess(env, tmp_path / "second.log")

    async def scenario() -> tuple[float, int | None, Follower]:
        async with Follower(settings, [ENRICHED]) as seen:
            first.start()
            producing = asyncio.create_task(
                produce_paced(settings, settings.topic(RAW), messages, per_second=80))
            assert await seen.wait_for(lambda: len(seen.keys(ENRICHED)) >= ARTICLES // 4, 120,
                                       [first]), first.log_tail()
            started = time.monotonic()
            code = first.stop(timeout_s=60)  # SIGTERM
            stopped_in = time.monotonic() - started
            await producing
            second.start()
            await seen.wait_for(lambda: not missing(seen, ENRICHED, ids), 180, [second])
            await asyncio.sleep(2)  # anything re-delivered shows up now
            return stopped_in, code, seen

    try:
        stopped_in, code, seen = asyncio.run(scenario())
    finally:
        for w in (first, second):
            w.stop()
    assert code is not None, "worker ignored SIGTERM for 60 s"
    print(f"SIGTERM to exit: {stopped_in:.1f}s, exit code {code}")
    assert not missing(seen, ENRICHED, ids), second.log_tail()
    # A clean shutdown commits what it delivered: the only duplicates allowed are those of
    # re-reads the workers logged (a message faust dropped, re-read by our consumer).
    logged = sum(sum(rereads(w.log_path.read_text(errors="replace"), handbacks=False))
                 for w in (first, second))
    assert duplicates(seen, ENRICHED) <= logged, (duplicates(seen, ENRICHED), logged)
