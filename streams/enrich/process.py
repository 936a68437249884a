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
from streams.enrich.nlp import TextTooLong, parse_scope
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


# Stages that learn per publisher (the clean stage's boilerplate memory): they must see each
# publisher's articles in input order, where that memory is. The stages after them need no
# such order, so they run in another agent, on articles keyed by id, spread over workers and
# child processes as evenly as the sizes allow.
PUBLISHER_STAGES = frozenset({"clean"})


class Enricher:
    def __init__(self, pipeline: Pipeline, *, max_article_bytes: int, debug_removed: bool) -> None:
        self.pipeline = pipeline
        self.publisher_stages, self.other_stages = pipeline.split(PUBLISHER_STAGES)
        self.max_article_bytes = max_article_bytes
        self.debug_removed = debug_removed

    def process(self, messages: Sequence[RawMessage]) -> list[Outcome]:
        """One outcome per message, in input order."""
        return self.finish(messages, self.start(messages))

    def start(self, messages: Sequence[RawMessage]) -> list[Document | Outcome]:
        """Decode each message and run the publisher stages over it: per message, in input
        order, its document, or the outcome that dead-letters it."""
        started: list[Document | Outcome] = []
        for msg in messages:
            try:
                article = decode_article(msg.value, self.max_article_bytes)
            except BadInput as exc:
                started.append(dead(msg, exc.kind, str(exc), "decode"))
            else:
                started.append(Document.from_article(article))
        started = self._run(self.publisher_stages, messages, started)
        for i, doc in enumerate(started):
            # Only cleaning can empty a text: decoding refuses blank content.
            if isinstance(doc, Document) and not doc.text.strip():
                started[i] = dead(messages[i], "no_content", "no article text after cleaning",
                                  "clean", doc.article.id)
        return started

    def finish(
        self, messages: Sequence[RawMessage], started: Sequence[Document | Outcome]
    ) -> list[Outcome]:
        """Run the other stages over what `start` returned for `messages`: one outcome per
        message, in input order."""
        with parse_scope([doc for doc in started if isinstance(doc, Document)]):
            done = self._run(self.other_stages, messages, started)
            enriched_at = now_rfc3339()
            return [
                Outcome(msg, enriched=enriched_record(doc, self.pipeline.names, enriched_at,
                                                      debug_removed=self.debug_removed))
                if isinstance(doc, Document) else doc
                for msg, doc in zip(messages, done, strict=True)
            ]

    def _run(
        self, pipeline: Pipeline, messages: Sequence[RawMessage],
        items: Sequence[Document | Outcome],
    ) -> list[Document | Outcome]:
        """`items` with `pipeline` run over its documents; a document a stage fails becomes
        the outcome that dead-letters its message."""
        result = list(items)
        index_of = {id(doc): i for i, doc in enumerate(items) if isinstance(doc, Document)}
        _, failures = pipeline.run([doc for doc in items if isinstance(doc, Document)])
        for failure in failures:
            i = index_of[id(failure.doc)]
            kind = _FAILURE_KINDS.get(type(failure.error), "stage_error")
            result[i] = dead(
                messages[i], kind, f"{type(failure.error).__name__}: {failure.error}",
                failure.stage, failure.doc.article.id,
            )
        return result

    def self_check(self) -> None:
        """Run one small article through every stage, raising if any stage fails: a missing
        dependency or model must stop a worker at start, not dead-letter every article."""
        probe = Document.from_article(Article(id="self-check", source=None, text=_PROBE_TEXT))
        # Without the time budget: the first call loads the model, which takes seconds, more
        # on a busy machine (several children loading at once), and is no article's fault.
        _, failures = Pipeline(self.pipeline.stages).run([probe])
        if failures:
            failed = failures[0]
            raise RuntimeError(
                f"stage {failed.stage} failed its start-up check: {failed.error!r}"
            ) from failed.error


def dead(msg: RawMessage, kind: str, reason: str, stage: str,
         article_id: str | None = None) -> Outcome:
    """The outcome that dead-letters `msg`, with its original bytes and where it came from."""
    record = dlq_record(
        key=msg.key, value=msg.value, error_kind=kind, error_message=reason, stage=stage,
        topic=msg.topic, partition=msg.partition, offset=msg.offset, article_id=article_id,
    )
    return Outcome(msg, dead_letter=record)
