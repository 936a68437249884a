"""faust's exactly_once mode side by side with our at_least_once mode, under the same faults:

    PYTHONPATH=. KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19392 python scripts/guarantee_check.py \\
        [--articles 2000] [--kills 4] [--rounds 3] [--scenario crash|rebalance|both]

Needs a private broker (KAFKA_BOOTSTRAP_SERVERS; see README "Delivery guarantee"). Runs the
scenarios of tests/faults.py with NEWSSTREAM_PROCESSING_GUARANTEE set to each mode in turn
(alternating which goes first, since the machine is shared), reads the outputs read_committed,
and prints one line per run and a summary per mode: missing and duplicates per output topic,
wall time, throughput, and what the worker logs say went wrong. (In exactly_once mode the
rebalance's `stalled_partitions` also counts a partition whose last commit marker is past the
group's commit, so read it with the missing counts.)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from aiokafka.structs import TopicPartition

from streams.kafka_io import consumer
from streams.settings import Settings
from streams.topics import ENRICHED, SEARCH
from tests.faults import RunResult, crash_run, rebalance_run
from tests.harness import worker_env

MODES = ("at_least_once", "exactly_once")
# Worth counting in a worker log: faust's warnings and errors (transaction errors among them),
# fenced producers (logged at info), our own warnings (publish retries, rewinds), crashes.
TROUBLE = re.compile(r'\[(WARNING|ERROR|CRITICAL)\]|"level": "(warning|error|critical)"|'
                     r"fenced|Traceback")
_PREFIX = re.compile(r"^\[[^]]*\] \[\d+\] ")


@dataclass
class Run:
    mode: str
    scenario: str
    result: RunResult
    elapsed_s: float
    # From the start to the last enriched record's timestamp (throughput is counted on it):
    # elapsed_s adds the wait for stragglers and the workers' shutdown.
    last_output_s: float
    trouble: Counter[str]
    # Articles on each output topic only when read uncommitted: in aborted or open transactions.
    uncommitted: dict[str, int]

    @property
    def incomplete(self) -> bool:
        return bool(self.result.missing(ENRICHED) or self.result.missing(SEARCH))


def trouble(logs: list[Path]) -> Counter[str]:
    """Matching log lines, without timestamp and pid and with numbers blanked, so that
    repeats of one message count together."""
    found: Counter[str] = Counter()
    for path in logs:
        for text in path.read_text(errors="replace").splitlines():
            if TROUBLE.search(text):
                found[re.sub(r"\d+", "N", _PREFIX.sub("", text))[:160]] += 1
    return found


async def written_ids(settings: Settings, topic: str) -> set[str]:
    """Keys of every record in `topic`, committed or not (read_uncommitted)."""
    reader = consumer(settings, isolation_level="read_uncommitted")
    await reader.start()
    try:
        parts = [TopicPartition(settings.topic(topic), p) for p in range(settings.partitions)]
        reader.assign(parts)
        await reader.seek_to_beginning(*parts)
        keys: set[str] = set()
        # The workers have stopped: nothing more arrives once a fetch comes back empty.
        while batch := await reader.getmany(timeout_ms=2000):
            for records in batch.values():
                keys.update(r.key.decode() for r in records if r.key is not None)
        return keys
    finally:
        await reader.stop()


async def one_run(mode: str, scenario: str, args: argparse.Namespace, root: Path) -> Run:
    work = root / f"{scenario}-{mode}-{uuid.uuid4().hex[:6]}"
    work.mkdir()
    run = uuid.uuid4().hex[:10]
    bootstrap = Settings.from_env().bootstrap_servers
    env = worker_env({**os.environ, "KAFKA_BOOTSTRAP_SERVERS": bootstrap},
                     topic_prefix=f"eos{run}.", app_id=f"newsstream-eos-{run}",
                     state_dir=str(work / "state"), web_enabled="false",
                     partitions=str(args.partitions), stages="clean",
                     processing_guarantee=mode)
    stream_s = args.articles / args.rate
    start, start_ms = time.monotonic(), time.time() * 1000
    if scenario == "crash":
        result = await crash_run(env, work, n=args.articles, kills=args.kills,
                                 stream_s=stream_s, timeout_s=args.timeout)
    else:
        result = await rebalance_run(env, work, n=args.articles, stream_s=stream_s,
                                     timeout_s=args.timeout)
    elapsed = time.monotonic() - start
    stamps = [r.timestamp for r in result.seen.records[ENRICHED]]
    last_output = (max(stamps) - start_ms) / 1000 if stamps else float("nan")
    settings = Settings.from_env(env)
    uncommitted = {t: len(await written_ids(settings, t) - set(result.seen.keys(t)))
                   for t in (ENRICHED, SEARCH)}
    return Run(mode, scenario, result, elapsed, last_output, trouble(sorted(work.glob("*.log"))),
               uncommitted)


def line(run: Run) -> str:
    return (f"{run.scenario} {run.mode}: {run.result.summary()}, elapsed_s={run.elapsed_s:.1f}, "
            f"last_output_s={run.last_output_s:.1f}, "
            f"articles_per_s={len(run.result.ids) / run.last_output_s:.1f}, "
            f"uncommitted_only={run.uncommitted}, log_trouble={sum(run.trouble.values())}")


def summarize(runs: list[Run]) -> None:
    by_mode: dict[tuple[str, str], list[Run]] = defaultdict(list)
    for run in runs:
        by_mode[(run.scenario, run.mode)].append(run)
    print("\n== per mode (sums over runs; time as median) ==")
    for (scenario, mode), group in sorted(by_mode.items()):
        elapsed = median(r.elapsed_s for r in group)
        last_output = median(r.last_output_s for r in group)
        figures = [f"{t}: missing={sum(len(r.result.missing(t)) for r in group)} "
                   f"duplicates={sum(r.result.duplicates(t) for r in group)} "
                   f"uncommitted_only={sum(r.uncommitted[t] for r in group)}"
                   for t in (ENRICHED, SEARCH)]
        print(f"{scenario} {mode} (runs={len(group)}): {', '.join(figures)}, "
              f"incomplete_runs={sum(r.incomplete for r in group)}, "
              f"median_elapsed_s={elapsed:.1f}, median_last_output_s={last_output:.1f}, "
              f"median_articles_per_s={len(group[0].result.ids) / last_output:.1f}")
        seen: Counter[str] = sum((r.trouble for r in group), Counter())
        for text, count in seen.most_common(8):
            print(f"    {count:5d}x {text}")


async def main(args: argparse.Namespace) -> int:
    # The harness's own clients log every topic creation and worker kill; the workers' logs
    # are what this reports on.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    if not Settings.from_env().external_broker:
        print("set KAFKA_BOOTSTRAP_SERVERS to a private broker", file=sys.stderr)
        return 2
    scenarios = ("crash", "rebalance") if args.scenario == "both" else (args.scenario,)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="newsstream-eos-") as tmp:
        root = Path(args.workdir or tmp)
        for round_no in range(args.rounds):
            # Alternate which mode goes first: the machine's load drifts.
            order = MODES if round_no % 2 == 0 else MODES[::-1]
            for scenario in scenarios:
                for mode in order:
                    run = await one_run(mode, scenario, args, root)
                    runs.append(run)
                    print(line(run), flush=True)
    summarize(runs)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--rate", type=float, default=100.0, help="articles/s produced")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="longest wait for progress or completion, per wait")
    parser.add_argument("--workdir", help="keep run folders (worker logs) here")
    parser.add_argument("--scenario", choices=("crash", "rebalance", "both"), default="crash")
    sys.exit(asyncio.run(main(parser.parse_args())))
