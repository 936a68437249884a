"""How central an entity is to its article, in [0, 1].

    salience = 0.5 * frequency + 0.3 * earliness + 0.2 * prominence

frequency  = the entity's mentions / the most mentions any entity in the article has;
earliness  = 1 - (offset of its first mention / length of the text);
prominence = 1 if it is named in the title or the lead (the first paragraph, at most
             LEAD_CHARS characters), else 0.

Frequency dominates because news repeats what it is about; earliness and the lead break
ties the way an editor orders a story.
"""

from __future__ import annotations

from streams.enrich.document import Span

FREQUENCY_WEIGHT = 0.5
EARLINESS_WEIGHT = 0.3
PROMINENCE_WEIGHT = 0.2
LEAD_CHARS = 500


def lead_end(text: str) -> int:
    """Where the first paragraph ends: the first line break after some text, capped."""
    body = len(text) - len(text.lstrip())
    newline = text.find("\n", body)
    end = newline if newline != -1 else len(text)
    return min(end, body + LEAD_CHARS)


def salience(
    mentions: list[Span],
    most_mentions: int,
    text_length: int,
    lead: int,
    in_title: bool,
) -> float:
    if not mentions:
        return 0.0
    frequency = len(mentions) / max(most_mentions, 1)
    first = min(m.start for m in mentions)
    earliness = 1.0 - first / max(text_length, 1)
    prominent = in_title or first < lead
    score = (
        FREQUENCY_WEIGHT * frequency
        + EARLINESS_WEIGHT * earliness
        + PROMINENCE_WEIGHT * prominent
    )
    return round(min(max(score, 0.0), 1.0), 4)
