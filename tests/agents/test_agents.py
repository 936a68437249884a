"""The agents as thin adapters, driven with faust's `test_context()` (no broker): what each
kind of message turns into, and that every message is acked only after its records are
delivered."""

from __future__ import annotations

import asyncio
import base64

import orjson
import pytest
from faust.types import TP

from streams.agents import H_OFFSET, H_PARTITION, register_agents
from streams.app import create_app
from streams.delivery import Outgoing
from streams.enrich.document import Document
from streams.enrich.handoff import decode_cleaned, encode_cleaned
from streams.enrich.pipeline import Pipeline
from streams.enrich.process import Enricher
from streams.enrich.raw import decode_article
from streams.offload import InlineEnricher
from streams.settings import Settings
from streams.spread import Spread
from streams.topics import declare
from tests.fakes import FailOn, TagCapitalised


@pytest.fixture()
def world(monkeypatch, tmp_path):
    settings = Settings.from_env({"NEWSSTREAM_TOPIC_PREFIX": "unit."})
    app = create_app("agent-tests", "127.0.0.1:1", partitions=1, replication_factor=1,
                     max_request_bytes=1 << 20, producer_batch_bytes=1 << 19,
                     web_enabled=False, web_host="127.0.0.1",
                     web_port=6066, data_dir=str(tmp_path))
    topics = declare(app, settings)
    stages = [FailOn("SMUDGE", name="clean"), TagCapitalised(), FailOn("BOOM")]
    enricher = InlineEnricher(Enricher(Pipeline(stages), max_article_bytes=4096,
                                       debug_removed=False))
    spread = Spread()
    route, clean, enrich = register_agents(app, topics, enricher, spread, batch_size=4,
                                           batch_timeout_s=0.05, max_article_bytes=4096)
    delivered: list[Outgoing] = []

    async def fake_deliver(records):
        delivered.extend(records)

    monkeypatch.setattr("streams.delivery.deliver", fake_deliver)
    return topics, route, clean, enrich, delivered, spread


async def _until(predicate, timeout_s: float = 5.0) -> None:
    for _ in range(int(timeout_s / 0.02)):
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not reached")


async def test_route_rekeys_good_articles_by_publisher_and_dead_letters_bad_ones(world) -> None:
    topics, route, _, _, delivered, _ = world
    good = orjson.dumps({"url": "https://www.paper.example/a", "text": "Some News"})
    async with route.test_context() as agent:
        await agent.put(good, key=b"a1")
        await agent.put(b"\xff\xfe not utf-8", key=b"b2")
        await _until(lambda: len(delivered) == 2)
    forward, dead = delivered
    assert forward.topic is topics.by_source
    assert forward.key == b'"paper.example"' and forward.value == good
    assert dict(forward.headers)[H_PARTITION].isdigit()
    assert dead.topic is topics.dlq and dead.key == b"b2"
    assert orjson.loads(dead.value)["error"]["kind"] == "not_utf8"


async def test_clean_hands_documents_on_by_article_id_or_dead_letters_them(world) -> None:
    topics, _, clean, _, delivered, _ = world
    headers = {H_PARTITION: b"3", H_OFFSET: b"42"}
    good = orjson.dumps({"id": "ok", "text": "Hello World", "source": "paper.example"})
    async with clean.test_context() as agent:
        await agent.put(good, key=b'"paper.example"', headers=headers)
        await agent.put(orjson.dumps({"id": "bad", "text": "a SMUDGE"}), key=b"y",
                        headers=headers)
        await agent.put(b"[]", key=b"z", headers=headers)
        await _until(lambda: len(delivered) == 3)
    handed, stage_failed, undecodable = delivered
    assert handed.topic is topics.cleaned and handed.key == b"ok"
    assert dict(handed.headers) == headers  # where it came from, for a later DLQ record
    raw, doc = decode_cleaned(handed.value, 4096)
    assert raw == good and doc.text == "Hello World" and doc.stages == ["clean"]
    assert doc.article.source == "paper.example" and doc.entities == []
    for dead, kind, stage in ((stage_failed, "stage_error", "clean"),
                              (undecodable, "not_object", "decode")):
        record = orjson.loads(dead.value)
        assert dead.topic is topics.dlq
        assert (record["error"]["kind"], record["stage"]) == (kind, stage)
        assert (record["topic"], record["partition"], record["offset"]) == (
            "unit.articles.raw", 3, 42)


async def test_clean_spreads_documents_over_the_partitions_of_articles_cleaned_by_length(
        world, monkeypatch) -> None:
    _, _, clean, _, delivered, _ = world
    # What the consumer's metadata says once the worker runs (no broker here).
    monkeypatch.setattr(type(clean.app.consumer), "topic_partitions",
                        lambda self, topic: 3 if topic == "unit.articles.cleaned" else None)
    texts = ["A long story " * 40, "Short", "Short too", "Another short one"]
    async with clean.test_context() as agent:
        for i, text in enumerate(texts):
            await agent.put(orjson.dumps({"id": f"a{i}", "text": text, "source": "p.example"}),
                            key=b'"p.example"', headers={H_PARTITION: b"0", H_OFFSET: b"1"})
        await _until(lambda: len(delivered) == 4)
    assert [(d.key, d.partition) for d in delivered] == [
        (b"a0", 0), (b"a1", 1), (b"a2", 2), (b"a3", 1)]


async def test_clean_sends_the_model_work_away_from_its_own_partitions_by_its_cleaning_time(
        world, monkeypatch) -> None:
    _, _, clean, enrich, delivered, spread = world
    monkeypatch.setattr(type(clean.app.consumer), "topic_partitions",
                        lambda self, topic: 2 if topic == "unit.articles.cleaned" else None)
    # This worker consumes partition 0 of articles.cleaned (and one of another topic).
    monkeypatch.setattr(type(clean.app.assignor), "assigned_actives", lambda self: {
        TP("unit.articles.cleaned", 0), TP("unit.articles.by-source", 1)})
    async with enrich.test_context() as agent:  # the model stages: 1 s over 300 characters
        spread.observe("quotes", 1.0, 3)
        for i, text in enumerate(("x" * 100, "y" * 200)):
            raw = orjson.dumps({"id": f"e{i}", "text": text})
            await agent.put(encode_cleaned(raw, Document.from_article(decode_article(raw, 4096))),
                            key=b"e", headers={H_PARTITION: b"0", H_OFFSET: b"1"})
        await _until(lambda: len(delivered) == 4)
    delivered.clear()
    spread.observe("clean", 1.5, 4)  # the batch cleaned next took as long as 450 characters
    async with clean.test_context() as agent:
        for i in range(4):
            await agent.put(orjson.dumps({"id": f"c{i}", "text": "Some Text " * 20}),
                            key=b'"p.example"', headers={H_PARTITION: b"0", H_OFFSET: b"1"})
        await _until(lambda: len(delivered) == 4)
    # 450 characters' worth of cleaning on partition 0 outweigh two 200-character documents.
    assert [d.partition for d in delivered] == [1, 1, 1, 0]


async def test_enrich_publishes_three_kinds_of_output_or_a_dead_letter(world) -> None:
    _, _, _, enrich, delivered, _ = world
    headers = {H_PARTITION: b"3", H_OFFSET: b"42"}

    def cleaned(article: dict[str, str]) -> bytes:
        raw = orjson.dumps(article)
        return encode_cleaned(raw, Document.from_article(decode_article(raw, 4096)))

    async with enrich.test_context() as agent:
        await agent.put(cleaned({"id": "ok", "text": "Hello World"}), key=b"ok", headers=headers)
        await agent.put(cleaned({"id": "bad", "text": "BOOM"}), key=b"bad", headers=headers)
        await agent.put(b"not what clean writes", key=b"odd", headers=headers)
        await _until(lambda: len(delivered) == 4)
    by_topic: dict[str, list] = {}
    for r in delivered:
        by_topic.setdefault(r.topic.get_topic_name(), []).append(r)
    assert set(by_topic) == {"unit.articles.enriched", "unit.search.documents", "unit.articles.dlq"}
    assert orjson.loads(by_topic["unit.articles.enriched"][0].value)["id"] == "ok"
    assert by_topic["unit.search.documents"][0].key == b"ok"
    failed, odd = (orjson.loads(r.value) for r in by_topic["unit.articles.dlq"])
    assert failed["error"]["kind"] == "stage_error" and failed["stage"] == "quotes"
    # The DLQ record holds the raw bytes and points at their place in articles.raw, not at
    # the internal topics.
    assert base64.b64decode(failed["value_b64"]) == orjson.dumps({"id": "bad", "text": "BOOM"})
    assert (failed["topic"], failed["partition"], failed["offset"]) == ("unit.articles.raw", 3, 42)
    # A message on articles.cleaned that clean did not write is dead-lettered as it came.
    assert (odd["error"]["kind"], odd["stage"]) == ("invalid_field", "decode")
    assert base64.b64decode(odd["value_b64"]) == b"not what clean writes"


async def test_acks_follow_delivery_and_a_failed_delivery_acks_nothing(world, monkeypatch) -> None:
    _, route, _, _, _, _ = world
    order: list[str] = []
    fail = False

    async def recording_deliver(records):
        order.append("deliver")
        if fail:
            raise ConnectionError("broker gone")

    async def recording_ack(stream, events, agent):
        order.append("ack")

    monkeypatch.setattr("streams.delivery.deliver", recording_deliver)
    monkeypatch.setattr("streams.delivery.ack", recording_ack)
    async with route.test_context() as agent:
        await agent.put(orjson.dumps({"text": "x"}), key=b"k")
        await _until(lambda: order == ["deliver", "ack"])
        fail = True
        await agent.put(orjson.dumps({"text": "y"}), key=b"k")
        await _until(lambda: len(order) == 3)
        await asyncio.sleep(0.2)
    assert order == ["deliver", "ack", "deliver"]
