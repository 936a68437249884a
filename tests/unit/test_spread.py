"""Spread: each cleaned document goes to the partition with the least text so far."""

from __future__ import annotations

from streams.spread import Spread


def test_each_document_goes_where_the_least_text_went_so_far() -> None:
    spread = Spread()
    spread.resize(3)
    assert [spread.partition(n) for n in (500, 100, 100, 100, 300, 50)] == [0, 1, 2, 1, 2, 1]


def test_loads_never_drift_further_apart_than_the_longest_document() -> None:
    spread = Spread()
    spread.resize(4)
    loads = [0] * 4
    for n in [700, 1200, 300, 5000, 800, 2500, 450, 900] * 25:
        p = spread.partition(n)
        assert p is not None
        loads[p] += n
    assert max(loads) - min(loads) <= 5000  # never more apart than the longest document


def test_without_partitions_the_key_decides_and_a_new_count_starts_afresh() -> None:
    spread = Spread()
    assert spread.partition(100) is None
    spread.resize(2)
    assert spread.partition(100) == 0
    spread.resize(None)
    assert spread.partition(100) is None
    spread.resize(2)
    assert [spread.partition(10), spread.partition(10)] == [0, 1]
