"""Workers as subprocesses and what they wrote: shared by the integration tests and
scripts/soak.py, so every run starts, kills and reads back workers the same way."""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import orjson
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord, TopicPartition

from streams.kafka_io import LogEnds, consume, producer
from streams.settings import Settings
from streams.topics import ENRICHED, RAW

T = TypeVar("T")

SENTENCES = (
    "Finance Minister Clara Weiss said on {day} that the deficit would shrink next year.",
    "“We have turned the corner,” Weiss told reporters in Vienna.",
    "The opposition Social Democrats called the forecast too optimistic.",
    "Analysts at the Central Bank expect growth of {n} percent.",
)


def short_articles(n: int, run: str, publishers: int = 8) -> list[tuple[bytes, bytes]]:
    """`n` small valid articles with ids `{run}-{i}` spread over several publishers."""
    out = []
    for i in range(n):
        text = " ".join(s.format(day=f"day {i}", n=i % 7) for s in SENTENCES)
        url = f"https://paper{i % publishers}.example.com/{run}/{i}"
        article = {"id": f"{run}-{i}", "url": url, "title": f"Story {i}", "text": text}
        out.append((article["id"].encode(), orjson.dumps(article)))
    return out


class WorkerProcess:
    """`python -m streams worker` with output to a file (a pipe nobody reads would block it).
    `module`: another entry point with the same command line (one that injects a fault)."""

    def __init__(self, env: dict[str, str], log_path: Path, module: str = "streams") -> None:
        self.env = env
        self.log_path = log_path
        self.module = module
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", self.module, "worker"],
                                         env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.starts += 1

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, nothing is flushed or committed."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self, timeout_s: float = 60.0) -> int | None:
        """SIGTERM and wait; SIGKILL if it does not exit in time. Returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.terminate()
        try:
            return self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def longest_logged_stall_s(self) -> float:
        """The longest "loop stall" the worker logged (it logs those over a second)."""
        stalls = [0.0]
        for line in self.log_path.read_bytes().splitlines():
            if b'"loop stall"' in line:
                with contextlib.suppress(orjson.JSONDecodeError, KeyError):
                    stalls.append(float(orjson.loads(line)["seconds"]))
        return max(stalls)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_bytes()[-chars:].decode(errors="replace")

    def log_events(self, lines: int = 80) -> str:
        """The last `lines` warnings, errors and group or recovery steps the worker logged:
        what a failed fault test needs to show (its temporary folder is gone after CI)."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        events = [line[:3000] for line in text.splitlines() if _EVENT.search(line)]
        return "\n".join([f"--- {self.log_path.name}", *events[-lines:]])


async def produce_paced(settings: Settings, topic: str, messages: Sequence[tuple[bytes, bytes]],
                        per_second: float) -> None:
    """Publish at a steady rate (so that faults land mid-stream) and wait for every ack."""
    prod = producer(settings)
    await prod.start()
    try:
        start = time.monotonic()
        futures = []
        for i, (key, value) in enumerate(messages):
            futures.append(await prod.send(topic, value=value, key=key))
            await asyncio.sleep(max(0.0, start + (i + 1) / per_second - time.monotonic()))
        await asyncio.gather(*futures)
    finally:
        await prod.stop()


class Follower:
    """Reads topics from the beginning in the background, keeping every record."""

    def __init__(self, settings: Settings, names: Iterable[str]) -> None:
        self.settings = settings
        self.records: dict[str, list[ConsumerRecord]] = {name: [] for name in names}
        self._tasks: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> Follower:
        self._tasks = [asyncio.create_task(self._follow(n)) for n in self.records]
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None
                        ) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _follow(self, name: str) -> None:
        async for record in consume(self.settings, self.settings.topic(name), from_beginning=True):
            self.records[name].append(record)

    def keys(self, name: str) -> Counter[str]:
        return Counter(r.key.decode() for r in self.records[name] if r.key is not None)

    def values(self, name: str) -> list[dict]:
        return [orjson.loads(r.value) for r in self.records[name]]

    async def wait_for(self, done: Callable[[], bool], timeout_s: float,
                       workers: Sequence[WorkerProcess] = ()) -> bool:
        """Poll `done` until it holds, the time is up, or every given worker has exited."""
        deadline = time.monotonic() + timeout_s
        while not done():
            if time.monotonic() > deadline or (workers and not any(w.alive() for w in workers)):
                return False
            # Often enough that a fast worker cannot finish a test's first half unseen.
            await asyncio.sleep(0.05)
        return True


def missing(follower: Follower, topic: str, ids: Iterable[str]) -> set[str]:
    return set(ids) - set(follower.keys(topic))


def duplicates(follower: Follower, topic: str) -> int:
    """Records beyond the first per key."""
    return sum(n - 1 for n in follower.keys(topic).values())


async def send_through(seen: Follower, settings: Settings,
                       articles: Sequence[tuple[bytes, bytes]], timeout_s: float,
                       workers: Sequence[WorkerProcess]) -> bool:
    """Publish `articles` to articles.raw at once and wait until `seen` has an enriched record
    for each (False if the time is up or every worker has exited first)."""
    await produce_paced(settings, settings.topic(RAW), articles, 1000.0)
    ids = [k.decode() for k, _ in articles]
    return await seen.wait_for(lambda: not missing(seen, ENRICHED, ids), timeout_s, workers)


async def committed_offsets(settings: Settings) -> dict[tuple[str, int], int]:
    """The worker group's committed offsets, as {(topic, partition): offset}."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(settings.app_id)
    finally:
        await admin.close()
    return {(tp.topic, tp.partition): meta.offset for tp, meta in offsets.items()}


async def end_offsets(settings: Settings, topic: str) -> dict[tuple[str, int], int]:
    """Log-end offset of every partition (the topics have `settings.partitions` each)."""
    log_ends = LogEnds(settings, timeout_s=30.0)
    try:
        ends = await log_ends.get(TopicPartition(topic, p) for p in range(settings.partitions))
    finally:
        await log_ends.close()
    return {(tp.topic, tp.partition): off for tp, off in ends.items()}


def health(port: int) -> tuple[int, dict[str, Any]]:
    """A worker's /health answer: status code and body; 0 and {} while nothing listens."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as reply:
            return reply.status, orjson.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, orjson.loads(error.read())
    except urllib.error.URLError:
        return 0, {}


async def poll_until(probe: Callable[[], T], done: Callable[[T], bool], timeout_s: float) -> T:
    """Run the blocking `probe` every second (in a thread) until `done` holds for what it
    returns or the time is up; its last answer either way."""
    deadline = time.monotonic() + timeout_s
    while True:
        answer = await asyncio.to_thread(probe)
        if done(answer) or time.monotonic() > deadline:
            return answer
        await asyncio.sleep(1.0)


async def health_until(port: int, ok: Callable[[int, dict[str, Any]], bool],
                       timeout_s: float) -> tuple[int, dict[str, Any]]:
    """/health every second until `ok(status, body)` holds or the time is up."""
    return await poll_until(lambda: health(port), lambda answer: ok(*answer), timeout_s)


def second_worker(env: dict[str, str], workdir: Path) -> WorkerProcess:
    """Another worker of the same group, with state of its own, logging to
    `workdir / "second-worker.log"`."""
    return WorkerProcess({**env, "NEWSSTREAM_STATE_DIR": str(workdir / "second-state")},
                         workdir / "second-worker.log")


def worker_env(base: dict[str, str], **overrides: str) -> dict[str, str]:
    """A worker environment: `base` plus NEWSSTREAM_* overrides given in lower case."""
    return {**base, **{f"NEWSSTREAM_{k.upper()}": v for k, v in overrides.items()}}


_EVENT = re.compile(r"WARNING|ERROR|\"level\": ?\"(warning|error)\"|Revoking|Setting newly|"
                    r"Elected|Joined group|Executing _on|Resuming flow|Done reading|"
                    r"Seek stream|Worker ready|wait_empty|re-reading|handing back|"
                    r"fetching again")
_REREAD = re.compile(r"re-reading (\d+) records")
_HANDBACK = re.compile(r"handing back (\d+) records")


def rereads(log: str, *, handbacks: bool = True) -> list[int]:
    """Record counts of the re-reads a worker logged (streams/app.py): each is at most that
    many records processed twice. `handbacks`: also partitions handed back in a rebalance."""
    found = _REREAD.findall(log) + (_HANDBACK.findall(log) if handbacks else [])
    return [int(n) for n in found]
