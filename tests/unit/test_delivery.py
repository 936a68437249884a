"""deliver: every record acknowledged in the end, what failed sent again and nothing else.
publish_then_ack under a shutdown: the batch in delivery is finished and acked, or (broker
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
    def __init__(self, app: object = None) -> None:
        self.app = app

    def get_topic_name(self) -> str:
        return "out"


class FlakyProducer:
    """Refuses to queue the records in `refuse` and fails the ack of those in `nack`, once
    each, as a broker going away would; acks everything else."""

    def __init__(self, refuse: set[bytes], nack: set[bytes]) -> None:
        self.refuse, self.nack = set(refuse), set(nack)
        self.sent: list[bytes] = []
        self.partitions: list[int | None] = []

    async def send(self, topic, key, value, partition, timestamp, headers):
        self.sent.append(value)
        self.partitions.append(partition)
        if value in self.refuse:
            self.refuse.discard(value)
            raise ConnectionError("no metadata")
        ack = asyncio.get_running_loop().create_future()
        if value in self.nack:
            self.nack.discard(value)
            asyncio.get_running_loop().call_soon(ack.set_exception, TimeoutError("no ack"))
        else:
            asyncio.get_running_loop().call_soon(ack.set_result, (topic, key, value))
        return ack


class FakeApp:
    def __init__(self, producer: FlakyProducer) -> None:
        self.producer = producer

    async def maybe_start_producer(self) -> FlakyProducer:
        return self.producer


async def test_deliver_sends_again_only_what_was_refused_or_not_acknowledged(monkeypatch):
    monkeypatch.setattr(delivery.asyncio, "sleep", _no_wait)
    producer = FlakyProducer(refuse={b"r2"}, nack={b"r4"})
    topic = FakeTopic(FakeApp(producer))
    values = [f"r{i}".encode() for i in range(6)]
    await delivery.deliver([delivery.Outgoing(topic, b"k", v) for v in values])
    assert producer.sent == [*values, b"r2", b"r4"]


async def test_deliver_sends_a_record_to_its_chosen_partition_or_leaves_it_to_the_key():
    producer = FlakyProducer(refuse=set(), nack=set())
    topic = FakeTopic(FakeApp(producer))
    await delivery.deliver([delivery.Outgoing(topic, b"k", b"a", partition=3),
                            delivery.Outgoing(topic, b"k", b"b")])
    assert producer.partitions == [3, None]


async def _no_wait(seconds: float) -> None:
    return None


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
