"""A second worker joins mid-stream and leaves again: nothing is lost and no partition of either
hop is left behind. A second worker that dies without leaving the group hands its partitions on
within the session timeout."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.admin import create_topics
from streams.settings import Settings
from streams.topics import ENRICHED, RAW, SEARCH
from tests.faults import rebalance_run
from tests.harness import (
    Follower,
    WorkerProcess,
    missing,
    produce_paced,
    second_worker,
    short_articles,
    worker_env,
)

pytestmark = pytest.mark.integration


async def test_a_worker_joining_and_leaving_loses_nothing(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    # Four partitions so that both workers own some of each hop. A stall is logged (with the
    # agents' tracebacks) well within the test's waits.
    env = worker_env(isolated_env, stages="clean", partitions="4", stall_after_s="30")
    result = await rebalance_run(env, tmp_path, n=600, stream_s=45.0, timeout_s=120.0)
    print(result.summary(), result.events, sep="\n")  # pytest shows it on a failure
    assert result.figures["first_alive"] and result.worker_starts == 2
    assert result.figures["second_exit_code"] == 0, (tmp_path / "second-worker.log").read_text()
    assert not result.missing(ENRICHED), sorted(result.missing(ENRICHED))[:20]
    assert not result.missing(SEARCH), sorted(result.missing(SEARCH))[:20]
    assert result.figures["stalled_partitions"] == 0, result.summary()


async def test_a_worker_gone_without_leaving_hands_its_partitions_on_within_the_session_timeout(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    # kill -9: the second worker never sends LeaveGroup, as when it dies in the middle of a
    # rebalance. The group waits a session timeout for it; with faust's default (60 s) its
    # partitions, and in a rebalance every partition, stood still that long.
    env = worker_env(isolated_env, stages="clean", partitions="4", session_timeout_s="10")
    settings = Settings.from_env(env)
    await create_topics(settings)
    before, after = short_articles(60, "before-kill"), short_articles(60, "after-kill")
    first = WorkerProcess(env, tmp_path / "first-worker.log")
    second = second_worker(env, tmp_path)
    async with Follower(settings, (ENRICHED,)) as seen:
        first.start()
        second.start()
        try:
            # The second worker has joined and recovered; a batch through the group.
            assert await seen.wait_for(lambda: b"Worker ready" in second.log_path.read_bytes(),
                                       120, [second]), second.log_tail()
            await produce_paced(settings, settings.topic(RAW), before, 1000.0)
            assert await seen.wait_for(
                lambda: not missing(seen, ENRICHED, [k.decode() for k, _ in before]), 120,
                [first]), first.log_tail()
            second.kill()
            await produce_paced(settings, settings.topic(RAW), after, 1000.0)
            # Some of these wait on the dead worker's partitions until the group drops it:
            # 10 s, then a rebalance. Well under the 60 s that faust's default would take.
            ids = [k.decode() for k, _ in after]
            assert await seen.wait_for(lambda: not missing(seen, ENRICHED, ids), 45, [first]), (
                sorted(missing(seen, ENRICHED, ids))[:10], first.log_events())
        finally:
            first.stop()
            second.stop()
