"""A worker that stops consuming without crashing is reported. Its enrichment child is frozen
(SIGSTOP) mid-stream, so the clean agent waits on it with nothing failing: the worker must log
the stalled partitions and answer 503 on /health; once the child runs again it catches up,
loses nothing and reports healthy again. A table recovery that waits for good on records it
lost on their way in is restarted by the worker itself."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from streams.admin import create_topics
from streams.bench.runs import children, free_port
from streams.settings import Settings
from streams.topics import BY_SOURCE, ENRICHED, RAW
from tests.harness import (
    Follower,
    WorkerProcess,
    health_until,
    missing,
    produce_paced,
    send_through,
    short_articles,
    worker_env,
)

pytestmark = pytest.mark.integration

STALL_AFTER_S = 5


def _status(wanted: int) -> Callable[[int, object], bool]:
    return lambda code, _body: code == wanted


async def test_a_stalled_worker_is_reported_and_healthy_again_once_it_moves(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
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
            assert await send_through(seen, settings, messages[:100], 120, [worker]), (
                worker.log_tail())
            assert (await health_until(port, _status(200), timeout_s=10))[0] == 200
            frozen = children(worker.pid)  # the enrichment child (and spawn's resource tracker)
            for pid in frozen:
                os.kill(pid, signal.SIGSTOP)
            try:
                await produce_paced(settings, settings.topic(RAW), messages[100:], 1000.0)
                # Reported within the wait plus two 5 s samples.
                code, stalled = await health_until(port, _status(503), STALL_AFTER_S + 20)
            finally:
                for pid in frozen:
                    os.kill(pid, signal.SIGCONT)
            assert code == 503 and stalled["status"] == "stalled", stalled
            assert any(p.startswith(settings.topic(BY_SOURCE) + "/")
                       for p in stalled["stalled_partitions"]), stalled
            assert await seen.wait_for(lambda: not missing(seen, ENRICHED, ids), 120,
                                       [worker]), worker.log_tail()
            code, healthy = await health_until(port, _status(200), timeout_s=20)
            assert code == 200 and healthy["stalled_partitions"] == [], healthy
        finally:
            worker.stop()
    reports = [orjson.loads(line) for line in worker.log_path.read_bytes().splitlines()
               if b'"partitions stalled"' in line]
    assert reports and reports[0]["level"] == "error", worker.log_tail()
    # Where each agent waits: the clean agent on the frozen child.
    assert "await enricher.start(" in reports[0]["agents"], reports[0]["agents"]


async def test_a_table_recovery_whose_records_never_arrive_is_restarted(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    # A worker fills the boilerplate table's changelog and stops. The next one loses the
    # records its recovery reads on their way in (tests/lossy_recovery_worker.py), as when a
    # recovery stalled in our rebalance test: the recovery watch must rejoin the group, and
    # the recovery that follows read them again. Until then the worker enriches nothing.
    env = worker_env(isolated_env, stages="clean")
    settings = Settings.from_env(env)
    await create_topics(settings)
    before, after = short_articles(40, "before-loss"), short_articles(40, "after-loss")
    first = WorkerProcess(env, tmp_path / "first-worker.log")
    lossy = WorkerProcess(env, tmp_path / "lossy-worker.log",
                          module="tests.lossy_recovery_worker")
    async with Follower(settings, (ENRICHED,)) as seen:
        first.start()
        try:
            assert await send_through(seen, settings, before, 120, [first]), first.log_tail()
        finally:
            first.stop()
        lossy.start()
        try:
            assert await send_through(seen, settings, after, 120, [lossy]), lossy.log_tail()
        finally:
            lossy.stop()
    log = lossy.log_path.read_bytes()
    assert b"lossy: losing the changelog records" in log, lossy.log_tail()
    [stuck] = [orjson.loads(line) for line in log.splitlines()
               if b'"table recovery stuck' in line]
    assert stuck["partitions"] and all(
        p in stuck["recovery_left"] for p in stuck["partitions"]), stuck
