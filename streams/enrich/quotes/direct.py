"""Direct quotes: quoted regions that stand as speech, with the cue that frames them.

A region is speech when it opens a sentence and reads as one (ends in punctuation or is
followed by a cue), or when a colon or a cue-and-comma introduces it. Other regions are
scare quotes, titles or fragments of reported speech (the indirect module makes those
mixed quotes). A region with no cue of its own that follows a framed quote in the same
paragraph, separated only by that cue clause, is the second fragment of a split quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from streams.enrich.quotes.cues import is_quote_cue
from streams.enrich.quotes.frames import Frame, frame_of
from streams.enrich.quotes.marks import Region, word_count

_SENTENCE_END = re.compile(r"[.?!][\"”’»)]*\s+")
_SPEECH_END = tuple(".,?!…—-:;")
# A split quote's interruption ("Scholz told RTL on Monday") is a short clause.
_MAX_GAP_WORDS = 25
# A quote framed by nothing but commas needs enough words to read as speech.
_MIN_COMMA_WORDS = 6


@dataclass(slots=True)
class DirectQuote:
    start: int
    end: int
    frame: Frame | None
    last: Region


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _lead(text: str, region: Region, floor: int) -> str:
    """The sentence so far before the region's opening mark."""
    lead = text[max(floor, _line_start(text, region.open)) : region.open]
    ends = [m.end() for m in _SENTENCE_END.finditer(lead)]
    return lead[ends[-1] :] if ends else lead


def _cue_in(doc: Doc, start: int, end: int, last: bool) -> Token | None:
    """The first (or last) framing cue verb among the tokens in [start, end)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    found = [t for t in span if is_quote_cue(t)]
    if not found:
        return None
    return found[-1] if last else found[0]


def _trail_end(text: str, region: Region, next_open: int) -> int:
    end = min(next_open, _line_end(text, region.close))
    m = _SENTENCE_END.search(text, region.close + 1, end)
    return m.start() + 1 if m else end


def find_direct(text: str, doc: Doc, regions: list[Region]) -> list[DirectQuote]:
    quotes: list[DirectQuote] = []
    floor = 0
    for k, region in enumerate(regions):
        content = text[region.content_start : region.content_end].strip()
        words = word_count(content)
        if words == 0:
            floor = region.close + 1
            continue
        next_open = regions[k + 1].open if k + 1 < len(regions) else len(text)
        trail_end = _trail_end(text, region, next_open)
        trail_cue = _cue_in(doc, region.close + 1, trail_end, last=False)
        lead = _lead(text, region, floor)
        lead_cue = _cue_in(doc, region.open - len(lead), region.open, last=True)
        stripped = lead.strip()
        # `“Law,” “Order”`: right after another region in the same sentence, it is a list
        listed = not stripped and len(_lead(text, region, 0)) > len(lead)
        prev = quotes[-1] if quotes else None
        if _continues(text, prev, region, trail_cue, lead_cue):
            assert prev is not None
            prev.end, prev.last = region.content_end, region
        elif not listed and _is_speech(stripped, content, words, trail_cue, lead_cue,
                                       text[region.close + 1 : trail_end]):
            cue = trail_cue or lead_cue
            # lead and trail lie between regions, so the cue is never inside a quote
            frame = frame_of(cue) if cue is not None else None
            quotes.append(DirectQuote(region.content_start, region.content_end, frame, region))
        floor = region.close + 1
    return quotes


def _is_speech(lead: str, content: str, words: int, trail_cue: Token | None,
               lead_cue: Token | None, tail: str) -> bool:
    if not lead:
        return trail_cue is not None or (words >= 3 and content.endswith(_SPEECH_END))
    if lead.endswith(":"):
        return words >= 2 or trail_cue is not None
    if lead_cue is not None and lead.endswith(lead_cue.text):
        # "he said “…”." is speech; "he said “…” because …" is a mixed quote
        return words >= 2 and not tail.strip(" .,;:!?\"”’»)")
    if lead.endswith(","):
        return lead_cue is not None or (words >= _MIN_COMMA_WORDS and content.endswith(_SPEECH_END))
    return False


def _continues(text: str, prev: DirectQuote | None, region: Region, trail_cue: Token | None,
               lead_cue: Token | None) -> bool:
    """Is `region` more of `prev`: a split quote's second fragment, or the same speaker
    going on (in the same or the next paragraph) after the cue clause? Either way it has no
    cue of its own."""
    if prev is None or trail_cue is not None:
        return False
    gap = text[prev.last.close + 1 : region.open]
    if not gap.strip():
        return lead_cue is None
    if prev.frame is None or "\n" in gap or word_count(gap) > _MAX_GAP_WORDS:
        return False
    cue = prev.frame.cue
    own_cue = lead_cue is not None and not cue.start <= lead_cue.idx < cue.end
    return not own_cue and prev.last.close < cue.start < region.open
