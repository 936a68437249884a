"""Enrichment in child processes, so the worker's event loop stays free while the model works.

The NLP is CPU-bound: run on the loop, a batch stalls everything else the worker does there
(other agents, commits, the web endpoints) for seconds; faust's consumer, and so the group
heartbeat, has its own thread. In a child process it stalls nothing, and `nlp_processes` > 1
lets one worker use several cores. Each child builds its own enricher and loads the model once.

The per-publisher boilerplate memory stays in the worker's table (changelog-backed, in the
partition of the publisher's articles): a batch of the `clean` agent ships with the table
entries of its publishers and comes back with their new values, which are written back to the
table once the whole batch is through. The two agents' steps go to the children differently:
decoding and the clean stage (`start`) with each publisher's messages in one child, so that
they are learned in input order; the model stages (`finish`), most of the work, spread over
all children by text size alone, so that a batch from one publisher still keeps every child
busy.

A child that dies (killed for memory, a crash in native code) fails the batches in flight (the
two agents' batches share the pool): the pool is rebuilt and each of their messages retried
alone; a message that kills a child again is dead-lettered as `crashed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Hashable,
    MutableMapping,
    Sequence,
)
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any

import orjson
import structlog

from streams.enrich.document import Document
from streams.enrich.pipeline import StageTimer
from streams.enrich.process import Enricher, Outcome, RawMessage, dead
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


def _in_child(
    step: Callable[[Enricher], Any], memory: dict[str, Any]
) -> tuple[Any, dict[str, Any], list[StageTiming]]:
    """`step` over the child's enricher, starting from the parent's `memory` entries: its
    result, the memory as the step left it, and the stage timings."""
    assert _child is not None
    enricher, child_memory, timings = _child
    child_memory.clear()
    child_memory.update(memory)
    timings.clear()
    result = step(enricher)
    return result, dict(child_memory), list(timings)


# The steps a child runs, module-level so that a partial of one pickles.
def _start(messages: Sequence[RawMessage], enricher: Enricher) -> list[Document | Outcome]:
    return enricher.start(messages)


def _finish(
    messages: Sequence[RawMessage], started: Sequence[Document | Outcome], enricher: Enricher
) -> list[Outcome]:
    return enricher.finish(messages, started)


def _split(keys: Sequence[Hashable], sizes: Sequence[int], parts: int) -> list[list[int]]:
    """Indexes in `parts` chunks of near-equal total size, all of a key's in one chunk and in
    input order: heaviest key first, each into the lightest chunk so far. The batch waits for
    its slowest chunk, and the model's time grows with the text, so the chunks are weighed by
    size rather than counted."""
    by_key: dict[Hashable, list[int]] = {}
    for i, key in enumerate(keys):
        by_key.setdefault(key, []).append(i)
    weighed = sorted(((sum(sizes[i] for i in ix), ix) for ix in by_key.values()),
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

    async def start(
        self, messages: Sequence[RawMessage], publishers: Sequence[bytes | None]
    ) -> list[Document | Outcome]:
        return self.enricher.start(messages)

    async def finish(
        self, messages: Sequence[RawMessage], started: Sequence[Document | Outcome]
    ) -> list[Outcome]:
        return self.enricher.finish(messages, started)


class _Turns:
    """Who may use the pool. The agents' steps share it, so that a child that one step leaves
    idle (its chunk done first, or a batch from one publisher in one chunk) takes the other
    agent's work. A retry of a batch that killed a child has the pool to itself, so that a
    message that kills a child again is told apart from another message in flight: it waits
    for the steps running to end, and steps that come after it wait for it."""

    def __init__(self) -> None:
        self._gate = asyncio.Lock()  # held by a retry alone, and briefly by a step coming in
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @contextlib.asynccontextmanager
    async def shared(self) -> AsyncIterator[None]:
        async with self._gate:
            self._running += 1
            self._idle.clear()
        try:
            yield
        finally:
            self._running -= 1
            if not self._running:
                self._idle.set()

    @contextlib.asynccontextmanager
    async def alone(self) -> AsyncIterator[None]:
        async with self._gate:
            await self._idle.wait()
            yield


class ProcessEnricher:
    """`Enricher.start` and `Enricher.finish` in a pool of `processes` spawned children,
    awaited by the clean and enrich agents."""

    def __init__(
        self, factory: EnricherFactory, processes: int, *,
        memory: MutableMapping[str, Any] | None = None, on_stage: StageTimer | None = None,
    ) -> None:
        self.factory, self.processes = factory, processes
        self.memory, self.on_stage = memory, on_stage
        self.pool = self._new_pool()
        self.turns = _Turns()

    def _new_pool(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=self.processes, mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_child, initargs=(self.factory, os.getpid()),
        )
        # Every child starts now, one per check submitted. Left to spawn on demand, inside a
        # later `submit`, a child can start while another dies: the broken pool's clean-up
        # (CPython 3.11) then misses it and waits for it forever, and so does the interpreter
        # at exit. The checks are kept for `self_check`.
        self.checks = [pool.submit(_check_child) for _ in range(self.processes)]
        return pool

    def self_check(self) -> None:
        """Wait for every child to start; raise if one cannot enrich (as
        `Enricher.self_check`)."""
        for future in self.checks:
            future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    async def start(
        self, messages: Sequence[RawMessage], publishers: Sequence[bytes | None]
    ) -> list[Document | Outcome]:
        """Decoding and the publisher stages (`Enricher.start`), with each publisher's messages
        in one child, in input order; `publishers` are the messages' keys on
        `articles.by-source` (JSON-encoded publisher)."""
        # What the publisher stages learn reaches the table only once the whole batch is
        # through: a batch that kills a child is retried message by message, learning anew.
        learned: dict[str, Any] = {}
        sizes = [len(m.value or b"") for m in messages]
        try:
            async with self.turns.shared():
                started = await self._chunked(
                    _split(publishers, sizes, self.processes),
                    lambda ix: self._run(partial(_start, [messages[i] for i in ix]),
                                         [publishers[i] for i in ix], learned))
        except BrokenProcessPool:
            async with self.turns.alone():
                return [await self._alone(partial(_start, [m]), m, [p], "clean")
                        for m, p in zip(messages, publishers, strict=True)]
        self._learn(learned)
        return [started[i] for i in range(len(messages))]

    async def finish(
        self, messages: Sequence[RawMessage], started: Sequence[Document | Outcome]
    ) -> list[Outcome]:
        """The other stages (`Enricher.finish`), most of the work, with the documents spread
        over all children by size alone, whatever their publishers."""
        docs = [i for i, doc in enumerate(started) if isinstance(doc, Document)]
        texts = [len(doc.text) for doc in started if isinstance(doc, Document)]
        try:
            async with self.turns.shared():
                finished = await self._chunked(
                    [[docs[j] for j in chunk] for chunk in _split(docs, texts, self.processes)],
                    lambda ix: self._run(partial(_finish, [messages[i] for i in ix],
                                                 [started[i] for i in ix]), [], {}))
        except BrokenProcessPool:
            async with self.turns.alone():
                finished = {i: await self._alone(partial(_finish, [messages[i]], [started[i]]),
                                                 messages[i], [], "enrich") for i in docs}
        return [finished[i] if isinstance(doc, Document) else doc
                for i, doc in enumerate(started)]

    async def _chunked(
        self, chunks: list[list[int]], run: Callable[[list[int]], Awaitable[list[Any]]]
    ) -> dict[int, Any]:
        """`run` over each non-empty chunk of indexes, at once: results by index."""
        chunks = [c for c in chunks if c]
        results = await asyncio.gather(*(run(c) for c in chunks))
        return {i: r for chunk, rs in zip(chunks, results, strict=True)
                for i, r in zip(chunk, rs, strict=True)}

    async def _run(
        self, step: Callable[[Enricher], Any], publishers: Sequence[bytes | None],
        learned: dict[str, Any],
    ) -> Any:
        """`step` in a child, with the table entries of `publishers`; the entries it changed
        go into `learned`."""
        sent = self._memory_for(publishers)
        loop = asyncio.get_running_loop()
        pool = self.pool
        try:
            result, after, timings = await loop.run_in_executor(pool, _in_child, step, sent)
        except BrokenProcessPool:
            # Every chunk in flight fails with its child; the first rebuilds the pool, and the
            # others must not rebuild it again under a retry already running in the new one.
            if self.pool is pool:
                self._restart()
            raise
        learned.update((source, state) for source, state in after.items()
                       if sent.get(source) != state)
        if self.on_stage is not None:
            for timing in timings:
                self.on_stage(*timing)
        return result

    def _learn(self, learned: dict[str, Any]) -> None:
        if self.memory is not None:
            for source, state in learned.items():
                self.memory[source] = state

    def _memory_for(self, publishers: Sequence[bytes | None]) -> dict[str, Any]:
        if self.memory is None:
            return {}
        sources = {orjson.loads(p) for p in publishers if p is not None}
        return {s: self.memory[s] for s in sources if isinstance(s, str) and s in self.memory}

    async def _alone(
        self, step: Callable[[Enricher], list[Any]], message: RawMessage,
        publishers: Sequence[bytes | None], stage: str,
    ) -> Any:
        """`step` over one message of a batch that killed a child, again: its one result, or
        the outcome that dead-letters the message if it kills a child again."""
        learned: dict[str, Any] = {}
        try:
            [result] = await self._run(step, publishers, learned)
        except BrokenProcessPool:
            log.error("enrichment process died", partition=message.partition,
                      offset=message.offset)
            return dead(message, "crashed", "the enrichment process died on this message",
                        stage)
        self._learn(learned)
        return result

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()


# What the clean and enrich agents call: either kind, chosen by `Settings.nlp_processes`.
BatchEnricher = InlineEnricher | ProcessEnricher
