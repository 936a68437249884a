"""Article-level resolution: mentions become entities with one voted type.

1. Candidates: the model's spans (split and trimmed, and people's names made whole: see
   `names`), plus what it missed: initials with a surname, people in lists of people,
   teams in result rows, gazetteer names. Each carries
   votes: the model's label (1.0), context rules (titles, speech verbs, datelines, ...),
   and the gazetteer, which counts once per name however often it occurs.
2. Grouping: mentions with the same `key()` are one entity; a short name that ends a longer
   one ("Scholz" / "Olaf Scholz"), opens a person's name written family name first
   ("Wang" / "Wang Donghai") or spells its initials ("EU" / "European Union") joins it
   when that longer name is the only candidate.
3. Typing: the entity takes the type with the most votes over all its mentions, so one
   mislabelled mention is outvoted by the rest of the article; a lone place name that
   only the model calls a person ("Kent") is the place.
4. Recall: later occurrences of a name already found (and its upper-case form in all-caps
   headlines) become mentions too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from streams.enrich.entities import gazetteer
from streams.enrich.entities.context import context_votes
from streams.enrich.entities.fixtures import fixture_mentions
from streams.enrich.entities.ids import key
from streams.enrich.entities.lexicon import ORG_HEADS
from streams.enrich.entities.mentions import (
    MODEL_WEIGHT,
    Mention,
    gazetteer_mentions,
    model_mentions,
)
from streams.enrich.entities.names import name_mentions
from streams.enrich.entities.people import initial_mentions, list_mentions
from streams.enrich.entities.recall import recall

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Votes for "person" each time a longer name's last word is used on its own.
SURNAME_WEIGHT = 1.0
GAZ_SCALE = 2.0
# Bounds the work on huge inputs: mentions past this many are ignored.
MAX_MENTIONS = 5000
_SKIP_IN_INITIALS = frozenset({"of", "the", "and", "for", "de", "du", "la", "&"})


@dataclass(slots=True)
class Group:
    """One entity under construction."""

    mentions: list[Mention]
    votes: Counter[str] = field(default_factory=Counter)
    type: str = ""

    @property
    def tokens(self) -> list[str]:
        return key(canonical_name(self)).split()


def resolve(text: str, parsed: Doc) -> list[Group]:
    """The typed entities of one article, each with all its mentions in text order."""
    found = name_mentions(parsed, model_mentions(parsed)[:MAX_MENTIONS])
    taken = [False] * len(parsed)
    for m in found:
        taken[m.tok_start:m.tok_end] = [True] * (m.tok_end - m.tok_start)
    found += initial_mentions(parsed, taken)
    found += list_mentions(parsed, taken, found)
    found += fixture_mentions(parsed, taken)
    found += gazetteer_mentions(parsed, taken)[: MAX_MENTIONS - len(found)]
    listed: dict[str, Counter[str]] = {}
    for m in found:
        entry = gazetteer.lookup(m.text)
        # A name the model calls a person keeps that reading against a same-named town.
        weak_town = entry is gazetteer.SMALL_CITY_ENTRY and "PERSON" in m.votes
        gazetteer_vote = Counter({entry.type: entry.weight} if entry and not weak_town else {})
        label = max(m.votes + gazetteer_vote, key=(m.votes + gazetteer_vote).__getitem__)
        m.votes.update(context_votes(parsed, m.tok_start, m.tok_end, label, entry))
        listed.setdefault(key(m.text), gazetteer_vote)
    groups = _link(_group(found))
    for g in groups:
        # The lists vouch once per name, however often it occurs; each mention's own
        # context is separate evidence.
        for name in {key(m.text) for m in g.mentions}:
            g.votes.update(listed[name])
        for m in g.mentions:
            g.votes.update(m.votes)
        # Ties go to the label seen first, which is the model's on the first mention.
        g.type = max(g.votes, key=lambda t: (g.votes[t], -list(g.votes).index(t)))
        place = _bare_place(g) if g.type == "PERSON" else None
        if place is not None:
            g.type = place.type
    recall(text, parsed, groups)
    for g in groups:
        g.mentions.sort(key=lambda m: m.start)
    return groups


def canonical_name(group: Group) -> str:
    """The fullest form: mixed case over all-caps, then most words, then longest."""
    best = max(
        group.mentions,
        key=lambda m: (not m.text.isupper(), len(m.text.split()), len(m.text), -m.start),
    )
    return best.text


def _group(mentions: list[Mention]) -> list[Group]:
    by_key: dict[str, Group] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        by_key.setdefault(key(m.text), Group([])).mentions.append(m)
    return list(by_key.values())


def _link(groups: list[Group]) -> list[Group]:
    """Fold short names into the one longer name they abbreviate; keeps first-seen order.

    Longer names are indexed by their last one or two words and by their initials, so
    the work stays linear in the number of names. A person's name that opens with a word
    that is no given name is also indexed by that word: it is the family name in names
    written family name first ("Wang Donghai" ... "Wang").
    """
    tokens = [g.tokens for g in groups]
    by_suffix: dict[tuple[str, ...], set[int]] = {}
    by_initials: dict[str, set[int]] = {}
    by_family: dict[tuple[str, ...], set[int]] = {}
    for j, long in enumerate(tokens):
        for size in range(1, min(len(long), 3)):
            by_suffix.setdefault(tuple(long[-size:]), set()).add(j)
        if len(long) >= 2:
            by_initials.setdefault(_initials(long), set()).add(j)
        if 2 <= len(long) <= 3 and _family_first(long) and _personal(groups[j]):
            by_family.setdefault(tuple(long[:1]), set()).add(j)
    merged_into: dict[int, int] = {}
    for i, short in enumerate(tokens):
        if not short or len(short) > 2 or _is_place(short):
            continue
        surname_of = by_suffix.get(tuple(short), set()) | by_family.get(tuple(short), set())
        candidates = (surname_of | by_initials.get(_acronym(groups[i]), set())) - {i}
        if len(candidates) != 1:
            continue  # unknown or ambiguous ("Smith" with two Smiths): leave it alone
        j = candidates.pop()
        while j in merged_into:
            j = merged_into[j]
        if j == i:
            continue
        if j in surname_of and tokens[j][-1] not in ORG_HEADS:
            groups[j].votes["PERSON"] += SURNAME_WEIGHT * len(groups[i].mentions)
        groups[j].mentions.extend(groups[i].mentions)
        merged_into[i] = j
    return [g for i, g in enumerate(groups) if i not in merged_into]


def _family_first(words: list[str]) -> bool:
    """Whether a name may be written family name first: it opens with no given name, and
    no word is a country, big city or nationality ("Rotor Volgograd", "Rwandan Hutu")."""
    return not gazetteer.is_first_name(words[0]) and not any(
        _is_place([w], strong=True) or gazetteer.is_demonym(w) for w in words
    )


def _personal(group: Group) -> bool:
    """Whether the votes of the group's mentions so far favour a person."""
    votes: Counter[str] = Counter()
    for m in group.mentions:
        votes.update(m.votes)
    return bool(votes) and max(votes, key=votes.__getitem__) == "PERSON"


def _bare_place(group: Group) -> gazetteer.Entry | None:
    """The place a one-word "person" names when only the model says it is a person.

    Articles introduce people by full name, title or context; a county or town on its own
    ("Kent", "Durham"), which sports copy uses for its team, is not a person. The price: a
    given name that is also a town, used alone with no such cue ("Nancy"), reads as the town.
    """
    name = canonical_name(group)
    entry = gazetteer.lookup(name)
    if entry is None or entry.type == "ORG" or len(name.split()) > 1:
        return None
    return entry if all(m.votes["PERSON"] <= MODEL_WEIGHT for m in group.mentions) else None


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in _SKIP_IN_INITIALS)


def _acronym(group: Group) -> str:
    """The group's name if it is written like an acronym ("EU", "NATO"), else ""."""
    text = canonical_name(group)
    return text.casefold() if text.isupper() and text.isalpha() and 2 <= len(text) <= 6 else ""


def _is_place(tokens: list[str], strong: bool = False) -> bool:
    """Whether the gazetteer lists the name as a place; `strong`: one it adds as a mention."""
    entry = gazetteer.entries().get(" ".join(tokens))
    return entry is not None and entry.type != "ORG" and (entry.recall or not strong)
