"""Candidate mentions: the model's entity spans, cleaned, plus gazetteer names it missed."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from streams.enrich.entities import gazetteer
from streams.enrich.entities.ids import key
from streams.enrich.entities.lexicon import EPONYM_IDIOMS, ORG_HEADS, TITLES
from streams.enrich.nlp import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

# OntoNotes labels that name things; dates, times, numbers and amounts are dropped.
KEPT_TYPES = frozenset({
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW",
    "LANGUAGE",
})
MODEL_WEIGHT = 1.0
# An initial before a name ("U. Chandana") is nearly proof of a person.
INITIAL_WEIGHT = 2.0
# A line is a headline in capitals when this share of its letters is upper case.
CAPS_SHARE = 0.8
# Longest gazetteer name tried, in tokens ("Saint Vincent and the Grenadines" is 5).
MAX_NGRAM = 5
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_BRACKETS = frozenset({"(", ")", "[", "]", ":", "|", "/"})
_NUMBERED_TYPES = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "FAC"})
INITIAL = re.compile(r"[A-Z]\.")
# Case matters for "the": "The Hague" keeps its article, "the Kremlin" loses it.
_EDGE_JUNK = frozenset({"the", "'s", "’s", "'", "’", "-", "--", ",", ".", ":", ";", '"', "(", ")"})


@dataclass(slots=True)
class Mention:
    start: int  # code-point offsets into the text, end exclusive
    end: int
    text: str
    tok_start: int  # token offsets into the parse; -1 for mentions found by string search
    tok_end: int
    votes: Counter[str] = field(default_factory=Counter)


def model_mentions(parsed: Doc) -> list[Mention]:
    """The model's name-like entities, split at line breaks and dashes, then trimmed."""
    found: list[Mention] = []
    caps_lines: dict[int, bool] = {}
    text = text_of(parsed)
    for ent in parsed.ents:
        if ent.label_ not in KEPT_TYPES:
            continue
        # In all-caps headlines the model runs names into the words around them ("JAPAN
        # WIN AGAIN"); unknown multi-word spans there are dropped and recall adds back
        # the names the article spells out elsewhere.
        if (
            len(ent) > 1
            and in_caps_line(text, ent.start_char, caps_lines)
            and gazetteer.lookup(ent.text) is None
        ):
            continue
        for first, last in _pieces(parsed, ent.start, ent.end, ent.label_):
            first, last = _trim(parsed, first, last, ent.label_)
            if first >= last:
                continue
            name = parsed[first:last].text
            # A name has letters: "3 0 2 1" is a table row, and "J." alone is no name.
            if INITIAL.fullmatch(name) or not any(c.isalpha() for c in name):
                continue
            if ent.label_ in ("PERSON", "ORG") and _leads_with_nationality(parsed, first, last):
                nationality = make_mention(parsed, first, first + 1)  # "Australian Tom Moody"
                nationality.votes["NORP"] += MODEL_WEIGHT
                found.append(nationality)
                first += 1
            if ent.label_ == "PERSON":
                first = _person_start(parsed, first, last, found)
            if _is_row_label(parsed, first, last) or _in_idiom(parsed, first, last):
                continue
            initial = (
                first > 0
                and INITIAL.fullmatch(parsed[first - 1].text) is not None
                and not (found and found[-1].tok_end >= first)
            )
            mention = make_mention(parsed, first - initial, last)  # "U. Chandana"
            initialled = initial or (
                ent.label_ in ("PERSON", "ORG") and _opens_with_initial(parsed, first, last)
            )
            mention.votes[ent.label_] += MODEL_WEIGHT
            mention.votes["PERSON"] += INITIAL_WEIGHT * initialled
            found.append(mention)
    return found


def _in_idiom(parsed: Doc, first: int, last: int) -> bool:
    """ "Pandora's box", "Achilles' heel": a name in a set phrase names nothing."""
    after = parsed[last:last + 2]
    return (
        last - first == 1 and len(after) == 2 and after[0].lower_ in ("'s", "'", "’s", "’")
        and (parsed[first].lower_, after[1].lower_) in EPONYM_IDIOMS
    )


def _opens_with_initial(parsed: Doc, first: int, last: int) -> bool:
    """ "T. Ashdown", which the model may call ORG; not "S. African". Callers ask only of
    PERSON and ORG spans, since "S. Korea" is no gazetteer name."""
    rest = parsed[first + 1:last]
    return (
        len(rest) > 0 and INITIAL.fullmatch(parsed[first].text) is not None
        and gazetteer.lookup(rest.text) is None and not gazetteer.is_demonym(rest[0].text)
    )


def _leads_with_nationality(parsed: Doc, first: int, last: int) -> bool:
    return (
        last - first >= 3
        and gazetteer.is_demonym(parsed[first].text)
        and parsed[last - 1].lower_ not in ORG_HEADS
    )


def _person_start(parsed: Doc, first: int, last: int, found: list[Mention]) -> int:
    """Where a person's name starts: the model often splits or misses the first name.

    A proper noun right before the name ("Guido Fulst", or "Ogun" tagged apart) is the
    first name.
    """
    if first == 0 or parsed[first - 1].whitespace_ != " ":
        return first
    before = parsed[first - 1]
    if (
        before.tag_ != "NNP"
        or not before.is_title
        or before.lower_ in TITLES
        or gazetteer.is_demonym(before.text)  # "Australian Tom Moody": kept apart
    ):
        return first
    if found and found[-1].tok_end == first:
        previous = found.pop()  # the first name, mislabelled on its own
        if gazetteer.lookup(previous.text) is not None and previous.votes["PERSON"] == 0:
            found.append(previous)
            return first
    return first - 1


def _is_row_label(parsed: Doc, first: int, last: int) -> bool:
    """A capitalised word opening a line before a colon ("Attendance: 20,000") is a label."""
    opens_line = first == 0 or parsed[first - 1].is_space
    after = parsed[last] if last < len(parsed) else None
    return (
        last - first == 1 and opens_line and after is not None and after.text == ":"
        and gazetteer.lookup(parsed[first].text) is None
    )


def gazetteer_mentions(parsed: Doc, taken: list[bool]) -> list[Mention]:
    """Names from the gazetteer on tokens no model entity covers, longest match first."""
    table = gazetteer.entries()
    # Joined token strings key the same as Span texts, without building a Span per n-gram.
    texts = [t.text_with_ws for t in parsed]
    found = []
    i, n = 0, len(parsed)
    while i < n:
        word = texts[i].rstrip()
        if taken[i] or not (word[:1].isupper() or word in gazetteer.NEWS_AGENCIES):
            i += 1
            continue
        for size in range(min(MAX_NGRAM, n - i), 0, -1):
            if any(taken[i:i + size]):
                continue
            entry = table.get(key("".join(texts[i:i + size])))
            if entry is not None and entry.recall:  # its votes are added with everyone's
                found.append(make_mention(parsed, i, i + size))
                i += size - 1
                break
        i += 1
    return found


def make_mention(parsed: Doc, first: int, last: int) -> Mention:
    span = parsed[first:last]
    return Mention(span.start_char, span.end_char, span.text, first, last)


def _pieces(parsed: Doc, first: int, last: int, label: str) -> list[tuple[int, int]]:
    """Token ranges between separators: a name never spans a line break or a spaced dash,
    and only works, products, events and laws have numbers inside ("Leeds 2 Chelsea")."""
    pieces, start = [], first
    numbered = label in _NUMBERED_TYPES
    for i in range(first, last):
        token = parsed[i]
        spaced_dash = token.text in _DASHES and i > 0 and bool(parsed[i - 1].whitespace_)
        number = not numbered and has_digit(token.text) and not token.is_alpha
        if token.is_space or spaced_dash or number or token.text in _BRACKETS:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, last))
    return [(a, b) for a, b in pieces if a < b]


def _trim(parsed: Doc, first: int, last: int, label: str) -> tuple[int, int]:
    # A person's leading title ("President") is evidence, not part of the name; only for
    # persons, since in "General Motors" it is the name. Digits end names only in works,
    # products, events and laws ("Apollo 11"); elsewhere they are scores and figures.
    person, numbered = label == "PERSON", label in _NUMBERED_TYPES
    # "The" opening a sentence is not part of a name, unless the name is "The Hague".
    if parsed[first].text == "The" and gazetteer.lookup(parsed[first:last].text) is None:
        first += 1
    while first < last and (
        parsed[first].text in _EDGE_JUNK
        or (person and parsed[first].lower_ in TITLES)
        or (not numbered and has_digit(parsed[first].text))
    ):
        first += 1
    while last > first and (
        parsed[last - 1].text in _EDGE_JUNK
        or (not numbered and has_digit(parsed[last - 1].text))
    ):
        last -= 1
    return first, last


def has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def in_caps_line(text: str, pos: int, cache: dict[int, bool]) -> bool:
    """Whether the line around `pos` is set in capitals (a headline); memoised per line."""
    line_start = text.rfind("\n", 0, pos) + 1
    if line_start not in cache:
        line_end = text.find("\n", pos)
        line = text[line_start:line_end if line_end != -1 else len(text)]
        letters = [c for c in line if c.isalpha()]
        cache[line_start] = bool(letters) and (
            sum(c.isupper() for c in letters) >= CAPS_SHARE * len(letters)
        )
    return cache[line_start]
