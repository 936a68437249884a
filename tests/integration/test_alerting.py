"""Alerting on the real broker: subscription updates and deletes apply to a running worker,
invalid subscriptions are dead-lettered with their reason, and an article re-published after
a worker restart does not alert twice.

The worker runs only the clean stage (the matcher reads what the record has; the NLP stages
are not what is tested here). Each article gets its own publisher host, so the clean stage
never learns the shared test phrases as boilerplate."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from streams.admin import create_topics
from streams.kafka_io import consume, send_all
from streams.settings import Settings
from streams.topics import ALERTS, DLQ, ENRICHED, RAW, SUBSCRIPTIONS
from tests.harness import WorkerProcess

pytestmark = pytest.mark.integration

WAIT_S = 90.0
CONTROL = "control marker"  # in every probe article; subscription "c-control" watches it
_ids = itertools.count()


def sub(sub_id: str, phrase: str) -> dict:
    return {"id": sub_id, "subscriber": "desk", "rule": {"any": [{"phrase": phrase}]}}


class Harness:
    """A worker subprocess plus a consumer collecting alerts as (subscription, article)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = {**env, "NEWSSTREAM_STAGES": "clean", "NEWSSTREAM_BATCH_TIMEOUT_S": "0.05"}
        self.settings = Settings.from_env(self.env)
        self.alerts: list[tuple[str, str]] = []
        log = Path(self.env["NEWSSTREAM_STATE_DIR"]).parent / "worker.log"
        self.worker = WorkerProcess(self.env, log)

    def stop_worker(self) -> None:
        """SIGTERM; the worker must exit cleanly (it is killed if it does not within 60 s)."""
        code = self.worker.stop()
        assert code == 0, f"worker exit code {code} (None: killed)\n{self.worker.log_tail()}"

    async def collect_alerts(self) -> None:
        async for rec in consume(self.settings, self.settings.topic(ALERTS), from_beginning=True):
            alert = orjson.loads(rec.value)
            assert rec.key == alert["subscriber"].encode()
            self.alerts.append((alert["subscription_id"], alert["article_id"]))

    async def put(self, *records: tuple[str, dict | bytes | None]) -> None:
        await send_all(self.settings, self.settings.topic(SUBSCRIPTIONS), [
            (key.encode(), orjson.dumps(v) if isinstance(v, dict) else v) for key, v in records
        ])  # type: ignore[misc]

    async def article(self, text: str, article_id: str | None = None) -> str:
        article_id = article_id or f"a{next(_ids)}"
        value = {"id": article_id, "url": f"https://{article_id}.example.com/story",
                 "title": "Test story", "text": f"{text}. It ends here."}
        await send_all(self.settings, self.settings.topic(RAW),
                       [(article_id.encode(), orjson.dumps(value))])
        return article_id

    async def probe(self, text: str) -> set[str]:
        """Publish an article that also holds the control phrase; once its control alert is
        in, every alert it raised is (same subscriber: same partition, ids in order)."""
        article_id = await self.article(f"{text} and the {CONTROL}")
        await self.wait_for(lambda: ("c-control", article_id) in self.alerts)
        return {s for s, a in self.alerts if a == article_id}

    async def wait_for(self, done, timeout_s: float = WAIT_S) -> None:
        deadline = time.monotonic() + timeout_s
        while not done():
            assert self.worker.alive(), f"worker exited\n{self.worker.log_tail()}"
            assert time.monotonic() < deadline, "timed out"
            await asyncio.sleep(0.2)

    async def probe_until(self, text: str, done) -> set[str]:
        """Probe until `done(alerted)`: the worker applies subscription changes on its own time."""
        deadline = time.monotonic() + WAIT_S
        while not done(got := await self.probe(text)):
            assert time.monotonic() < deadline, f"change not applied; last probe alerted {got}"
        return got


@contextlib.contextmanager
def running(env: dict[str, str]) -> Iterator[tuple[Harness, asyncio.AbstractEventLoop]]:
    h = Harness(env)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(create_topics(h.settings))
    collector = loop.create_task(h.collect_alerts())
    h.worker.start()
    try:
        yield h, loop
    finally:
        collector.cancel()
        loop.run_until_complete(asyncio.gather(collector, return_exceptions=True))
        loop.close()
        print(h.worker.log_tail())  # shown by pytest when the test fails
        h.stop_worker()


def test_subscription_update_and_delete_apply_without_restart(isolated_env) -> None:
    with running(isolated_env) as (h, loop):
        loop.run_until_complete(h.put(("c-control", sub("c-control", CONTROL)),
                                      ("a-watch", sub("a-watch", "harbour strike"))))
        assert "a-watch" in loop.run_until_complete(h.probe("the harbour strike went on"))

        loop.run_until_complete(h.put(("a-watch", sub("a-watch", "wind farm"))))
        loop.run_until_complete(h.probe_until("a new wind farm", lambda got: "a-watch" in got))
        assert "a-watch" not in loop.run_until_complete(h.probe("the harbour strike went on"))

        # A subscription with its own topic: alerts go there, not to `alerts`.
        own = {**sub("o-own", "wind farm"), "deliver": {"topic": "alerts.desk"}}
        loop.run_until_complete(h.put(("o-own", own)))
        article_id = loop.run_until_complete(h.article("one more wind farm"))
        assert loop.run_until_complete(_first_alert(h.settings, "alerts.desk")) == \
            ("o-own", article_id)

        loop.run_until_complete(h.put(("a-watch", None)))  # tombstone
        loop.run_until_complete(h.probe_until("a new wind farm", lambda got: "a-watch" not in got))
        assert loop.run_until_complete(h.probe("another wind farm")) == {"c-control"}
    assert not any(s == "o-own" for s, _ in h.alerts)  # matched those probes, elsewhere


def test_invalid_subscription_is_dead_lettered_and_the_previous_version_kept(isolated_env) -> None:
    bad: dict[str, bytes] = {
        "b-json": b"{not json",
        "b-none-only": orjson.dumps({"id": "b-none-only", "subscriber": "desk",
                                     "rule": {"none": [{"phrase": "x"}]}}),
        "b-loop": orjson.dumps({**sub("b-loop", "x"), "deliver": {"topic": RAW}}),
        "b-regex": orjson.dumps({"id": "b-regex", "subscriber": "desk",
                                 "rule": {"any": [{"regex": "(a+)+$"}]}}),
        # An invalid update of a valid subscription: the valid version stays in force.
        "c-control": orjson.dumps({"id": "c-control", "subscriber": "desk", "rule": {}}),
    }
    with running(isolated_env) as (h, loop):
        loop.run_until_complete(h.put(("c-control", sub("c-control", CONTROL))))
        loop.run_until_complete(h.probe("first"))
        loop.run_until_complete(h.put(*bad.items()))
        loop.run_until_complete(send_all(h.settings, h.settings.topic(ENRICHED),
                                         [(b"bad-enriched", b"{not json")]))
        dead = loop.run_until_complete(_dead_letters(h.settings, len(bad) + 1))
        assert loop.run_until_complete(h.probe("after the bad update")) == {"c-control"}

    assert dead.pop("bad-enriched")["stage"] == "match"
    assert set(dead) == set(bad), sorted(dead)
    for key, value in bad.items():
        record = dead[key]
        assert record["stage"] == "subscription"
        assert base64.b64decode(record["value_b64"]) == value
        assert record["topic"] == h.settings.topic(SUBSCRIPTIONS)
    assert dead["b-json"]["error"]["kind"] == "not_json"
    assert "`none` alone" in dead["b-none-only"]["error"]["message"]
    assert "pipeline's own topics" in dead["b-loop"]["error"]["message"]
    assert "unknown term 'regex'" in dead["b-regex"]["error"]["message"]


def test_article_republished_after_a_restart_does_not_alert_twice(isolated_env) -> None:
    # One partition: the re-published article is matched before the article after it.
    env = {**isolated_env, "NEWSSTREAM_PARTITIONS": "1"}
    with running(env) as (h, loop):
        loop.run_until_complete(h.put(("c-control", sub("c-control", CONTROL))))
        first = loop.run_until_complete(h.article(f"the {CONTROL}", "same-id"))
        loop.run_until_complete(h.wait_for(lambda: ("c-control", first) in h.alerts))
        h.stop_worker()
        h.worker.start()
        loop.run_until_complete(h.article(f"the {CONTROL} again", "same-id"))
        after = loop.run_until_complete(h.probe("after the restart"))
    assert after == {"c-control"}
    assert h.alerts.count(("c-control", "same-id")) == 1, h.alerts


async def _dead_letters(settings: Settings, expect: int) -> dict[str, dict]:
    got: dict[str, dict] = {}

    async def drain() -> None:
        async for rec in consume(settings, settings.topic(DLQ), from_beginning=True):
            got[rec.key.decode()] = orjson.loads(rec.value)
            if len(got) >= expect:
                return

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(drain(), WAIT_S)
    return got


async def _first_alert(settings: Settings, topic: str) -> tuple[str, str]:
    async def first() -> tuple[str, str]:
        async for rec in consume(settings, settings.topic(topic), from_beginning=True):
            alert = orjson.loads(rec.value)
            return alert["subscription_id"], alert["article_id"]
        raise AssertionError("unreachable: consume only ends on an idle timeout")

    return await asyncio.wait_for(first(), WAIT_S)
