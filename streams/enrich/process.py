"""From raw message bytes to outputs: decode, run the pipeline, build records or DLQ records.

Shared by the worker's agents and the offline `newsstream enrich`, so both treat every input
the same way. Nothing here raises for bad input: each message yields exactly one `Outcome`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from streams.enrich.budget import BudgetExceeded
from streams.enrich.document import Article, Document
from streams.enrich.nlp import TextTooLong
from streams.enrich.pipeline import Pipeline
from streams.enrich.raw import BadInput, decode_article
from streams.enrich.records import dlq_record, enriched_record, now_rfc3339

_FAILURE_KINDS = {BudgetExceeded: "timeout", TextTooLong: "oversize"}
_PROBE_TEXT = "“It works,” Jane Doe, the mayor of Springfield, told reporters on Monday."


@dataclass(frozen=True, slots=True)
class RawMessage:
    key: bytes | None
    value: bytes | None
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """Exactly one of `enriched` and `dead_letter` is set."""

    message: RawMessage
    enriched: dict[str, Any] | None = None
    dead_letter: dict[str, Any] | None = None


class Enricher:
    def __init__(self, pipeline: Pipeline, *, max_article_bytes: int, debug_removed: bool) -> None:
        self.pipeline = pipeline
        self.max_article_bytes = max_article_bytes
        self.debug_removed = debug_removed

    def process(self, messages: Sequence[RawMessage]) -> list[Outcome]:
        """One outcome per message, in input order."""
        outcomes: dict[int, Outcome] = {}
        docs: list[Document] = []
        index_of: dict[int, int] = {}  # id(doc) -> message index
        for i, msg in enumerate(messages):
            try:
                article = decode_article(msg.value, self.max_article_bytes)
            except BadInput as exc:
                outcomes[i] = self._dead(msg, exc.kind, str(exc), "decode")
                continue
            doc = Document.from_article(article)
            docs.append(doc)
            index_of[id(doc)] = i
        done, failures = self.pipeline.run(docs)
        for failure in failures:
            i = index_of[id(failure.doc)]
            kind = _FAILURE_KINDS.get(type(failure.error), "stage_error")
            outcomes[i] = self._dead(
                messages[i], kind, f"{type(failure.error).__name__}: {failure.error}",
                failure.stage, failure.doc.article.id,
            )
        enriched_at = now_rfc3339()
        for doc in done:
            i = index_of[id(doc)]
            if not doc.text.strip():
                # Only cleaning can empty a text: decoding refuses blank content.
                outcomes[i] = self._dead(
                    messages[i], "no_content", "no article text after cleaning", "clean",
                    doc.article.id,
                )
                continue
            record = enriched_record(
                doc, self.pipeline.names, enriched_at, debug_removed=self.debug_removed
            )
            outcomes[i] = Outcome(messages[i], enriched=record)
        return [outcomes[i] for i in range(len(messages))]

    def self_check(self) -> None:
        """Run one small article through every stage, raising if any stage fails: a missing
        dependency or model must stop a worker at start, not dead-letter every article."""
        probe = Document.from_article(Article(id="self-check", source=None, text=_PROBE_TEXT))
        _, failures = self.pipeline.run([probe])
        if failures:
            failed = failures[0]
            raise RuntimeError(
                f"stage {failed.stage} failed its start-up check: {failed.error!r}"
            ) from failed.error

    @staticmethod
    def _dead(
        msg: RawMessage, kind: str, reason: str, stage: str, article_id: str | None = None
    ) -> Outcome:
        record = dlq_record(
            key=msg.key, value=msg.value, error_kind=kind, error_message=reason, stage=stage,
            topic=msg.topic, partition=msg.partition, offset=msg.offset, article_id=article_id,
        )
        return Outcome(msg, dead_letter=record)
