"""End-to-end alert latency through the real broker: raw article published -> alert on `alerts`.

    python -m streams.alert_latency [--rate 20] [--seconds 60] [--subscriptions 1000]
                                    [--stages clean] [--batch-timeout 0.05]

Starts a worker subprocess on fresh, uniquely prefixed topics, registers `--subscriptions`
subscriptions (one of them matches every article), publishes articles at a steady rate and
prints the latency distribution from each article's send to its alert's arrival (one clock:
this process). Default stages: clean only, as the NLP stages cannot sustain 20 articles/s on
a small shared machine; pass --stages clean,entities,quotes to include them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import orjson

from streams.admin import create_topics
from streams.kafka_io import consume, producer, send_all
from streams.settings import Settings
from streams.topics import ALERTS, RAW, SUBSCRIPTIONS

PROBE = "latency probe"
PARAGRAPH = ("The council met on {day} to discuss the {i}th budget draft for the harbour district. "
             "Members argued over ferry subsidies, school repairs and a new cycle path. ")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m streams.alert_latency")
    p.add_argument("--rate", type=float, default=20.0, help="articles per second")
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--subscriptions", type=int, default=1000)
    p.add_argument("--stages", default="clean")
    p.add_argument("--batch-timeout", default="0.05", help="NEWSSTREAM_BATCH_TIMEOUT_S")
    args = p.parse_args(argv)
    run = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as state:
        env = {**os.environ, "NEWSSTREAM_TOPIC_PREFIX": f"lat{run}.",
               "NEWSSTREAM_APP_ID": f"newsstream-latency-{run}", "NEWSSTREAM_STATE_DIR": state,
               "NEWSSTREAM_WEB_ENABLED": "false", "NEWSSTREAM_STAGES": args.stages,
               "NEWSSTREAM_BATCH_TIMEOUT_S": args.batch_timeout}
        settings = Settings.from_env(env)
        asyncio.run(create_topics(settings))
        worker = subprocess.Popen([sys.executable, "-m", "streams", "worker"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            latencies, sent = asyncio.run(measure(settings, args))
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    report(latencies, sent, args)
    return 0 if len(latencies) == sent else 1


async def measure(settings: Settings, args: argparse.Namespace) -> tuple[list[float], int]:
    subs = [{"id": f"probe-{i}", "subscriber": f"team-{i % 50}",
             "rule": {"any": [{"phrase": PROBE if i == 0 else f"unrelated phrase {i}"}]}}
            for i in range(args.subscriptions)]
    await send_all(settings, settings.topic(SUBSCRIPTIONS),
                   [(s["id"].encode(), orjson.dumps(s)) for s in subs])
    sent_at: dict[str, float] = {}
    received: dict[str, float] = {}

    async def collect() -> None:
        async for rec in consume(settings, settings.topic(ALERTS), from_beginning=True):
            received.setdefault(orjson.loads(rec.value)["article_id"], time.monotonic())

    collector = asyncio.create_task(collect())
    prod = producer(settings)
    await prod.start()
    try:
        # Warm-up: wait until the worker is up and alerting before the measured run.
        await _publish(prod, settings, "warmup", sent_at)
        while "warmup" not in received:
            await asyncio.sleep(0.2)
        count = int(args.rate * args.seconds)
        start = time.monotonic()
        for i in range(count):
            await asyncio.sleep(max(0.0, start + i / args.rate - time.monotonic()))
            await _publish(prod, settings, f"a{i}", sent_at)
        deadline = time.monotonic() + 30
        while len(received) < count + 1 and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
    finally:
        await prod.stop()
        collector.cancel()
    ids = [f"a{i}" for i in range(count)]
    return [received[a] - sent_at[a] for a in ids if a in received], count


async def _publish(prod, settings: Settings, article_id: str, sent_at: dict[str, float]) -> None:
    text = "\n\n".join(PARAGRAPH.format(day=f"day {article_id}", i=n) for n in range(5))
    value = {"id": article_id, "url": f"https://{article_id}.example.net/news",
             "title": f"Council story {article_id}", "text": f"{text}\n\nA {PROBE} sentence."}
    sent_at[article_id] = time.monotonic()
    await prod.send(settings.topic(RAW), key=article_id.encode(), value=orjson.dumps(value))


def report(latencies: list[float], sent: int, args: argparse.Namespace) -> None:
    ms = sorted(x * 1000 for x in latencies)
    print(f"{sent} articles at {args.rate}/s for {args.seconds:.0f}s, "
          f"{args.subscriptions} subscriptions, stages {args.stages}, "
          f"batch timeout {args.batch_timeout}s: {len(ms)} alerts received")
    if ms:
        def q(f: float) -> float:
            return ms[min(len(ms) - 1, int(len(ms) * f))]
        print(f"latency ms: median {statistics.median(ms):.0f}  p90 {q(0.9):.0f}  "
              f"p99 {q(0.99):.0f}  max {ms[-1]:.0f}")


if __name__ == "__main__":
    raise SystemExit(main())
