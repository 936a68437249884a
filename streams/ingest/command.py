"""`newsstream ingest`: the standalone poller. Publishes with a plain producer and keeps its
state in a local JSON file: it is one process with no consumer group, and a faust table
would need a whole app (group, changelog recovery) just to hold ids and ETags; the file is
small, readable, and saved after every round that polled.

Run one per state file (a lock enforces it); for several machines, run the worker's ingest
instead (NEWSSTREAM_INGEST_IN_WORKER), whose state is a changelog-backed table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
from pathlib import Path

import orjson
import structlog

from streams.ingest.poller import Publication, build_poller
from streams.ingest.sources import BadFeedSpec, FeedSpec, load_feeds_file
from streams.ingest.state import SeenState, StateFile
from streams.kafka_io import producer
from streams.logs import configure_logging
from streams.settings import Settings
from streams.topics import RAW

log = structlog.get_logger(__name__)

TICK_S = 1.0


async def run_ingest(settings: Settings, specs: list[FeedSpec], state_path: Path, *,
                     once: bool, stop: asyncio.Event) -> dict[str, int]:
    """Poll until `stop` is set (or one round with `once`); returns the counters. A round in
    progress finishes first, so the state file matches what was published."""
    state = StateFile(state_path)
    prod = producer(settings)
    await prod.start()
    topic = settings.topic(RAW)

    async def publish(pubs: list[Publication]) -> None:
        futures = [await prod.send(topic, value=p.value, key=p.key, headers=list(p.headers))
                   for p in pubs]
        await asyncio.gather(*futures)

    poller = build_poller(settings, SeenState(state.data), publish)
    log.info("ingesting", feeds=len(specs), topic=topic, state=str(state_path))
    try:
        while not stop.is_set():
            now = time.time()
            poller.maybe_prune(now)
            if await poller.poll_due(specs, now):
                state.save()
            if once:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), TICK_S)
    finally:
        state.save()
        state.close()
        await poller.fetcher.aclose()
        await prod.stop()
    return dict(poller.metrics)


async def _run_until_signalled(settings: Settings, specs: list[FeedSpec], state_path: Path,
                               once: bool) -> dict[str, int]:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return await run_ingest(settings, specs, state_path, once=once, stop=stop)


def main(settings: Settings, args: argparse.Namespace) -> int:
    """The `newsstream ingest` command (arguments: --feeds, --state, --once)."""
    feeds_path = args.feeds or settings.feeds_file
    if not feeds_path:
        print("no feeds: pass --feeds FILE or set NEWSSTREAM_FEEDS_FILE", file=sys.stderr)
        return 2
    try:
        specs = load_feeds_file(feeds_path)
    except (OSError, BadFeedSpec) as exc:
        print(f"{feeds_path}: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_format, settings.log_level)
    state_path = Path(args.state) if args.state else settings.state_dir / "ingest" / "state.json"
    metrics = asyncio.run(_run_until_signalled(settings, specs, state_path, args.once))
    # The counters on stdout, for scripts and tests; the logs go to stderr.
    print(orjson.dumps(metrics, option=orjson.OPT_SORT_KEYS).decode())
    return 0
