"""Stages alone: the enrichment pipeline as plain function calls on the benchmark articles, in
the worker's batch size, with no Kafka; the ceiling the streaming pipeline is measured against.

The spaCy parse is timed on its own (the entities and quotes stages share one cached parse),
so the breakdown shows the model apart from the project's own code."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from streams.enrich import nlp
from streams.enrich.document import Document
from streams.enrich.raw import decode_article
from streams.enrich.stages import STAGE_ORDER, build_pipeline
from streams.settings import Settings


@dataclass(frozen=True, slots=True)
class StagesResult:
    seconds: float
    per_stage_s: dict[str, float]
    failures: int


def run_stages(settings: Settings, articles: Sequence[tuple[bytes, bytes]]) -> StagesResult:
    per_stage: dict[str, float] = defaultdict(float)

    def on_stage(name: str, seconds: float, _docs: int) -> None:
        per_stage[name] += seconds

    # A plain dict stands in for the worker's table, so publisher boilerplate is learned too.
    clean, models = (
        build_pipeline(names, boilerplate_memory={}, budget_s=settings.message_budget_s,
                       on_stage=on_stage)
        for names in (STAGE_ORDER[:1], STAGE_ORDER[1:])
    )
    found = [decode_article(v, settings.max_article_bytes) for _, v in articles]
    warm = [Document.from_article(a) for a in found[:2]]
    models.run(clean.run(warm)[0])  # loads the model outside the clock, as the worker does
    per_stage.clear()
    failures = 0
    start = time.perf_counter()
    for i in range(0, len(found), settings.batch_size):
        batch = [Document.from_article(a) for a in found[i:i + settings.batch_size]]
        cleaned, failed = clean.run(batch)
        before = time.perf_counter()
        nlp.parse(cleaned)
        per_stage["spacy parse"] += time.perf_counter() - before
        failures += len(failed) + len(models.run(cleaned)[1])
    return StagesResult(time.perf_counter() - start, dict(per_stage), failures)
