"""Small stages for testing the plumbing without models."""

from __future__ import annotations

from collections.abc import Sequence

from streams.enrich.document import Document, Entity, Span


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
