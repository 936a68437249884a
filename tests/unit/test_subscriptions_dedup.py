"""The `alerted` table's entries: an article matched again within the window does not alert
again, and older entries count as absent and are swept."""

from __future__ import annotations

from streams.subscriptions.dedup import WINDOW_S, already_alerted, entry, expired_keys

T0 = 1_800_000_000.0


def test_within_the_window_the_alerted_subscriptions_are_remembered() -> None:
    value = entry({"b", "a"}, T0)
    assert value == [T0, ["a", "b"]]
    assert already_alerted(value, T0) == {"a", "b"}
    assert already_alerted(value, T0 + WINDOW_S - 1) == {"a", "b"}


def test_after_the_window_or_without_an_entry_nothing_is() -> None:
    assert already_alerted(entry({"a"}, T0), T0 + WINDOW_S) == set()
    assert already_alerted(None, T0) == set()
    # Written before entries had a time: its age is unknown, so it counts as expired.
    assert already_alerted(["a", "b"], T0) == set()


def test_sweep_picks_only_expired_entries() -> None:
    items = [(b"old", entry({"a"}, T0 - WINDOW_S)), (b"new", entry({"a"}, T0 - 60)),
             (b"legacy", ["a"])]
    assert expired_keys(items, T0) == [b"old", b"legacy"]
