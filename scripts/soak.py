"""Soak run of the reliability scenarios at the issue's sizes (too long for CI):

    PYTHONPATH=. python scripts/soak.py [--articles 5000] [--kills 5] [--rebalances 3]
                                        [--fresh-starts 12] [--skip-broker-restart]

Worker crashes (kill -9 at random moments, restarted each time), a broker restart on a
private broker (ports 19192/19193), a second worker joining and leaving (`--rebalances`
times, each leave handing table partitions back), and two workers starting
together on new topics while articles arrive (at random delays, `--fresh-starts` times).
Prints one summary line per scenario (run) and exits non-zero if any article is missing,
duplicates exceed what was in flight at the kills, a partition stalls, or the worker takes
over 30 s to recover.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import uuid
from pathlib import Path

from streams.localkafka.broker import LocalKafka
from streams.settings import Settings
from streams.topics import ENRICHED, SEARCH
from tests.faults import (
    RunResult,
    broker_restart_run,
    crash_run,
    fresh_start_run,
    rebalance_run,
)

RECOVERY_LIMIT_S = 30.0


def _env(bootstrap: str, state: Path, partitions: int) -> dict[str, str]:
    run = uuid.uuid4().hex[:10]
    return {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "NEWSSTREAM_TOPIC_PREFIX": f"soak{run}.", "NEWSSTREAM_APP_ID": f"newsstream-soak-{run}",
            "NEWSSTREAM_STATE_DIR": str(state), "NEWSSTREAM_WEB_ENABLED": "false",
            "NEWSSTREAM_PARTITIONS": str(partitions), "NEWSSTREAM_STAGES": "clean"}


def _check(name: str, result: RunResult) -> list[str]:
    print(f"{name}: {result.summary()}", flush=True)
    problems = [f"{name}: {len(result.missing(t))} missing from {t}" for t in (ENRICHED, SEARCH)
                if result.missing(t)]
    bound = result.figures.get("redo_bound")
    if bound is not None and result.duplicates(ENRICHED) > bound:
        problems.append(f"{name}: {result.duplicates(ENRICHED)} duplicates > bound {bound}")
    if result.figures.get("stalled_partitions"):
        problems.append(f"{name}: {result.figures['stalled_partitions']:g} stalled partitions")
    if result.figures.get("recovery_s", 0.0) > RECOVERY_LIMIT_S:
        problems.append(f"{name}: recovery took {result.figures['recovery_s']:.1f}s")
    return problems


async def main(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not settings.external_broker:
        await asyncio.to_thread(LocalKafka.from_settings(settings).start)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsstream-soak-") as tmp:
        work = Path(tmp)
        result = await crash_run(_env(settings.bootstrap_servers, work / "crash", 4), work,
                                 n=args.articles, kills=args.kills,
                                 stream_s=args.articles / 40, timeout_s=600.0)
        problems += _check("worker crash", result)
        result = await rebalance_run(_env(settings.bootstrap_servers, work / "rebalance", 4),
                                     work, n=args.articles, stream_s=args.articles / 40,
                                     timeout_s=600.0, cycles=args.rebalances)
        problems += _check("rebalance", result)
        rng = random.Random(1)
        for i in range(args.fresh_starts):
            (work / f"fresh{i}").mkdir()
            result = await fresh_start_run(
                _env(settings.bootstrap_servers, work / f"fresh{i}" / "state", 4),
                work / f"fresh{i}", n=120, first_s=rng.uniform(3.0, 8.0),
                second_s=rng.uniform(0.0, 6.0), timeout_s=60.0)
            problems += _check(f"fresh start {i}", result)
        if not args.skip_broker_restart:
            kafka = LocalKafka(settings.cache_dir, work / "kafka", port=19192,
                               controller_port=19193)
            await asyncio.to_thread(kafka.start)
            try:
                result = await broker_restart_run(_env(kafka.bootstrap, work / "restart", 4),
                                                  work, kafka, n=args.articles, down_s=10.0,
                                                  timeout_s=600.0)
            finally:
                await asyncio.to_thread(kafka.stop)
            problems += _check("broker restart", result)
    for problem in problems:
        print("FAIL", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--rebalances", type=int, default=3)
    parser.add_argument("--fresh-starts", type=int, default=12)
    parser.add_argument("--skip-broker-restart", action="store_true")
    sys.exit(asyncio.run(main(parser.parse_args())))
