"""The per-host concurrency cap and request spacing of the HTTP client."""

from __future__ import annotations

import asyncio

from streams.ingest.fetch import HostLimiter


async def test_per_host_cap_holds_back_only_that_host() -> None:
    limiter = HostLimiter(per_host=1, min_interval_s=0.0)
    await limiter.acquire("a.example")
    second = asyncio.create_task(limiter.acquire("a.example"))
    other = asyncio.create_task(limiter.acquire("b.example"))
    await asyncio.wait([other], timeout=5.0)
    assert other.done() and not second.done()
    limiter.release("a.example")
    await asyncio.wait_for(second, 5.0)
    limiter.release("a.example")
    limiter.release("b.example")


async def test_requests_to_one_host_are_spaced() -> None:
    now = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = HostLimiter(per_host=4, min_interval_s=2.0, clock=lambda: now[0], sleep=sleep)
    for host in ("a.example", "a.example", "b.example", "a.example"):
        await limiter.acquire(host)
    # a: at once, then 2 s later; b: at once; a again: 2 s after its previous start.
    assert slept == [2.0, 2.0]


async def test_a_cancelled_wait_gives_its_slot_back() -> None:
    now = [100.0]

    async def never(_: float) -> None:
        await asyncio.Event().wait()

    limiter = HostLimiter(per_host=1, min_interval_s=60.0, clock=lambda: now[0], sleep=never)
    await limiter.acquire("a.example")
    limiter.release("a.example")
    waiting = asyncio.create_task(limiter.acquire("a.example"))  # spaced: waits for 60 s
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    now[0] += 60.0
    # With the slot leaked this would wait forever (per_host=1).
    await asyncio.wait_for(limiter.acquire("a.example"), 5.0)
