"""Feeds served on 127.0.0.1 → `articles.raw` → worker → `articles.enriched`, on the real
broker: via `newsstream ingest` (state in a file) and via the worker's own ingest (state in a
changelog-backed table), each run twice to show that a restart republishes nothing."""

from __future__ import annotations

import asyncio
import base64
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from streams.admin import create_topics
from streams.ingest.poller import H_EVENT
from streams.kafka_io import send_all
from streams.settings import Settings
from streams.topics import DLQ, ENRICHED, FEEDS, RAW
from tests.fixtures.feeds.server import FeedServer, fixture, serve, static
from tests.harness import Follower, WorkerProcess, worker_env

pytestmark = pytest.mark.integration

# Bare guids are qualified by the feed's host; the item without a guid is known by its URL.
FERRY = "127.0.0.1/hg-2026-1101"
RSS_IDS = {FERRY, "/news/storm-warning"}
ATOM_IDS = {"tag:bergblatt.example,2026:seilbahn", "tag:bergblatt.example,2026:wetter"}
JSON_IDS = {"127.0.0.1/rn-77", "127.0.0.1/78"}


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    with serve() as s:
        # No validators on the RSS feed: every poll gets the whole feed, so only the seen
        # state can keep items from being published again. The Atom feed has an ETag.
        s.routes["/rss"] = static(fixture("rss.xml"), "application/rss+xml")
        s.routes["/atom"] = static(fixture("atom.xml"), "application/atom+xml", etag='"a1"')
        s.routes["/json"] = static(fixture("feed.json"), "application/feed+json")
        s.routes["/broken"] = static(fixture("malformed.xml"), "application/rss+xml")
        s.routes["/busy"] = lambda h: (503, {"Retry-After": "3600"}, b"")
        yield s


def _ids(server: FeedServer, ids: set[str]) -> set[str]:
    return {server.url(i) if i.startswith("/") else i for i in ids}


def _raw_events(follower: Follower) -> list[tuple[str, str]]:
    return [(r.key.decode(), dict(r.headers)[H_EVENT].decode()) for r in follower.records[RAW]]


async def test_ingest_command_to_enriched_and_no_republish_after_restart(
        isolated_env: dict[str, str], server: FeedServer, tmp_path: Path) -> None:
    env = worker_env(isolated_env, stages="clean")
    settings = Settings.from_env(env)
    await create_topics(settings)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("\n".join([server.url("/rss"), server.url("/atom"), server.url("/broken"),
                                server.url("/busy")]) + "\n")
    expected = _ids(server, RSS_IDS) | ATOM_IDS
    worker = WorkerProcess(env, tmp_path / "worker.log")
    worker.start()
    try:
        async with Follower(settings, [RAW, ENRICHED]) as follower:
            first = await _ingest_once(env, feeds)
            assert first["published_new"] == 4, first
            assert first["feed_error.malformed"] == 1 and first["feed_error.http_503"] == 1
            done = await follower.wait_for(lambda: expected <= set(follower.keys(ENRICHED)),
                                           90.0, [worker])
            assert done, worker.log_tail()
            second = await _ingest_once(env, feeds)
            await asyncio.sleep(2.0)  # anything wrongly published would now be on the topic
    finally:
        worker.stop()
    assert "published_new" not in second and "published_update" not in second, second
    assert second["not_modified"] == 1  # the Atom feed's ETag came back: 304
    assert sorted(_raw_events(follower)) == sorted((i, "new") for i in expected)
    record = next(v for v in follower.values(ENRICHED) if v["id"] == FERRY)
    assert "ferry terminal" in record["text"] and record["published_at"].startswith("2026-11-29")
    assert len(server.hits("/busy")) == 2  # each process tried once, and neither crashed


async def _ingest_once(env: dict[str, str], feeds: Path) -> dict[str, int]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "streams", "ingest", "--once", "--feeds", str(feeds), env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60.0)
    assert proc.returncode == 0, err.decode()[-3000:]
    return orjson.loads(out.splitlines()[-1])


async def test_worker_ingest_follows_feeds_topic_and_survives_a_restart(
        isolated_env: dict[str, str], server: FeedServer, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(orjson.dumps({"url": server.url("/rss"), "interval_s": 1}).decode()
                     + "\n" + server.url("/broken") + "\n")
    env = worker_env(isolated_env, stages="clean", ingest_in_worker="true",
                     feeds_file=str(feeds), ingest_host_interval_s="0")
    settings = Settings.from_env(env)
    await create_topics(settings)
    rss_ids = _ids(server, RSS_IDS)
    workers = [WorkerProcess(env, tmp_path / "worker.log")]
    try:
        async with Follower(settings, [RAW, ENRICHED, DLQ]) as follower:
            workers[0].start()
            # Added at run time, like another service would.
            json_feed = {"url": server.url("/json"), "interval_s": 1, "source": "River Notes"}
            await send_all(settings, settings.topic(FEEDS),
                           [(json_feed["url"].encode(), orjson.dumps(json_feed)),
                            (b"bad", b"{not a feed spec")])
            expected = rss_ids | JSON_IDS
            done = await follower.wait_for(lambda: expected <= set(follower.keys(ENRICHED)),
                                           90.0, workers)
            assert done, workers[0].log_tail()
            workers[0].stop()

            # While it is down, one item changes: after the restart it is published once more.
            changed = fixture("rss.xml").replace(b"voted 9 to 4", b"voted 10 to 3")
            server.routes["/rss"] = static(changed, "application/rss+xml")
            polls_before = len(server.hits("/rss"))
            workers.append(WorkerProcess(env, tmp_path / "worker2.log"))
            workers[1].start()
            polled = await follower.wait_for(
                lambda: len(server.hits("/rss")) >= polls_before + 3
                and len(server.hits("/json")) >= 3, 90.0, workers[1:])
            assert polled, workers[1].log_tail()
            updated = await follower.wait_for(
                lambda: (FERRY, "update") in _raw_events(follower), 30.0, workers[1:])
            assert updated, workers[1].log_tail()
            await asyncio.sleep(2.0)
    finally:
        for w in workers:
            w.stop()
    events = _raw_events(follower)
    assert sorted(events) == sorted([(i, "new") for i in expected] + [(FERRY, "update")])
    river = next(v for v in follower.values(RAW) if v["id"] == "127.0.0.1/rn-77")
    assert river["source"] == "River Notes"
    dead = follower.values(DLQ)
    assert [(d["error"]["kind"], d["topic"]) for d in dead] == [
        ("not_json", settings.topic(FEEDS))], dead
    assert base64.b64decode(dead[0]["value_b64"]) == b"{not a feed spec"


async def test_two_workers_poll_once_and_the_survivor_takes_over(
        isolated_env: dict[str, str], server: FeedServer, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("".join(orjson.dumps({"url": server.url(p), "interval_s": 1}).decode() + "\n"
                             for p in ("/rss", "/json")))
    env = worker_env(isolated_env, stages="clean", ingest_in_worker="true",
                     feeds_file=str(feeds), ingest_host_interval_s="0")
    settings = Settings.from_env(env)
    await create_topics(settings)
    workers = [WorkerProcess(env, tmp_path / f"worker{i}.log") for i in range(2)]
    expected = _ids(server, RSS_IDS) | JSON_IDS

    async def polls(more: int) -> bool:
        target = len(server.hits("/rss")) + more
        return await follower.wait_for(lambda: len(server.hits("/rss")) >= target, 60.0,
                                       workers)

    try:
        async with Follower(settings, [RAW, ENRICHED]) as follower:
            workers[0].start()
            assert await follower.wait_for(lambda: expected <= set(follower.keys(ENRICHED)),
                                           90.0, workers), workers[0].log_tail()
            workers[1].start()  # a rebalance; only the leader keeps polling
            assert await polls(10), workers[1].log_tail()
            workers[0].stop()  # the survivor leads, with the whole seen table
            assert await polls(5), workers[1].log_tail()
            await asyncio.sleep(2.0)
    finally:
        for w in workers:
            w.stop()
    assert sorted(_raw_events(follower)) == sorted((i, "new") for i in expected)
