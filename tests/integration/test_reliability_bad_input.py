"""Bad input at volume: over a thousand malformed messages of a dozen kinds interleaved with good
articles, through the full pipeline. Every bad one lands on the DLQ with its reason and its
original bytes, every good one is enriched, the worker never restarts, and no message blocks
its partition (the worker's event loop) much longer than the per-message time budget."""

from __future__ import annotations

import base64
import os
import random
from pathlib import Path

import orjson
import pytest

from streams.admin import create_topics
from streams.settings import Settings
from streams.topics import DLQ, ENRICHED, RAW
from tests.harness import Follower, WorkerProcess, produce_paced, short_articles

pytestmark = pytest.mark.integration

GOOD = 150
COPIES = 100  # of each small malformed kind
BUDGET_S = 5.0  # per document and stage
# A pathological document may use its budget in each of the three stages; the rest of its batch
# is short articles. Beyond this, one message held the partition past its budget.
LONGEST_HOLD_S = 3 * BUDGET_S + 10.0


def _small_kinds(i: int) -> dict[str, tuple[bytes | None, str]]:
    """Cheap malformed values (varied by `i` so no two are equal) and the DLQ kind expected."""
    return {
        "not-json": (b"{this is not json %d" % i, "not_json"),
        "not-utf8": (b'{"text": "caf\xe9 %d"}' % i, "not_utf8"),
        "binary-noise": (b"\xff" + random.Random(i).randbytes(512 + i), "not_utf8"),
        "not-object": (b"[1, 2, %d]" % i, "not_object"),
        "null-value": (None, "missing_content"),
        "no-content": (orjson.dumps({"title": f"headline only {i}"}), "missing_content"),
        "blank-text": (orjson.dumps({"text": " \n\t " * (i % 5 + 1)}), "missing_content"),
        "both-contents": (orjson.dumps({"text": "a", "html": f"<p>{i}</p>"}),
                          "ambiguous_content"),
        "wrong-type": (orjson.dumps({"text": ["a", i]}), "wrong_type"),
        "wrong-type-id": (orjson.dumps({"id": i, "text": "some text"}), "wrong_type"),
        "bad-url": (orjson.dumps({"text": "a", "url": f"javascript:alert({i})"}), "invalid_field"),
        "bad-date": (orjson.dumps({"text": "a", "published_at": f"yesterday {i}"}),
                     "invalid_field"),
        "html-without-body": (orjson.dumps({"url": f"https://x.example.com/{i}", "html":
                              "<html><head><script>var a=1;</script></head><body></body></html>"}),
                              "no_content"),
    }


def _huge_kinds(max_bytes: int) -> dict[str, bytes]:
    """Pathological values that decode fine: the pipeline must dead-letter them, not hang."""
    return {
        "oversize": os.urandom(16) + b"x" * (max_bytes + 1),
        "page-10mb": orjson.dumps({"url": "https://big.example.com/a", "html": "<html><body>"
                                   + "<p>A paragraph of filler text for the page.</p>" * 210_000
                                   + "</body></html>"}),
        "nested-100k": orjson.dumps({"url": "https://deep.example.com/a",
                                     "html": "<div>" * 100_000 + "deep" + "</div>" * 100_000}),
        "quote-marks-1mb": orjson.dumps({"text": "“" * 1_000_000}),
        "ascii-quotes-1mb": orjson.dumps({"text": '"' * 1_000_000}),
    }


async def test_bad_input_at_volume_is_dead_lettered_without_restarts(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**isolated_env, "NEWSSTREAM_MESSAGE_BUDGET_S": str(BUDGET_S)}
    settings = Settings.from_env(env)
    await create_topics(settings)
    expected: dict[str, tuple[bytes | None, str | None]] = {}
    for i in range(COPIES):
        for name, value_kind in _small_kinds(i).items():
            expected[f"{name}-{i}"] = value_kind
    for name, value in _huge_kinds(settings.max_article_bytes).items():
        expected[name] = (value, None)  # the kind depends on the stage that gives up
    good = short_articles(GOOD, "good")
    bad = [(key.encode(), value) for key, (value, _) in expected.items()]
    messages = good + bad
    random.Random(3).shuffle(messages)  # interleaved

    worker = WorkerProcess(env, tmp_path / "worker.log")
    async with Follower(settings, (ENRICHED, DLQ)) as seen:
        worker.start()
        try:
            await produce_paced(settings, settings.topic(RAW), messages, 500.0)
            await seen.wait_for(lambda: len(seen.keys(ENRICHED)) >= GOOD
                                and len(seen.records[DLQ]) >= len(bad), 240.0, [worker])
            alive = worker.alive()
        finally:
            worker.stop()
    assert alive and worker.starts == 1, worker.log_tail()
    assert worker.longest_logged_stall_s() <= LONGEST_HOLD_S, worker.longest_logged_stall_s()
    assert set(seen.keys(ENRICHED)) == {k.decode() for k, _ in good}

    dead = {base64.b64decode(v["key_b64"]).decode(): v for v in seen.values(DLQ)}
    assert set(dead) == set(expected), sorted(set(expected) ^ set(dead))[:20]
    for key, (value, kind) in expected.items():
        record = dead[key]
        assert record["error"]["message"], key
        assert (record["value_b64"] is None if value is None
                else base64.b64decode(record["value_b64"]) == value), key
        if kind is not None:
            assert record["error"]["kind"] == kind, (key, record["error"])
    assert len(seen.records[DLQ]) == len(bad)  # one record per bad message, none doubled
    print({k: (dead[k]["stage"], dead[k]["error"]["kind"]) for k in _huge_kinds(0)})
