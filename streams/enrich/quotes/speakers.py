"""Who said it: the speaker's mention in the text, and the person it names.

A mention that overlaps an entity mention takes that entity. A pronoun or a definite role
noun ("the chancellor") takes the most recent speaker, else the most recent person
mentioned before it, and nobody when neither is close. Without the entities stage the
parse's own PERSON names stand in, with no entity id.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from streams.enrich.document import Entity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_PERSON_PRONOUNS = frozenset(("he", "she", "him", "her"))
# Roles a named person holds; anonymous ones (a source, an aide, officials) are left alone.
ROLE_NOUNS = frozenset(
    (
        "president", "chancellor", "leader", "candidate", "nominee", "senator", "governor",
        "minister", "premier", "mayor", "secretary", "congressman", "congresswoman", "lawmaker",
        "billionaire", "businessman", "businesswoman", "speaker", "chairman", "chairwoman",
        "ambassador", "general", "justice", "judge", "ceo", "founder", "prime", "representative",
        "rep.", "sen.", "gov.", "king", "queen", "pope", "star", "host", "mogul"
    )
)
# How far back (characters) a pronoun or role noun may look for its person.
_LOOKBACK = 1500


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    entity_id: str | None


@dataclass(slots=True)
class Resolved:
    mention: Span
    person: Person | None


class PeopleIndex:
    """Person mentions of one document in text order, for overlap and look-back queries."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        marks: list[tuple[int, int, Person]] = []
        self.others: list[tuple[int, int, Person]] = []
        if entities:
            for ent in entities:
                who = Person(ent.name, ent.id)
                target = marks if ent.type in ("PERSON", "PER") else self.others
                target.extend((m.start, m.end, who) for m in ent.mentions)
        else:
            fullest = _fullest_names(doc)
            for ent in doc.ents:
                last = ent.text.split()[-1:] or [ent.text]
                who = Person(fullest.get(last[0], ent.text) if ent.label_ == "PERSON"
                             else ent.text, None)
                target = marks if ent.label_ == "PERSON" else self.others
                target.append((ent.start_char, ent.end_char, who))
        marks.sort(key=lambda m: m[0])
        self.people = marks
        self.starts = [m[0] for m in marks]

    def overlapping(self, start: int, end: int, head: tuple[int, int]) -> Person | None:
        """A person named in the mention, else another entity named by its head word."""
        for s, e, who in self.people:
            if s < end and start < e:
                return who
        for s, e, who in self.others:
            if s < head[1] and head[0] < e:
                return who
        return None

    def before(self, pos: int) -> Person | None:
        """The person mentioned last before `pos`, within the look-back window."""
        k = bisect.bisect_left(self.starts, pos) - 1
        if k >= 0 and self.people[k][1] <= pos and pos - self.people[k][0] <= _LOOKBACK:
            return self.people[k][2]
        return None


def _fullest_names(doc: Doc) -> dict[str, str]:
    """Without entity linking, "Merkel" still reads as the fullest PERSON name ending in it."""
    best: dict[str, str] = {}
    for ent in doc.ents:
        words = ent.text.split()
        if ent.label_ == "PERSON" and words and len(ent.text) > len(best.get(words[-1], "")):
            best[words[-1]] = ent.text
    return best


def mention_span(head: Token) -> Span:
    """The speaker's noun phrase without appositions, clauses or trailing modifiers."""
    keep = {"compound", "det", "amod", "poss", "nmod", "flat", "case", "nummod", "quantmod"}
    left = head
    for child in head.lefts:
        if child.dep_ in keep:
            left = min(left, child.left_edge, key=lambda t: t.i)
            break
    right = head
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "case" and child.i == head.i + 1):
            right = child
        else:
            break
    name = _adjacent_name(head)
    if name is not None:
        right = name
    doc = head.doc
    span = doc[left.i : right.i + 1]
    return Span(span.start_char, span.end_char, span.text)


def _adjacent_name(head: Token) -> Token | None:
    """The name in "the broadcaster Kanal Sieben": an apposition with no comma before it."""
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.left_edge.i == head.i + 1:
            return child
    return None


def resolve(head: Token, index: PeopleIndex, last_speaker: Person | None,
            last_speaker_end: int) -> Resolved:
    """The mention of `head` (the subject of a cue) and the person it most likely names."""
    mention = mention_span(head)
    head = _adjacent_name(head) or head
    low = head.lower_
    if head.pos_ == "PRON" or low in _PERSON_PRONOUNS:
        if low not in _PERSON_PRONOUNS:
            return Resolved(mention, None)  # "they", "it", "we": no single person
        return Resolved(mention, _nearby(index, mention.start, last_speaker, last_speaker_end))
    named = index.overlapping(mention.start, mention.end, (head.idx, head.idx + len(head)))
    if named is not None:
        return Resolved(mention, named)
    if head.pos_ == "PROPN":
        return Resolved(mention, Person(mention.text, None))
    if low in ROLE_NOUNS and any(c.lower_ == "the" for c in head.lefts):
        return Resolved(mention, _nearby(index, mention.start, last_speaker, last_speaker_end))
    return Resolved(mention, None)


def _nearby(index: PeopleIndex, pos: int, last_speaker: Person | None,
            last_speaker_end: int) -> Person | None:
    """The last speaker when recent, else the last person named before `pos`."""
    named = index.before(pos)
    if last_speaker is not None and 0 <= pos - last_speaker_end <= _LOOKBACK:
        return last_speaker
    return named
