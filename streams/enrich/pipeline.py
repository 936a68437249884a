"""The pipeline: stages run in order over a batch, with per-document failure isolation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from streams.enrich.document import Document, Stage


@dataclass(frozen=True, slots=True)
class StageFailure:
    """A document a stage could not process: it leaves the batch and is dead-lettered."""

    doc: Document
    stage: str
    error: BaseException


class Pipeline:
    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = list(stages)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run(self, docs: Sequence[Document]) -> tuple[list[Document], list[StageFailure]]:
        """Run every stage over `docs`; returns (finished documents in input order, failures)."""
        alive = list(docs)
        failures: list[StageFailure] = []
        for stage in self.stages:
            alive, failed = _run_isolated(stage, alive)
            failures.extend(failed)
        return alive, failures


def _run_isolated(stage: Stage, docs: list[Document]) -> tuple[list[Document], list[StageFailure]]:
    try:
        stage(docs)
    except Exception as exc:
        if len(docs) == 1:
            return [], [StageFailure(docs[0], stage.name, exc)]
        # Some document broke the batch: retry one at a time to find it and keep the rest.
        results = [_run_isolated(stage, [doc]) for doc in docs]
        return (
            [d for ok, _ in results for d in ok],
            [f for _, failed in results for f in failed],
        )
    for doc in docs:
        doc.stages.append(stage.name)
    return docs, []
