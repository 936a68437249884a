"""The worker's web endpoints (/metrics, /health) and the samplers behind them."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import faust
import structlog
from aiokafka.errors import IllegalStateError
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from streams.metrics import CONSUMER_LAG, REGISTRY, longest_stall, observe_stall

log = structlog.get_logger(__name__)

STALL_TICK_S = 0.05
STALL_LOG_S = 1.0  # stalls longer than this are logged: heartbeats and commits waited


def register_monitoring(app: faust.App) -> None:
    started = time.time()

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
        ok = app.started and not app.should_stop
        body = {
            "status": "ok" if ok else "starting",
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

    @app.timer(5.0)
    async def lag() -> None:
        sample_lag(app.consumer)


def sample_lag(consumer: Any) -> None:
    """Set the consumer lag gauge for each partition `consumer` (ours, `streams.app`) holds:
    records past its committed offset, the group's lag as Kafka's tools report it. Only from
    what this process already knows. A position is asked of faust's consumer thread, which
    runs two calls at a time, fetches and commits included; and aiokafka's `position()` waits
    for as long as a partition has none (after a rebalance, until its committed offset is
    fetched), holding one of the two."""
    for tp in consumer.assignment():
        try:
            highwater = consumer.highwater(tp)
        except (AssertionError, IllegalStateError, KeyError, AttributeError):
            continue  # revoked since assignment() (an error here kills the app)
        committed = consumer.committed_offset(tp)
        if highwater is not None and committed is not None:
            CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(max(highwater - committed, 0))
