"""Builds the pipeline from stage names: the one place that knows every stage."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

from streams.enrich.document import Stage
from streams.enrich.pipeline import Pipeline, StageTimer

STAGE_ORDER = ("clean", "entities", "quotes")


def build_pipeline(
    names: Sequence[str],
    *,
    boilerplate_memory: MutableMapping[str, Any] | None = None,
    budget_s: float | None = None,
    on_stage: StageTimer | None = None,
) -> Pipeline:
    """Stages in their fixed order (entities feed quotes); unknown names are an error."""
    unknown = set(names) - set(STAGE_ORDER)
    if unknown:
        raise ValueError(f"unknown stage(s): {', '.join(sorted(unknown))}; known: {STAGE_ORDER}")
    stages: list[Stage] = []
    for name in STAGE_ORDER:
        if name not in names:
            continue
        if name == "clean":
            from streams.enrich.clean import CleanStage

            stages.append(CleanStage(memory=boilerplate_memory))
        elif name == "entities":
            from streams.enrich.entities import EntityStage

            stages.append(EntityStage())
        else:
            from streams.enrich.quotes import QuoteStage

            stages.append(QuoteStage())
    return Pipeline(stages, budget_s=budget_s, on_stage=on_stage)
