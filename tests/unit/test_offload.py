"""Enrichment in child processes: same outcomes as inline, publisher memory kept in the
parent's table, and a message that kills its child dead-lettered without losing the batch."""

from __future__ import annotations

import asyncio
import time
from functools import partial
from typing import Any

import orjson
import pytest

from streams.enrich.document import Document
from streams.enrich.process import Outcome, RawMessage
from streams.offload import ProcessEnricher, _split, _Turns
from tests.fakes import pid_after, plumbing_enricher, stamping_enricher


def _message(i: int, text: str, source: str | None) -> tuple[RawMessage, bytes]:
    article = {"id": f"a{i}", "text": text, "source": source}
    return (RawMessage(key=f"k{i}".encode(), value=orjson.dumps(article), topic="raw",
                       partition=0, offset=i),
            orjson.dumps(source or f"a{i}"))


def _batch(texts_and_sources: list[tuple[str, str | None]]):
    pairs = [_message(i, t, s) for i, (t, s) in enumerate(texts_and_sources)]
    return [m for m, _ in pairs], [p for _, p in pairs]


async def _through(pool: ProcessEnricher, messages: list[RawMessage],
                   publishers: list[bytes]) -> list[Outcome]:
    """Both steps, as the clean and enrich agents run them one after the other."""
    return await pool.finish(messages, await pool.start(messages, publishers))


@pytest.fixture()
def memory() -> dict[str, Any]:
    return {"example.org": ["earlier"]}


@pytest.fixture()
def timings() -> list[tuple[str, float, int]]:
    return []


@pytest.fixture()
def pool(memory, timings):
    enricher = ProcessEnricher(plumbing_enricher, 2, memory=memory,
                               on_stage=lambda *t: timings.append(t))
    yield enricher
    enricher.close()


async def test_outcomes_in_order_with_memory_written_back(pool, memory, timings):
    messages, publishers = _batch([
        ("Alpha news", "example.org"), ("BOOM goes it", "other.net"),
        ("Beta news", "other.net"), ("Gamma news", "example.org"), ("no source", None),
    ])
    outcomes = await _through(pool, messages, publishers)
    assert [o.message for o in outcomes] == messages
    assert [o.enriched["id"] if o.enriched else o.dead_letter["error"]["kind"]
            for o in outcomes] == ["a0", "stage_error", "a2", "a3", "a4"]
    assert [e["name"] for e in outcomes[0].enriched["entities"]] == ["Alpha"]
    # Each publisher's articles learned in input order, on top of what the table held.
    assert memory == {"example.org": ["earlier", "a0", "a3"], "other.net": ["a1", "a2"]}
    assert {name for name, _, _ in timings} == {"clean", "entities", "quotes"}


async def test_a_message_that_kills_its_child_is_dead_lettered_alone(pool, memory):
    messages, publishers = _batch([("Alpha", "example.org"), ("DIE now", "example.org"),
                                   ("Beta", "other.net")])
    outcomes = await _through(pool, messages, publishers)
    assert outcomes[0].enriched is not None and outcomes[2].enriched is not None
    dead = outcomes[1].dead_letter
    assert dead is not None and dead["error"]["kind"] == "crashed"
    assert dead["stage"] == "enrich" and dead["offset"] == 1
    # It died after cleaning, which learned it (and handed it on, in a worker).
    assert memory["example.org"] == ["earlier", "a0", "a1"]
    # The rebuilt pool goes on working.
    again, publishers = _batch([("Delta", "example.org")])
    assert (await _through(pool, again, publishers))[0].enriched is not None


async def test_a_message_that_kills_its_child_while_cleaning_is_not_learned(pool, memory):
    messages, publishers = _batch([("Alpha", "example.org"), ("HALT now", "example.org"),
                                   ("Beta", "other.net")])
    started = await pool.start(messages, publishers)
    assert [type(s).__name__ for s in started] == ["Document", "Outcome", "Document"]
    dead = started[1].dead_letter
    assert dead is not None and dead["error"]["kind"] == "crashed"
    assert dead["stage"] == "clean" and dead["offset"] == 1
    # The batch is retried message by message: what the dead attempt learned is dropped.
    assert memory == {"example.org": ["earlier", "a0"], "other.net": ["a2"]}


async def test_a_crash_in_one_agents_step_dead_letters_none_of_the_other_agents(pool):
    # clean and enrich share the pool: a child killed by enrich's message must not be blamed
    # on a message of clean's that was in the pool at the same moment.
    messages, publishers = _batch([("Alpha", "example.org"), ("DIE now", "other.net")])
    started = await pool.start(messages, publishers)
    more, more_publishers = _batch([(f"Story {i}", f"p{i}.example") for i in range(8)])
    finished, cleaned = await asyncio.gather(pool.finish(messages, started),
                                             pool.start(more, more_publishers))
    assert finished[0].enriched is not None
    assert finished[1].dead_letter is not None
    assert finished[1].dead_letter["error"]["kind"] == "crashed"
    assert all(isinstance(doc, Document) for doc in cleaned)


async def test_one_publishers_batch_spreads_the_stages_after_clean_over_all_children():
    # A feed from one publisher must not leave the other children idle: only the stages
    # that learn per publisher stay together, in order.
    memory: dict[str, Any] = {}
    pool = ProcessEnricher(stamping_enricher, 2, memory=memory)
    try:
        _all_children_up(pool)
        messages, publishers = _batch([(f"Story {i}", "wire.example") for i in range(8)])
        outcomes = await _through(pool, messages, publishers)
    finally:
        pool.close()
    ran = [dict(a.split(":") for a in o.enriched["authors"]) for o in outcomes]
    assert len({r["clean"] for r in ran}) == 1
    assert len({r["entities"] for r in ran}) == 2
    assert memory == {"wire.example": [f"a{i}" for i in range(8)]}


async def test_every_child_starts_with_its_pool_also_after_a_crash(pool):
    # Spawned on demand instead, a child could start while another dies, and the broken
    # pool would wait for it forever.
    assert len(pool.pool._processes) == 2
    messages, publishers = _batch([("DIE now", "example.org")])
    [outcome] = await _through(pool, messages, publishers)
    assert outcome.dead_letter is not None
    assert len(pool.pool._processes) == 2


def _all_children_up(pool: ProcessEnricher, timeout_s: float = 60.0) -> None:
    # Children start with their pool, but a spawned one takes a while to import: until every
    # one is up, a busy child could take the next chunk too.
    pool.self_check()
    pids: set[int] = set()
    deadline = time.monotonic() + timeout_s
    while len(pids) < pool.processes and time.monotonic() < deadline:
        pids |= {f.result() for f in [pool.pool.submit(pid_after, 0.2)
                                      for _ in range(pool.processes)]}
    assert len(pids) == pool.processes


def test_self_check_raises_when_a_child_cannot_enrich():
    broken = ProcessEnricher(partial(plumbing_enricher, fail_check=True), 1)
    try:
        with pytest.raises(RuntimeError, match="start-up check"):
            broken.self_check()
    finally:
        broken.close()


def test_batches_split_evenly_keeping_each_publisher_in_one_chunk_in_order():
    keys = [b"a", b"b", b"a", b"c", b"a", b"d", b"b", b"a"]
    chunks = _split(keys, [1] * len(keys), 2)
    assert sorted(len(c) for c in chunks) == [4, 4]
    for chunk in chunks:
        assert chunk == sorted(chunk)
        for key in set(keys):
            mine = [i for i, k in enumerate(keys) if k == key]
            assert set(mine) <= set(chunk) or not set(mine) & set(chunk)


def test_batches_split_by_size_not_by_count():
    # one long article weighs as much as the five short ones of other publishers
    keys = [b"a", b"b", b"c", b"d", b"e", b"f"]
    sizes = [50, 10, 10, 10, 10, 10]
    assert sorted(_split(keys, sizes, 2)) == [[0], [1, 2, 3, 4, 5]]


async def test_steps_share_the_pool_and_a_retry_alone_waits_for_them_and_holds_back_the_next():
    turns = _Turns()
    log: list[str] = []
    release = asyncio.Event()

    async def step(name: str) -> None:
        async with turns.shared():
            log.append(f"{name} in")
            await release.wait()
            log.append(f"{name} out")

    async def retry() -> None:
        async with turns.alone():
            log.append("retry alone")

    first, second = asyncio.create_task(step("clean")), asyncio.create_task(step("enrich"))
    await asyncio.sleep(0.01)
    alone = asyncio.create_task(retry())
    await asyncio.sleep(0.01)
    later = asyncio.create_task(step("next"))
    await asyncio.sleep(0.01)
    assert log == ["clean in", "enrich in"]  # both steps at once; the retry waits
    release.set()
    await asyncio.gather(first, second, alone, later)
    assert log[2:] == ["clean out", "enrich out", "retry alone", "next in", "next out"]
