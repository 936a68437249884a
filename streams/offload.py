"""Enrichment in child processes, so the worker's event loop stays free while the model works.

The NLP is CPU-bound: run on the loop, a batch stalls everything else the worker does there
(other agents, commits, the web endpoints) for seconds; faust's consumer, and so the group
heartbeat, has its own thread. In a child process it stalls nothing, and `nlp_processes` > 1
lets one worker use several cores. Each child builds its own enricher and loads the model once.

The per-publisher boilerplate memory stays in the worker's table (changelog-backed, in the
partition of the publisher's articles): a batch ships with the table entries of its
publishers and comes back with their new values, which are written back to the table. A
batch is split across children by publisher, so each publisher's articles are still learned
in input order.

A child that dies (killed for memory, a crash in native code) fails the batch in flight: the
pool is rebuilt and each of its messages retried alone; a message that kills a child again is
dead-lettered as `crashed`.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, MutableMapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import orjson
import structlog

from streams.enrich.pipeline import StageTimer
from streams.enrich.process import Enricher, Outcome, RawMessage
from streams.enrich.records import dlq_record
from streams.enrich.stages import build_pipeline
from streams.settings import Settings

log = structlog.get_logger(__name__)

# Builds a child's enricher over the given boilerplate memory and stage timer; must be
# picklable (a module-level function or a functools.partial of one), as children are spawned.
EnricherFactory = Callable[[MutableMapping[str, Any], StageTimer], Enricher]
StageTiming = tuple[str, float, int]


def build_enricher(
    settings: Settings, memory: MutableMapping[str, Any] | None, on_stage: StageTimer | None
) -> Enricher:
    """The worker's enricher over `memory` (a faust table, or a child's dict)."""
    return Enricher(
        build_pipeline(settings.stages, boilerplate_memory=memory,
                       budget_s=settings.message_budget_s, on_stage=on_stage),
        max_article_bytes=settings.max_article_bytes,
        debug_removed=settings.debug_removed,
    )


_child: tuple[Enricher, dict[str, Any], list[StageTiming]] | None = None
_child_error: BaseException | None = None


def _init_child(factory: EnricherFactory, parent_pid: int) -> None:
    global _child, _child_error
    # Ctrl-C reaches the whole process group; the parent decides when children stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    memory: dict[str, Any] = {}
    timings: list[StageTiming] = []
    enricher = factory(memory, lambda name, seconds, n: timings.append((name, seconds, n)))
    try:
        enricher.self_check()  # loads the model now rather than in the first batch
    except Exception as exc:  # reported by _check_child, which the parent runs at start
        _child_error = exc
    memory.clear()
    timings.clear()
    _child = (enricher, memory, timings)


def _exit_with_parent(parent_pid: int) -> None:
    # A parent killed with SIGKILL cannot stop its pool; its children must notice themselves.
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(0)


def _check_child() -> None:
    if _child_error is not None:
        raise _child_error


def _run_in_child(
    messages: Sequence[RawMessage], memory: dict[str, Any]
) -> tuple[list[Outcome], dict[str, Any], list[StageTiming]]:
    assert _child is not None
    enricher, child_memory, timings = _child
    child_memory.clear()
    child_memory.update(memory)
    timings.clear()
    outcomes = enricher.process(messages)
    return outcomes, dict(child_memory), list(timings)


def _split(publishers: Sequence[bytes | None], sizes: Sequence[int],
           parts: int) -> list[list[int]]:
    """Message indexes in `parts` chunks of near-equal total size, each publisher's in one
    chunk and in input order: largest publisher first, each into the lightest chunk so far.
    The batch waits for its slowest chunk, and the model's time grows with the text, so the
    chunks are weighed by message size rather than counted."""
    by_publisher: dict[bytes | None, list[int]] = {}
    for i, key in enumerate(publishers):
        by_publisher.setdefault(key, []).append(i)
    weighed = sorted(((sum(sizes[i] for i in ix), ix) for ix in by_publisher.values()),
                     key=lambda group: group[0], reverse=True)
    chunks: list[list[int]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for weight, indexes in weighed:
        lightest = loads.index(min(loads))
        chunks[lightest].extend(indexes)
        loads[lightest] += weight
    return [sorted(c) for c in chunks]


class InlineEnricher:
    """Enrichment on the event loop's thread (`nlp_processes` = 0): no child processes, but
    the loop stalls for as long as each batch takes."""

    def __init__(self, enricher: Enricher) -> None:
        self.enricher = enricher

    def self_check(self) -> None:
        self.enricher.self_check()

    def close(self) -> None:
        pass

    async def process(
        self, messages: Sequence[RawMessage], publishers: Sequence[bytes | None]
    ) -> list[Outcome]:
        return self.enricher.process(messages)


class ProcessEnricher:
    """`Enricher.process` in a pool of `processes` spawned children, awaited by the agent."""

    def __init__(
        self, factory: EnricherFactory, processes: int, *,
        memory: MutableMapping[str, Any] | None = None, on_stage: StageTimer | None = None,
    ) -> None:
        self.factory, self.processes = factory, processes
        self.memory, self.on_stage = memory, on_stage
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.processes, mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_child, initargs=(self.factory, os.getpid()),
        )

    def self_check(self) -> None:
        """Start every child and raise if one cannot enrich (as `Enricher.self_check`)."""
        for future in [self.pool.submit(_check_child) for _ in range(self.processes)]:
            future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    async def process(
        self, messages: Sequence[RawMessage], publishers: Sequence[bytes | None]
    ) -> list[Outcome]:
        """One outcome per message, in input order; `publishers` are the messages' keys on
        `articles.by-source` (JSON-encoded publisher): all of a publisher's go to one child."""
        sizes = [len(m.value or b"") for m in messages]
        chunks = [c for c in _split(publishers, sizes, self.processes) if c]
        try:
            results = await asyncio.gather(
                *(self._run([messages[i] for i in c], [publishers[i] for i in c]) for c in chunks)
            )
        except BrokenProcessPool:
            self._restart()
            return [await self._alone(m, p) for m, p in zip(messages, publishers, strict=True)]
        outcomes: dict[int, Outcome] = {}
        for chunk, chunk_outcomes in zip(chunks, results, strict=True):
            outcomes.update(zip(chunk, chunk_outcomes, strict=True))
        return [outcomes[i] for i in range(len(messages))]

    async def _run(
        self, messages: list[RawMessage], publishers: list[bytes | None]
    ) -> list[Outcome]:
        sent = self._memory_for(publishers)
        loop = asyncio.get_running_loop()
        outcomes, learned, timings = await loop.run_in_executor(
            self.pool, _run_in_child, messages, sent
        )
        if self.memory is not None:
            for source, state in learned.items():
                if sent.get(source) != state:
                    self.memory[source] = state
        if self.on_stage is not None:
            for timing in timings:
                self.on_stage(*timing)
        return outcomes

    def _memory_for(self, publishers: list[bytes | None]) -> dict[str, Any]:
        if self.memory is None:
            return {}
        sources = {orjson.loads(p) for p in publishers if p is not None}
        return {s: self.memory[s] for s in sources if isinstance(s, str) and s in self.memory}

    async def _alone(self, message: RawMessage, publisher: bytes | None) -> Outcome:
        """Retry one message of a batch that killed a child."""
        try:
            return (await self._run([message], [publisher]))[0]
        except BrokenProcessPool:
            log.error("enrichment process died", partition=message.partition,
                      offset=message.offset)
            self._restart()
            return Outcome(message, dead_letter=dlq_record(
                key=message.key, value=message.value, error_kind="crashed",
                error_message="the enrichment process died on this message", stage="enrich",
                topic=message.topic, partition=message.partition, offset=message.offset,
            ))

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()


# What the enrich agent calls: either kind, chosen by `Settings.nlp_processes`.
BatchEnricher = InlineEnricher | ProcessEnricher
