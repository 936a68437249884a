"""Publishing with acknowledgement: a batch's outputs are on the broker before its offsets
may be committed. Retries are bounded only by shutdown: giving up would mean either losing
records or committing past them."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import faust
import structlog

log = structlog.get_logger(__name__)

MAX_BACKOFF_S = 30.0


@dataclass(frozen=True, slots=True)
class Outgoing:
    topic: faust.TopicT
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()


async def deliver(records: Sequence[Outgoing]) -> None:
    """Send all records and wait for the broker's acks; re-send what failed, with backoff."""
    pending = list(records)
    backoff = 0.5
    while pending:
        results = await asyncio.gather(*(_send(r) for r in pending), return_exceptions=True)
        failed = [r for r, res in zip(pending, results, strict=True) if isinstance(res, Exception)]
        if failed:
            errors = {type(res).__name__ for res in results if isinstance(res, Exception)}
            log.warning("publish failed, retrying", failed=len(failed), errors=sorted(errors),
                        backoff_s=backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_S)
        pending = failed


async def _send(record: Outgoing) -> None:
    # force=True: publish now rather than attach to the current event, so we can await the ack.
    fut = await record.topic.send(
        key=record.key, value=record.value, headers=list(record.headers), force=True
    )
    await fut
