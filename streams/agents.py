"""Thin agents: decode, call the pipeline, publish, dead-letter. Nothing else.

Three hops: `route` re-keys raw articles by publisher into `articles.by-source`, so that the
per-publisher boilerplate state of the clean stage lives in the same partition as every
article of that publisher; `clean` runs the stages that learn per publisher there and hands
each cleaned document on to `articles.cleaned`, keyed by article id, on the partition that
has had the least text from it, its own cleaning time counted as text on its own partitions
(`streams/spread.py`); `enrich` runs the model stages, most of the work, from there, so that
it spreads over the workers evenly whatever the mix of publishers (a feed from one publisher
included). Each agent acks an event only after everything it produced is acknowledged by the
broker (at-least-once), and each runs with concurrency 1 (faust-streaming #606: higher
concurrency can commit past in-flight messages).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import faust
import structlog

from streams.delivery import Outgoing, batches, dead_letter, publish_then_ack
from streams.enrich.document import Document
from streams.enrich.handoff import decode_cleaned, encode_cleaned
from streams.enrich.process import Outcome, RawMessage, dead
from streams.enrich.raw import BadInput, decode_article, source_key
from streams.enrich.records import dlq_record, encode, quote_records, search_document
from streams.metrics import BATCH_SECONDS
from streams.offload import BatchEnricher
from streams.spread import Spread
from streams.topics import Topics

log = structlog.get_logger(__name__)

# Where the raw message came from, carried across the internal hops for the DLQ record.
H_KEY, H_PARTITION, H_OFFSET = "ns-raw-key", "ns-raw-partition", "ns-raw-offset"


def register_agents(
    app: faust.App, topics: Topics, enricher: BatchEnricher, spread: Spread,
    *, batch_size: int, batch_timeout_s: float, max_article_bytes: int,
) -> list[Any]:
    """The three agents; `spread` must be the stage hook of `enricher` too (it weighs this
    worker's cleaning against its model work)."""
    @app.agent(topics.raw, name="route", concurrency=1)
    async def route(stream: faust.StreamT) -> None:
        async for events in batches(stream, batch_size, batch_timeout_s):
            with BATCH_SECONDS.labels("route").time():
                await publish_then_ack(
                    stream, events, [_route_one(e, topics, max_article_bytes) for e in events],
                    "route")

    cleaned_topic = topics.cleaned.get_topic_name()

    @app.agent(topics.by_source, name="clean", concurrency=1)
    async def clean(stream: faust.StreamT) -> None:
        async for events in batches(stream, batch_size, batch_timeout_s):
            spread.resize(app.consumer.topic_partitions(cleaned_topic))
            with BATCH_SECONDS.labels("clean").time():
                messages = [_raw_message(e, topics.raw) for e in events]
                started = await enricher.start(messages, [e.message.key for e in events])
                spread.bill_cleaning({tp.partition for tp in app.assignor.assigned_actives()
                                      if tp.topic == cleaned_topic})
                await publish_then_ack(stream, events, [
                    _handed_on(e, m, s, topics, spread)
                    for e, m, s in zip(events, messages, started, strict=True)], "clean")

    @app.agent(topics.cleaned, name="enrich", concurrency=1)
    async def enrich(stream: faust.StreamT) -> None:
        async for events in batches(stream, batch_size, batch_timeout_s):
            with BATCH_SECONDS.labels("enrich").time():
                cleaned = [_cleaned(e, topics.raw, max_article_bytes) for e in events]
                outcomes = await enricher.finish([m for m, _ in cleaned], [d for _, d in cleaned])
                spread.enriched(sum(len(d.text) for _, d in cleaned if isinstance(d, Document)))
                out: list[Outgoing] = []
                for outcome in outcomes:
                    if outcome.enriched is not None:
                        out.extend(_outputs(outcome.enriched, topics))
                    else:
                        assert outcome.dead_letter is not None
                        out.append(dead_letter(topics.dlq, outcome.message.key,
                                               outcome.dead_letter))
                await publish_then_ack(stream, events, out, "enrich")
            for event, outcome in zip(events, outcomes, strict=True):
                if outcome.enriched is not None:
                    log.debug("enriched", article_id=outcome.enriched["id"],
                              partition=event.message.partition, offset=event.message.offset)

    return [route, clean, enrich]


def _route_one(event: faust.EventT, topics: Topics, max_bytes: int) -> Outgoing:
    msg = event.message
    try:
        article = decode_article(msg.value, max_bytes)
    except BadInput as exc:
        record = dlq_record(
            key=msg.key, value=msg.value, error_kind=exc.kind, error_message=str(exc),
            stage="decode", topic=msg.topic, partition=msg.partition, offset=msg.offset,
        )
        return dead_letter(topics.dlq, msg.key, record)
    headers = [(H_PARTITION, str(msg.partition).encode()), (H_OFFSET, str(msg.offset).encode())]
    if msg.key is not None:
        headers.append((H_KEY, msg.key))
    return Outgoing(topics.by_source, source_key(article), msg.value, tuple(headers))


def _raw_message(event: faust.EventT, raw_topic: faust.TopicT) -> RawMessage:
    msg = event.message
    headers = dict(msg.headers or ())
    return RawMessage(
        key=headers.get(H_KEY),
        value=msg.value,
        topic=raw_topic.get_topic_name(),
        partition=int(headers[H_PARTITION]) if H_PARTITION in headers else None,
        offset=int(headers[H_OFFSET]) if H_OFFSET in headers else None,
    )


def _handed_on(event: faust.EventT, message: RawMessage, started: Document | Outcome,
               topics: Topics, spread: Spread) -> Outgoing:
    if isinstance(started, Outcome):
        assert started.dead_letter is not None
        return dead_letter(topics.dlq, message.key, started.dead_letter)
    assert message.value is not None  # it decoded
    return Outgoing(topics.cleaned, started.article.id.encode(),
                    encode_cleaned(message.value, started),
                    tuple(dict(event.message.headers or ()).items()),
                    spread.partition(len(started.text)))


def _cleaned(event: faust.EventT, raw_topic: faust.TopicT,
             max_bytes: int) -> tuple[RawMessage, Document | Outcome]:
    """The raw message (its original bytes and where it came from) and the document that
    `clean` handed on in `event`, or the outcome that dead-letters `event` as it came."""
    message = _raw_message(event, raw_topic)
    try:
        raw, doc = decode_cleaned(message.value, max_bytes)
    except BadInput as exc:
        return message, dead(message, exc.kind, str(exc), "decode")
    return replace(message, value=raw), doc


def _outputs(enriched: dict[str, Any], topics: Topics) -> list[Outgoing]:
    key = enriched["id"].encode()
    return [
        Outgoing(topics.enriched, key, encode(enriched)),
        Outgoing(topics.search, key, encode(search_document(enriched))),
        *(Outgoing(topics.quotes, key, encode(q)) for q in quote_records(enriched)),
    ]
