"""The `newsstream` command line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import orjson

from streams.settings import Settings

EVALUATIONS = ("extraction", "ner", "quotes")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    return int(args.run(settings, args) or 0)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsstream", description=__doc__)
    sub = p.add_subparsers(required=True, metavar="COMMAND")

    c = sub.add_parser("worker", help="run the stream worker (all agents)")
    c.add_argument("--pretty", action="store_true", help="readable console logs (default: JSON)")
    c.set_defaults(run=_worker)

    c = sub.add_parser("demo", help="local Kafka + worker + sample articles, shown as enriched")
    c.add_argument("paths", nargs="*", help="articles to publish (default: the bundled samples)")
    c.set_defaults(run=_demo)

    c = sub.add_parser("kafka", help="the local single-node Kafka")
    c.add_argument("action", choices=("start", "stop", "status"))
    c.set_defaults(run=_kafka)

    c = sub.add_parser("topics", help="topic administration")
    c.add_argument("action", choices=("create",))
    c.set_defaults(run=_topics)

    c = sub.add_parser("produce", help="publish JSONL, .html, .txt files, folders")
    c.add_argument("paths", nargs="+")
    c.set_defaults(run=_produce)

    c = sub.add_parser("tail", help="print records of a topic (e.g. articles.enriched)")
    c.add_argument("topic", help="topic name without the configured prefix")
    c.add_argument("-n", type=int, default=None, help="stop after N records")
    c.add_argument("--from-beginning", action="store_true")
    c.set_defaults(run=_tail)

    c = sub.add_parser("enrich", help="enrich a JSON-lines file offline (no Kafka)")
    c.add_argument("input", help="articles.raw JSON lines, or - for stdin")
    c.add_argument("-o", "--output", default="-", help="output file, or - for stdout")
    c.add_argument("--stages", default=None, help="comma-separated subset of clean,entities,quotes")
    c.set_defaults(run=_enrich)

    c = sub.add_parser("eval", help="evaluation harnesses: " + ", ".join(EVALUATIONS))
    c.add_argument("name", choices=EVALUATIONS)
    c.add_argument("rest", nargs=argparse.REMAINDER)
    c.set_defaults(run=_eval)

    c = sub.add_parser("subscribe", help="add (JSON file, or - for stdin), list or remove "
                                         "subscriptions")
    c.add_argument("action", choices=("add", "list", "remove"))
    c.add_argument("target", nargs="?", default="-", help="add: file; remove: subscription id")
    c.set_defaults(run=_subscribe)

    c = sub.add_parser("match", help="dry run: subscriptions against enriched JSON lines")
    c.add_argument("--subscriptions", required=True, help="JSON or JSON-lines subscriptions")
    c.add_argument("input", help="articles.enriched JSON lines, or - for stdin")
    c.set_defaults(run=_match)

    c = sub.add_parser("ingest", help="poll RSS, Atom and JSON feeds into articles.raw")
    c.add_argument("--feeds", help="feeds file (default: NEWSSTREAM_FEEDS_FILE)")
    c.add_argument("--state", help="state file (default: <state dir>/ingest/state.json)")
    c.add_argument("--once", action="store_true", help="poll every feed once, then exit")
    c.set_defaults(run=_ingest)

    from streams.bench.corpus import DEFAULT_CORPUS  # stdlib and orjson only: cheap

    c = sub.add_parser("bench", help="throughput and latency: floor, stages, pipeline, naive")
    c.add_argument("-n", type=int, default=200, help="articles per contender")
    c.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                   help="folder of .txt news texts (default: %(default)s); else generated")
    c.add_argument("--timeout-s", type=float, default=900.0, help="limit per contender")
    c.add_argument("--rounds", type=int, default=3,
                   help="runs of one worker and of two, alternating (default: %(default)s)")
    c.set_defaults(run=_bench)
    return p


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from streams.logs import configure_logging
    from streams.worker import run_worker

    configure_logging("console" if args.pretty else settings.log_format, settings.log_level)
    run_worker(settings)
    return 0


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from streams.demo import run_demo

    return run_demo(settings, args.paths)


def _kafka(settings: Settings, args: argparse.Namespace) -> int:
    from streams.localkafka.broker import LocalKafka

    kafka = LocalKafka.from_settings(settings)
    if args.action == "start":
        kafka.start()
        print(f"kafka running on {kafka.bootstrap}")
    elif args.action == "stop":
        kafka.stop()
        print("kafka stopped")
    else:
        up, pid = kafka.status()
        print(f"kafka on {kafka.bootstrap}: {'answering' if up else 'not answering'}"
              f"{f', pid {pid}' if pid else ''}")
        return 0 if up else 1
    return 0


def _topics(settings: Settings, _: argparse.Namespace) -> int:
    from streams.admin import create_topics

    created = asyncio.run(create_topics(settings))
    print(f"created {len(created)} topic(s){': ' + ', '.join(created) if created else ''}")
    return 0


def _produce(settings: Settings, args: argparse.Namespace) -> int:
    from streams.inputs import input_files, records
    from streams.kafka_io import send_all
    from streams.topics import RAW

    files = input_files(args.paths)
    show = sys.stderr.isatty()

    def progress(n: int) -> None:
        if show and n % 100 == 0:
            print(f"\rsent {n}", end="", file=sys.stderr, flush=True)

    sent = asyncio.run(send_all(settings, settings.topic(RAW),
                                records(files, settings.max_article_bytes), progress))
    if show:
        print("\r", end="", file=sys.stderr)
    print(f"sent {sent} record(s) from {len(files)} file(s)", file=sys.stderr)
    return 0


def _tail(settings: Settings, args: argparse.Namespace) -> int:
    from streams.kafka_io import consume

    async def run() -> None:
        seen = 0
        async for record in consume(settings, settings.topic(args.topic),
                                    from_beginning=args.from_beginning):
            try:
                value = orjson.loads(record.value)
                line = orjson.dumps(value).decode()
            except orjson.JSONDecodeError:
                line = repr(record.value[:200])
            print(f"{record.partition}:{record.offset} {line}", flush=True)
            seen += 1
            if args.n is not None and seen >= args.n:
                return

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
    return 0


def _enrich(settings: Settings, args: argparse.Namespace) -> int:
    from streams.offline import enrich_lines
    from streams.offload import build_enricher

    stages = (tuple(s.strip() for s in args.stages.split(",") if s.strip())
              if args.stages else settings.stages)
    with contextlib.ExitStack() as stack:
        src = sys.stdin.buffer if args.input == "-" else stack.enter_context(open(args.input, "rb"))
        dst = (sys.stdout.buffer if args.output == "-"
               else stack.enter_context(open(args.output, "wb")))
        # Per-publisher boilerplate is learned in a plain dict, in input order.
        enricher = build_enricher(replace(settings, stages=stages), {}, None)
        good, bad = enrich_lines(src, dst, enricher, batch_size=settings.batch_size)
    print(f"enriched {good}, dead-lettered {bad}", file=sys.stderr)
    return 0


def _eval(_: Settings, args: argparse.Namespace) -> int:
    module = importlib.import_module(f"streams.eval.{args.name}")
    return int(module.main(args.rest))


def _bench(settings: Settings, args: argparse.Namespace) -> int:
    from streams.bench.report import run_bench

    return run_bench(settings, args.n, args.corpus, args.timeout_s, args.rounds)


def _subscribe(settings: Settings, args: argparse.Namespace) -> int:
    from streams.subscribe import subscribe

    return subscribe(settings, args)


def _match(settings: Settings, args: argparse.Namespace) -> int:
    from streams.subscribe import match

    return match(settings, args)


def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    from streams.ingest.command import main

    return main(settings, args)
