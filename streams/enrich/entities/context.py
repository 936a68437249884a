"""Context rules: what the words around a mention say about its type.

Each rule adds votes on top of the model's label (worth 1.0 per mention), so a rule can
outvote one stray label but an entity the model labels consistently keeps its type.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from streams.enrich.entities import gazetteer
from streams.enrich.entities.fixtures import FIXTURE_WEIGHT, in_fixture
from streams.enrich.entities.gazetteer import COUNTRY, Entry
from streams.enrich.entities.lexicon import (
    ORG_HEADS,
    PLACE_HEADS,
    PLACE_PREPOSITIONS,
    SPEECH_VERBS,
    TITLES,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

TITLE_WEIGHT = 3.0
ORG_HEAD_WEIGHT = 2.0
SPEECH_WEIGHT = 1.5
PLACE_WEIGHT = 1.5
DATELINE_WEIGHT = 2.0
NATIONALITY_NOTE_WEIGHT = 2.0


def context_votes(
    parsed: Doc, first: int, last: int, model_type: str, entry: Entry | None
) -> Counter[str]:
    """Votes from the words around tokens [first, last) of the parse."""
    votes: Counter[str] = Counter()
    span = parsed[first:last]
    before = parsed[first - 1].lower_ if first > 0 else ""
    if before in TITLES or (first > 1 and before == "." and parsed[first - 2].lower_ in TITLES):
        votes["PERSON"] += TITLE_WEIGHT
    if span[-1].lower_ in ORG_HEADS and len(span) > 1:
        votes["ORG"] += ORG_HEAD_WEIGHT
    root = span.root
    if (
        root.dep_ == "nsubj"
        and root.head.lower_ in SPEECH_VERBS
        and model_type not in ("PERSON", "ORG")
    ):
        # Speakers are people or organisations; a short run of capitalised words is a person.
        person_like = len(span) <= 3 and all(t.is_title for t in span)
        votes["PERSON" if person_like else "ORG"] += SPEECH_WEIGHT
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS:
        votes["GPE"] += PLACE_WEIGHT
    if _before_country_note(parsed, first, last):
        votes["PERSON"] += NATIONALITY_NOTE_WEIGHT
    if _is_dateline(parsed, first, last):
        votes["GPE"] += DATELINE_WEIGHT
    # A city or region in a fixture or score line is its team; a country stays a country.
    # What the model calls a person needs the stricter pattern, and a given name and
    # surname are a player's ("Ian Woosnam 70 68"), unless a place is named too.
    person = model_type == "PERSON" and entry is None
    player = _given_and_surname(span)
    if entry is not COUNTRY and not player and in_fixture(parsed, first, last, strict=person):
        votes["ORG"] += FIXTURE_WEIGHT
    return votes


def _given_and_surname(span: Span) -> bool:
    """ "Ian Woosnam", not "Crystal Palace" nor "Hansa Rostock"."""
    return (
        len(span) > 1 and gazetteer.is_first_name(span[0].text)
        and span[-1].lower_ not in PLACE_HEADS
        and not any(gazetteer.lookup(t.text) for t in span[1:])
    )


def _before_country_note(parsed: Doc, first: int, last: int) -> bool:
    """ "Irina Privalova (Russia)": results and line-ups give athletes' countries so."""
    if last - first < 2 or last >= len(parsed) or parsed[last].text != "(":
        return False  # the cheap test first: this runs for every mention
    span, note = parsed[first:last], parsed[last:last + 3]
    return (
        all(t.is_title for t in span) and span[-1].lower_ not in ORG_HEADS
        and len(note) == 3 and note[2].text == ")" and gazetteer.lookup(note[1].text) is COUNTRY
    )


def _is_dateline(parsed: Doc, first: int, last: int) -> bool:
    """ "LONDON 1996-08-30" or "BONN, Germany (dpa) -": a place opening a line before a date."""
    if first > 0 and not parsed[first - 1].is_space:
        return False
    after = parsed[last] if last < len(parsed) else None
    if after is None:
        return False
    # A real date, not a column of numbers ("NEW YORK 74 59" is a standings row); and only
    # capitals before punctuation: "Rodney Eyles (Australia)" opens a line too.
    return (after.ent_type_ == "DATE" and not _is_small_number(after.text)) or (
        after.text in (",", "(", "-") and parsed[first:last].text.isupper()
    )


def _is_small_number(text: str) -> bool:
    return text.isdigit() and len(text) < 4
