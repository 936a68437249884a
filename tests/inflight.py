"""The duplicate bound of at-least-once delivery, measured: after a `kill -9`, each hop redoes
exactly the records it had already processed past its committed offset, so a run's duplicates
can never exceed the sum of those windows over its kills."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import orjson
from aiokafka.structs import ConsumerRecord

from streams.agents import H_OFFSET, H_PARTITION


@dataclass(frozen=True, slots=True)
class Kill:
    at_ms: int  # wall clock of the SIGKILL, comparable with record CreateTime timestamps
    committed: dict[tuple[str, int], int]  # the group's offsets, read after the process died


def redo_bound(kills: Sequence[Kill], raw_topic: str, by_source_topic: str,
               cleaned_topic: str, by_source: Sequence[ConsumerRecord],
               cleaned: Sequence[ConsumerRecord], enriched: Sequence[ConsumerRecord]) -> int:
    """Upper bound on the extra records per output topic (one per article redone)."""
    by_source_at = _positions(by_source, lambda rec: orjson.loads(rec.value)["id"])
    cleaned_at = _positions(cleaned, lambda rec: rec.key.decode())
    return sum(
        _routed_uncommitted(k, raw_topic, by_source)
        # `clean` wrote these before dying, from by-source offsets it had not committed.
        + _uncommitted(k, by_source_topic, by_source_at, cleaned)
        # `enrich` published these before dying, from cleaned offsets it had not committed.
        + _uncommitted(k, cleaned_topic, cleaned_at, enriched)
        for k in kills
    )


def _routed_uncommitted(kill: Kill, raw_topic: str, by_source: Sequence[ConsumerRecord]) -> int:
    # `route` wrote these before dying, from raw offsets it had not committed: it re-routes them.
    count = 0
    for rec in by_source:
        if rec.timestamp >= kill.at_ms:
            continue
        headers = dict(rec.headers)
        raw_partition, raw_offset = int(headers[H_PARTITION]), int(headers[H_OFFSET])
        count += raw_offset >= kill.committed.get((raw_topic, raw_partition), 0)
    return count


def _uncommitted(kill: Kill, in_topic: str, positions: dict[str, list[ConsumerRecord]],
                 outputs: Sequence[ConsumerRecord]) -> int:
    """Records of `outputs` (keyed by article id) written before `kill` from a record of
    `in_topic` past the committed offset: the agent between them redoes each."""
    count = 0
    for rec in outputs:
        if rec.timestamp >= kill.at_ms:
            continue
        sources = [s for s in positions[rec.key.decode()] if s.timestamp <= rec.timestamp]
        if not sources:
            continue
        src = sources[-1]
        count += src.offset >= kill.committed.get((in_topic, src.partition), 0)
    return count


def _positions(records: Sequence[ConsumerRecord],
               article_id: Callable[[ConsumerRecord], str]) -> dict[str, list[ConsumerRecord]]:
    positions: dict[str, list[ConsumerRecord]] = defaultdict(list)
    for rec in sorted(records, key=lambda r: r.timestamp):
        positions[article_id(rec)].append(rec)
    return positions
