"""Every worker's own copy of all subscriptions: the compacted `subscriptions` topic read in
full (every partition, no consumer group) into a `SubscriptionIndex`, then followed live, so
adds, updates and deletes (tombstones) take effect without a restart.

Not a faust GlobalTable: a table's changelog is decoded by faust itself, so an invalid record
could not reach the dead-letter topic, and faust-streaming's global tables have open
recovery bugs. Dead-lettering invalid records is the `subscriptions` agent's job (it runs once
per record in the consumer group); here they are only skipped.
"""

from __future__ import annotations

import asyncio

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from streams import kafka_io
from streams.settings import Settings
from streams.subscriptions import InvalidSubscription, SubscriptionIndex, parse_subscription

log = structlog.get_logger(__name__)

POLL_MS = 200


class SubscriptionFeed:
    def __init__(self, settings: Settings, topic: str) -> None:
        self.settings = settings
        self.topic = topic
        self.index = SubscriptionIndex()
        # Set once everything on the topic at start-up is in the index: matching waits for it,
        # so a restarted worker never misses alerts for subscriptions it has not read yet.
        self.ready = asyncio.Event()

    async def run(self) -> None:
        # No group: aiokafka then assigns every partition of the topic to this consumer.
        consumer = kafka_io.consumer(
            self.settings, self.topic, group_id=None, auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            targets: dict[TopicPartition, int] = {}
            while True:
                batches = await consumer.getmany(timeout_ms=POLL_MS)
                for records in batches.values():
                    for record in records:
                        self.apply(record)
                if self.ready.is_set():
                    continue
                # The topic may not exist yet while the worker declares its topics.
                if not targets and (assigned := consumer.assignment()):
                    targets = await consumer.end_offsets(list(assigned))
                if targets and await _caught_up(consumer, targets):
                    log.info("subscriptions loaded", count=len(self.index))
                    self.ready.set()
        finally:
            await consumer.stop()

    def apply(self, record: ConsumerRecord) -> None:
        if record.key is None:
            return  # a compacted topic refuses keyless records; nothing to apply
        sub_id = record.key.decode(errors="replace")
        if record.value is None:
            self.index.remove(sub_id)
            return
        try:
            self.index.put(parse_subscription(record.key, record.value))
        except InvalidSubscription as exc:
            # The previous version, if any, stays in force; the agent dead-letters this one.
            log.info("subscription rejected", subscription_id=sub_id, reason=str(exc)[:200])


async def _caught_up(consumer: AIOKafkaConsumer, targets: dict[TopicPartition, int]) -> bool:
    for tp, end in targets.items():
        if await consumer.position(tp) < end:
            return False
    return True
