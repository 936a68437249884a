"""The consumer-lag sampler: a partition revoked between listing and asking is skipped, as an
error in a faust timer crashes the whole worker (seen in a rebalance test)."""

from __future__ import annotations

from aiokafka.errors import IllegalStateError
from faust.types import TP

from streams.metrics import CONSUMER_LAG
from streams.monitoring import sample_lag


class _Consumer:
    def __init__(self) -> None:
        self.held = [TP("lagtest.cleaned", 0), TP("lagtest.cleaned", 1), TP("lagtest.raw", 0)]
        self.revoked = {TP("lagtest.cleaned", 1)}

    def assignment(self) -> list[TP]:
        return self.held

    async def position(self, tp: TP) -> int:
        if tp in self.revoked:
            raise IllegalStateError(f"Partition {tp} is not assigned")
        return 40

    def highwater(self, tp: TP) -> int:
        return 100


async def test_lag_is_set_for_held_partitions_and_a_revoked_one_is_skipped() -> None:
    await sample_lag(_Consumer())
    assert CONSUMER_LAG.labels("lagtest.cleaned", "0")._value.get() == 60
    assert CONSUMER_LAG.labels("lagtest.raw", "0")._value.get() == 60
