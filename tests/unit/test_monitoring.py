"""The consumer-lag sampler: a partition revoked between listing and asking is skipped, as an
error in a faust timer crashes the whole worker (seen in a rebalance test)."""

from __future__ import annotations

from aiokafka.errors import IllegalStateError
from faust.types import TP

from streams.metrics import CONSUMER_LAG
from streams.monitoring import sample_lag


class _Consumer:
    """Holds three partitions: cleaned/1 is revoked before the sampler asks for its position,
    raw/1 while it waits for it. aiokafka raises on the first and asserts on the second."""

    def __init__(self) -> None:
        self.held = {TP("lagtest.cleaned", 0), TP("lagtest.raw", 0), TP("lagtest.raw", 1)}
        self.revoked = {TP("lagtest.cleaned", 1)}

    def assignment(self) -> set[TP]:
        return self.held | self.revoked

    async def position(self, tp: TP) -> int:
        if tp in self.revoked:
            raise IllegalStateError(f"Partition {tp} is not assigned")
        if tp == TP("lagtest.raw", 1):
            self.held.discard(tp)
        return 40

    def highwater(self, tp: TP) -> int:
        assert tp in self.held, "Partition is not assigned"
        return 100


async def test_lag_is_set_for_held_partitions_and_revoked_ones_are_skipped() -> None:
    await sample_lag(_Consumer())
    assert CONSUMER_LAG.labels("lagtest.cleaned", "0")._value.get() == 60
    assert CONSUMER_LAG.labels("lagtest.raw", "0")._value.get() == 60
