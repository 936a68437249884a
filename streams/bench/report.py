"""`newsstream bench`: floor, stages alone, pipeline (one and two workers) and the naive
baseline on the same articles, one after another in one run, printed side by side."""

from __future__ import annotations

import asyncio
import resource
import statistics
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from streams.bench.corpus import Corpus, load_corpus
from streams.bench.runs import Fleet, cpu_s, latencies, throughput
from streams.bench.stages import run_stages
from streams.settings import Settings

LATENCY_RUN_S = 20.0  # how long the steady half load lasts
# Articles through a passthrough before anything is measured: a broker fresh from its start
# took about twice the CPU per round for its first minutes, which only the first contenders met.
BROKER_WARMUP = 10_000


@dataclass
class Row:
    name: str
    articles_per_s: float
    complete: bool = True
    p50_s: float | None = None
    p99_s: float | None = None
    rss_mb: list[float] | None = None
    stall_s: float | None = None
    busiest_share: float | None = None  # of the words, for a group of workers
    # CPU seconds while the articles went through: worker processes, their children, broker
    cpu_s: tuple[float, float, float | None] | None = None


def run_bench(settings: Settings, n: int, corpus_dir: Path, timeout_s: float,
              rounds: int) -> int:
    """`rounds` times one worker and two, in fresh fleets, alternating which goes first: on
    a shared machine one pair's ratio moves with whatever else runs, so the median counts."""
    broker_pid = None  # known for the local broker only
    if not settings.external_broker:
        from streams.localkafka.broker import LocalKafka

        local = LocalKafka.from_settings(settings)
        local.start()
        broker_pid = local.status()[1]
    corpus = load_corpus(corpus_dir)
    with tempfile.TemporaryDirectory(prefix="newsstream-bench-") as tmp:
        rows = asyncio.run(_run_all(settings, corpus, n, timeout_s, Path(tmp), broker_pid,
                                    rounds))
    _print(settings, corpus, n, rows, rounds)
    return 0


async def _run_all(settings: Settings, corpus: Corpus, n: int, timeout_s: float,
                   workdir: Path, broker_pid: int | None, rounds: int) -> dict[str, Row]:
    articles = corpus.articles(n, "bench")
    rows: dict[str, Row] = {}
    stages = run_stages(settings, articles)
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows["stages"] = Row("stages alone (no Kafka)", n / stages.seconds, rss_mb=[rss_self])
    rows["stages"].name += " [" + ", ".join(f"{k} {v:.1f}s" for k, v in
                                            stages.per_stage_s.items()) + "]"

    async def contender(key: str, name: str, module: str, count: int, web: bool = False,
                        half_load: bool = False, env: dict[str, str] | None = None,
                        publisher: str | None = None,
                        feed: Sequence[tuple[bytes, bytes]] = articles) -> None:
        fleet = Fleet(settings, key, module, count, workdir, web=web, env=env)
        await fleet.prepare()
        fleet.start()
        try:
            if not await fleet.ready(corpus.articles(1, "warmup"), timeout_s):
                rows[key] = Row(name, 0.0, complete=False)
                return
            if publisher:
                feed = corpus.articles(n, "bench", publisher)
            workers, children = fleet.cpu_s()
            broker = cpu_s(broker_pid) if broker_pid else 0.0
            result = await throughput(fleet, feed, timeout_s)
            row = Row(name, result.articles_per_s, result.complete)
            workers_now, children_now = fleet.cpu_s()
            row.cpu_s = (workers_now - workers, children_now - children,
                         cpu_s(broker_pid) - broker if broker_pid else None)
            if count > 1:
                row.busiest_share = await fleet.busiest_share(
                    feed, corpus.word_counts(n), timeout_s)
            if half_load and result.articles_per_s > 0:
                rate = result.articles_per_s / 2
                m = max(20, min(n, int(rate * LATENCY_RUN_S)))
                lat = await latencies(fleet, corpus.articles(m, "latency"), rate, timeout_s)
                if len(lat) >= 2:
                    row.p50_s = statistics.median(lat)
                    row.p99_s = statistics.quantiles(lat, n=100, method="inclusive")[98]
            row.rss_mb, row.stall_s = fleet.peak_rss_mb(), fleet.longest_stall_s()
            rows[key] = row
        finally:
            await fleet.stop()

    await contender("warmup", f"broker warm-up (floor, {BROKER_WARMUP:,} articles)",
                    "streams.bench.floor", 1, feed=corpus.articles(BROKER_WARMUP, "warm"))
    await contender("floor", "floor (passthrough, 3 hops)", "streams.bench.floor", 1)
    for r in range(rounds):
        pair = [(1, "pipeline", "pipeline, 1 worker (stages in 1 child process)"),
                (2, "pipeline2", "pipeline, 2 workers")]
        for count, key, name in pair[:: -1 if r % 2 else 1]:
            if r:
                key, name = round_keys(key, r + 1)[-1], f"{name}, round {r + 1}"
            await contender(key, name, "streams worker", count, web=True,
                            half_load=not r and count == 1,
                            env={"NEWSSTREAM_NLP_PROCESSES": "1"})
    # A feed from one publisher: the model stages spread over workers by article id all the same.
    await contender("pipeline2one", "pipeline, 2 workers, 1 publisher", "streams worker", 2,
                    web=True, env={"NEWSSTREAM_NLP_PROCESSES": "1"}, publisher="wire")
    await contender("inline", "pipeline, 1 worker, stages on its event loop",
                    "streams worker", 1, web=True, half_load=True,
                    env={"NEWSSTREAM_NLP_PROCESSES": "0"})
    await contender("processes2", "pipeline, 1 worker, stages in 2 child processes",
                    "streams worker", 1, web=True, env={"NEWSSTREAM_NLP_PROCESSES": "2"})
    # A feed from one publisher: its batches split over the children all the same.
    await contender("processes2one", "pipeline, 1 worker, 2 child processes, 1 publisher",
                    "streams worker", 1, web=True, env={"NEWSSTREAM_NLP_PROCESSES": "2"},
                    publisher="wire")
    await contender("naive", "naive (trafilatura + spaCy, 1 by 1)", "streams.bench.naive", 1)
    return rows


def _print(settings: Settings, corpus: Corpus, n: int, rows: dict[str, Row],
           rounds: int) -> None:
    words = corpus.words(n) / n
    print(f"newsstream bench: {n} articles from {corpus.origin} (mean {words:.0f} words), "
          f"batch {settings.batch_size}, {settings.partitions} partitions, broker "
          f"{settings.bootstrap_servers}")
    print(f"{'contender':<58} {'art/s':>7} {'words/s':>8} {'p50 s':>6} {'p99 s':>6} "
          f"{'peak RSS MB':>12} {'stall s':>7}  CPU s: workers/children/broker")
    for row in rows.values():
        rss = "/".join(f"{r:.0f}" for r in row.rss_mb or []) or "-"
        cpu = "/".join(_num(c) for c in row.cpu_s) if row.cpu_s else "-"
        print(f"{row.name + ('' if row.complete else ' (INCOMPLETE)'):<58} "
              f"{row.articles_per_s:7.2f} {row.articles_per_s * words:8.0f} "
              f"{_num(row.p50_s):>6} {_num(row.p99_s):>6} {rss:>12} {_num(row.stall_s):>7}  {cpu}")
    rate = {k: r.articles_per_s for k, r in rows.items()}
    each = scaling_ratios(rate, rounds)
    # One worker ran once a round: its median stands for it in the other ratios.
    if ones := [rate[k] for k in round_keys("pipeline", rounds) if rate.get(k)]:
        rate["pipeline"] = statistics.median(ones)
        print(f"{'1 worker, median of rounds':<28} {rate['pipeline']:6.2f}  art/s (each: "
              f"{', '.join(f'{x:.2f}' for x in ones)})")
    ratios = [("pipeline / stages alone", "pipeline", "stages", 0.85),
              ("pipeline / naive", "pipeline", "naive", 2.0),
              ("2 workers / 1 worker", "pipeline2", "pipeline", 1.7),
              ("2 workers, 1 publisher / 1", "pipeline2one", "pipeline", None),
              ("inline / 1 child process", "inline", "pipeline", None),
              ("2 child processes / naive", "processes2", "naive", 2.0),
              ("2 child processes / 1", "processes2", "pipeline", 1.7),
              ("2 children, 1 publisher / 1", "processes2one", "pipeline", None),
              ("pipeline / floor", "pipeline", "floor", None)]
    for label, a, b, target in ratios:
        if rate.get(a) and rate.get(b):
            goal = f"  (target >= {target})" if target else ""
            if a == "pipeline2":
                print(f"{label:<28} {statistics.median(each):6.2f}{goal}  median of "
                      f"{len(each)} rounds: {', '.join(f'{x:.2f}' for x in each)}")
            else:
                print(f"{label:<28} {rate[a] / rate[b]:6.2f}{goal}")
    if (share := rows["pipeline2"].busiest_share if "pipeline2" in rows else None) is not None:
        print(f"{'busier of 2 workers':<28} {share:6.0%}  of the words (its partitions of "
              f"articles.cleaned): 2 workers go at most {1 / share:.2f}x as fast as 1")
    p99 = rows["pipeline"].p99_s if "pipeline" in rows else None
    print(f"{'p99 at half load':<28} {_num(p99):>6}  (target <= 1 s)")


def round_keys(key: str, rounds: int) -> list[str]:
    """The row keys of a contender that ran once a round."""
    return [key, *(f"{key}-r{r}" for r in range(2, rounds + 1))]


def scaling_ratios(rate: dict[str, float], rounds: int) -> list[float]:
    """Two workers against one, round by round (each round's two fleets ran back to back)."""
    pairs = zip(round_keys("pipeline", rounds), round_keys("pipeline2", rounds), strict=True)
    return [rate[two] / rate[one] for one, two in pairs if rate.get(one) and rate.get(two)]


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
