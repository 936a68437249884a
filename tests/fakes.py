"""Small stages for testing the plumbing without models."""

from __future__ import annotations

import os
import time
from collections.abc import MutableMapping, Sequence
from typing import Any

from streams.enrich.document import Document, Entity, Span
from streams.enrich.pipeline import Pipeline, StageTimer
from streams.enrich.process import Enricher


class TagCapitalised:
    """Marks every capitalised word as an ORG entity: enough structure to check records."""

    name = "entities"

    def __call__(self, docs: Sequence[Document]) -> None:
        for doc in docs:
            start = 0
            for word in doc.text.split():
                at = doc.text.index(word, start)
                start = at + len(word)
                if word[:1].isupper():
                    span = Span(at, at + len(word), word)
                    doc.entities.append(Entity(f"org-{word.lower()}", word, "ORG", [span], 0.5))


class FailOn:
    """Raises for documents whose text contains `trigger` (a stage bug on some input)."""

    def __init__(self, trigger: str, name: str = "quotes") -> None:
        self.trigger = trigger
        self.name = name

    def __call__(self, docs: Sequence[Document]) -> None:
        for doc in docs:
            if self.trigger in doc.text:
                raise RuntimeError(f"cannot handle {self.trigger!r}")


class Blank:
    """Empties every text, like cleaning a page that holds nothing but boilerplate."""

    name = "clean"

    def __call__(self, docs: Sequence[Document]) -> None:
        for doc in docs:
            doc.text = ""


class ExitOn:
    """Kills its process on documents containing `trigger` (a crash in native code)."""

    def __init__(self, trigger: str, name: str = "quotes") -> None:
        self.trigger = trigger
        self.name = name

    def __call__(self, docs: Sequence[Document]) -> None:
        if any(self.trigger in doc.text for doc in docs):
            os._exit(70)


class SeenBySource:
    """Appends each article's id to `memory[source]`, as the clean stage learns publishers."""

    name = "clean"

    def __init__(self, memory: MutableMapping[str, Any]) -> None:
        self.memory = memory

    def __call__(self, docs: Sequence[Document]) -> None:
        for doc in docs:
            if doc.article.source:
                seen = self.memory.get(doc.article.source, [])
                self.memory[doc.article.source] = [*seen, doc.article.id]


class StampProcess:
    """Adds "`name`:<process id>" to each document's authors: which process ran the stage."""

    def __init__(self, name: str, pause_s: float = 0.0) -> None:
        self.name, self.pause_s = name, pause_s

    def __call__(self, docs: Sequence[Document]) -> None:
        time.sleep(self.pause_s)  # long enough for a second child to take the next chunk
        for doc in docs:
            doc.authors.append(f"{self.name}:{os.getpid()}")


def pid_after(seconds: float) -> int:
    """The process id of the pool child that ran this, after a pause: test_offload waits with
    it until every child is up."""
    time.sleep(seconds)
    return os.getpid()


def stamping_enricher(memory: MutableMapping[str, Any], on_stage: StageTimer) -> Enricher:
    """A publisher stage and a slow model-like stage that record the process they ran in."""
    stages = [SeenBySource(memory), StampProcess("clean"), StampProcess("entities", 0.5)]
    return Enricher(Pipeline(stages, on_stage=on_stage), max_article_bytes=4096,
                    debug_removed=False)


def plumbing_enricher(
    memory: MutableMapping[str, Any], on_stage: StageTimer, fail_check: bool = False
) -> Enricher:
    """An enricher of the stages above, for the process pool (a module-level factory)."""
    stages = [SeenBySource(memory), ExitOn("HALT", name="clean"), TagCapitalised(),
              FailOn("BOOM"), ExitOn("DIE")]
    if fail_check:
        stages.append(FailOn("It works", name="broken"))
    return Enricher(Pipeline(stages, on_stage=on_stage), max_article_bytes=4096,
                    debug_removed=False)
