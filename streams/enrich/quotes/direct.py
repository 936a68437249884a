"""Direct quotes: quoted regions that stand as speech, with the cue that frames them.

A region is speech when it opens a sentence and reads as one (ends in punctuation or is
followed by a cue), or when a colon or a cue-and-comma introduces it. Other regions are
scare quotes, titles or fragments of reported speech (the indirect module makes those
mixed quotes). A region with no cue of its own that follows a framed quote in the same
paragraph, separated only by that cue clause, is the next fragment of a split quote: the
quote keeps its fragments apart, so a long clause between them costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from streams.enrich.document import Span
from streams.enrich.nlp import text_of
from streams.enrich.quotes.cues import is_quote_cue
from streams.enrich.quotes.frames import Frame, frame_of, subject_of
from streams.enrich.quotes.marks import CLOSING_CHARS, Region, is_invisible, word_count

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A sentence end, but not the period of a title before a name ("Gov. Ruiz replied").
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bGov)(?<!\bSen)"
    r"(?<!\bRep)(?<!\bGen)(?<!\bLt)(?<!\bCol)(?<!\bSgt)(?<!\bRev)(?<!\bSec)"
    r"(?<!\bJr)(?<!\b[A-Z])"  # nor an initial ("Harry M. Reid said")
    # nor a party and state ("Reid (D-Nev.) said")
    r"(?<!\([A-Z]-[A-Z][a-z])(?<!\([A-Z]-[A-Z][a-z]{2})(?<!\([A-Z]-[A-Z][a-z]{3})"
    r"[.?!][\"”’»)']*\s+")
_SPEECH_END = tuple(".,?!…—-:;")
# A quote that closes its own sentence inside the marks is a whole utterance.
_UTTERANCE_END = tuple(".?!")
# A split quote resumes after its cue clause ends: "…,” he said, “…" or "he said. “…".
_RESUME = tuple(",.:;—–-")
# A connective opening the sentence after a cue clause ("…,” he said. Instead, “…"): the
# quote goes on.
_CONNECTIVE = re.compile(r"(?<=[.])\s+[A-Z][a-z]+(?: [a-z]+)?,\s*$")
# A headline's byline ("“Costs soar,” by the Post's Ann Lee: “…"): the quote after it is an
# excerpt of that piece, which nobody says.
_BYLINE = re.compile(r",?\s*by\s[^:]{3,80}:$")
# A quote framed by nothing but commas needs enough words to read as speech.
_MIN_COMMA_WORDS = 6
# How far back (characters) the sentence leading into a quote is looked for.
_MAX_LEAD = 600


class Pieced:
    """A quote made of quoted pieces in order; its span runs from the first to the last."""

    __slots__ = ()
    pieces: Sequence[tuple[int, int]]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


@dataclass(slots=True)
class DirectQuote(Pieced):
    pieces: list[tuple[int, int]]  # more than one when split
    frame: Frame | None
    last: Region
    mixed: bool = False  # begins with the writer's words, which the span holds too


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", max(0, pos - _MAX_LEAD), pos) + 1


def _lead(text: str, region: Region, floor: int) -> str:
    """The sentence so far before the region's opening mark; for a quote that opens its
    paragraph after one ending in a colon ("Trump added:"), that paragraph's last sentence."""
    floor = max(floor, region.open - _MAX_LEAD)  # bounded work on runaway paragraphs
    start = _line_start(text, region.open)
    if not text[start : region.open].strip():
        before = text[floor : start].rstrip()
        if before.endswith(":"):
            start = _line_start(text, floor + len(before))
    lead = text[max(floor, start) : region.open]
    ends = [m.end() for m in _SENTENCE_END.finditer(lead)]
    lead = lead[ends[-1] :] if ends else lead
    # a direction mark pasted before a quote is no word of the writer's
    k = 0
    while k < len(lead) and (lead[k].isspace() or is_invisible(lead[k])):
        k += 1
    return lead[k:]


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
    newline = text.find("\n", region.close, next_open)
    end = next_open if newline < 0 else newline
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
        trail = text[region.close + 1 : trail_end]
        # "… ” Ruiz said: “…": a cue ending in a colon introduces the next quote
        trail_cue = (None if trail.rstrip().endswith(":")
                     else _cue_in(doc, region.close + 1, trail_end, last=False))
        if trail_cue is not None and trail_end == next_open and _introduces_next(
                trail, content, trail_cue, region.close + 1):
            trail_cue = None
        lead = _lead(text, region, floor)
        lead_cue = _cue_in(doc, region.open - len(lead), region.open, last=True)
        stripped = lead.strip()
        listed = not stripped and _listed(text, regions[k - 1], region) if k else False
        prev = quotes[-1] if quotes else None
        # a trailing cue with its own clause ("… now.” Ruiz said he …") reports that clause
        reports_clause = trail_cue is not None and _reports_after(trail_cue, trail_end)
        if _continues(text, prev, region, None if reports_clause else trail_cue, lead_cue):
            assert prev is not None
            prev.pieces.append((region.open, region.end))
            prev.last = region
        elif not listed and _is_speech(stripped, content, words, trail_cue, lead_cue,
                                       trail):
            # a cue right before the opening mark frames it, whatever follows the quote
            leads_in = lead_cue is not None and stripped.endswith(lead_cue.text)
            cue = lead_cue if leads_in else trail_cue or lead_cue
            # lead and trail lie between regions, so the cue is never inside a quote
            frame = frame_of(cue) if cue is not None else _label_frame(doc, stripped, region)
            if stripped and lead_cue is None and trail_cue is not None \
                    and not stripped.endswith(":"):
                # "After the vote, “we regrouped,” she said": the quote finishes a sentence
                # the writer began, and the report is all of it, marks included
                start = region.open - len(lead.lstrip())
                quotes.append(DirectQuote([(start, region.end)], frame, region, mixed=True))
            else:
                quotes.append(DirectQuote([(region.open, region.end)], frame, region))
        floor = region.close + 1
    return quotes


def _reports_after(cue: Token, end: int) -> bool:
    return any(c.dep_ == "ccomp" and c.i > cue.i and c.idx < end for c in cue.children)


def _introduces_next(trail: str, content: str, cue: Token, start: int) -> bool:
    """Is a cue clause that runs up to the next quote that quote's, not the one before it?
    It is after a quote that closed its sentence when other words lead the clause: "…
    done.” Of the plan, Ruiz said, “…" (but not "“We lost,” Ruiz said, “but …" nor
    "“Out!” she wrote, adding “…")."""
    if not (trail.rstrip().endswith(",") and content.endswith(_UTTERANCE_END)):
        return False
    subject = subject_of(cue)
    first = subject.left_edge.idx if subject is not None else cue.idx
    return bool(text_of(cue.doc)[start:first].strip())


def _listed(text: str, prev: Region, region: Region) -> bool:
    """`“Law,” “Order”`: right after another region in the same sentence, it is a list."""
    gap = text[prev.close + 1 : region.open]
    content = text[prev.content_start : prev.content_end].rstrip()
    return not gap.strip() and "\n" not in gap and not content.endswith((".", "?", "!"))


def _label_frame(doc: Doc, lead: str, region: Region) -> Frame | None:
    """Headline style "Kasich: ‘We Go On’": the name before the colon says it."""
    if not lead.endswith(":"):
        return None
    colon = text_of(doc).rfind(":", max(0, region.open - _MAX_LEAD), region.open)
    span = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if span is None or span.start == 0 or doc[span.start - 1].pos_ != "PROPN":
        return None
    return Frame(Span(colon, colon + 1, ":"), doc[span.start - 1], None, None)


def _is_speech(lead: str, content: str, words: int, trail_cue: Token | None,
               lead_cue: Token | None, tail: str) -> bool:
    if not lead:
        return trail_cue is not None or (words >= 3 and content.endswith(_SPEECH_END))
    if lead.endswith(":"):
        return (words >= 2 or trail_cue is not None) and not _BYLINE.match(lead)
    if lead_cue is not None and lead.endswith(lead_cue.text):
        # "he said “…”." and "she declared “We won!” and left" are speech; "he said “…”
        # because …" is a mixed quote
        return words >= 2 and (not tail.strip(" .,;:!?\"”’»)'")
                               or content.endswith(_UTTERANCE_END))
    if lead.endswith(","):
        return lead_cue is not None or (words >= _MIN_COMMA_WORDS and content.endswith(_SPEECH_END))
    return False


def _continues(text: str, prev: DirectQuote | None, region: Region, trail_cue: Token | None,
               lead_cue: Token | None) -> bool:
    """Is `region` more of `prev`: a split quote's second fragment, or the same speaker
    going on after the cue clause, in the same paragraph or in a paragraph that opens on
    the quote right after the one the cue clause closes? Either way it has no cue of its
    own."""
    if prev is None or trail_cue is not None:
        return False
    gap = text[prev.last.close + 1 : region.open]
    if not gap.strip():
        return lead_cue is None
    if prev.frame is None or not is_interruption(_CONNECTIVE.sub("", gap)):
        return False
    if "\n" in gap and not closes_paragraph(gap):
        return False
    cue = prev.frame.cue
    own_cue = lead_cue is not None and not cue.start <= lead_cue.idx < cue.end
    return not own_cue and prev.last.close < cue.start < region.open


def is_interruption(gap: str) -> bool:
    """Can `gap` be a split quote's interruption? One sentence, however long (a split
    quote's fragments leave it out), that ends where a quote resumes, perhaps after a title
    ("he said on “Meet the Press.” “…"; not "he said on ABC’s “This Week”")."""
    clause = gap.strip()
    return (_SENTENCE_END.search(clause) is None
            and clause.rstrip(CLOSING_CHARS).endswith(_RESUME))


def closes_paragraph(gap: str) -> bool:
    """`” Ruiz told RTL.⏎⏎“`: one sentence that ends its paragraph, then only the break."""
    clause, _, rest = gap.partition("\n")
    clause = clause.strip()
    return (not rest.strip() and clause.endswith(".")
            and _SENTENCE_END.search(clause[:-1] + " ") is None)
