"""publish_then_ack under a shutdown: the batch in delivery is finished and acked, or (broker
still down) abandoned unacked after the grace period, so it is redelivered."""

from __future__ import annotations

import asyncio

import pytest

from streams import delivery


class FakeStream:
    def __init__(self) -> None:
        self.acked: list[str] = []

    async def ack(self, event: str) -> None:
        self.acked.append(event)


class FakeTopic:
    def get_topic_name(self) -> str:
        return "out"


async def _cancel_during_publish(monkeypatch, publish_s: float) -> FakeStream:
    stream = FakeStream()
    sent: list[int] = []

    async def slow_deliver(records):
        await asyncio.sleep(publish_s)
        sent.extend(range(len(records)))

    monkeypatch.setattr(delivery, "deliver", slow_deliver)
    monkeypatch.setattr(delivery, "SHUTDOWN_GRACE_S", 0.5)
    record = delivery.Outgoing(FakeTopic(), b"k", b"v")
    task = asyncio.create_task(
        delivery.publish_then_ack(stream, ["e1", "e2"], [record], "test"))
    await asyncio.sleep(0.05)
    task.cancel()  # what a worker's shutdown does to its agents
    with pytest.raises(asyncio.CancelledError):
        await task
    return stream


async def test_a_cancelled_batch_still_finishes_publishing_and_acks(monkeypatch):
    stream = await _cancel_during_publish(monkeypatch, publish_s=0.2)
    assert stream.acked == ["e1", "e2"]


async def test_a_batch_stuck_past_the_grace_period_is_left_unacked(monkeypatch):
    stream = await _cancel_during_publish(monkeypatch, publish_s=5.0)
    assert stream.acked == []
