"""The values that flow through the enrichment pipeline, and the one stage shape.

Every stage takes a batch of `Document`s and fills in its part in place. Batches let
model-backed stages push many texts through the model at once; the pipeline isolates a
document that makes a stage raise, so one bad article never costs its batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of `Document.text`: Unicode code-point offsets, end exclusive."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: list[Span]
    salience: float = 0.0

    @property
    def count(self) -> int:
        return len(self.mentions)


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect" | "mixed"
    speaker: str | None = None
    speaker_entity: str | None = None
    speaker_mention: Span | None = None
    cue: Span | None = None
    addressee: str | None = None
    channel: str | None = None
    # A split or multi-paragraph quote's quoted pieces, marks included, in order (start/end
    # run from the first to the last, interruptions included); empty for a one-piece quote.
    fragments: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Removal:
    """Audit entry for text the clean stage dropped, and why."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A validated `articles.raw` record. Exactly one of `html` and `text` is set."""

    id: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: str | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    html: str | None = None
    text: str | None = None


@dataclass(slots=True)
class Document:
    """An article on its way through the stages.

    `text` starts as the raw text (or empty for HTML input, until `clean` extracts it);
    metadata starts as the raw record's and stages may fill gaps.
    """

    article: Article
    text: str
    title: str | None
    authors: list[str]
    published_at: str | None
    language: str | None
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    # Stage-private annotations shared downstream (e.g. the spaCy parse), never serialised.
    annotations: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_article(cls, article: Article) -> Document:
        return cls(
            article=article,
            text=article.text or "",
            title=article.title,
            authors=list(article.authors),
            published_at=article.published_at,
            language=article.language,
        )


    def checkpoint(self) -> dict[str, Any]:
        """What stages may change, copied, so a failed batch attempt can be undone."""
        return {
            "text": self.text, "title": self.title, "authors": list(self.authors),
            "published_at": self.published_at, "language": self.language,
            "entities": list(self.entities), "quotes": list(self.quotes),
            "removed": list(self.removed), "annotations": dict(self.annotations),
        }

    def restore(self, checkpoint: dict[str, Any]) -> None:
        for name, value in checkpoint.items():
            setattr(self, name, value)


class Stage(Protocol):
    """One enrichment step. `name` appears in `pipeline.stages` and in DLQ records."""

    name: str

    def __call__(self, docs: Sequence[Document]) -> None: ...
