"""`newsstream subscribe add|list|remove` and `newsstream match`: the command-line side of
subscriptions. `add` validates locally first, so a bad rule is refused before it is sent."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path

from streams.enrich.records import encode
from streams.kafka_io import consume, send_all
from streams.settings import Settings
from streams.subscriptions import InvalidSubscription, Subscription, SubscriptionIndex
from streams.subscriptions.dryrun import match_lines, read_subscriptions
from streams.topics import SUBSCRIPTIONS

LIST_IDLE_S = 3.0  # `list` stops after this long without a record: the topic's end


def subscribe(settings: Settings, args: argparse.Namespace) -> int:
    topic = settings.topic(SUBSCRIPTIONS)
    if args.action == "add":
        subs = _load(args.target)
        if subs is None:
            return 1
        records = [(s.id.encode(), encode(s.wire)) for s in subs]
        sent = asyncio.run(send_all(settings, topic, records))
        print(f"added {sent} subscription(s)", file=sys.stderr)
    elif args.action == "remove":
        # A tombstone: compaction drops the subscription, every worker removes it at once.
        asyncio.run(send_all(settings, topic, [(args.target.encode(), None)]))  # type: ignore[list-item]
        print(f"removed {args.target}", file=sys.stderr)
    else:
        for value in asyncio.run(_current(settings, topic)).values():
            print(value.decode(errors="replace"))
    return 0


def match(_: Settings, args: argparse.Namespace) -> int:
    subs = _load(args.subscriptions)
    if subs is None:
        return 1
    index = SubscriptionIndex()
    for sub in subs:
        index.put(sub)
    with contextlib.ExitStack() as stack:
        src = sys.stdin.buffer if args.input == "-" else stack.enter_context(open(args.input, "rb"))
        records, alerts, bad = match_lines(index, src, sys.stdout.buffer)
    print(f"{len(index)} subscription(s), {records} record(s), {alerts} alert(s)"
          f"{f', {bad} unreadable line(s) skipped' if bad else ''}", file=sys.stderr)
    return 0


def _load(name: str) -> list[Subscription] | None:
    """Every subscription in a file (or - for stdin), or None after printing why each bad one
    is refused."""
    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    parsed = list(read_subscriptions(data))
    bad = [p for p in parsed if isinstance(p, InvalidSubscription)]
    for i, exc in enumerate(bad):
        print(f"{name}: invalid subscription #{i + 1} ({exc.kind}): {exc}", file=sys.stderr)
    return None if bad else [p for p in parsed if isinstance(p, Subscription)]


async def _current(settings: Settings, topic: str) -> dict[bytes, bytes]:
    """The live subscriptions: the last value per key, without the deleted ones."""
    live: dict[bytes, bytes] = {}
    async for record in consume(settings, topic, from_beginning=True, idle_timeout_s=LIST_IDLE_S):
        if record.value is None:
            live.pop(record.key, None)
        else:
            live[record.key] = record.value
    return live
