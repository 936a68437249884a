"""People the model missed: "J. Smith" initials, and names in lists of people.

Sports pages and line-ups print long lists ("Blanc, Thuram, Desailly") where the model
finds some names and skips the rest; an initial before a capitalised word is a person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from streams.enrich.entities.mentions import (
    INITIAL,
    MODEL_WEIGHT,
    Mention,
    has_digit,
    make_mention,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LIST_SEPARATORS = frozenset({",", ";", "-", "(", ")", "and", "&", "/", "."})


def list_mentions(parsed: Doc, taken: list[bool], found: list[Mention]) -> list[Mention]:
    """Names the model skipped inside a list of people ("Blanc, Thuram, Desailly").

    A run of two to four capitalised proper nouns, standing alone between list separators,
    whose neighbour in the list is a person the model found, is a person too.
    """
    person_at: dict[int, bool] = {}
    for m in found:
        for i in range(m.tok_start, m.tok_end):
            person_at[i] = m.votes["PERSON"] > 0
    added = []
    i, n = 0, len(parsed)
    while i < n:
        last = i
        while last < n and last - i < 4 and not taken[last] and _is_proper(parsed, last):
            last += 1
        if last - i < 2 or not (_is_item_edge(parsed, i - 1) and _is_item_edge(parsed, last)):
            i = max(last, i + 1)
            continue
        if _neighbour_is_person(parsed, i - 1, -1, person_at) or _neighbour_is_person(
            parsed, last, 1, person_at
        ):
            mention = make_mention(parsed, i, last)
            mention.votes["PERSON"] += MODEL_WEIGHT
            added.append(mention)
            taken[i:last] = [True] * (last - i)
        i = last
    return added


def _is_proper(parsed: Doc, i: int) -> bool:
    token = parsed[i]
    return token.tag_ in ("NNP", "NNPS") and token.is_title and token.is_alpha


def _is_item_edge(parsed: Doc, i: int) -> bool:
    if i < 0 or i >= len(parsed):
        return True
    token = parsed[i]
    return token.is_space or token.text in _LIST_SEPARATORS or has_digit(token.text)


def _neighbour_is_person(parsed: Doc, i: int, step: int, person_at: dict[int, bool]) -> bool:
    """Whether the nearest list item past separators and numbers (3 tokens at most) is a person."""
    for _ in range(3):
        if i < 0 or i >= len(parsed) or not _is_item_edge(parsed, i):
            break
        i += step
    return person_at.get(i, False)


def initial_mentions(parsed: Doc, taken: list[bool]) -> list[Mention]:
    """Persons written as initial and surname ("J. Smith"), which the model often misses."""
    found = []
    for i in range(len(parsed) - 1):
        if taken[i] or not INITIAL.fullmatch(parsed[i].text):
            continue
        last = i + 1
        while last < len(parsed) and not taken[last] and _is_name_word(parsed[last].text):
            last += 1
        if last > i + 1:
            mention = make_mention(parsed, i, last)
            mention.votes["PERSON"] += MODEL_WEIGHT
            found.append(mention)
            taken[i:last] = [True] * (last - i)
    return found


def _is_name_word(text: str) -> bool:
    capitalised = len(text) > 1 and text[0].isupper() and text[1:].islower()
    return capitalised or INITIAL.fullmatch(text) is not None
