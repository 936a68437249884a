"""A second worker joins mid-stream and leaves again: nothing is lost and no partition of either
hop is left behind. A second worker that dies without leaving the group hands its partitions on
within the session timeout. A third worker that joins two gets partitions of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.admin import create_topics
from streams.bench.runs import free_port
from streams.settings import Settings
from streams.topics import ENRICHED, RAW, SEARCH
from tests.faults import rebalance_run
from tests.harness import (
    Follower,
    WorkerProcess,
    health,
    health_until,
    missing,
    poll_until,
    second_worker,
    send_through,
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
            assert await send_through(seen, settings, before, 120, [first]), first.log_tail()
            second.kill()
            # Some of these wait on the dead worker's partitions until the group drops it:
            # 10 s, then a rebalance. Well under the 60 s that faust's default would take.
            assert await send_through(seen, settings, after, 45, [first]), (
                sorted(missing(seen, ENRICHED, [k.decode() for k, _ in after]))[:10],
                first.log_events())
        finally:
            first.stop()
            second.stop()


async def test_a_third_worker_joining_two_gets_partitions_of_its_own(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    # Four partitions: two workers hold two each. faust's sticky assignor lets each keep up to
    # ceil(4 / 3) = 2 when tables have standby replicas, which left a third worker nothing to
    # do at all (`create_app`, table_standby_replicas).
    base = worker_env(isolated_env, stages="clean", partitions="4", web_enabled="true")
    settings = Settings.from_env(base)
    await create_topics(settings)
    ports = [free_port() for _ in range(3)]
    workers = [WorkerProcess(worker_env(base, web_port=str(port), state_dir=str(tmp_path / name)),
                             tmp_path / f"{name}.log")
               for name, port in zip(("first", "second", "third"), ports, strict=True)]
    raw = settings.topic(RAW)

    def consumes_raw(_code: int, body: dict) -> bool:
        return bool(body.get("partitions", {}).get(raw))

    before, after = short_articles(40, "two-workers"), short_articles(40, "three-workers")
    async with Follower(settings, (ENRICHED,)) as seen:
        try:
            for worker in workers[:2]:
                worker.start()
            # Both hold partitions of articles.raw, and a batch went through the group.
            for port in ports[:2]:
                assert consumes_raw(*await health_until(port, consumes_raw, 120)), (
                    [w.log_events() for w in workers[:2]])
            assert await send_through(seen, settings, before, 120, workers[:2])
            workers[2].start()
            code, body = await health_until(ports[2], consumes_raw, 120)
            assert consumes_raw(code, body), (body, *(w.log_events() for w in workers))
            # Once the first two have given theirs up (until then they still report them):
            # 2, 1 and 1 of the four, none twice.
            held = await poll_until(
                lambda: _raw_partitions(ports, raw),
                lambda held: sorted(p for h in held for p in h) == list(range(4)), 30)
            assert sorted(len(h) for h in held) == [1, 1, 2], held
            assert await send_through(seen, settings, after, 120, workers), (
                workers[2].log_events())
        finally:
            for worker in workers:
                worker.stop()


def _raw_partitions(ports: list[int], raw: str) -> list[set[int]]:
    """Each worker's partitions of `raw`, by its /health."""
    return [set(health(port)[1].get("partitions", {}).get(raw, ())) for port in ports]
