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


def test_cleaning_time_counts_as_text_on_the_own_partitions_at_the_model_rate() -> None:
    spread = Spread()
    spread.resize(4)
    spread.observe("entities", 0.5, 10)
    spread.observe("quotes", 0.5, 10)
    spread.enriched(10_000)  # the model stages: 10,000 characters a second
    spread.observe("clean", 0.2, 10)
    spread.bill_cleaning({0, 1, 7})  # 7: not a partition of articles.cleaned
    # 2,000 characters' worth, halved over partitions 0 and 1: 1,500-character documents
    # go to 2 and 3 first, then to 0 and 1 before 2 and 3 take a second one.
    assert [spread.partition(1_500) for _ in range(6)] == [2, 3, 0, 1, 2, 3]
    spread.bill_cleaning({0, 1})  # billed once: nothing new since
    assert [spread.partition(1_000) for _ in range(4)] == [0, 1, 2, 3]


def test_cleaning_is_not_billed_before_the_model_rate_is_known() -> None:
    spread = Spread()
    spread.resize(2)
    spread.observe("clean", 5.0, 10)
    spread.bill_cleaning({0})
    spread.observe("quotes", 1.0, 1)
    spread.enriched(100)
    spread.bill_cleaning({0})  # the earlier cleaning was dropped, not carried over
    assert [spread.partition(10) for _ in range(2)] == [0, 1]
