"""The consumer-lag sampler: records past the committed offset, up to the log's end as the broker
reports it, else as the consumer last saw it; a partition revoked between listing and asking is
skipped, as an error in a faust timer crashes the whole worker (seen in a rebalance test)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from faust.types import TP

from streams.metrics import CONSUMER_LAG
from streams.monitoring import Progress, fetched_not_restored, recovery_state, sample_lag


class _Consumer:
    """Holds three partitions and lists a fourth, revoked meanwhile (aiokafka asserts on it);
    raw/1 has no commit yet. Asking for a position would fail the test."""

    in_transaction = False

    def __init__(self) -> None:
        self.held = {TP("lagtest.cleaned", 0), TP("lagtest.raw", 0), TP("lagtest.raw", 1)}
        self.revoked = TP("lagtest.cleaned", 1)

    def assignment(self) -> set[TP]:
        return self.held | {self.revoked}

    def highwater(self, tp: TP) -> int:
        assert tp in self.held, "Partition is not assigned"
        return 100

    def committed_offset(self, tp: TP) -> int | None:
        return {TP("lagtest.cleaned", 0): 40, TP("lagtest.raw", 0): 100}.get(tp)


def test_lag_is_the_records_past_the_commit_and_revoked_partitions_are_skipped() -> None:
    assert sample_lag(_Consumer(), {}) == {TP("lagtest.cleaned", 0): 40}  # what is behind
    assert CONSUMER_LAG.labels("lagtest.cleaned", "0")._value.get() == 60
    assert CONSUMER_LAG.labels("lagtest.raw", "0")._value.get() == 0
    sampled = {(s.labels["topic"], s.labels["partition"])
               for metric in CONSUMER_LAG.collect() for s in metric.samples}
    assert not sampled & {("lagtest.raw", "1"), ("lagtest.cleaned", "1")}


def test_the_log_end_reported_by_the_broker_counts_over_what_the_consumer_last_fetched() -> None:
    # The consumer saw raw/0 up to 100, its commit; the broker has 30 more it never fetched.
    raw = TP("lagtest.raw", 0)
    assert sample_lag(_Consumer(), {raw: 130}) == {TP("lagtest.cleaned", 0): 40, raw: 100}
    assert CONSUMER_LAG.labels("lagtest.raw", "0")._value.get() == 30


def test_in_exactly_once_mode_the_commit_marker_after_the_last_record_is_no_lag() -> None:
    consumer = _Consumer()
    consumer.in_transaction = True
    raw = TP("lagtest.raw", 0)
    assert sample_lag(consumer, {raw: 101}) == {TP("lagtest.cleaned", 0): 40}
    assert sample_lag(consumer, {raw: 102}) == {TP("lagtest.cleaned", 0): 40, raw: 100}


def test_a_partition_behind_whose_commit_does_not_move_is_stalled_once_until_it_moves() -> None:
    raw, cleaned = TP("raw", 0), TP("cleaned", 0)
    progress = Progress(after_s=60)
    assert progress.update({raw: 10, cleaned: 5}, now=0) == []
    assert progress.update({raw: 10, cleaned: 9}, now=59) == []  # cleaned commits on
    assert progress.update({raw: 10, cleaned: 9}, now=60) == [raw]
    assert progress.update({raw: 10, cleaned: 9}, now=65) == [] and progress.stalled == [raw]
    assert progress.update({raw: 10, cleaned: 9}, now=119) == [cleaned]
    assert progress.stalled == [cleaned, raw]
    assert progress.update({cleaned: 9}, now=120) == [] and progress.stalled == [cleaned]
    assert progress.update({cleaned: 12}, now=121) == [] and progress.stalled == []
    assert progress.update({raw: 10}, now=200) == []  # behind again: a new wait


def test_a_stall_in_recovery_names_the_changelog_partitions_it_waits_on() -> None:
    waiting, done = TP("t-changelog", 0), TP("t-changelog", 1)
    asked: list[set[TP]] = []

    def fetch_state(tps: dict[TP, int]) -> dict[TP, object]:
        asked.append(set(tps))
        return {waiting: {"position": 0}}

    app = _app_in_recovery(lambda: Counter({waiting: 99, done: 0}), fetch_state)
    assert recovery_state(app) == {"recovery_left": {"t-changelog/0": 99},
                                   "changelog_fetch": {"t-changelog/0": {"position": 0}},
                                   "fetch_loop": [], "recovery_tasks": []}
    assert asked == [{waiting}]
    app.in_recovery = False  # a stall outside recovery: nothing to add
    assert recovery_state(app) == {}


async def test_a_stall_in_recovery_shows_where_the_fetch_loop_waits() -> None:
    handed_on = asyncio.Event()

    async def hand_on() -> None:  # stands for a hand-off to a stream whose buffer is full
        await handed_on.wait()

    async def drain_messages() -> None:
        await hand_on()

    loop_task = asyncio.create_task(drain_messages())
    finished = asyncio.create_task(asyncio.sleep(0))
    await asyncio.sleep(0.01)
    app = _app_in_recovery(Counter, dict, fetcher_tasks={loop_task, finished})
    try:
        [stack] = recovery_state(app)["fetch_loop"]  # the finished task is left out
        assert "drain_messages" in stack and "hand_on" in stack
    finally:
        handed_on.set()
        await loop_task


def test_a_recovery_is_stuck_on_partitions_fetched_up_to_the_end_it_waits_for() -> None:
    # The recovery waits up to each highwater (the offset of the last record); aiokafka's
    # position is the next offset it fetches.
    lost, last_one_coming, unplaced, done = (TP("t-changelog", i) for i in range(4))
    positions = {lost: 100, last_one_coming: 99, unplaced: None}
    app = _app_in_recovery(
        lambda: Counter({lost: 99, last_one_coming: 40, unplaced: 10, done: 0}),
        lambda tps: {tp: {"position": positions[tp]} for tp in tps},
        active_highwaters={lost: 99, last_one_coming: 99, unplaced: 9, done: 5})
    assert fetched_not_restored(app) == {lost: 99}
    app.in_recovery = False
    assert fetched_not_restored(app) == {}


def test_internals_that_cannot_be_read_leave_an_error_in_the_log_not_a_crash() -> None:
    # An error in a faust timer kills the worker: the stall log carries it instead.
    def unreadable() -> Counter[TP]:
        raise AttributeError("_subscription")

    app = _app_in_recovery(unreadable, dict)
    assert recovery_state(app) == {"recovery_state_error": "AttributeError('_subscription')"}


def _app_in_recovery(active_remaining: Callable[[], Counter[TP]],
                     fetch_state: Callable[..., Any],
                     fetcher_tasks: Iterable[asyncio.Task[Any]] = (),
                     active_highwaters: dict[TP, int] | None = None) -> SimpleNamespace:
    """The parts of a faust app that `recovery_state` and `fetched_not_restored` read, in a
    recovery."""
    recovery = SimpleNamespace(active_remaining=active_remaining, _futures=set(),
                               active_highwaters=active_highwaters or {})
    return SimpleNamespace(in_recovery=True, tables=SimpleNamespace(recovery=recovery),
                           consumer=SimpleNamespace(fetch_state=fetch_state),
                           _fetcher=SimpleNamespace(_futures=set(fetcher_tasks)))
