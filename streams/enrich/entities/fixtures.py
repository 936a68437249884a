"""Sports results: in fixtures, scores and standings, a place name stands for its team.

News wires print results as rows ("Leeds 2 Chelsea 1", "Norwich 4 3 0 1 5 3 9") and
fixtures as "Durham v Kent" or, in capitals, "BOSTON AT OAKLAND". There a city or county
is a club (an organisation), and the model, which reads it as a place or misses it, is
overruled. Countries stay countries: a national side is named for its country.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from streams.enrich.entities import gazetteer
from streams.enrich.entities.mentions import Mention, make_mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

FIXTURE_WEIGHT = 3.0
VERSUS = frozenset({"v", "v.", "vs", "vs."})
# "at" joins two teams only in all-caps fixture lines ("HOUSTON AT PITTSBURGH").
CAPS_VERSUS = "AT"
MAX_TEAM_WORDS = 3
# Scores and table columns have at most three digits; four are a year ("LONDON 1996-08-30").
_SCORE = re.compile(r"\d{1,3}(-\d{1,3})?")


def in_fixture(parsed: Doc, first: int, last: int, strict: bool = False) -> bool:
    """Whether tokens [first, last) sit where a team's name goes in a result or fixture.

    `strict` asks for a name between two scores or beside "v": a row that merely opens
    with a name and a number can be an athlete's ("Ian Woosnam 70 68").
    """
    before = parsed[first - 1] if first > 0 else None
    after = parsed[last] if last < len(parsed) else None
    for token in (before, after):
        if token is not None and (token.lower_ in VERSUS or token.text == CAPS_VERSUS):
            return True
    # "Leeds 2 Chelsea 1": a score right after the name, and the name opens the line or
    # follows another score.
    after_score = before is not None and _is_score(before.text)
    opens_row = after_score or (not strict and (before is None or before.is_space))
    return opens_row and after is not None and _is_score(after.text)


def fixture_mentions(parsed: Doc, taken: list[bool]) -> list[Mention]:
    """Teams the model missed in result rows and fixtures, as organisations."""
    found = []
    i, n = 0, len(parsed)
    while i < n:
        last = i
        while last < n and last - i < MAX_TEAM_WORDS and not taken[last] and _is_name(parsed, last):
            last += 1
        if last > i and in_fixture(parsed, i, last):
            mention = make_mention(parsed, i, last)
            # National sides keep their country's type; the gazetteer votes for it later.
            if gazetteer.lookup(mention.text) is not gazetteer.COUNTRY:
                mention.votes["ORG"] += FIXTURE_WEIGHT
            found.append(mention)
            taken[i:last] = [True] * (last - i)
        i = max(last, i + 1)
    return found


def _is_name(parsed: Doc, i: int) -> bool:
    token = parsed[i]
    return token.is_alpha and token.text[0].isupper() and token.text != CAPS_VERSUS


def _is_score(text: str) -> bool:
    return _SCORE.fullmatch(text) is not None
