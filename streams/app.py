"""The faust app object. Imports nothing else from the project (faust's layout guidance):
everything it needs arrives as arguments from `streams.worker`."""

from __future__ import annotations

import time
import weakref
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any

import faust
from faust.transport.drivers import aiokafka as aiokafka_driver
from faust.types import TP, ConsumerT, Message, ProducerT
from mode import Service


class _IdempotentProducer(aiokafka_driver.Producer):
    # faust asks aiokafka for idempotence only inside transactions; we want it always, so
    # producer retries cannot duplicate or reorder records within a partition.
    def _settings_extra(self) -> Mapping[str, Any]:
        return {"acks": "all", "enable_idempotence": True}


# How long a partition's commit may wait on a message that never arrives before we re-read it.
# Our agents ack each partition in order, and a message faust still holds is in `_handed`
# (its buffers or an agent refer to it), so a hold outside a commit is a drop: the wait is a
# margin, not a timeout for slow work (the clock stops while a commit is under way).
REWIND_AFTER_S = 5.0


def _gaps_expected(consumer: ConsumerT, tp: TP) -> bool:
    # Compacted topics skip offsets; in exactly_once mode so does every commit marker.
    return consumer.in_transaction or tp.topic in consumer.app.gap_tolerant_topics  # type: ignore[attr-defined]


def _committed_past_start(offset: int | None) -> bool:
    """Whether aiokafka's seek to committed offsets moves a partition committed at `offset`:
    it seeks only those committed past 0."""
    return offset is not None and offset > 0


def _records_between(start: int, read: int) -> int:
    """Records from offset `start` through the last one read, `read`: what re-reading a
    partition from `start` fetches again (the tests add these up into duplicate bounds)."""
    return max(read - start + 1, 0)


def _client_state(aio: Any) -> dict[str, Any]:
    """aiokafka's state of one partition (`fetch_state`), all None where it holds none: its
    position, its own pause, and its last fetch response (how long ago, the log end it gave)."""
    if aio is None:
        return dict.fromkeys(("position", "client_paused", "last_fetch_s_ago", "fetched_log_end"))
    return {"position": aio.position if aio.has_valid_position else None,
            "client_paused": aio.paused,
            "last_fetch_s_ago": (round(time.time() - aio.timestamp / 1000, 1)
                                 if aio.timestamp else None),
            "fetched_log_end": aio.highwater}


async def _request_rejoin(client: Any) -> None:
    # On the consumer's thread: aiokafka's coordinator belongs to that thread's event loop.
    client._coordinator.request_rejoin()


class _NoSkipConsumer(aiokafka_driver.Consumer):
    """A consumer that never commits past a message it did not deliver.

    On plain (non-compacted) topics faust-streaming 0.15.3 can commit past records: it counts
    any jump in offsets as acknowledged ("gap filling"), and its commit check lets the message
    at the committed offset itself go missing (it tests `min(acked) - committed > 1`). Both
    happened here across restart-time rebalances, where its fetch loop drops messages: its
    recovery seeks a partition back to the committed offset while the loop waits to hand on a
    record fetched before (a stream's buffer is full); when that hand-off ends, the loop sets
    its read offset to that record's again and drops the re-fetched records before it as
    already read. The same happens when the re-fetched records arrive while the loop is still
    handing on the rest of a fetch from before the seek, or before the seek returns. When
    a stream's buffer was cleared in between, nobody holds the records it drops: our fetch
    (`getmany`) hands such records on again. faust also clears the buffers as it resumes its
    flow after the seek, which loses what it handed on during the seek: `resume_flow` fetches
    that again. For anything that still goes missing we hold the commit, and re-read a
    partition whose commit has waited REWIND_AFTER_S on a message that is not coming.
    Records may be processed twice, never lost. In exactly_once mode nothing is held (see
    `_gaps_expected`).

    It also logs the re-reads of faust's own recovery: it resumes newly assigned stream
    partitions before it seeks them to their committed offsets, while its fetcher already runs
    (to restore tables), so what it delivered in between comes again. Keeping them paused
    until the seek stalled whole partitions in our tests. Records faust dropped at the tail of
    a partition are re-read too (`_dropped_tail`), and acks that faust's shutdown would leave
    uncommitted are committed (`on_stop`, `force_commit`). A partition never committed starts
    where its log does, after every seek to committed offsets too (`_seek_uncommitted`). And
    nothing of a revoked partition is committed until the next assignment (`_revoking`).

    And it knows how many partitions a topic has on every worker of a group, not only on the
    group's leader (`topic_partitions`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What faust's fetch loop has handed on to its streams: the highest offset by
        # partition, and the messages still alive (in a stream's buffer or being processed).
        # Its own `_read_offset` cannot tell a delivery from a seek (both set it), and its
        # unacked set only holds messages a stream has already taken from its buffer.
        self._delivered: dict[TP, int] = {}
        self._handed: weakref.WeakSet[Any] = weakref.WeakSet()
        # Stream partitions never committed: where their log started when they were sought
        # there (`_seek_uncommitted`), which is where a restart would start them too.
        self._log_start: dict[TP, int] = {}
        self._commits_running = 0
        # Partitions revoked, until the next assignment: nothing of them is committed.
        self._revoking: set[TP] = set()
        # By partition, faust's read offset from before we moved it back to hand on again a
        # record it would have dropped: records up to it are checked the same way.
        self._read_high: dict[TP, int] = {}
        deliver = self.callback

        async def on_message(message: Any) -> None:
            self._record_delivery(message)
            await deliver(message)

        self.callback = on_message

    def topic_partitions(self, topic: str) -> int | None:
        # faust reads the group coordinator's metadata snapshot, which aiokafka keeps on the
        # group's leader only: every other worker got None. The client's own metadata holds
        # every topic this consumer reads.
        consumer = self._thread._consumer
        known = consumer.partitions_for_topic(topic) if consumer is not None else None
        return len(known) if known else None

    def fetch_state(self, tps: Iterable[TP]) -> dict[TP, dict[str, Any]]:
        """How far each of `tps` got on its way in, for the stall log: whether faust lets it
        flow and the offset it last handed on; aiokafka's position, whether it holds fetched
        records not yet taken, whether it has the partition paused itself, and its last fetch
        response for it (how long ago, and the log end it gave): a partition no fetch reaches
        is told apart from one whose records come and are not taken. Read here while the
        consumer's thread may change them: a snapshot, for people or for a decision taken on
        what stays the same over many of them (`streams.monitoring`, the recovery watch)."""
        client = self._thread._consumer
        subscription = client._subscription.subscription if client is not None else None
        assignment = subscription.assignment if subscription is not None else None
        fetched = set(client._fetcher._records) if client is not None else set()
        state: dict[TP, dict[str, Any]] = {}
        for tp in tps:
            aio = assignment.state_value(tp) if assignment is not None else None
            state[tp] = {
                "flowing": tp in (self._active_partitions or ()),
                "paused": tp in self._paused_partitions,
                "handed_on": self._read_offset.get(tp),
                "fetched_not_taken": tp in fetched,
                **_client_state(aio),
            }
        return state

    async def rejoin_group(self) -> None:
        """Make the group rebalance: this member joins it again, every member hands its
        partitions back and gets them anew, and faust restarts its table recovery."""
        await self._thread.call_thread(_request_rejoin, self._thread._ensure_consumer())

    def committed_offset(self, tp: TP) -> int | None:
        """The offset `tp` resumes from after a restart: its committed offset, or, for a
        partition never committed, the start of its log (None until that is known)."""
        committed = self._committed_offset.get(tp)
        return committed if committed is not None else self._log_start.get(tp)

    def _record_delivery(self, message: Any) -> None:
        self._handed.add(message)
        if message.offset > self._delivered.get(message.tp, -1):
            self._delivered[message.tp] = message.offset

    async def getmany(self, timeout: float) -> AsyncIterator[tuple[TP, Message]]:
        """faust's fetch, but a record its loop would drop as already read comes again when
        nothing holds it: it is not committed, not acked and in no stream."""
        again = 0
        async for tp, message in super().getmany(timeout):
            offset, high = message.offset, self._read_bound(tp)
            if offset >= high or not self._refetches(tp):
                self._read_high.pop(tp, None)
            elif self._held(tp, offset):
                continue  # as faust would: it is processed, or on its way
            else:
                again += 1
                self._read_high[tp] = high
                self._read_offset[tp] = offset
            yield tp, message
        if again:
            # The count is the most this can duplicate (tests add it up).
            self.log.info("re-reading %d records that were dropped after they were handed on",
                          again)

    def _read_bound(self, tp: TP) -> int:
        """The offset below which faust's loop drops a record of `tp`, or we check it."""
        read = self._read_offset.get(tp)
        return max(-1 if read is None else read, self._read_high.get(tp, -1))

    def _refetches(self, tp: TP) -> bool:
        """Is `tp` one whose dropped records we fetch again (a plain stream topic)?"""
        return not (_gaps_expected(self, tp) or self._is_changelog_tp(tp))

    def _held(self, tp: TP, offset: int) -> bool:
        committed = self.committed_offset(tp)
        return (committed is not None and offset < committed) or offset in self._holders(tp)

    def _holders(self, tp: TP) -> set[int]:
        """Offsets of `tp` acked, or alive in a stream or an agent."""
        alive = {m.offset for m in list(self._handed) if m.tp == tp}
        return alive | self._acked_index.get(tp, set())

    def resume_flow(self) -> None:
        super().resume_flow()
        # faust resumes the flow right after it resumes its flow control, which clears every
        # stream's buffer and cancels the hand-off waiting on one. What it handed on there
        # since the commit, through the recovery's seek too, is lost to the streams: fetch
        # it again from the first such record, and hand on again only what nobody holds.
        again: dict[TP, int] = {}
        for tp, delivered in list(self._delivered.items()):
            committed = self.committed_offset(tp)
            if committed is None or delivered < committed or not self._refetches(tp):
                continue
            held = self._holders(tp)
            lost = [offset for offset in range(committed, delivered + 1) if offset not in held]
            if lost:
                self._read_high[tp] = max(self._read_bound(tp), delivered + 1)
                self._read_offset[tp] = again[tp] = lost[0]
                # `getmany` counts them as they come again.
                self.log.info("%s: fetching again %d records faust cleared from its streams",
                              tp, len(lost))
        if again:
            self.add_future(self._fetch_again(again))

    async def _fetch_again(self, offsets: dict[TP, int]) -> None:
        try:
            await self.seek_wait(offsets)  # on the consumer's thread, as in the rewinds
        except Exception as exc:  # an error here would crash the worker
            self.log.warning("could not fetch again from %r (the commit guard will): %r",
                             offsets, exc)

    async def seek_to_committed(self) -> Mapping[TP, int]:
        committed = await super().seek_to_committed()
        await self._seek_uncommitted(committed)
        for tp in committed:
            self._read_high.pop(tp, None)
        # Counted from what was handed on: faust's `_read_offset` is also moved by seeks.
        early = sum(
            _records_between(
                offset if _committed_past_start(offset) else self._log_start.get(tp, 0),
                self._delivered[tp])
            for tp, offset in committed.items()
            if tp in self._delivered and not self._is_changelog_tp(tp)
        )
        if early:
            self.log.info("re-reading %d records delivered before the seek to committed "
                          "offsets", early)
        return committed

    async def _seek_uncommitted(self, committed: Mapping[TP, int | None]) -> None:
        """Seek the stream partitions that `committed` shows never committed to the start of
        their log, where the reset (to the earliest offset, `create_app`) starts them.

        aiokafka seeks only partitions committed past 0: one never committed stays where its
        fetches left it, past whatever faust fetched and dropped since the assignment (its
        recovery stops the flow), and nothing would fetch that again. In a benchmark run a
        fresh group's first record, fetched during a recovery, stayed unprocessed for 12 min
        with the partition's position past it, until it was sought back by hand."""
        fresh = [tp for tp, offset in committed.items()
                 if not _committed_past_start(offset) and not self._is_changelog_tp(tp)]
        if not fresh:
            return
        try:
            starts = await self.earliest_offsets(*fresh)
            await self.seek_wait(starts)  # on the consumer's thread, as in the rewinds
        except Exception as exc:  # revoked meanwhile, or the broker away: an error here
            # would fail the recovery; the stall check reports a partition left behind.
            self.log.warning("could not seek %d partitions never committed to their start: %r",
                             len(fresh), exc)
            return
        self._log_start.update(starts)

    def _holds(self, tp: TP) -> int | None:
        """The committed offset of `tp` if the commit is waiting on an undelivered message."""
        if _gaps_expected(self, tp):
            return None
        committed = self.committed_offset(tp)
        acked = self._acked.get(tp)
        if committed is not None and acked and min(acked) > committed:
            return committed
        return None

    def _dropped_tail(self, tp: TP) -> int | None:
        """The committed offset of `tp` if records from it on were handed on, but none is
        acked and none is still alive in `_handed`: faust dropped them (it clears stream
        buffers when its flow resumes), and with nothing acked after them no commit would wait
        on them."""
        committed, delivered = self.committed_offset(tp), self._delivered.get(tp)
        if (_gaps_expected(self, tp) or committed is None or delivered is None
                or delivered < committed or self._acked.get(tp)):
            return None
        # A weak set: a dropped message leaves it as soon as nothing refers to it.
        if any(m.tp == tp and m.offset >= committed for m in list(self._handed)):
            return None
        return committed

    def _new_offset(self, tp: TP) -> int | None:
        if tp in self._revoking or self._holds(tp) is not None:
            return None
        return super()._new_offset(tp)

    async def on_partitions_revoked(self, revoked: set[TP]) -> None:
        if not self.in_transaction:
            # faust forgets the acks of `revoked` next: commit them first, as a periodic
            # commit would have, or their next owner processes their records again. A commit
            # under way returns without committing what was acked since: commit twice.
            try:
                for _ in range(2):
                    await self.commit()
            except Exception as exc:  # the broker away: the next owner re-reads a bit more
                self.log.warning("could not commit before handing partitions back: %r", exc)
        # Whoever gets these partitions next re-reads from the commit: at most this many
        # records are processed twice (tests add it up into their duplicate bound).
        handed_back = sum(
            _records_between(self.committed_offset(tp) or 0, handed)
            for tp in revoked
            if (handed := self._delivered.get(tp)) is not None and not self._is_changelog_tp(tp)
        )
        if handed_back:
            self.log.info("handing back %d records past the commit", handed_back)
        for tp in revoked:
            self._delivered.pop(tp, None)
            self._read_high.pop(tp, None)
            self._log_start.pop(tp, None)
        # faust forgets their committed offsets and acks, then waits for the agents' batches
        # and commits: an ack that came in meanwhile was committed with nothing to hold it
        # (`_holds` needs the committed offset), past a record never processed (one lost in
        # a run with ten joins and leaves). Their next owner re-reads from the last commit.
        self._revoking |= revoked
        await super().on_partitions_revoked(revoked)

    async def on_partitions_assigned(self, assigned: set[TP], generation_id: int = 0) -> None:
        # Acks of revoked partitions taken in since: their records come again from the commit.
        for tp in self._revoking:
            self._acked.pop(tp, None)
            self._acked_index.pop(tp, None)
        self._revoking.clear()
        await super().on_partitions_assigned(assigned, generation_id)

    async def on_stop(self) -> None:
        await super().on_stop()
        # faust's final commit returns without committing when the periodic commit is under
        # way (it waits for that one, whose offsets predate the agents' last acks): a clean
        # shutdown would leave those acks uncommitted, to be processed again after a restart.
        await self.commit()

    async def force_commit(self, topics: Any = None, start_new_transaction: bool = True) -> bool:
        # faust takes the offsets a commit covers out of `_acked` before it commits them. A
        # commit that does not complete (on shutdown the fetcher is cancelled in the middle of
        # the commit it started) must give them back: else they are never committed, and the
        # acks after them are held behind the gap.
        acked = {tp: list(offsets) for tp, offsets in self._acked.items() if offsets}
        committed = dict(self._committed_offset)
        self._commits_running += 1
        try:
            return await super().force_commit(topics, start_new_transaction)
        except BaseException:
            self._give_back(acked, committed)
            raise
        finally:
            self._commits_running -= 1

    def _give_back(self, acked: dict[TP, list[int]], committed: dict[TP, int | None]) -> None:
        for tp, offsets in acked.items():
            if tp not in self._acked or self._committed_offset.get(tp) != committed.get(tp):
                continue  # revoked meanwhile, or this partition's commit went through
            index = self._acked_index[tp]
            if taken := [offset for offset in offsets if offset not in index]:
                index.update(taken)
                self._acked[tp].extend(taken)
                self._acked[tp].sort()

    async def _add_gap(self, tp: TP, offset_from: int, offset_to: int) -> None:
        if _gaps_expected(self, tp):
            await super()._add_gap(tp, offset_from, offset_to)

    def _due_rewinds(self, held_since: dict[TP, tuple[int, float]],
                     now: float) -> list[tuple[TP, int]]:
        """Partitions whose commit has waited REWIND_AFTER_S on the same missing message
        (tracked in `held_since`), with the offset to re-read them from."""
        if self._commits_running:
            # A commit under way has taken its offsets out of `_acked` but not yet moved
            # `_committed_offset`: until it ends every partition it covers looks held, or
            # dropped at its tail. With the broker down it lasts as long as the outage.
            return []
        due: list[tuple[TP, int]] = []
        for tp in list(self.assignment()):
            offset = self._holds(tp)
            if offset is None:
                offset = self._dropped_tail(tp)
            if offset is None:
                held_since.pop(tp, None)
                continue
            first_offset, since = held_since.setdefault(tp, (offset, now))
            if first_offset != offset:
                held_since[tp] = (offset, now)
            elif now - since >= REWIND_AFTER_S:
                held_since.pop(tp)
                due.append((tp, offset))
        return due

    @Service.task
    async def _rewind_held_partitions(self) -> None:
        held_since: dict[TP, tuple[int, float]] = {}
        while not self.should_stop:
            await self.sleep(1.0)
            for tp, offset in self._due_rewinds(held_since, time.monotonic()):
                read = self._delivered.get(tp, offset)
                # The count is the most this rewind can duplicate (tests add it up).
                self.log.warning("%s: message at offset %s never arrived; re-reading %d "
                                 "records from it", tp, offset, _records_between(offset, read))
                # Until they come again: a partition that stays idle is not re-read twice.
                self._delivered.pop(tp, None)
                self._read_high.pop(tp, None)
                # On the consumer's thread: faust's `seek` from the loop races its fetcher.
                await self.seek_wait({tp: offset})


class App(faust.App):
    # Compacted topics, where offset gaps are normal and may be counted as acknowledged.
    gap_tolerant_topics: frozenset[str] = frozenset()

    def _new_producer(self) -> ProducerT:
        return _IdempotentProducer(self.transport, loop=self.loop, beacon=self.beacon)

    def _new_consumer(self) -> ConsumerT:
        return _NoSkipConsumer(
            self.transport,
            callback=self.topics.on_message,
            on_partitions_revoked=self._on_partitions_revoked,
            on_partitions_assigned=self._on_partitions_assigned,
            beacon=self.beacon,
            loop=self.loop,
        )


def create_app(
    app_id: str,
    bootstrap_servers: str,
    *,
    partitions: int,
    replication_factor: int,
    max_request_bytes: int,
    producer_batch_bytes: int,
    web_enabled: bool,
    web_host: str,
    web_port: int,
    data_dir: str,
    broker_credentials: Any = None,
    gap_tolerant_topics: frozenset[str] = frozenset(),
    processing_guarantee: str = "at_least_once",
    session_timeout_s: float = 60.0,  # faust's own default; the worker passes its setting
) -> App:
    brokers = [f"kafka://{s.strip()}" for s in bootstrap_servers.split(",") if s.strip()]
    app = App(
        app_id,
        broker=brokers,
        broker_credentials=broker_credentials,
        # Agents and modules are registered explicitly by the worker, never discovered.
        autodiscover=False,
        topic_partitions=partitions,
        topic_replication_factor=replication_factor,
        topic_allow_declare=True,
        producer_acks=-1,
        producer_max_request_size=max_request_bytes,
        producer_max_batch_size=producer_batch_bytes,
        consumer_max_fetch_size=max_request_bytes,
        consumer_auto_offset_reset="earliest",
        # Commit often: a commit only ever covers messages whose outputs were acknowledged.
        broker_commit_every=100,
        broker_commit_interval=1.0,
        broker_session_timeout=session_timeout_s,
        web_enabled=web_enabled,
        web_port=web_port,
        web_host=web_host,
        datadir=data_dir,
        table_cleanup_interval=60.0,
        # No standby copies of the tables. With standbys, faust's sticky assignor lets each
        # worker keep up to ceil(partitions / workers) partitions, so a worker that joined
        # later could get none (two workers holding 2 + 2 of 4 left a third idle). Without,
        # it evens them out. A worker that takes a partition over replays that table's
        # changelog instead: compacted and bounded (a day of alerted ids; at most 500 lines
        # per publisher).
        table_standby_replicas=0,
        processing_guarantee=processing_guarantee,
    )
    app.gap_tolerant_topics = gap_tolerant_topics
    return app
