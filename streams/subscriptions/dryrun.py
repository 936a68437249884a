"""`newsstream match`: subscriptions run against enriched records offline, so a rule can be
tried before it is registered. Same parser and matcher as the worker; no Kafka."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

import orjson

from streams.enrich.records import encode, now_rfc3339
from streams.subscriptions.index import SubscriptionIndex
from streams.subscriptions.rules import InvalidSubscription, Subscription, parse_subscription


def read_subscriptions(data: bytes) -> Iterator[Subscription | InvalidSubscription]:
    """Subscriptions from a JSON array, one JSON object, or JSON lines; a rejected one is
    yielded as its InvalidSubscription, so the caller can report every reason at once."""
    stripped = data.strip()
    if stripped.startswith(b"["):
        try:
            values = [encode(obj) for obj in orjson.loads(stripped)]
        except orjson.JSONDecodeError as exc:
            yield InvalidSubscription("not_json", str(exc))
            return
    else:
        values = [line for line in stripped.splitlines() if line.strip()]
        if len(values) > 1 and stripped.startswith(b"{") and not _is_json(values[0]):
            values = [stripped]  # one pretty-printed object
    for value in values:
        try:
            yield parse_subscription(None, value)
        except InvalidSubscription as exc:
            yield exc


def match_lines(
    index: SubscriptionIndex, lines: Iterable[bytes], out: IO[bytes]
) -> tuple[int, int, int]:
    """Alerts for each enriched record, as JSON lines; returns (records, alerts, unreadable)."""
    records = alerts = bad = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            record: Any = orjson.loads(line)
            found = index.match(record, now_rfc3339())
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
            bad += 1
            continue
        records += 1
        for alert in found:
            out.write(alert.value + b"\n")
            alerts += 1
    return records, alerts, bad


def _is_json(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True
