"""People named in full: runs of capitalised words that are a person's name.

The model misses names in results and line-ups, splits them ("Steffi" / "Graf") and runs
them into the words around them ("Democrat Walter Mondale", "Tom Ek and Ana Roy"). A run
is a person's name when it opens with a known given name, or when a result or scorecard
marks it as a player's: a country, a minute, a cricket dismissal or bowling figures.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from streams.enrich.entities import gazetteer
from streams.enrich.entities.gazetteer import is_first_name
from streams.enrich.entities.lexicon import EVENT_HEADS, ORG_HEADS, PLACE_HEADS, TITLES
from streams.enrich.entities.mentions import INITIAL, Mention, make_mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A run outvotes one model label (1.0) on the same words.
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


def name_mentions(parsed: Doc, found: list[Mention]) -> list[Mention]:
    """The model's mentions `found`, with people's names made whole.

    Each name run replaces the model's spans inside it ("Steffi" alone) and spans that
    only join it to glue words ("Laurent Ek and Paul Roy", "Centre Tom Ek", a person's
    "Democrat Walter Mondale"). A run inside another name leaves that name alone ("San
    Diego Padres", "Italian Roman Catholic").
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
            (first <= m.tok_start and m.tok_end <= last) or _wraps(parsed, m, in_run)
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
    tokens = list(parsed)  # indexing a Doc builds a new Token each time
    capital = [_is_run_word(t) for t in tokens]
    runs = []
    i, n = 0, len(tokens)
    while i < n:
        # A title opens no name, but "King" ends "Billie Jean King".
        if not capital[i] or tokens[i].lower_ in TITLES:
            i += 1
            continue
        last = i + 1
        while last < n and (capital[last] or _joins(tokens, last, capital)):
            last += 1
        start = next((j for j in range(i, last) if is_first_name(tokens[j].text)), last)
        if 2 <= last - start <= MAX_NAME_WORDS and _plain_name(parsed, start, last):
            runs.append((i, start, last))
        elif last - i <= MAX_NAME_WORDS and _noted(parsed, i, last):
            runs.append((i, i, last))
        i = last
    return runs


def _is_run_word(token: Token) -> bool:
    """A capitalised word; hyphenated parts are capitalised in names ("Anne-Marie"), not
    in "Kong-based"."""
    text = token.text
    return (
        len(text) > 1 and text[0].isupper() and any(c.islower() for c in text)
        and all(c.isalpha() or c == "'" for c in text.replace("-", ""))
        and all(part[:1].isupper() for part in text.split("-"))
        and token.lower_ not in gazetteer.CALENDAR_WORDS
    )


def _joins(tokens: list[Token], i: int, capital: list[bool]) -> bool:
    """A particle before a name word ("de Boer"), or an unspaced hyphen and the word after
    it ("Kim In-so", "Ata-ur-Rehman"); `i` > 0."""
    token, before = tokens[i], tokens[i - 1]
    following = i + 1 < len(tokens)
    if token.lower_ in PARTICLES:
        return following and capital[i + 1]
    if token.text == "-":
        unspaced = not token.whitespace_ and not before.whitespace_
        return unspaced and following and tokens[i + 1].is_alpha
    return before.text == "-" and not before.whitespace_ and token.is_alpha


def _plain_name(parsed: Doc, first: int, last: int) -> bool:
    """Not an organisation ("Walter Reed Bank"), a place ("Ellis Park", "Hong Kong Open")
    or an event ("Davis Cup")."""
    head = parsed[last - 1].lower_
    if head in ORG_HEADS or head in PLACE_HEADS or head in EVENT_HEADS:
        return False
    prefixes = (parsed[first:end].text for end in range(first + 1, last + 1))
    return all(gazetteer.lookup(prefix) is None for prefix in prefixes)


def _noted(parsed: Doc, first: int, last: int) -> bool:
    """Results and scorecards mark players' names: a country ("Tom Ek ( Norway )"), a
    minute ("Diaz ( 31st )", "Diaz 46th ,"), cricket's "c Ek b Roy 12" (caught by Ek,
    bowled by Roy) and bowling figures ("Roy 10-1-42-3")."""
    before = parsed[first - 1].text if first > 0 else ""
    note = parsed[last:last + 3]
    after = note[0].text if note else ""
    bracket = after == "(" and len(note) >= 2
    if bracket:
        inner = note[1].text
    elif len(note) >= 2 and note[1].text != "-":  # "Diaz 46th ,", not "The 11th-seeded"
        inner = after
    else:
        inner = ""
    if (before in DISMISSALS and (after in DISMISSALS or after.isdigit())) or FIGURES.fullmatch(
        after
    ):
        marked = True
    elif ORDINAL.fullmatch(inner):
        proper = all(t.tag_ in ("NNP", "NNPS") for t in parsed[first:last] if t.is_alpha)
        marked = proper and (last - first > 1 or gazetteer.lookup(parsed[first].text) is None)
    else:
        marked = (
            last - first > 1 and bracket and len(note) == 3 and note[2].text == ")"
            and gazetteer.lookup(inner) is gazetteer.COUNTRY
        )
    return marked and _plain_name(parsed, first, last)
