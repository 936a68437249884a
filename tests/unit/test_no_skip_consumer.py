"""The consumer's commit guard, on its bookkeeping alone (no broker)."""

from types import SimpleNamespace

from faust.types import TP

from streams.app import _NoSkipConsumer

PLAIN, COMPACTED = TP("articles.raw", 0), TP("subscriptions", 0)


def _consumer(committed: int | None, acked: list[int]) -> SimpleNamespace:
    return SimpleNamespace(
        app=SimpleNamespace(gap_tolerant_topics=frozenset({"subscriptions"})),
        _committed_offset={PLAIN: committed, COMPACTED: committed},
        _acked={PLAIN: acked, COMPACTED: acked},
    )


def test_commit_is_held_while_the_message_at_the_committed_offset_is_missing() -> None:
    # faust's own check (min(acked) - committed > 1) would commit past offset 508 here.
    assert _NoSkipConsumer._holds(_consumer(508, [509, 510]), PLAIN) == 508
    assert _NoSkipConsumer._holds(_consumer(0, [3]), PLAIN) == 0


def test_no_hold_when_contiguous_or_nothing_acked_or_on_compacted_topics() -> None:
    assert _NoSkipConsumer._holds(_consumer(508, [508, 509]), PLAIN) is None
    assert _NoSkipConsumer._holds(_consumer(508, []), PLAIN) is None
    assert _NoSkipConsumer._holds(_consumer(None, [5]), PLAIN) is None
    assert _NoSkipConsumer._holds(_consumer(508, [600]), COMPACTED) is None
