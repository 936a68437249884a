"""`newsstream demo`: everything on one machine, the bundled sample articles, results shown live.

Starts the local Kafka (unless KAFKA_BOOTSTRAP_SERVERS names one), creates the topics, runs
a worker process, publishes the samples, and prints each enriched (or dead-lettered) record
as it arrives. The broker is left running for further experiments (`newsstream kafka stop`).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

from streams import kafka_io
from streams.admin import create_topics
from streams.inputs import input_files, records
from streams.kafka_io import send_all
from streams.localkafka.broker import LocalKafka
from streams.settings import Settings
from streams.topics import DLQ, ENRICHED, RAW

RESULT_TIMEOUT_S = 300.0


def sample_dir() -> Path:
    return Path(str(resources.files("streams").joinpath("samples")))


def run_demo(settings: Settings, paths: Sequence[str]) -> int:
    if not settings.external_broker:
        print("starting local Kafka (first run downloads the broker jars) ...", flush=True)
        LocalKafka.from_settings(settings).start()
    asyncio.run(create_topics(settings))
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings.state_dir / "demo-worker.log"
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers}
    with log_path.open("ab") as log:
        worker = subprocess.Popen([sys.executable, "-m", "streams", "worker"],
                                  stdout=log, stderr=subprocess.STDOUT, env=env)
    print(f"worker started (pid {worker.pid}, log {log_path})", flush=True)
    try:
        files = input_files(paths or [str(sample_dir())])
        shown = asyncio.run(_publish_and_show(settings, files))
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    print(f"\n{shown} record(s) shown. Kafka is still running: `newsstream kafka stop` stops it.")
    return 0


async def _publish_and_show(settings: Settings, files: list[Path]) -> int:
    topics = [settings.topic(ENRICHED), settings.topic(DLQ)]
    consumer = kafka_io.consumer(settings)
    await consumer.start()
    try:
        parts = [TopicPartition(t, p) for t in topics
                 for p in sorted(await _partitions(consumer, t))]
        consumer.assign(parts)
        await consumer.seek_to_end(*parts)  # only this run's results
        for tp in parts:
            await consumer.position(tp)
        expected = await send_all(settings, settings.topic(RAW),
                                  records(files, settings.max_article_bytes))
        print(f"published {expected} article(s) to {settings.topic(RAW)}; waiting ...\n",
              flush=True)
        shown = 0
        deadline = time.monotonic() + RESULT_TIMEOUT_S
        while shown < expected and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=1000)
            for tp, recs in batch.items():
                for rec in recs:
                    print(_summary(tp.topic == settings.topic(DLQ), orjson.loads(rec.value)),
                          flush=True)
                    shown += 1
        return shown
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    for _ in range(50):
        parts = consumer.partitions_for_topic(topic)
        if parts:
            return parts
        await consumer._client.force_metadata_update()
    raise RuntimeError(f"topic {topic} has no partitions")


def _summary(dead: bool, record: dict[str, Any]) -> str:
    if dead:
        err = record["error"]
        return f"✗ dead-lettered at {record['stage']}: {err['kind']}: {err['message'][:100]}\n"
    lines = [f"● {record['title'] or '(untitled)'}  [{record['source']}]  id={record['id'][:12]}"]
    ents = ", ".join(f"{e['name']} ({e['type']})" for e in record["entities"][:8])
    lines.append(f"  entities: {ents or '-'}")
    for q in record["quotes"][:6]:
        text = q["text"] if len(q["text"]) <= 90 else q["text"][:87] + "..."
        lines.append(f"  {q['kind']:>8} quote — {q['speaker'] or '?'}: “{text}”")
    lines.append(f"  {len(record['text'].split())} words of clean text")
    return "\n".join(lines) + "\n"
