"""`newsstream enrich`: the worker's pipeline over a JSON-lines file, no Kafka.

Output has one line per input line, in input order: the enriched record, or a DLQ-shaped
record for a bad line. Per-publisher boilerplate is learned in memory, in input order, the
same way the worker learns it from the stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import IO

from streams.enrich.process import Enricher, RawMessage
from streams.enrich.records import encode


def enrich_lines(
    lines: IO[bytes], out: IO[bytes], enricher: Enricher, *, batch_size: int = 16
) -> tuple[int, int]:
    """Returns (enriched, dead-lettered) counts."""
    good = bad = 0
    for batch in _batches(_messages(lines), batch_size):
        for outcome in enricher.process(batch):
            record = outcome.enriched if outcome.enriched is not None else outcome.dead_letter
            assert record is not None
            good += outcome.enriched is not None
            bad += outcome.dead_letter is not None
            out.write(encode(record) + b"\n")
    return good, bad


def _messages(lines: IO[bytes]) -> Iterator[RawMessage]:
    for number, line in enumerate(lines, start=1):
        # Blank lines too get an output line (a DLQ record), keeping output aligned with input.
        # `offset` is the 1-based input line number, so a DLQ line points at its source.
        yield RawMessage(key=None, value=line.rstrip(b"\r\n"), offset=number)


def _batches(messages: Iterator[RawMessage], size: int) -> Iterator[list[RawMessage]]:
    while batch := list(islice(messages, size)):
        yield batch
