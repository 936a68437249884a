"""The consumer's commit guard, on its bookkeeping alone (no broker)."""

import asyncio
import contextlib
import time
import weakref
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiokafka import AIOKafkaConsumer
from faust.transport.drivers import aiokafka as aiokafka_driver
from faust.types import TP, Message

from streams.app import REWIND_AFTER_S, App, _NoSkipConsumer, create_app
from tests.harness import rereads

PLAIN, COMPACTED = TP("articles.raw", 0), TP("subscriptions", 0)


def _consumer(committed: int | None, acked: list[int], *, in_transaction: bool = False,
              log_start: int | None = None) -> _NoSkipConsumer:
    consumer = _NoSkipConsumer.__new__(_NoSkipConsumer)
    consumer.__dict__.update(
        app=SimpleNamespace(gap_tolerant_topics=frozenset({"subscriptions"})),
        in_transaction=in_transaction,
        _committed_offset={PLAIN: committed, COMPACTED: committed},
        _acked={PLAIN: acked, COMPACTED: acked},
        _log_start={} if log_start is None else {PLAIN: log_start, COMPACTED: log_start},
    )
    return consumer


def test_commit_is_held_while_the_message_at_the_committed_offset_is_missing() -> None:
    # faust's own check (min(acked) - committed > 1) would commit past offset 508 here.
    assert _NoSkipConsumer._holds(_consumer(508, [509, 510]), PLAIN) == 508
    assert _NoSkipConsumer._holds(_consumer(0, [3]), PLAIN) == 0


def test_no_hold_when_contiguous_or_nothing_acked_or_on_compacted_topics() -> None:
    assert _NoSkipConsumer._holds(_consumer(508, [508, 509]), PLAIN) is None
    assert _NoSkipConsumer._holds(_consumer(508, []), PLAIN) is None
    assert _NoSkipConsumer._holds(_consumer(None, [5]), PLAIN) is None
    assert _NoSkipConsumer._holds(_consumer(508, [600]), COMPACTED) is None


def test_a_partition_never_committed_holds_its_commit_from_the_start_of_its_log() -> None:
    # Its first records (2, 3) went missing: committing after 5 would lose them for good.
    assert _NoSkipConsumer._holds(_consumer(None, [4, 5], log_start=2), PLAIN) == 2
    assert _NoSkipConsumer._holds(_consumer(None, [2, 3], log_start=2), PLAIN) is None


def test_no_hold_in_exactly_once_mode_where_commit_markers_skip_offsets() -> None:
    assert _NoSkipConsumer._holds(_consumer(508, [509, 510], in_transaction=True), PLAIN) is None


def test_a_partition_held_past_the_wait_is_re_read_but_not_while_a_commit_runs() -> None:
    # faust takes a commit's offsets out of `_acked` before it sends it, and moves
    # `_committed_offset` after: with the broker down a commit took 17 s, every partition
    # looked held, and the rewinds re-read ~2,500 records that had been processed.
    consumer = _NoSkipConsumer.__new__(_NoSkipConsumer)
    consumer.__dict__.update(
        app=SimpleNamespace(gap_tolerant_topics=frozenset()), in_transaction=False,
        _committed_offset={PLAIN: 344}, _acked={PLAIN: [400, 401]}, _delivered={PLAIN: 401},
        _handed=weakref.WeakSet(), _commits_running=1)
    consumer.assignment = lambda: {PLAIN}
    held: dict[TP, tuple[int, float]] = {}
    assert consumer._due_rewinds(held, 0.0) == []
    assert consumer._due_rewinds(held, REWIND_AFTER_S + 10) == [] and held == {}
    consumer._commits_running = 0  # the same state outside a commit is a dropped message
    assert consumer._due_rewinds(held, 100.0) == [] and held == {PLAIN: (344, 100.0)}
    consumer._commits_running = 1  # a commit of other partitions does not reset its wait
    assert consumer._due_rewinds(held, 100.0 + REWIND_AFTER_S) == []
    consumer._commits_running = 0
    assert consumer._due_rewinds(held, 100.0 + REWIND_AFTER_S) == [(PLAIN, 344)]
    assert held == {}


def _app(tmp_path: Path) -> App:
    """A worker's faust app with its consumer, never connected to a broker."""
    return create_app("t", "127.0.0.1:1", partitions=1, replication_factor=1,
                      max_request_bytes=1024, producer_batch_bytes=1024, web_enabled=False,
                      web_host="localhost", web_port=1, data_dir=str(tmp_path))


def _message(tp: TP, offset: int) -> Message:
    return Message(tp.topic, tp.partition, offset, 0.0, 0, None, b"k", b"v", None, tp=tp)


def test_records_dropped_at_the_tail_are_found() -> None:
    # Delivered up to 99 from a committed 78 and none acked: unless one is still in a stream,
    # faust dropped them, and no later ack will ever make the commit wait on them.
    consumer = _consumer(78, [])
    consumer._delivered = {PLAIN: 99, COMPACTED: 99}
    elsewhere, earlier, waiting = (_message(TP("articles.raw", 1), 80), _message(PLAIN, 77),
                                   _message(PLAIN, 90))
    consumer._handed = weakref.WeakSet([elsewhere, earlier])
    assert _NoSkipConsumer._dropped_tail(consumer, PLAIN) == 78
    assert _NoSkipConsumer._dropped_tail(consumer, COMPACTED) is None
    consumer._delivered[PLAIN] = 78  # only the message at the committed offset, dropped
    assert _NoSkipConsumer._dropped_tail(consumer, PLAIN) == 78
    consumer._delivered[PLAIN] = 77  # all delivered is committed
    assert _NoSkipConsumer._dropped_tail(consumer, PLAIN) is None
    consumer._delivered[PLAIN] = 99
    consumer._handed.add(waiting)  # still in a stream's buffer, or being processed
    assert _NoSkipConsumer._dropped_tail(consumer, PLAIN) is None
    consumer._handed.discard(waiting)
    consumer._acked[PLAIN] = [80]  # a later ack: the commit hold (`_holds`) covers it
    assert _NoSkipConsumer._dropped_tail(consumer, PLAIN) is None


def test_what_counts_as_delivered_is_what_the_fetch_loop_handed_on() -> None:
    # faust sets its read offset to the committed offset when it seeks there: with nothing
    # handed on since, an idle partition is not taken for one whose record was dropped.
    consumer = _NoSkipConsumer.__new__(_NoSkipConsumer)
    consumer.__dict__.update(
        _delivered={}, _handed=weakref.WeakSet(), _read_offset={PLAIN: 78}, in_transaction=False,
        app=SimpleNamespace(gap_tolerant_topics=frozenset()), _committed_offset={PLAIN: 78},
        _acked={PLAIN: []})
    assert consumer._dropped_tail(PLAIN) is None
    messages = [_message(PLAIN, offset) for offset in (78, 80, 79)]
    for message in messages:
        consumer._record_delivery(message)
    assert consumer._delivered == {PLAIN: 80} and len(consumer._handed) == 3
    assert consumer._dropped_tail(PLAIN) is None  # alive: in a buffer or being processed
    del messages, message
    assert consumer._dropped_tail(PLAIN) == 78  # gone without an ack: dropped


def test_shutdown_commits_again_after_a_periodic_commit_under_way() -> None:
    # faust's own final commit waits for the periodic one and returns without committing,
    # although that one's offsets predate the last acks.
    async def scenario() -> list[str]:
        consumer = _NoSkipConsumer.__new__(_NoSkipConsumer)
        consumer.__dict__.update(
            app=SimpleNamespace(client_only=False, conf=SimpleNamespace(stream_wait_empty=False)),
            transport=SimpleNamespace(_topic_waiters={}), _loop=asyncio.get_running_loop(),
            _commit_fut=None)
        commits: list[str] = []

        async def force_commit(topics: object = None, start_new_transaction: bool = True) -> bool:
            commits.append("started")
            await asyncio.sleep(0.05)
            commits.append("done")
            return True

        consumer.force_commit = force_commit
        periodic = asyncio.ensure_future(consumer.commit())
        await asyncio.sleep(0.01)
        await consumer.on_stop()
        await periodic
        return commits

    assert asyncio.run(scenario()) == ["started", "done", "started", "done"]


def test_a_commit_cancelled_midway_gives_its_acked_offsets_back() -> None:
    # On shutdown the fetcher is cancelled while it commits: without the give-back, offsets
    # 24..71 would leave `_acked` uncommitted and hold every later commit.
    async def scenario() -> tuple[list[int], int | None]:
        consumer = _NoSkipConsumer.__new__(_NoSkipConsumer)
        consumer.__dict__.update(
            app=SimpleNamespace(gap_tolerant_topics=frozenset()), in_transaction=False,
            _acked={PLAIN: list(range(24, 72))}, _acked_index={PLAIN: set(range(24, 72))},
            _committed_offset={PLAIN: 24}, _gap={PLAIN: None}, _commits_running=0, _revoking=set(),
            diag=SimpleNamespace(set_flag=lambda flag: None, unset_flag=lambda flag: None))

        async def commit_offsets(offsets: dict, start_new_transaction: bool = True) -> bool:
            await asyncio.sleep(10)  # the broker's answer, never awaited to the end
            return True

        consumer._commit_tps = lambda tps, start_new_transaction: commit_offsets(
            consumer._filter_committable_offsets(tps))
        consumer.app.sensors = SimpleNamespace(on_commit_initiated=lambda c: None,
                                               on_commit_completed=lambda c, s: None)
        committing = asyncio.ensure_future(consumer.force_commit())
        await asyncio.sleep(0.01)
        committing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await committing
        return consumer._acked[PLAIN], consumer._committed_offset[PLAIN]

    acked, committed = asyncio.run(scenario())
    assert acked == list(range(24, 72)) and committed == 24


async def _nothing_to_commit() -> bool:
    return False


def _logging_consumer(**state: object) -> tuple[_NoSkipConsumer, list[str]]:
    """A consumer with only `state` set, and the info lines it logs."""
    consumer = _NoSkipConsumer.__new__(_NoSkipConsumer)
    logged: list[str] = []
    consumer.__dict__.update(
        {"_log_start": {}, "_revoking": set(), "in_transaction": False,
         "commit": _nothing_to_commit, **state},
        log=SimpleNamespace(info=lambda message, *args: logged.append(message % args)))
    return consumer, logged


def test_records_delivered_before_the_seek_are_logged_as_re_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Delivered up to 160 from a committed 155: 155..160 come again (tests bound duplicates
    # by the re-reads the workers log). Changelogs are not counted: they are not processed.
    changelog = TP("t-changelog", 0)
    consumer, logged = _logging_consumer(
        app=SimpleNamespace(tables=SimpleNamespace(changelog_topics={"t-changelog"})),
        # A seek moves faust's read offset too: only what was handed on is re-read.
        _delivered={PLAIN: 160, changelog: 40}, _read_offset={PLAIN: 170, changelog: 40},
        _read_high={})

    async def seek_to_committed(self: _NoSkipConsumer) -> dict[TP, int]:
        return {PLAIN: 155, changelog: -1}

    monkeypatch.setattr(aiokafka_driver.Consumer, "seek_to_committed", seek_to_committed)
    asyncio.run(consumer.seek_to_committed())
    assert rereads("\n".join(logged)) == [6]


def test_records_handed_on_past_the_commit_are_logged_as_handed_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Handed on up to 90 from a committed 85: the next owner processes 85..90 again. faust's
    # read offset (95, moved by a seek) would count records nobody processed. A changelog
    # (a standby table's, never committed) is restored, not processed: it does not count.
    kept, changelog = TP("articles.raw", 1), TP("t-changelog", 0)
    consumer, logged = _logging_consumer(
        app=SimpleNamespace(tables=SimpleNamespace(changelog_topics={"t-changelog"})),
        _delivered={PLAIN: 90, kept: 12, changelog: 230},
        _read_offset={PLAIN: 95, kept: 12, changelog: 230},
        _committed_offset={PLAIN: 85, kept: 3}, _read_high={})

    async def revoked(self: _NoSkipConsumer, tps: set[TP]) -> None:
        pass

    monkeypatch.setattr(aiokafka_driver.Consumer, "on_partitions_revoked", revoked)
    asyncio.run(consumer.on_partitions_revoked({PLAIN, changelog}))
    assert rereads("\n".join(logged)) == [6]
    assert consumer._delivered == {kept: 12}


@pytest.mark.parametrize("seek", ["recovery", "other"])
def test_records_dropped_after_their_hand_off_come_again_when_faust_drops_the_refetch(
    seek: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    # faust's own fetch loop, fed two fetches: 58..67, then 58..70 again after a seek back to
    # 58 that lands while 67 waits for room in a stream's buffer. faust then set its read
    # offset to 67 and dropped the re-fetched 58..66 as already read, though only 60 (still
    # in a stream) and 61 (acked) were held by anyone.
    async def scenario() -> tuple[list[int], list[str]]:
        app = _app(tmp_path)
        handed: list[int] = []
        alive: list[Message] = []
        waiting, room = asyncio.Event(), asyncio.Event()

        async def hand_on(message: Message) -> None:
            handed.append(message.offset)
            if message.offset == 60:
                alive.append(message)
            if message.offset == 67 and not room.is_set():
                waiting.set()
                await room.wait()

        async def ignore(partitions: set[TP]) -> None:
            pass

        consumer = _NoSkipConsumer(app.transport, callback=hand_on, beacon=app.beacon,
                                   on_partitions_revoked=ignore, on_partitions_assigned=ignore)
        logged: list[str] = []
        consumer.log = SimpleNamespace(info=lambda message, *args: logged.append(message % args),
                                       dev=lambda *args: None)
        consumer._acked_index[PLAIN].add(61)
        fetches = [range(58, 68), range(58, 71)]

        async def getmany(self: _NoSkipConsumer, timeout: float
                          ) -> AsyncIterator[tuple[TP, Message]]:
            if not fetches:
                consumer._stopped.set()
            for offset in fetches.pop(0) if fetches else ():
                yield PLAIN, _message(PLAIN, offset)

        async def committed(self: _NoSkipConsumer) -> dict[TP, int]:
            return {PLAIN: 58}

        async def moved(partition: TP, offset: int) -> None:
            pass

        monkeypatch.setattr(aiokafka_driver.Consumer, "getmany", getmany)
        monkeypatch.setattr(aiokafka_driver.Consumer, "seek_to_committed", committed)
        consumer._seek = moved
        fetching = asyncio.ensure_future(
            consumer._drain_messages(SimpleNamespace(_stopped=asyncio.Event())))
        await waiting.wait()
        await (consumer.perform_seek() if seek == "recovery" else consumer.seek(PLAIN, 58))
        room.set()
        await asyncio.wait_for(fetching, 5)
        return handed, logged

    handed, logged = asyncio.run(scenario())
    # 67 comes twice in faust too: its loop takes a record at its read offset again.
    assert handed == [*range(58, 68), 58, 59, *range(62, 71)]
    assert rereads(logged[-1]) == [7]  # the recovery also logs what it re-reads itself


def test_records_faust_clears_from_its_streams_as_the_flow_resumes_are_fetched_again() -> None:
    # Resuming its flow control clears every stream's buffer: of 58..66, handed on past the
    # commit at 58, only 60 (in an agent) and 61 (acked) are still held by anyone.
    sought: list[dict[TP, int]] = []
    in_agent = _message(PLAIN, 60)
    consumer, logged = _logging_consumer(
        app=SimpleNamespace(gap_tolerant_topics=frozenset({"subscriptions"}),
                            tables=SimpleNamespace(changelog_topics=set())),
        in_transaction=False, _delivered={PLAIN: 66, COMPACTED: 9},
        _committed_offset={PLAIN: 58, COMPACTED: 2}, _acked_index={PLAIN: {61}},
        _handed=weakref.WeakSet([in_agent]), _read_offset={PLAIN: 67, COMPACTED: 10},
        _read_high={}, can_resume_flow=asyncio.Event(), suspend_flow=asyncio.Event())
    consumer._fetch_again = lambda offsets: offsets  # the seek, on the consumer's thread
    consumer.add_future = sought.append
    consumer.resume_flow()
    assert consumer.flow_active and sought == [{PLAIN: 58}]
    assert consumer._read_offset == {PLAIN: 58, COMPACTED: 10}
    assert consumer._read_high == {PLAIN: 67}  # up to here, what is held is not handed on again
    assert logged == [f"{PLAIN}: fetching again 7 records faust cleared from its streams"]
    sought.clear()
    consumer._acked_index[PLAIN] |= {58, 59, 62, 63, 64, 65, 66}
    consumer.resume_flow()
    assert sought == []


def test_every_worker_knows_a_topics_partition_count_not_only_the_groups_leader(
        tmp_path: Path) -> None:
    # aiokafka fills the coordinator's snapshot, where faust looks, on the group's leader
    # only; the client's metadata (what partitions_for_topic reads) is every member's.
    app = _app(tmp_path)
    consumer = app.consumer
    assert consumer.topic_partitions("articles.cleaned") is None  # not started: unknown
    known = {"articles.cleaned": {0, 1, 2}, "articles.raw": set()}
    consumer._thread._consumer = SimpleNamespace(  # type: ignore[attr-defined]
        partitions_for_topic=known.get,
        _coordinator=SimpleNamespace(_metadata_snapshot={}))  # as on any other member
    assert consumer.topic_partitions("articles.cleaned") == 3
    assert consumer.topic_partitions("articles.raw") is None
    assert consumer.topic_partitions("elsewhere") is None


def test_partitions_never_committed_are_sought_to_the_start_of_their_log(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # aiokafka seeks only partitions committed past 0. A fresh partition whose first record
    # (offset 7) faust fetched and dropped during a recovery stayed past it for good.
    fresh, zero, kept, changelog = PLAIN, TP("articles.raw", 1), TP("articles.raw", 2), \
        TP("t-changelog", 0)
    sought: list[dict[TP, int]] = []
    consumer, logged = _logging_consumer(
        app=SimpleNamespace(tables=SimpleNamespace(changelog_topics={"t-changelog"})),
        _delivered={fresh: 9}, _committed_offset={kept: 12}, _read_high={})

    async def seek_to_committed(self: _NoSkipConsumer) -> dict[TP, int | None]:
        return {fresh: None, zero: 0, kept: 12, changelog: None}

    async def earliest_offsets(*partitions: TP) -> dict[TP, int]:
        return {tp: 7 for tp in partitions}

    async def seek_wait(offsets: dict[TP, int]) -> None:
        sought.append(offsets)

    monkeypatch.setattr(aiokafka_driver.Consumer, "seek_to_committed", seek_to_committed)
    consumer.earliest_offsets, consumer.seek_wait = earliest_offsets, seek_wait
    asyncio.run(consumer.seek_to_committed())
    assert sought == [{fresh: 7, zero: 7}]
    assert [consumer.committed_offset(tp) for tp in (fresh, zero, kept, changelog)] == \
        [7, 7, 12, None]
    assert rereads("\n".join(logged)) == [3]  # 7..9, handed on before the seek, come again


    async def revoked(self: _NoSkipConsumer, tps: set[TP]) -> None:
        pass

    monkeypatch.setattr(aiokafka_driver.Consumer, "on_partitions_revoked", revoked)
    asyncio.run(consumer.on_partitions_revoked({zero}))  # its next owner looks again
    assert consumer.committed_offset(zero) is None and consumer.committed_offset(fresh) == 7


def test_a_failed_seek_to_the_start_is_logged_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    warned: list[str] = []
    consumer, _ = _logging_consumer(
        app=SimpleNamespace(tables=SimpleNamespace(changelog_topics=set())), _delivered={},
        _committed_offset={}, _read_high={})
    consumer.log.warning = lambda message, *args: warned.append(message % args)

    async def seek_to_committed(self: _NoSkipConsumer) -> dict[TP, int | None]:
        return {PLAIN: None}

    async def earliest_offsets(*partitions: TP) -> dict[TP, int]:
        raise ConnectionError("broker away")

    monkeypatch.setattr(aiokafka_driver.Consumer, "seek_to_committed", seek_to_committed)
    consumer.earliest_offsets = earliest_offsets
    assert asyncio.run(consumer.seek_to_committed()) == {PLAIN: None}
    assert consumer.committed_offset(PLAIN) is None and len(warned) == 1


def test_the_fetch_state_shows_how_far_each_partition_got() -> None:
    # A real aiokafka consumer's assignment (never started, so its fetcher is a stand-in):
    # changelog/0 sought to 7, with records fetched and not yet taken, flowing in faust and
    # handed on up to 6, its last fetch response 3 s ago with the log's end at 9; changelog/1
    # without a position yet, paused in faust and in aiokafka, never fetched.
    first, second = TP("t-changelog", 0), TP("t-changelog", 1)

    async def state() -> dict[TP, dict[str, object]]:
        client = AIOKafkaConsumer(bootstrap_servers="127.0.0.1:1")
        client.assign([first, second])
        assignment = client._subscription.subscription.assignment
        fetched = assignment.state_value(first)
        fetched.seek(7)
        fetched.highwater, fetched.timestamp = 9, int(1000 * time.time()) - 3000
        assignment.state_value(second).pause()
        client._fetcher = SimpleNamespace(_records={first: object()})
        consumer, _ = _logging_consumer(
            _thread=SimpleNamespace(_consumer=client), _active_partitions={first},
            _paused_partitions={second}, _read_offset={first: 6})
        try:
            return consumer.fetch_state([first, second])
        finally:
            client._closed = True  # never started: nothing to close

    states = asyncio.run(state())
    assert 3.0 <= states[first].pop("last_fetch_s_ago") < 10.0  # type: ignore[operator]
    assert states == {
        first: {"flowing": True, "paused": False, "handed_on": 6, "position": 7,
                "fetched_not_taken": True, "client_paused": False, "fetched_log_end": 9},
        second: {"flowing": False, "paused": True, "handed_on": None, "position": None,
                 "fetched_not_taken": False, "client_paused": True, "last_fetch_s_ago": None,
                 "fetched_log_end": None},
    }


def _revoked_after_acks(tmp_path: Path, committed: int, acked: range,
                        late_ack: int) -> tuple[_NoSkipConsumer, list[int | None]]:
    """A consumer over faust's own ack and revoke bookkeeping: `acked` in before a revoke of
    PLAIN, `late_ack` during it, then PLAIN assigned again. Returns the consumer and the
    offsets each commit asked for at the revoke would take (no broker to send them to)."""
    async def scenario() -> tuple[_NoSkipConsumer, list[int | None]]:
        app = _app(tmp_path)
        app.topics._acking_topics.add(PLAIN.topic)

        async def ignore(partitions: set[TP], generation_id: int = 0) -> None:
            pass

        consumer = _NoSkipConsumer(app.transport, callback=ignore, beacon=app.beacon,
                                   on_partitions_revoked=ignore, on_partitions_assigned=ignore)
        consumer._committed_offset[PLAIN] = committed
        for offset in acked:
            consumer.ack(_message(PLAIN, offset))
        commits: list[int | None] = []

        async def commit() -> bool:
            commits.append(consumer._new_offset(PLAIN))
            return False

        consumer.commit = commit  # type: ignore[method-assign]
        await consumer.on_partitions_revoked({PLAIN})
        assert consumer.ack(_message(PLAIN, late_ack))  # faust takes it: no committed offset
        commits.append(consumer._new_offset(PLAIN))  # faust's own commit, after its wait
        await consumer.on_partitions_assigned({PLAIN})
        return consumer, commits

    return asyncio.run(scenario())


def test_acks_that_come_in_while_their_partition_is_revoked_are_not_committed(
    tmp_path: Path,
) -> None:
    # Seen in a run with ten joins and leaves: 76..93 acked and the commit held at 75, whose
    # record was missing. faust forgets a revoked partition's committed offset before it
    # waits for the agents' batches and commits: the ack of 94 that came in meanwhile was
    # committed as 95, past 75, which was never processed.
    consumer, commits = _revoked_after_acks(tmp_path, 75, range(76, 94), late_ack=94)
    assert commits == [None, None, None]
    # Taken back with the partition (its next owner re-reads from the commit, 75).
    assert not consumer._acked.get(PLAIN) and not consumer._acked_index.get(PLAIN)


def test_acks_taken_before_a_revoke_are_committed_before_faust_forgets_them(
    tmp_path: Path,
) -> None:
    # faust drops them at the revoke: their records would all be processed again.
    _, commits = _revoked_after_acks(tmp_path, 75, range(75, 94), late_ack=94)
    assert commits == [94, None, None]
