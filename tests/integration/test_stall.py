"""A worker that stops consuming without crashing is reported. Its enrichment child is frozen
(SIGSTOP) mid-stream, so the clean agent waits on it with nothing failing: the worker must log
the stalled partitions and answer 503 on /health; once the child runs again it catches up,
loses nothing and reports healthy again."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import orjson
import pytest

from streams.admin import create_topics
from streams.bench.runs import children
from streams.settings import Settings
from streams.topics import BY_SOURCE, ENRICHED, RAW
from tests.harness import (
    Follower,
    WorkerProcess,
    missing,
    produce_paced,
    short_articles,
    worker_env,
)

pytestmark = pytest.mark.integration

STALL_AFTER_S = 5


def _health(port: int) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as reply:
            return reply.status, orjson.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, orjson.loads(error.read())


async def _health_until(port: int, status: int, timeout_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        code, body = await asyncio.to_thread(_health, port)
        if code == status or time.monotonic() > deadline:
            assert code == status, body
            return body
        await asyncio.sleep(1.0)


async def test_a_stalled_worker_is_reported_and_healthy_again_once_it_moves(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = worker_env({**isolated_env, "NEWSSTREAM_WEB_ENABLED": "true"}, stages="clean",
                     web_port=str(port), stall_after_s=str(STALL_AFTER_S))
    settings = Settings.from_env(env)
    await create_topics(settings)
    messages = short_articles(200, "stall")
    ids = [k.decode() for k, _ in messages]
    worker = WorkerProcess(env, tmp_path / "worker.log")
    async with Follower(settings, (ENRICHED,)) as seen:
        worker.start()
        try:
            await produce_paced(settings, settings.topic(RAW), messages[:100], 1000.0)
            assert await seen.wait_for(lambda: not missing(seen, ENRICHED, ids[:100]), 120,
                                       [worker]), worker.log_tail()
            await _health_until(port, 200, timeout_s=10)
            frozen = children(worker.pid)  # the enrichment child (and spawn's resource tracker)
            for pid in frozen:
                os.kill(pid, signal.SIGSTOP)
            try:
                await produce_paced(settings, settings.topic(RAW), messages[100:], 1000.0)
                # Reported within the wait plus two 5 s samples.
                stalled = await _health_until(port, 503, timeout_s=STALL_AFTER_S + 20)
            finally:
                for pid in frozen:
                    os.kill(pid, signal.SIGCONT)
            assert stalled["status"] == "stalled"
            assert any(p.startswith(settings.topic(BY_SOURCE) + "/")
                       for p in stalled["stalled_partitions"]), stalled
            assert await seen.wait_for(lambda: not missing(seen, ENRICHED, ids), 120,
                                       [worker]), worker.log_tail()
            healthy = await _health_until(port, 200, timeout_s=20)
            assert healthy["stalled_partitions"] == []
        finally:
            worker.stop()
    reports = [orjson.loads(line) for line in worker.log_path.read_bytes().splitlines()
               if b'"partitions stalled"' in line]
    assert reports and reports[0]["level"] == "error", worker.log_tail()
    # Where each agent waits: the clean agent on the frozen child.
    assert "await enricher.start(" in reports[0]["agents"], reports[0]["agents"]
