"""Alerting agents: subscriptions are checked (`subscriptions`, invalid ones dead-lettered),
enriched articles are matched against every worker's copy of them (`alert`), and each alert
is published once per (subscription, article).

De-duplication: the table `alerted` maps an article id to the subscriptions already alerted
for it and when (`streams/subscriptions/dedup.py`: entries expire after a window and are
swept every hour, so the table stays bounded). Its changelog keys are the raw article-id
bytes, exactly the keys of `articles.enriched`, and both topics have the same partition
count, so the default partitioner co-partitions them: the worker matching an article owns
that article's entry.
Its entry is written after the alerts are acknowledged and before the article is acked, so
a redelivered or re-published article finds it (at-least-once: a crash between the two can
still repeat an alert; consumers de-duplicate on (subscription_id, article_id)).
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

import faust
import orjson

# The route/enrich agents' batching, acking, publishing and dead-lettering (with metrics).
from streams.delivery import Outgoing, batches, dead_letter, publish_then_ack
from streams.enrich.records import dlq_record, now_rfc3339
from streams.settings import Settings
from streams.subscription_feed import SubscriptionFeed
from streams.subscriptions import InvalidSubscription, dedup, parse_subscription
from streams.topics import Topics

ALERTED_TABLE = "alerted"


def register_alerting(app: faust.App, topics: Topics, settings: Settings) -> list[Any]:
    feed = SubscriptionFeed(settings, topics.subscriptions.get_topic_name())
    # key_type=bytes: raw keys, the article-id bytes; values: see `dedup.entry`.
    alerted = app.Table(ALERTED_TABLE, partitions=settings.partitions, key_type=bytes,
                        use_partitioner=True)
    outboxes = Outboxes(app, topics.alerts, settings)

    @app.task
    async def follow_subscriptions() -> None:
        await feed.run()

    @app.agent(topics.subscriptions, name="subscriptions", concurrency=1)
    async def check(stream: faust.StreamT) -> None:
        async for events in batches(stream, settings.batch_size, settings.batch_timeout_s):
            await publish_then_ack(
                stream, events,
                [out for e in events if (out := _rejection(e, topics)) is not None],
                "subscriptions")

    @app.agent(topics.enriched, name="alert", concurrency=1)
    async def alert(stream: faust.StreamT) -> None:
        async for events in batches(stream, settings.batch_size, settings.batch_timeout_s):
            await feed.ready.wait()
            out: list[Outgoing] = []
            done: dict[bytes, set[str]] = {}  # article key -> subscriptions alerted, this batch
            for event in events:
                out.extend(await _alerts(event, feed, alerted, done, outboxes, topics))
            await publish_then_ack(stream, events, out, "alert",
                                   after_publish=partial(_remember, alerted, done))

    @app.timer(interval=dedup.SWEEP_S)
    async def expire_alerted() -> None:
        # Tombstones: the changelog's compaction drops the expired entries too.
        for key in dedup.expired_keys(alerted.items(), time.time()):
            del alerted[key]

    return [check, alert]


class Outboxes:
    """The topic each alert goes to: `alerts`, or a subscriber's own (created on first use,
    so that publishing cannot stall on a topic the broker would not auto-create)."""

    def __init__(self, app: faust.App, shared: faust.TopicT, settings: Settings) -> None:
        self.app, self.shared, self.settings = app, shared, settings
        self._own: dict[str, faust.TopicT] = {}

    async def topic(self, name: str | None) -> faust.TopicT:
        if name is None:
            return self.shared
        if name not in self._own:
            topic = self.app.topic(self.settings.topic(name), key_serializer="raw",
                                   value_serializer="raw", partitions=self.settings.partitions)
            await topic.maybe_declare()
            self._own[name] = topic
        return self._own[name]


async def _alerts(
    event: faust.EventT, feed: SubscriptionFeed, alerted: faust.TableT,
    done: dict[bytes, set[str]], outboxes: Outboxes, topics: Topics,
) -> list[Outgoing]:
    msg = event.message
    try:
        record = orjson.loads(msg.value)
        key = msg.key if msg.key is not None else record["id"].encode()
        alerts = feed.index.match(record, now_rfc3339())
    except Exception as exc:  # any failure dead-letters this record, not the whole batch
        kind = "not_json" if isinstance(exc, orjson.JSONDecodeError) else "stage_error"
        dead = dlq_record(key=msg.key, value=msg.value, error_kind=kind,
                          error_message=f"{type(exc).__name__}: {exc}", stage="match",
                          topic=msg.topic, partition=msg.partition, offset=msg.offset)
        return [dead_letter(topics.dlq, msg.key, dead)]
    if not alerts:
        return []  # nothing to remember: only alerted articles take a table entry
    seen = done.setdefault(key, dedup.already_alerted(alerted.get(key), time.time()))
    out = []
    for alert in alerts:
        sub = alert.subscription
        if sub.id in seen:
            continue
        seen.add(sub.id)
        topic = await outboxes.topic(sub.deliver_topic)
        out.append(Outgoing(topic, sub.subscriber.encode(), alert.value))
    return out


def _rejection(event: faust.EventT, topics: Topics) -> Outgoing | None:
    """The dead-letter record for an invalid subscription; None for a valid one or a delete."""
    msg = event.message
    if msg.value is None:
        return None
    try:
        parse_subscription(msg.key, msg.value)
    except InvalidSubscription as exc:
        dead = dlq_record(key=msg.key, value=msg.value, error_kind=exc.kind,
                          error_message=str(exc), stage="subscription",
                          topic=msg.topic, partition=msg.partition, offset=msg.offset)
        return dead_letter(topics.dlq, msg.key, dead)
    return None


def _remember(alerted: faust.Table, done: dict[bytes, set[str]]) -> None:
    """Record the batch's alerts in the dedup table once they are on the broker."""
    now = time.time()
    for key, sub_ids in done.items():
        alerted[key] = dedup.entry(sub_ids, now)
