"""The whole worker on the real broker: good articles enriched on every output topic, every
kind of bad message on the DLQ with its reason and original bytes."""

from __future__ import annotations

import asyncio
import base64
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict

import orjson
import pytest

from streams.admin import create_topics
from streams.kafka_io import consume, send_all
from streams.settings import Settings
from streams.topics import DLQ, ENRICHED, QUOTES, RAW, SEARCH

pytestmark = pytest.mark.integration

ARTICLE = (
    "Finance Minister Clara Weiss said on Monday that the budget deficit would shrink next year."
    "\n\n“We have turned the corner,” Weiss told reporters in Vienna. “The numbers speak for "
    "themselves.”\n\nThe opposition Social Democrats said the forecast was too optimistic."
    "\n\nSubscribe to our newsletter for the latest updates."
)
GOOD = [
    {"id": f"good-{i}", "url": f"https://paper{i % 2}.example.com/story/{i}",
     "title": f"Budget story {i}", "text": ARTICLE.replace("Monday", f"day {i}")}
    for i in range(6)
] + [{"id": "good-html", "url": "https://paper0.example.com/html",
      "html": "<html><head><title>Budget</title></head><body><article><h1>Budget</h1>"
              + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
              + "</article></body></html>"}]

BAD: dict[str, tuple[bytes, str]] = {
    "not-json": (b"{this is not json", "not_json"),
    "not-utf8": (b'{"text": "caf\xe9"}', "not_utf8"),
    "not-object": (b"[1, 2, 3]", "not_object"),
    "no-content": (b'{"title": "headline only"}', "missing_content"),
    "both": (b'{"text": "a", "html": "<p>b</p>"}', "ambiguous_content"),
    "wrong-type": (b'{"text": ["a", "b"]}', "wrong_type"),
    "bad-url": (b'{"text": "a", "url": "javascript:alert(1)"}', "invalid_field"),
    "oversize": (orjson.dumps({"text": "x" * 70_000}), "oversize"),
    "binary": (bytes(range(256)) * 4, "not_utf8"),
}


def test_worker_enriches_good_articles_and_dead_letters_bad_ones(isolated_env) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    # The stages run on the event loop here (the other integration tests run them in the
    # default child process).
    env = {**isolated_env, "NEWSSTREAM_MAX_ARTICLE_BYTES": "65536", "NEWSSTREAM_NLP_PROCESSES": "0",
           "NEWSSTREAM_WEB_ENABLED": "true", "NEWSSTREAM_WEB_PORT": str(port)}
    settings = Settings.from_env(env)
    asyncio.run(create_topics(settings))
    worker = subprocess.Popen([sys.executable, "-m", "streams", "worker"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        messages = [(a["id"].encode(), orjson.dumps(a)) for a in GOOD]
        messages += [(key.encode(), value) for key, (value, _) in BAD.items()]
        asyncio.run(send_all(settings, settings.topic(RAW), messages))
        got = asyncio.run(_collect(settings, worker, expect_enriched=len(GOOD),
                                   expect_dlq=len(BAD)))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
            metrics = r.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as r:
            health = orjson.loads(r.read())
    finally:
        worker.terminate()
        out = worker.communicate(timeout=60)[0].decode(errors="replace")
    assert worker.returncode is not None
    assert set(got[ENRICHED]) == {a["id"] for a in GOOD}, out[-3000:]
    assert set(got[SEARCH]) == {a["id"] for a in GOOD}

    for article_id, record in got[ENRICHED].items():
        assert record["pipeline"]["stages"] == ["clean", "entities", "quotes"]
        assert "newsletter" not in record["text"]  # boilerplate stripped
        names = {e["name"] for e in record["entities"]}
        assert "Clara Weiss" in names, (article_id, names)
        assert any(q["speaker"] == "Clara Weiss" and q["kind"] == "direct"
                   for q in record["quotes"]), record["quotes"]
        assert got[SEARCH][article_id]["_id"] == article_id
    assert got[ENRICHED]["good-html"]["title"] == "Budget"
    quotes_per_article = defaultdict(int)
    for record in got[QUOTES + "-list"]:
        quotes_per_article[record["article_id"]] += 1
    assert set(quotes_per_article) == {a["id"] for a in GOOD}

    # Stage timings measured in the NLP child process reach the worker's /metrics.
    timed = re.search(r'newsstream_stage_seconds_count\{stage="entities"\} ([0-9.]+)', metrics)
    assert timed and float(timed.group(1)) >= 1, metrics
    assert 'newsstream_dead_letters_total{kind="not_json",stage="decode"} 1.0' in metrics
    assert health["status"] == "ok" and health["assigned_partitions"] > 0
    assert health["partitions"][settings.topic(RAW)] == list(range(settings.partitions))

    dead = got[DLQ]
    assert set(dead) == set(BAD), sorted(dead)
    for key, (value, kind) in BAD.items():
        record = dead[key]
        assert record["error"]["kind"] == kind, (key, record["error"])
        assert base64.b64decode(record["value_b64"]) == value
        assert record["stage"] == "decode" and record["topic"] == settings.topic(RAW)
        assert record["offset"] is not None and record["partition"] is not None


async def _collect(settings: Settings, worker: subprocess.Popen, *, expect_enriched: int,
                   expect_dlq: int, timeout_s: float = 180.0) -> dict:
    got: dict = {ENRICHED: {}, SEARCH: {}, DLQ: {}, QUOTES + "-list": []}

    async def drain(topic: str) -> None:
        async for rec in consume(settings, settings.topic(topic), from_beginning=True):
            value = orjson.loads(rec.value)
            if topic == QUOTES:
                got[QUOTES + "-list"].append(value)
            elif topic == DLQ:
                got[DLQ][base64.b64decode(value["key_b64"]).decode()] = value
            else:
                got[topic][rec.key.decode()] = value
            if _done():
                return

    def _done() -> bool:
        # Every good article carries a quote: wait for a quote record of each as well, as the
        # quotes consumer may join later than the others.
        quoted = {r["article_id"] for r in got[QUOTES + "-list"]}
        return (len(got[ENRICHED]) >= expect_enriched and len(got[SEARCH]) >= expect_enriched
                and len(got[DLQ]) >= expect_dlq and len(quoted) >= expect_enriched)

    tasks = [asyncio.create_task(drain(t)) for t in (ENRICHED, SEARCH, DLQ, QUOTES)]
    deadline = time.monotonic() + timeout_s
    while not _done() and time.monotonic() < deadline and worker.poll() is None:
        await asyncio.sleep(0.5)
    await asyncio.sleep(1.0)  # let quote records that trail their article arrive
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return got
