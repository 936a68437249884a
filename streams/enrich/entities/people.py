"""People the model missed: "J. Smith" initials, and names in lists of people.

Sports pages and line-ups print long lists ("Blanc, Thuram, Desailly") where the model
finds some names and skips the rest; an initial before a capitalised word is a person.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from streams.enrich.entities import gazetteer
from streams.enrich.entities.gazetteer import is_first_name
from streams.enrich.entities.lexicon import EVENT_HEADS, ORG_HEADS, PLACE_HEADS, TITLES
from streams.enrich.entities.mentions import (
    INITIAL,
    MODEL_WEIGHT,
    Mention,
    has_digit,
    make_mention,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A run the rules below find outvotes one model label (1.0) on the same words.
NAME_RUN_WEIGHT = 1.5
MAX_NAME_WORDS = 4
# Lower-case words inside names: "Gil de Ferran", "Maarten den Bakker".
PARTICLES = frozenset({"de", "den", "der", "van", "von", "del", "della", "da", "di", "du", "dos"})
_GLUE = frozenset({"and", "&", ",", "or"})
ORDINAL = re.compile(r"\d{1,3}(st|nd|rd|th)")
# Cricket scorecards: "c" caught by, "b" bowled by, "st" stumped by; bowling figures are
# overs-maidens-runs-wickets.
DISMISSALS = frozenset({"c", "b", "st"})
FIGURES = re.compile(r"\d{1,2}(\.\d)?-\d{1,2}-\d{1,3}-\d{1,2}")
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


def name_mentions(parsed: Doc, found: list[Mention]) -> list[Mention]:
    """People written in full that the model missed, split or ran into other words.

    A run of capitalised words is a person's name when it opens with a known given name
    ("Steffi Graf"), or when results mark it as a player's (see `_noted`). The run replaces
    the model's spans inside it ("Steffi" alone) and spans that only join it to glue words
    ("Laurent Ek and Paul Roy", "Centre Tom Ek", a person's "Democrat Walter Mondale").
    A run inside another name keeps that name ("San Diego Padres", "Italian Roman
    Catholic").
    """
    runs = _name_runs(parsed)
    in_run = {i for _, first, last in runs for i in range(first, last)}
    owner: dict[int, Mention] = {}
    for m in found:
        for i in range(m.tok_start, m.tok_end):
            owner[i] = m
    dropped: set[int] = set()
    added = []
    for lead, first, last in runs:
        overlapping = {id(owner[i]): owner[i] for i in range(first, last) if i in owner}
        before = {id(owner[i]) for i in range(lead, first) if i in owner}
        if (before - overlapping.keys()) or not all(
            first <= m.tok_start and m.tok_end <= last or _wraps(parsed, m, in_run)
            for m in overlapping.values()
        ):
            continue  # the run is part of a longer name
        mention = make_mention(parsed, first, last)
        mention.votes["PERSON"] += NAME_RUN_WEIGHT
        for m in overlapping.values():
            if (m.tok_start, m.tok_end) == (first, last):
                mention.votes.update(m.votes)  # the model's label on the same words
        dropped |= overlapping.keys()
        added.append(mention)
    kept = [m for m in found if id(m) not in dropped]
    return sorted(kept + added, key=lambda m: m.tok_start)


def _wraps(parsed: Doc, m: Mention, in_run: set[int]) -> bool:
    """Whether the model's span `m` is names with glue: conjunctions, titles, and before
    a person's name words that are no part of it ("State John Kornblum")."""
    leading = True
    for i in range(m.tok_start, m.tok_end):
        token = parsed[i]
        if i in in_run:
            leading = False
        elif not (
            token.lower_ in _GLUE or (leading and token.lower_ in TITLES)
            or (leading and m.votes["PERSON"] > 0 and not _names_person(token.text))
        ):
            return False
    return True


def _names_person(word: str) -> bool:
    return is_first_name(word) or INITIAL.fullmatch(word) is not None


def _name_runs(parsed: Doc) -> list[tuple[int, int, int]]:
    """(lead, first, last): capitalised words [lead, last), of which [first, last) is a
    person's name, in text order."""
    runs = []
    i, n = 0, len(parsed)
    while i < n:
        last = i
        while last < n and (
            _is_run_word(parsed[last], opens=last == i) or (last > i and _joins(parsed, last))
        ):
            last += 1
        if last == i:
            i += 1
            continue
        start = next((j for j in range(i, last) if is_first_name(parsed[j].text)), last)
        if 2 <= last - start <= MAX_NAME_WORDS and _plain_name(parsed, start, last):
            runs.append((i, start, last))
        elif last - i <= MAX_NAME_WORDS and _noted(parsed, i, last):
            runs.append((i, i, last))
        i = last
    return runs


def _is_run_word(token: Token, opens: bool = False) -> bool:
    """A capitalised word; a title ("King") only inside a name, as in "Billie Jean King"."""
    text = token.text
    # Hyphenated parts are capitalised in names ("Anne-Marie"), not in "Kong-based".
    return (
        len(text) > 1 and text[0].isupper() and any(c.islower() for c in text)
        and all(c.isalpha() or c == "'" for c in text.replace("-", ""))
        and all(part[:1].isupper() for part in text.split("-"))
        and not (opens and token.lower_ in TITLES) and token.lower_ not in gazetteer.CALENDAR_WORDS
    )


def _joins(parsed: Doc, i: int) -> bool:
    """A particle before a name word ("de Boer"), or a hyphen inside one ("Anne-Marie")."""
    token = parsed[i]
    nxt = parsed[i + 1] if i + 1 < len(parsed) else None
    if nxt is None:
        return False
    if token.lower_ in PARTICLES:
        return _is_run_word(nxt)
    if token.text == "-" and not token.whitespace_ and not parsed[i - 1].whitespace_:
        return nxt.is_alpha
    return not parsed[i - 1].whitespace_ and parsed[i - 1].text == "-" and token.is_alpha


def _plain_name(parsed: Doc, first: int, last: int) -> bool:
    """Not an organisation ("Walter Reed Bank"), a place ("Ellis Park", "Hong Kong Open")
    or an event ("Davis Cup")."""
    head = parsed[last - 1].lower_
    if head in ORG_HEADS or head in PLACE_HEADS or head in EVENT_HEADS:
        return False
    return all(gazetteer.lookup(parsed[first:end].text) is None for end in range(first + 1, last + 1))


def _noted(parsed: Doc, first: int, last: int) -> bool:
    """Results and scorecards mark players' names: a country ("Tom Ek ( Norway )"), a
    minute ("Diaz ( 31st )", "Diaz 46th ,"), cricket's "c Ek b Roy 12" (caught by Ek,
    bowled by Roy) and bowling figures ("Roy 10-1-42-3")."""
    if not _plain_name(parsed, first, last):
        return False
    before = parsed[first - 1].text if first > 0 else ""
    note = parsed[last:last + 3]
    after = note[0].text if note else ""
    if (before in DISMISSALS and (after in DISMISSALS or after.isdigit())) or FIGURES.fullmatch(
        after
    ):
        return True
    bracket = after == "(" and len(note) >= 2
    if bracket:
        inner = note[1]
    elif len(note) >= 2 and note[1].text != "-":  # "Diaz 46th ,", not "The 11th-seeded"
        inner = note[0]
    else:
        return False
    if ORDINAL.fullmatch(inner.text):
        proper = all(t.tag_ in ("NNP", "NNPS") for t in parsed[first:last] if t.is_alpha)
        return proper and (last - first > 1 or gazetteer.lookup(parsed[first].text) is None)
    return (
        last - first > 1 and bracket and len(note) == 3 and note[2].text == ")"
        and gazetteer.lookup(inner.text) is gazetteer.COUNTRY
    )
