"""The duplicate bound of at-least-once delivery, measured: after a `kill -9`, each hop redoes
exactly the records it had already processed past its committed offset, so a run's duplicates
can never exceed the sum of those windows over its kills."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import orjson
from aiokafka.structs import ConsumerRecord

from streams.agents import H_OFFSET, H_PARTITION


@dataclass(frozen=True, slots=True)
class Kill:
    at_ms: int  # wall clock of the SIGKILL, comparable with record CreateTime timestamps
    committed: dict[tuple[str, int], int]  # the group's offsets, read after the process died


def redo_bound(kills: Sequence[Kill], raw_topic: str, by_source_topic: str,
               by_source: Sequence[ConsumerRecord], enriched: Sequence[ConsumerRecord]) -> int:
    """Upper bound on the extra records per output topic (one per article redone)."""
    positions = _by_source_positions(by_source)
    return sum(
        _routed_uncommitted(k, raw_topic, by_source)
        + _enriched_uncommitted(k, by_source_topic, positions, enriched)
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


def _enriched_uncommitted(kill: Kill, by_source_topic: str,
                          positions: dict[str, list[ConsumerRecord]],
                          enriched: Sequence[ConsumerRecord]) -> int:
    # `enrich` published these before dying, from by-source offsets it had not committed.
    count = 0
    for rec in enriched:
        if rec.timestamp >= kill.at_ms:
            continue
        sources = [s for s in positions[rec.key.decode()] if s.timestamp <= rec.timestamp]
        if not sources:
            continue
        src = sources[-1]
        count += src.offset >= kill.committed.get((by_source_topic, src.partition), 0)
    return count


def _by_source_positions(by_source: Sequence[ConsumerRecord]) -> dict[str, list[ConsumerRecord]]:
    positions: dict[str, list[ConsumerRecord]] = defaultdict(list)
    for rec in sorted(by_source, key=lambda r: r.timestamp):
        positions[orjson.loads(rec.value)["id"]].append(rec)
    return positions
