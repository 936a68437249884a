"""Fault scenarios on a real broker: worker kills, a broker restart, a worker joining and
leaving. Sized by the caller: small in the test suite, the issue's numbers in scripts/soak.py.

The delivery guarantee does not depend on which stages run (the agents ack after delivery
whatever the pipeline does), so callers may run the cheap `clean` stage only.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from streams.admin import create_topics
from streams.localkafka.broker import LocalKafka
from streams.settings import Settings
from streams.topics import BY_SOURCE, CLEANED, ENRICHED, RAW, SEARCH
from tests.harness import (
    Follower,
    WorkerProcess,
    committed_offsets,
    duplicates,
    end_offsets,
    missing,
    produce_paced,
    rereads,
    second_worker,
    short_articles,
)
from tests.inflight import Kill, redo_bound

# A kill -9 leaves the dead member's partitions idle until its session expires (the worker's
# default: 15 s); a shorter session only changes how soon that happens, not what is delivered.
# The session goes through the worker's setting: faust's own BROKER_SESSION_TIMEOUT variable
# would override it. The heartbeat interval has no setting of ours; faust reads it itself.
FAST_FAILOVER = {"NEWSSTREAM_SESSION_TIMEOUT_S": "10", "BROKER_HEARTBEAT_INTERVAL": "1"}


@dataclass
class RunResult:
    ids: list[str]
    seen: Follower
    worker_starts: int
    figures: dict[str, float] = field(default_factory=dict)
    events: str = ""  # the workers' warnings and group steps, for a failed test to show

    def missing(self, topic: str) -> set[str]:
        return missing(self.seen, topic, self.ids)

    def duplicates(self, topic: str) -> int:
        return duplicates(self.seen, topic)

    def summary(self) -> str:
        parts = [f"articles={len(self.ids)}", f"worker_starts={self.worker_starts}"]
        for topic in (ENRICHED, SEARCH):
            parts.append(f"{topic}: missing={len(self.missing(topic))} "
                         f"duplicates={self.duplicates(topic)}")
        parts += [f"{k}={v:g}" for k, v in self.figures.items()]
        return ", ".join(parts)


async def _new_topics(env: dict[str, str], n: int, run: str
                      ) -> tuple[Settings, list[tuple[bytes, bytes]], list[str]]:
    """The scenario's settings, its topics created, and `n` articles for it with their ids."""
    settings = Settings.from_env(env)
    await create_topics(settings)
    messages = short_articles(n, run)
    return settings, messages, [k.decode() for k, _ in messages]


def _complete(seen: Follower, ids: list[str]) -> bool:
    return not missing(seen, ENRICHED, ids) and not missing(seen, SEARCH, ids)


_SEEK = "Seek stream partitions to committed offsets"

async def crash_run(env: dict[str, str], workdir: Path, *, n: int, kills: int, stream_s: float,
                    timeout_s: float, seed: int = 7) -> RunResult:
    """Stream `n` articles over `stream_s` seconds; `kills` times, once the worker is making
    progress, SIGKILL it at a random moment and restart it."""
    settings, messages, ids = await _new_topics(env, n, "crash")
    rng = random.Random(seed)
    worker = WorkerProcess({**env, **FAST_FAILOVER}, workdir / "crash-worker.log")
    snapshots: list[Kill] = []
    async with Follower(settings, (ENRICHED, SEARCH, BY_SOURCE, CLEANED)) as seen:
        worker.start()
        producing = asyncio.create_task(
            produce_paced(settings, settings.topic(RAW), messages, n / stream_s))
        try:
            for _ in range(kills):
                before = len(seen.records[ENRICHED])
                await seen.wait_for(lambda b=before: len(seen.records[ENRICHED]) > b,
                                    timeout_s, [worker])
                await asyncio.sleep(rng.uniform(0.1, 2.0))
                worker.kill()
                # Taken once the process is gone: everything it wrote is stamped before this.
                at_ms = int(time.time() * 1000)
                snapshots.append(Kill(at_ms, await committed_offsets(settings)))
                worker.start()
            await producing
            await seen.wait_for(lambda: _complete(seen, ids), timeout_s, [worker])
            await asyncio.sleep(2.0)  # duplicates of the last records may still trail
        finally:
            worker.stop()
            producing.cancel()
    bound = redo_bound(snapshots, settings.topic(RAW), settings.topic(BY_SOURCE),
                       settings.topic(CLEANED), seen.records[BY_SOURCE], seen.records[CLEANED],
                       seen.records[ENRICHED])
    # Records re-read after a rebalance handed partitions back, or because faust had dropped
    # one before them (streams/app.py), can be processed twice too, on top of each kill's window.
    log = worker.log_path.read_text(errors="replace")
    counts = rereads(log)
    return RunResult(ids, seen, worker.starts,
                     {"kills": kills, "redo_bound": bound + sum(counts), "rewound": sum(counts),
                      "rereads": len(counts),
                      # Every rebalance after the first start seeks back to the commit.
                      "rebalances": max(log.count(_SEEK) - 1, 0)})


async def broker_restart_run(env: dict[str, str], workdir: Path, kafka: LocalKafka, *, n: int,
                             down_s: float, timeout_s: float) -> RunResult:
    """Half the articles, stop the broker once the worker is enriching them, start it again,
    then the other half. The worker must carry on by itself."""
    settings, messages, ids = await _new_topics(env, n, "restart")
    worker = WorkerProcess(env, workdir / "restart-worker.log")
    figures: dict[str, float] = {}
    async with Follower(settings, (ENRICHED, SEARCH)) as seen:
        worker.start()
        try:
            await produce_paced(settings, settings.topic(RAW), messages[: n // 2], 1000.0)
            await seen.wait_for(lambda: len(seen.records[ENRICHED]) >= 10, timeout_s, [worker])
            figures["enriched_before_stop"] = len(seen.keys(ENRICHED))
            await asyncio.to_thread(kafka.stop)
            await asyncio.sleep(down_s)
            await asyncio.to_thread(kafka.start)
            back_ms = int(time.time() * 1000)
            await produce_paced(settings, settings.topic(RAW), messages[n // 2:], 1000.0)
            await seen.wait_for(lambda: _complete(seen, ids), timeout_s, [worker])
            after = [r.timestamp for r in seen.records[ENRICHED] if r.timestamp >= back_ms]
            figures["recovery_s"] = (min(after) - back_ms) / 1000 if after else float("inf")
            figures["worker_alive"] = worker.alive()
        finally:
            worker.stop()
    return RunResult(ids, seen, worker.starts, figures)


async def rebalance_run(env: dict[str, str], workdir: Path, *, n: int, stream_s: float,
                        timeout_s: float, cycles: int = 1) -> RunResult:
    """A second worker joins and leaves (SIGTERM) `cycles` times while the articles stream,
    in even steps (once: joins a third of the way through, leaves at two thirds); afterwards
    every partition of every hop must be consumed to its end. Each leave hands the first
    worker back table partitions the second has written to since it took them over."""
    settings, messages, ids = await _new_topics(env, n, "rebalance")
    first = WorkerProcess(env, workdir / "first-worker.log")
    second = second_worker(env, workdir)
    step_s = stream_s / (2 * cycles + 1)
    figures: dict[str, float] = {}
    async with Follower(settings, (ENRICHED, SEARCH)) as seen:
        first.start()
        producing = asyncio.create_task(
            produce_paced(settings, settings.topic(RAW), messages, n / stream_s))
        try:
            for _ in range(cycles):
                await asyncio.sleep(step_s)
                second.start()
                await asyncio.sleep(step_s)
                code = second.stop()  # None: it did not exit on SIGTERM and was killed
                if figures.get("second_exit_code", 0) == 0:  # keep the first failure
                    figures["second_exit_code"] = -9 if code is None else code
            await producing
            await seen.wait_for(lambda: _complete(seen, ids), timeout_s, [first])
            figures["stalled_partitions"] = await _stalled(settings, timeout_s=30.0)
            figures["first_alive"] = first.alive()
        finally:
            first.stop()
            second.stop()
            producing.cancel()
    return RunResult(ids, seen, first.starts + second.starts, figures,
                     "\n".join((first.log_events(), second.log_events())))


async def fresh_start_run(env: dict[str, str], workdir: Path, *, n: int, first_s: float,
                          second_s: float, timeout_s: float) -> RunResult:
    """Two workers start on new topics, the second `first_s` after the first, and `n` articles
    stream from `second_s` after that, while the second joins. Partitions not yet committed
    lost what faust fetched during the recovery that the join starts (`streams/app.py`,
    `_seek_uncommitted`); whether a run meets that window is a matter of timing."""
    settings, messages, ids = await _new_topics(env, n, "fresh")
    first = WorkerProcess(env, workdir / "first-worker.log")
    second = second_worker(env, workdir)
    async with Follower(settings, (ENRICHED, SEARCH)) as seen:
        first.start()
        try:
            await asyncio.sleep(first_s)
            second.start()
            await asyncio.sleep(second_s)
            await produce_paced(settings, settings.topic(RAW), messages, 20.0)
            await seen.wait_for(lambda: _complete(seen, ids), timeout_s, [first])
        finally:
            first.stop()
            second.stop()
    return RunResult(ids, seen, first.starts + second.starts, {"first_s": first_s,
                     "second_s": second_s}, "\n".join((first.log_events(), second.log_events())))


async def _stalled(settings: Settings, timeout_s: float) -> int:
    """Partitions of the topics the worker consumes (raw and the two internal ones) whose
    committed offset does not reach the end within `timeout_s` (the group commits every
    second)."""
    ends: dict[tuple[str, int], int] = {}
    for topic in (RAW, BY_SOURCE, CLEANED):
        ends |= await end_offsets(settings, settings.topic(topic))
    deadline = time.monotonic() + timeout_s
    while True:
        committed = await committed_offsets(settings)
        behind = [tp for tp, end in ends.items() if committed.get(tp, 0) < end]
        if not behind or time.monotonic() > deadline:
            return len(behind)
        await asyncio.sleep(1.0)
