"""The worker's web endpoints (/metrics, /health) and the samplers behind them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

import faust
import structlog
from faust.types import TP
from mode.utils.tracebacks import format_task_stack
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from streams.kafka_io import LogEnds
from streams.metrics import CONSUMER_LAG, REGISTRY, longest_stall, observe_stall

log = structlog.get_logger(__name__)

STALL_TICK_S = 0.05
STALL_LOG_S = 1.0  # stalls longer than this are logged: heartbeats and commits waited
# A table recovery waiting this long on records that aiokafka has already fetched gets a
# rebalance (`watch_recovery`). Longer than faust's own way out of a wait on a transaction's
# commit marker, which it skips after two 5 s waits for changelog records that do not come.
RECOVERY_STUCK_AFTER_S = 20.0


class Progress:
    """Which partitions are stalled: records past their committed offset, and that offset
    unchanged for `after_s`. A worker stuck like that crashes nothing and logs nothing by
    itself: faust has known ways to stop consuming after a rebalance, and in one CI run of
    our rebalance test the worker left alone consumed nothing for minutes. The recovery
    watch counts the same way, with the changelog records a table recovery still waits on."""

    def __init__(self, after_s: float) -> None:
        self.after_s = after_s
        self.stalled: list[TP] = []
        self._since: dict[TP, tuple[int, float]] = {}

    def update(self, behind: Mapping[TP, int], now: float) -> list[TP]:
        """`behind`: the committed offset of each partition with records past it (or what
        else must move). Returns the partitions that have become stalled since the last
        update."""
        since = {}
        for tp, committed in behind.items():
            before = self._since.get(tp)
            since[tp] = before if before is not None and before[0] == committed else (
                committed, now)
        self._since = since
        stalled = sorted(tp for tp, (_, at) in since.items() if now - at >= self.after_s)
        new = [tp for tp in stalled if tp not in self.stalled]
        self.stalled = stalled
        return new


def register_monitoring(app: faust.App, *, stall_after_s: float, log_ends: LogEnds) -> None:
    started = time.time()
    progress = Progress(stall_after_s)

    @app.on_before_shutdown.connect
    async def close_log_ends(app: faust.App, **kwargs: Any) -> None:
        await log_ends.close()

    @app.page("/metrics")
    async def metrics(web: Any, request: Any) -> Any:
        # aiohttp refuses a charset inside content_type; the exposition format is UTF-8 anyway.
        content_type = CONTENT_TYPE_LATEST.split("; charset")[0]
        return web.bytes(generate_latest(REGISTRY), content_type=content_type)

    @app.page("/health")
    async def health(web: Any, request: Any) -> Any:
        assigned = app.consumer.assignment() if app.consumer else set()
        by_topic: dict[str, list[int]] = {}
        for tp in sorted(assigned):
            by_topic.setdefault(tp.topic, []).append(tp.partition)
        ok = app.started and not app.should_stop and not progress.stalled
        body = {
            "status": "stalled" if progress.stalled else "ok" if ok else "starting",
            "stalled_partitions": _names(progress.stalled),
            "assigned_partitions": len(assigned),
            # Which partitions: shows how the load of a group is split (`newsstream bench`).
            "partitions": by_topic,
            "uptime_s": round(time.time() - started, 1),
            "loop_stall_max_s": round(longest_stall(), 3),
        }
        return web.json(body, status=200 if ok else 503)

    @app.task
    async def watch_loop() -> None:
        # A timer that should fire every tick: how late it fires is how long the loop was blocked.
        while not app.should_stop:
            before = time.perf_counter()
            await asyncio.sleep(STALL_TICK_S)
            stall = time.perf_counter() - before - STALL_TICK_S
            observe_stall(max(stall, 0.0))
            if stall > STALL_LOG_S:
                log.warning("loop stall", seconds=round(stall, 3))

    failing = False

    @app.timer(5.0)
    async def lag() -> None:
        nonlocal failing
        try:
            ends = await log_ends.get(app.consumer.assignment())
            failing = False
        except Exception as exc:  # the broker out of reach: the consumer's own view then
            if not failing:
                log.warning("no log-end offsets from the broker", error=repr(exc))
            failing, ends = True, {}
        if stalled := progress.update(sample_lag(app.consumer, ends), time.monotonic()):
            # The agents' tracebacks last: a long line is cut from its end.
            log.error("partitions stalled", partitions=_names(stalled), after_s=stall_after_s,
                      rebalancing=app.rebalancing, **recovery_state(app),
                      agents=app.agents.human_tracebacks())

    watching = False

    @app.on_partitions_assigned.connect
    async def start_recovery_watch(app: faust.App, assigned: set[TP], **kwargs: Any) -> None:
        # Not a faust timer: those start once the first recovery is over.
        nonlocal watching
        if not watching:
            watching = True
            app.add_future(watch_recovery(app))


async def watch_recovery(app: Any) -> None:
    """Every 5 s, the changelog partitions a table recovery waits on although their records
    were fetched (`fetched_not_restored`). Twice in our rebalance tests a recovery waited so
    for good (README, "Delivery guarantee"). A rebalance restarts the recovery, which fetches
    them again: after RECOVERY_STUCK_AFTER_S the worker rejoins its group."""
    restoring = Progress(RECOVERY_STUCK_AFTER_S)
    while not app.should_stop:
        await asyncio.sleep(5.0)
        try:
            if stuck := restoring.update(fetched_not_restored(app), time.monotonic()):
                log.warning("table recovery stuck on records already fetched; rejoining the "
                            "group", partitions=_names(stuck), after_s=RECOVERY_STUCK_AFTER_S,
                            **recovery_state(app))
                await app.consumer.rejoin_group()
        except Exception as exc:  # internals read from another thread
            log.warning("recovery watch failed", error=repr(exc))


def fetched_not_restored(app: Any) -> dict[TP, int]:
    """The changelog partitions a table recovery still waits on although aiokafka has fetched
    them up to the end the recovery waits for, with the records it waits on: records taken
    from aiokafka that never reached the recovery, and nothing will fetch them again."""
    if not app.in_recovery:
        return {}
    recovery = app.tables.recovery
    left = _records_left(recovery)
    fetch = app.consumer.fetch_state(left)
    return {tp: n for tp, n in left.items()
            if (position := fetch[tp]["position"]) is not None
            and position > recovery.active_highwaters[tp]}


def _records_left(recovery: Any) -> dict[TP, int]:
    """The changelog partitions a table recovery still waits on, with the records left."""
    return {tp: n for tp, n in recovery.active_remaining().items() if n > 0}


def recovery_state(app: Any) -> dict[str, Any]:
    """While a table recovery runs: the changelog partitions it still waits on, with the
    records left and how far their fetch got. Once a worker's recovery waited minutes for two
    changelog partitions whose records never came, with no hint why (README, "Delivery
    guarantee")."""
    if not app.in_recovery:
        return {}
    try:
        recovery = app.tables.recovery
        left = _records_left(recovery)
        fetch = app.consumer.fetch_state(left)
        return {"recovery_left": {_name(tp): n for tp, n in left.items()},
                "changelog_fetch": {_name(tp): state for tp, state in fetch.items()},
                # Where faust's fetch loop and the recovery wait: records that reach aiokafka
                # but not the recovery could be held by a hand-off the fetch loop is stuck in.
                "fetch_loop": _task_stacks(app._fetcher),
                "recovery_tasks": _task_stacks(recovery)}
    except Exception as exc:  # internals read from another thread: an error in a timer kills
        return {"recovery_state_error": repr(exc)}  # the app


def _task_stacks(service: Any) -> list[str]:
    """The await chain of each running task of a faust (mode) service."""
    return [format_task_stack(task, limit=30) for task in list(service._futures)
            if isinstance(task, asyncio.Task) and not task.done()]


def _names(tps: list[TP]) -> list[str]:
    return [_name(tp) for tp in tps]


def _name(tp: TP) -> str:
    return f"{tp.topic}/{tp.partition}"


def sample_lag(consumer: Any, ends: Mapping[TP, int]) -> dict[TP, int]:
    """Set the consumer lag gauge for each partition `consumer` (ours, `streams.app`) holds:
    records past its committed offset, the group's lag as Kafka's tools report it. The log's
    end comes from `ends` (`LogEnds`), else from the consumer's high watermark, which stands
    still while it does not fetch. It asks faust's consumer thread nothing: that thread runs
    two calls at a time, fetches and commits included, and a `position()` call waits there for
    as long as a partition has no position (after a rebalance, until its committed offset is
    fetched). Returns the committed offset of each partition with records past it."""
    # In exactly_once mode a transaction's commit marker follows its last record: one offset
    # past the commit is caught up.
    markers = 1 if consumer.in_transaction else 0
    behind = {}
    for tp in consumer.assignment():
        try:
            end = ends[tp] if tp in ends else consumer.highwater(tp)
        except (AssertionError, KeyError, AttributeError):
            # Revoked since assignment(): aiokafka asserts, or its assignment changed under us
            # (it belongs to the consumer's thread). An error in a timer kills the app.
            continue
        committed = consumer.committed_offset(tp)
        if end is not None and committed is not None:
            CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(max(end - committed, 0))
            if end > committed + markers:
                behind[tp] = committed
    return behind
