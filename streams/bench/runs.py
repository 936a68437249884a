"""Contenders that run through the real broker: each in fresh topics, as subprocesses, timed by
the broker timestamps of what they publish on `articles.enriched`."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import orjson
from aiokafka.structs import ConsumerRecord

from streams.admin import create_topics, delete_topics
from streams.enrich.raw import decode_article
from streams.kafka_io import consume, producer, send_all
from streams.settings import Settings
from streams.topics import CLEANED, ENRICHED, RAW


@dataclass(frozen=True, slots=True)
class Throughput:
    articles_per_s: float
    complete: bool  # every article arrived before the time limit


class Fleet:
    """`count` processes of one contender sharing fresh topics and one consumer group."""

    def __init__(self, settings: Settings, label: str, module: str, count: int, workdir: Path,
                 *, web: bool = False, env: dict[str, str] | None = None) -> None:
        run = uuid.uuid4().hex[:8]
        self.settings = replace(settings, topic_prefix=f"bench{run}.",
                                app_id=f"newsstream-bench-{label}-{run}")
        self.module, self.workdir, self.web = module, workdir / label, web
        self.ports = [free_port() for _ in range(count)] if web else []
        self.procs: list[subprocess.Popen[bytes]] = []
        self.count = count
        self.extra_env = env or {}

    async def prepare(self) -> None:
        await create_topics(self.settings)

    def start(self) -> None:
        for i in range(self.count):
            (self.workdir / str(i)).mkdir(parents=True, exist_ok=True)
            env = {**os.environ, **self._env(i)}
            with (self.workdir / f"{i}.log").open("ab") as log:
                self.procs.append(subprocess.Popen([sys.executable, "-m", *self.module.split()],
                                                   env=env, stdout=log, stderr=subprocess.STDOUT))

    def _env(self, i: int) -> dict[str, str]:
        s = self.settings
        env = {"KAFKA_BOOTSTRAP_SERVERS": s.bootstrap_servers,
               "NEWSSTREAM_TOPIC_PREFIX": s.topic_prefix, "NEWSSTREAM_APP_ID": s.app_id,
               "NEWSSTREAM_STATE_DIR": str(self.workdir / str(i)),
               "NEWSSTREAM_WEB_ENABLED": "true" if self.web else "false"}
        if self.web:
            env["NEWSSTREAM_WEB_PORT"] = str(self.ports[i])
        return {**env, **self.extra_env}

    def alive(self) -> bool:
        return any(p.poll() is None for p in self.procs)

    def cpu_s(self) -> tuple[float, float]:
        """CPU seconds used so far by the live worker processes, and by their children (where
        the stages run)."""
        live = [p.pid for p in self.procs if p.poll() is None]
        return (sum(cpu_s(pid) for pid in live),
                sum(cpu_s(c) for pid in live for c in children(pid)))

    def peak_rss_mb(self) -> list[float]:
        """Peak resident memory (VmHWM) of each live process, its child processes included
        (the worker's NLP runs in children): an upper bound, as the peaks may not coincide."""
        return [sum(memory_mb(pid) for pid in [p.pid, *children(p.pid)])
                for p in self.procs if p.poll() is None]

    def longest_stall_s(self) -> float | None:
        """The workers' own measure of their longest event-loop stall."""
        stalls = [h["loop_stall_max_s"] for h in self._health() if "loop_stall_max_s" in h]
        return max(stalls) if stalls else None

    async def busiest_share(self, articles: Sequence[tuple[bytes, bytes]],
                            weights: Sequence[int], timeout_s: float) -> float | None:
        """`busiest_share` of this group of workers for these raw articles, each weighing its
        `weights` entry (its words), by the partitions of `articles.cleaned` each reports on
        /health: the topic where the model stages, most of the work, run. Where each article
        went is read back from that topic (the clean agent picks its partition)."""
        topic = self.settings.topic(CLEANED)
        owned = [set(h.get("partitions", {}).get(topic, ())) for h in self._health()]
        if len(owned) != self.count:
            return None
        weight = {decode_article(value, self.settings.max_article_bytes).id: w
                  for (_, value), w in zip(articles, weights, strict=True)}
        loads: dict[int, int] = {}
        for key, record in (await _first_records(self, topic, set(weight), timeout_s)).items():
            loads[record.partition] = loads.get(record.partition, 0) + weight[key]
        return busiest_share(owned, loads) if loads else None

    def _health(self) -> list[dict]:
        out = []
        for port in self.ports:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                    out.append(orjson.loads(r.read()))
            except OSError:
                continue
        return out

    async def ready(self, warmup: Sequence[tuple[bytes, bytes]], timeout_s: float) -> bool:
        """Every worker in the group (by /health, when served) and one article through, so
        start-up, model loading and the first rebalance stay out of the measurement."""
        deadline = time.monotonic() + timeout_s
        while self.ports and time.monotonic() < deadline and self.alive():
            health = self._health()
            if len(health) == self.count and all(h.get("assigned_partitions") for h in health):
                break
            await asyncio.sleep(1.0)
        await send_all(self.settings, self.settings.topic(RAW), warmup)
        arrived = await _arrivals(self, {k.decode() for k, _ in warmup}, timeout_s)
        return len(arrived) == len(warmup)

    async def stop(self) -> None:
        """Stop the processes and delete the fleet's topics: a broker holding every earlier
        fleet's partitions does more work for each later one."""
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                await asyncio.to_thread(p.wait, 60)
            except subprocess.TimeoutExpired:
                p.kill()
        await delete_topics(self.settings, (self.settings.topic_prefix,
                                            f"{self.settings.app_id}-"))


def busiest_share(owned: Sequence[set[int]], loads: dict[int, int]) -> float:
    """The largest share of the load (by partition) that one process's partitions hold. The
    busiest process finishes last, so the group goes at most 1 / share times as fast as one
    process: what the spread of keys over partitions leaves of perfect scaling."""
    return max(sum(loads.get(p, 0) for p in mine) for mine in owned) / sum(loads.values())


async def throughput(fleet: Fleet, articles: Sequence[tuple[bytes, bytes]],
                     timeout_s: float) -> Throughput:
    """Articles per second from the first send to the last enriched record (broker time)."""
    start = time.time()
    await send_all(fleet.settings, fleet.settings.topic(RAW), articles)
    times = await _arrivals(fleet, {k.decode() for k, _ in articles}, timeout_s)
    if not times:
        return Throughput(0.0, False)
    return Throughput(len(times) / (max(times.values()) - start), len(times) == len(articles))


async def latencies(fleet: Fleet, articles: Sequence[tuple[bytes, bytes]], per_second: float,
                    timeout_s: float) -> list[float]:
    """Produce-to-enriched seconds of each article, produced at a steady `per_second`."""
    sent: dict[str, float] = {}

    async def produce() -> None:
        prod = producer(fleet.settings)
        await prod.start()
        try:
            start = time.monotonic()
            for i, (key, value) in enumerate(articles):
                sent[key.decode()] = time.time()
                await prod.send(fleet.settings.topic(RAW), value=value, key=key)
                await asyncio.sleep(max(0.0, start + (i + 1) / per_second - time.monotonic()))
            await prod.flush()
        finally:
            await prod.stop()

    producing = asyncio.create_task(produce())
    times = await _arrivals(fleet, {k.decode() for k, _ in articles}, timeout_s)
    await producing
    return sorted(times[k] - sent[k] for k in times)


async def _arrivals(fleet: Fleet, ids: set[str], timeout_s: float) -> dict[str, float]:
    """Broker timestamp (s) of the first enriched record of each id, until all or time's up."""
    first = await _first_records(fleet, fleet.settings.topic(ENRICHED), ids, timeout_s)
    return {key: record.timestamp / 1000 for key, record in first.items()}


async def _first_records(fleet: Fleet, topic: str, ids: set[str],
                         timeout_s: float) -> dict[str, ConsumerRecord]:
    """The first record keyed by each id on `topic`, until all or time's up."""
    first: dict[str, ConsumerRecord] = {}

    async def follow() -> None:
        async for rec in consume(fleet.settings, topic, from_beginning=True):
            key = rec.key.decode() if rec.key else ""
            if key in ids and key not in first:
                first[key] = rec
                if len(first) == len(ids):
                    return

    task = asyncio.create_task(follow())
    deadline = time.monotonic() + timeout_s
    while not task.done() and time.monotonic() < deadline and fleet.alive():
        await asyncio.sleep(0.5)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return first


def children(pid: int) -> list[int]:
    """The process ids of `pid`'s children (none once it is gone)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cpu_s(pid: int) -> float:
    """User and system CPU seconds of a live process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int | str, field: str = "VmHWM") -> float:
    """A memory figure of process `pid` ("self" for this one) from /proc: by default its peak
    resident memory; 0 for a process gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return sum(int(line.split()[1]) / 1024 for line in status.splitlines()
               if line.startswith(f"{field}:"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
