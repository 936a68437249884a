"""Matching cost per article at 100 and at 100,000 subscriptions, measured side by side.

    python -m streams.subscriptions.bench ENRICHED.jsonl [--large 100000] [--small 100]

ENRICHED.jsonl holds `articles.enriched` records (e.g. from `newsstream enrich`). Rules are
generated from a seeded mix of shapes; a term takes either a value seen in the articles
(entity, speaker, 2-3 word phrase, source) or a made-up one that never matches. Two scenarios,
each printing build time, memory and the per-article cost (median, p99) of both sizes,
interleaved article by article so that load from other processes hits both alike:

1. Grown set: a share `--seen` of the terms (default 5%) are real at both sizes, so an article
   matches about 1,000 times more subscriptions at 100,000 than at 100; the alerts it raises
   (each built and encoded) grow with them.
2. Same matches: the small set's terms are all real, and the large set adds subscriptions
   that never match. The alerts are the same at both sizes: this isolates what the size of
   the index costs.

The cost is what the `alert` agent spends per article on matching: `SubscriptionIndex.match`,
which returns the encoded alerts it would publish. Left out: decoding the enriched record and
the dedup table lookup (the same at any subscription count), and Kafka. The garbage collector
stays on, as in a worker.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

import orjson

from streams.enrich.records import now_rfc3339
from streams.subscriptions.index import SubscriptionIndex
from streams.subscriptions.rules import ID_CHARS, subscription_from_dict

PASSES = 5


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m streams.subscriptions.bench")
    p.add_argument("enriched", type=Path)
    p.add_argument("--large", type=int, default=100_000)
    p.add_argument("--small", type=int, default=100)
    p.add_argument("--seen", type=float, default=0.05,
                   help="share of terms whose value occurs in the articles (default 0.05)")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    records = [orjson.loads(line) for line in args.enriched.read_bytes().splitlines() if line]
    print(f"{len(records)} articles x {PASSES} passes; mean text length "
          f"{statistics.mean(len(r['text']) for r in records):.0f} chars")
    rng = random.Random(args.seed)
    rules = generate(records, args.large, rng, args.seen)
    print(f"\n1. Grown set: {args.seen:.0%} of the terms occur in the articles at both sizes, so "
          "the alerts per article grow with the subscriptions.")
    _compare(records, {args.small: rules[:args.small], args.large: rules})
    # The same subscriptions match at both sizes: what the size of the index alone costs.
    live = generate(records, args.small, rng, 1.0, prefix="live")
    idle = generate(records, args.large - args.small, rng, 0.0, prefix="idle")
    print(f"\n2. Same matches: {args.small} subscriptions whose terms all occur in the "
          f"articles, alone and among {args.large - args.small:,} that never match.")
    _compare(records, {args.small: live, args.large: live + idle})
    return 0


def _compare(records: list[dict[str, Any]], sets: dict[int, list[dict[str, Any]]]) -> None:
    """Print build time, memory and per-article cost of each set, measured interleaved
    article by article so that load from other processes hits all alike."""
    built = {size: build(rules) for size, rules in sets.items()}
    # Per article and size, one cost per pass: the machine is shared, so the per-article best
    # of the passes is reported too (scheduler noise removed, the article's own cost kept).
    costs: dict[int, list[list[float]]] = {size: [[] for _ in records] for size in sets}
    alerts = dict.fromkeys(sets, 0)
    for index, _ in built.values():
        for record in records:  # warm-up
            index.match(record, now_rfc3339())
    gc.collect()
    for _ in range(PASSES):
        for i, record in enumerate(records):
            for size, (index, _) in built.items():
                start = time.perf_counter_ns()
                found = index.match(record, now_rfc3339())
                costs[size][i].append((time.perf_counter_ns() - start) / 1e6)
                alerts[size] += len(found)
    n = len(records) * PASSES
    print(f"{'subscriptions':>13} {'build s':>7} {'RSS MB':>6} | all runs: {'median':>6} "
          f"{'p99':>6} {'max':>6} | best of {PASSES}: {'median':>6} {'p99':>6} {'max':>6} "
          f"| alerts/article   (ms per article)")
    summary = {}
    for size, (_, info) in built.items():
        runs = sorted(c for per_article in costs[size] for c in per_article)
        best = sorted(min(per_article) for per_article in costs[size])
        summary[size] = (statistics.median(runs), _p99(runs), statistics.median(best), _p99(best))
        print(f"{size:>13} {info['build_s']:>7.2f} {info['rss_mb']:>6.0f} | "
              f"{'':>10}{summary[size][0]:>6.3f} {summary[size][1]:>6.3f} {runs[-1]:>6.3f} | "
              f"{'':>10}{summary[size][2]:>6.3f} {summary[size][3]:>6.3f} {best[-1]:>6.3f} | "
              f"{alerts[size] / n:>14.2f}")
    small, large = (summary[size] for size in sorted(sets))
    ratios = [lg / sm for lg, sm in zip(large, small, strict=True)]
    print("large/small: all runs median {:.2f}x p99 {:.2f}x; best-of median {:.2f}x p99 {:.2f}x"
          .format(*ratios))


def build(rules: list[dict[str, Any]]) -> tuple[SubscriptionIndex, dict[str, float]]:
    gc.collect()
    rss = _rss_mb()
    start = time.perf_counter()
    index = SubscriptionIndex()
    for rule in rules:
        index.put(subscription_from_dict(rule))
    index.match({"id": "x", "text": "", "enriched_at": "t"}, "t")  # builds the phrase scanner
    return index, {"build_s": time.perf_counter() - start, "rss_mb": _rss_mb() - rss}


def generate(
    records: list[dict[str, Any]], count: int, rng: random.Random, seen: float,
    prefix: str = "s",
) -> list[dict]:
    # Extraction noise can yield names longer than a subscription accepts: leave those out.
    entities = sorted({(e["name"], e["type"]) for r in records for e in r["entities"]
                       if len(e["name"]) <= ID_CHARS})
    speakers = sorted({q["speaker"] for r in records for q in r["quotes"]
                       if q["speaker"] and len(q["speaker"]) <= ID_CHARS})
    sources = sorted({r["source"] for r in records if r["source"]})
    words = [r["text"].split() for r in records]

    def real_or_fake(real: list, fake: Any) -> Any:
        return rng.choice(real) if real and rng.random() < seen else fake

    def fake_word() -> str:
        return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4))

    def entity() -> dict:
        name, etype = real_or_fake(entities, (fake_word().title(), "PERSON"))
        term: dict[str, Any] = {"name": name}
        if rng.random() < 0.5:
            term["type"] = etype
        if rng.random() < 0.5:
            term["min_salience"] = round(rng.uniform(0, 0.5), 2)
        return {"entity": term}

    def phrase() -> dict:
        if rng.random() < seen:
            # What people watch for ("ceasefire deal"), not "of the": long words at both ends.
            text = rng.choice(words)
            for _ in range(20):
                at = rng.randrange(max(len(text) - 3, 1))
                ngram = text[at:at + rng.randint(2, 3)]
                if ngram and all(len(w) >= 5 and w.isalpha() for w in (ngram[0], ngram[-1])):
                    return {"phrase": " ".join(ngram)}
        return {"phrase": f"{fake_word()} {fake_word()}"}

    def speaker() -> dict:
        return {"speaker": {"name": real_or_fake(speakers, fake_word().title())}}

    def source() -> dict:
        return {"source": real_or_fake(sources, f"{fake_word()}.example")}

    shapes = [
        (35, lambda: {"all": [entity()]}),
        (15, lambda: {"all": [speaker()]}),
        (25, lambda: {"any": [phrase() for _ in range(rng.randint(1, 3))]}),
        (15, lambda: {"all": [entity(), source()]}),
        (10, lambda: {"all": [phrase()], "none": [{"language": "de"}, phrase()]}),
    ]
    makers = [make for weight, make in shapes for _ in range(weight)]
    return [{"id": f"{prefix}{i}", "subscriber": f"team{i % 1000}", "rule": rng.choice(makers)()}
            for i in range(count)]


def _p99(sorted_costs: list[float]) -> float:
    return sorted_costs[min(len(sorted_costs) - 1, int(len(sorted_costs) * 0.99))]


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


if __name__ == "__main__":
    raise SystemExit(main())
