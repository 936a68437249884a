"""The entities stage: the shared parse, resolved at article level into `Document.entities`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from streams.enrich import nlp
from streams.enrich.document import Document, Entity, Span
from streams.enrich.entities.ids import entity_id, key
from streams.enrich.entities.resolve import canonical_name, resolve
from streams.enrich.entities.salience import lead_end, salience

if TYPE_CHECKING:
    from spacy.tokens import Doc


class EntityStage:
    """Named entities per article; the model loads on first use, not at construction."""

    name = "entities"

    def __call__(self, docs: Sequence[Document]) -> None:
        for doc, parsed in zip(docs, nlp.parse(docs), strict=True):
            doc.entities = entities(doc.text, parsed, doc.title)


def entities(text: str, parsed: Doc, title: str | None) -> list[Entity]:
    """The article's entities, most salient first."""
    groups = resolve(text, parsed)
    if not groups:
        return []
    title_key = f" {key(title)} " if title else ""
    lead = lead_end(text)
    most = max(len(g.mentions) for g in groups)
    found = []
    for g in groups:
        name = canonical_name(g)
        spans = [Span(m.start, m.end, m.text) for m in g.mentions]
        in_title = bool(title_key) and any(f" {key(s.text)} " in title_key for s in spans)
        found.append(Entity(
            id=entity_id(g.type, name),
            name=name,
            type=g.type,
            mentions=spans,
            salience=salience(spans, most, len(text), lead, in_title),
        ))
    found.sort(key=lambda e: (-e.salience, e.mentions[0].start))
    return found
