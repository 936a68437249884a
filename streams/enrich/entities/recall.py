"""Recall: occurrences of an entity's names that the model did not mark.

The model is inconsistent within an article: it may tag "Scholz" in one sentence and miss
it in the next, and all-caps headlines defeat it. Once a name is known in the article,
every other whole-word occurrence is a mention too, unless it sits inside a longer proper
name ("Scholz" in "Scholz Group") or could belong to two entities.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from streams.enrich.entities.lexicon import TITLES
from streams.enrich.entities.mentions import Mention, in_caps_line

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from streams.enrich.entities.resolve import Group

# Bounds the pattern on huge inputs: names beyond this many are not searched for.
MAX_NAMES = 500
_PROPER_TAGS = frozenset({"NNP", "NNPS"})


def recall(text: str, parsed: Doc, groups: list[Group]) -> None:
    """Add the missed occurrences of each group's names to that group, in place."""
    covered = bytearray(len(text))
    owners: dict[str, Group | None] = {}
    exact: set[str] = set()

    def own(name: str, group: Group) -> None:
        if len(name) >= 2 and not name.islower():
            folded = name.casefold()
            # A spelling used by two entities is ambiguous and is not searched for.
            owners[folded] = group if owners.get(folded, group) is group else None
            exact.add(name)

    for g in groups:
        for m in g.mentions:
            covered[m.start:m.end] = b"\x01" * (m.end - m.start)
            own(m.text, g)
    for g in groups:
        # A person named in full is named by surname later: "Olaf Scholz" ... "Scholz".
        words = max((m.text for m in g.mentions), key=len).split()
        if g.type == "PERSON" and len(words) >= 2 and words[-1].istitle():
            own(words[-1], g)
    names = [name for name, g in owners.items() if g is not None][:MAX_NAMES]
    if not names:
        return
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    caps_lines: dict[int, bool] = {}
    for match in pattern.finditer(text):
        start, end = match.span()
        if covered.find(1, start, end) != -1:
            continue
        found = match.group()
        in_caps = found.isupper() and in_caps_line(text, start, caps_lines)
        if found not in exact and not in_caps:
            continue  # other casings ("us" for "US") are different words
        if not in_caps and _inside_longer_name(parsed, start, end):
            continue
        group = owners.get(found.casefold())
        if group is None:
            continue  # IGNORECASE matched a form that case-folds differently ("ß")
        group.mentions.append(Mention(start, end, found, -1, -1))
        covered[start:end] = b"\x01" * (end - start)


def _inside_longer_name(parsed: Doc, start: int, end: int) -> bool:
    span = parsed.char_span(start, end)
    if span is None:
        return True  # cuts through a token ("Scholzes"): not this name
    for i in (span.start - 1, span.end):
        if 0 <= i < len(parsed):
            token = parsed[i]
            if token.tag_ in _PROPER_TAGS and token.lower_ not in TITLES:
                return True
    return False
