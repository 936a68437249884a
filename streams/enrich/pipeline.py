"""The pipeline: stages run in order over a batch, with per-document failure isolation and a
per-document time budget."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from streams.enrich.budget import time_budget
from streams.enrich.document import Document, Stage

# Called after each stage with (stage name, seconds, documents processed): metrics hook.
StageTimer = Callable[[str, float, int], None]


@dataclass(frozen=True, slots=True)
class StageFailure:
    """A document a stage could not process: it leaves the batch and is dead-lettered."""

    doc: Document
    stage: str
    error: BaseException


class Pipeline:
    def __init__(
        self,
        stages: Sequence[Stage],
        *,
        budget_s: float | None = None,
        on_stage: StageTimer | None = None,
    ) -> None:
        self.stages = list(stages)
        self.budget_s = budget_s  # per document and stage
        self.on_stage = on_stage

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def split(self, leading: Collection[str]) -> tuple[Pipeline, Pipeline]:
        """The leading stages whose names are in `leading`, and the rest: two pipelines with
        this one's budget and timer."""
        at = 0
        while at < len(self.stages) and self.stages[at].name in leading:
            at += 1
        return (Pipeline(self.stages[:at], budget_s=self.budget_s, on_stage=self.on_stage),
                Pipeline(self.stages[at:], budget_s=self.budget_s, on_stage=self.on_stage))

    def run(self, docs: Sequence[Document]) -> tuple[list[Document], list[StageFailure]]:
        """Run every stage over `docs`; returns (finished documents in input order, failures)."""
        alive = list(docs)
        failures: list[StageFailure] = []
        for stage in self.stages:
            if not alive:
                break
            started = time.perf_counter()
            alive, failed = self._run_isolated(stage, alive)
            if self.on_stage is not None:
                self.on_stage(stage.name, time.perf_counter() - started, len(alive) + len(failed))
            failures.extend(failed)
        return alive, failures

    def _run_isolated(
        self, stage: Stage, docs: list[Document]
    ) -> tuple[list[Document], list[StageFailure]]:
        checkpoints = [d.checkpoint() for d in docs]
        try:
            with time_budget(self.budget_s * len(docs) if self.budget_s else None):
                stage(docs)
        except Exception as exc:
            for doc, checkpoint in zip(docs, checkpoints, strict=True):
                doc.restore(checkpoint)
            if len(docs) == 1:
                return [], [StageFailure(docs[0], stage.name, exc)]
            # Some document broke (or overran) the batch: retry one at a time to find it.
            results = [self._run_isolated(stage, [doc]) for doc in docs]
            return (
                [d for ok, _ in results for d in ok],
                [f for _, failed in results for f in failed],
            )
        for doc in docs:
            doc.stages.append(stage.name)
        return docs, []
