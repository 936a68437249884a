"""`python -m tests.lossy_recovery_worker worker`: a worker whose first table recovery with
changelog records to read loses them on their way from aiokafka to faust, as when a recovery
stalled in two runs of our rebalance test (README, "Delivery guarantee"): aiokafka's position
at the log end, nothing handed on, and the recovery waiting for good. The recovery watch
(`streams.monitoring`) must get it going again."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from typing import Any

from streams.app import _NoSkipConsumer
from streams.cli import main

_fetch = _NoSkipConsumer.getmany
_lossy: list[int] = []  # the consumer generation whose recovery loses its records


async def _lossy_getmany(self: _NoSkipConsumer, timeout: float) -> AsyncIterator[tuple[Any, Any]]:
    async for tp, message in _fetch(self, timeout):
        if self._is_changelog_tp(tp) and self.app.in_recovery:
            generation = self.app.consumer_generation_id
            if not _lossy:
                _lossy.append(generation)
                print(f"lossy: losing the changelog records of generation {generation}",
                      flush=True)
            if _lossy == [generation]:
                continue
        yield tp, message


if __name__ == "__main__":  # not in the enrichment child, which imports this module again
    _NoSkipConsumer.getmany = _lossy_getmany  # type: ignore[method-assign]
    sys.exit(main())
