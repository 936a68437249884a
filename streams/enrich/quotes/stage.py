"""The quotes stage: direct, mixed and indirect quotes with their speakers.

Spans are content only, quotation marks included (as annotators mark them: without the two
marks a short quote's span drifts far from theirs): a direct quote's span runs from its
opening to its closing mark; a split or multi-paragraph quote is one Quote from its first
fragment's opening mark to its last fragment's closing mark, interruptions included; so
is a report ending in a quoted fragment that a direct quote resumes after its cue clause.
Such a quote lists its `fragments` (a piece per paragraph and between interruptions), which
leave the interruptions out. A mixed or indirect quote's span is the reported clause,
quoted fragments with their marks included; a cue clause set off by commas inside it ("The
plan, Ruiz said, is dead") makes it two fragments. Reported speech that repeats a direct
quote, or sits inside a quote or inside another report, is not listed again, and a report
ends before another cue's clause that leads into that cue's own quote ("…that costs
“rose,” adding, “We …”"). A direct quote that is only a fragment of a wider report becomes
that mixed quote, unless its own cue leads into it ("…, saying, “…”"), and so does one that
finishes a sentence the writer began ("After the vote, “we …,” she said").
The cue of a headline-style "Name: …" quote is the colon. Markup left in the text (a tag
and its attribute values) holds no quote and no cue.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from streams.enrich.document import Document, Quote, Span
from streams.enrich.nlp import parse
from streams.enrich.quotes.direct import (
    DirectQuote,
    Pieced,
    closes_paragraph,
    find_direct,
    is_interruption,
)
from streams.enrich.quotes.frames import Frame
from streams.enrich.quotes.indirect import Reported, find_reported
from streams.enrich.quotes.marks import CLOSING_CHARS, Region, find_regions, word_count
from streams.enrich.quotes.speakers import PeopleIndex, Person, resolve

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Item(Pieced):
    pieces: tuple[tuple[int, int], ...]
    frame: Frame | None
    kind: str


# A stretch of one line, trimmed: a piece spanning paragraphs is one fragment per paragraph.
_LINE = re.compile(r"\S(?:[^\n]*\S)?")

# Conjunctions by which the writer goes on after a cue clause: "…,” Lee said, and …".
_JOINING = frozenset(("and", "but", "or", "so", "yet"))

# A report must say this much besides the quoted fragments it holds to be a mixed quote.
_MIN_OUTSIDE_WORDS = 3

# A title in marks right after the kind of work it names ("his new book, “Crippled America,”";
# "on the podcast “Here’s the Thing”") or after its owner ("on CBS’s “Face the Nation”") names
# the work: nobody says it.
_WORK_KINDS = (r"(?:book|memoir|biography|novel|podcast|film|movie|documentary|album|song|series"
               r"|show|sitcom|play|musical|episode)")
_WORK_BEFORE = re.compile(rf"\b{_WORK_KINDS}\s*,?\s*$|\w[’']s\s*$", re.IGNORECASE)
# ... or right before it ("“Tales of the Deep,” an HBO series", "“Night Court” star Jo Lee").
_WORK_AFTER = re.compile(
    rf"[\s,]*(?:(?:an?|the|its|his|her)\s+(?:[\w’'-]+\s+){{0,3}}?{_WORK_KINDS}\b"
    r"|(?:star|host|creator|actor|actress|reboot|spinoff|episode)s?\b)", re.IGNORECASE)
_TITLE_SMALL_WORDS = frozenset(("a", "an", "the", "of", "to", "in", "on", "for", "and", "or",
                                "but", "at", "by", "with", "from", "as", "is"))

# A markup tag left in the text ("<tweet author="…">"): its quoted values and its name are
# not prose, though the parse reads "tweet" as a verb. Bounded, so that text full of "<" costs
# linear time.
_TAG = re.compile(r"</?[A-Za-z][\w:-]{0,40}(?:\s{1,9}[\w:-]{1,40}(?:\s?=\s?(?:\"[^\"<>]{0,300}\""
                  r"|'[^'<>]{0,300}'|[^\s<>]{1,300}))?){0,20}\s{0,9}/?>")

# What may stand between a quote's closing mark and the cue clause after it.
_BEFORE_CUE = frozenset(" ,;:\u2014\u2013-")


class QuoteStage:
    name = "quotes"

    def __call__(self, docs: Sequence[Document]) -> None:
        for doc, parsed in zip(docs, parse(docs), strict=True):
            doc.quotes = extract(doc, parsed)


def extract(doc: Document, parsed: Doc) -> list[Quote]:
    text = doc.text
    tags = [(m.start(), m.end()) for m in _TAG.finditer(text)]
    regions, titles = [], []
    for region in find_regions(text):
        if _overlaps_any(tags, region.open, region.end):
            continue
        (titles if _names_a_work(text, region) else regions).append(region)
    found = [_after_tag(tags, r) for r in find_reported(parsed)
             if not _overlaps_any(tags, r.frame.cue.start, r.frame.cue.end)]
    found = [r for r in found if r.end > r.start
             and not any(t.open <= r.start and r.end <= t.end for t in titles)]
    direct = _not_absorbed(text, find_direct(text, parsed, regions), found)
    starts = [q.start for q in direct]
    found = [_before_quotes(text, r, direct, starts) for r in found]
    reported = _keep_reported(found, regions, direct)
    items = [Item(tuple(q.pieces), q.frame, "mixed" if q.mixed else "direct") for q in direct]
    opens = [r.open for r in regions]
    for r in reported:
        start, end = _open_fragment(regions, opens, r.start), r.end
        end = _close_fragment(regions, opens, start, end)
        kind = "mixed" if _holds_region(regions, opens, start, end) else "indirect"
        items.append(Item(_around_cue(text, r.frame, start, end), r.frame, kind))
    return _with_speakers(text, parsed, doc, _join_resumed(text, items))


def _after_tag(tags: list[tuple[int, int]], report: Reported) -> Reported:
    """A report the parse began inside a tag begins after it."""
    k = bisect.bisect_right(tags, report.start, key=lambda tag: tag[0]) - 1
    if k >= 0 and tags[k][0] <= report.start < tags[k][1]:
        return Reported(min(tags[k][1], report.end), report.end, report.frame)
    return report


def _names_a_work(text: str, region: Region) -> bool:
    if not (_WORK_BEFORE.search(text, max(0, region.open - 40), region.open)
            or _WORK_AFTER.match(text, region.end)):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", text[region.content_start : region.content_end])
    return bool(words) and all(w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words)


def _around_cue(text: str, frame: Frame, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """A report its cue clause interrupts, set off by commas ("The plan, Ruiz said, is
    “dead.”", "it ''looked grim,'' Lee said, after …"), is the two pieces around that clause;
    but a clause the writer joins on after the cue ("Costs are ''high,'' Lee said, and the
    board …") is not the speaker's."""
    head = frame.speaker_head
    if head is None:
        return ((start, end),)
    left = min(head.left_edge.idx, frame.cue.start)
    right = max(frame.cue.end, head.right_edge.idx + len(head.right_edge))
    before, after = text[start:left].rstrip(), text[right:end].lstrip()
    if (start < left and right < end and before.rstrip(CLOSING_CHARS).endswith(",")
            and after.startswith(",") and after[1:].strip()):
        if before.endswith(tuple(CLOSING_CHARS)) and after[1:].split()[0].lower() in _JOINING:
            return ((start, start + len(before)),)
        return ((start, start + len(before)), (end - len(after) + 1, end))
    return ((start, end),)


def _join_resumed(text: str, items: list[Item]) -> list[Item]:
    """A report ending in a quoted fragment ("Costs are “far too high,” Ruiz said.") that an
    uncued direct quote resumes right after its cue clause ("“We will cut them.”") is one
    split quote with it."""
    out: list[Item] = []
    for item in sorted(items, key=lambda it: it.start):
        if out and _resumes(text, out[-1], item):
            out[-1] = Item(out[-1].pieces + item.pieces, out[-1].frame, "mixed")
        else:
            out.append(item)
    return out


def _resumes(text: str, report: Item, quote: Item) -> bool:
    end, frame = report.end, report.frame
    if (report.kind != "mixed" or frame is None or quote.kind != "direct"
            or (quote.frame is not None and quote.frame.cue != frame.cue)):
        return False
    gap = text[end : quote.start]
    return (end <= frame.cue.start and frame.cue.end <= quote.start
            and ("\n" not in gap or closes_paragraph(gap))
            and text[end - 1] in CLOSING_CHARS and is_interruption(gap))


def _with_speakers(text: str, parsed: Doc, doc: Document, items: list[Item]) -> list[Quote]:
    index = PeopleIndex(parsed, doc.entities)
    quotes: list[Quote] = []
    last: Person | None = None
    last_end = -1
    last_cued = False
    for item in items:
        start, end, frame = item.start, item.end, item.frame
        quote = Quote(start, end, text[start:end], item.kind,
                      fragments=_fragments(text, item.pieces))
        if frame is not None:
            quote.cue, quote.addressee, quote.channel = frame.cue, frame.addressee, frame.channel
            if frame.speaker_head is not None:
                found = resolve(frame.speaker_head, index, last, last_end)
                quote.speaker_mention = found.mention
                if found.person is not None:
                    quote.speaker, quote.speaker_entity = found.person.name, found.person.entity_id
        elif last is not None and last_cued and _same_paragraph(text, last_end, start):
            # a quote with no cue continues a cued speaker in its own paragraph; a paragraph
            # on, or after another uncued quote, the last name is more often wrong than right
            quote.speaker, quote.speaker_entity = last.name, last.entity_id
        if quote.speaker is not None:
            last, last_end = Person(quote.speaker, quote.speaker_entity), end
            last_cued = frame is not None
        quotes.append(quote)
    return quotes


def _fragments(text: str, pieces: tuple[tuple[int, int], ...]) -> tuple[Span, ...]:
    """The pieces cut at paragraph breaks; none for a quote that is one piece."""
    spans = tuple(Span(m.start(), m.end(), m.group())
                  for start, end in pieces for m in _LINE.finditer(text, start, end))
    return spans if len(spans) > 1 else ()


def _same_paragraph(text: str, start: int, end: int) -> bool:
    return start <= end and "\n" not in text[start:end]


def _close_fragment(regions: list[Region], opens: list[int], start: int, end: int) -> int:
    """A reported clause that stops inside a quoted fragment (the parse often leaves the
    closing mark outside) is extended through that fragment's closing mark."""
    k = bisect.bisect_left(opens, end) - 1
    if k >= 0 and regions[k].open >= start and regions[k].close >= end:
        return regions[k].end
    return end


def _open_fragment(regions: list[Region], opens: list[int], start: int) -> int:
    """A reported clause that starts inside a quoted fragment starts at its mark: just
    inside, or later where the parse took a quote's last sentence for the clause ("Costs
    “rose. We cut them,” Ruiz said")."""
    k = bisect.bisect_left(opens, start) - 1
    if k >= 0 and start < regions[k].close:
        return regions[k].open
    return start


def _holds_region(regions: list[Region], opens: list[int], start: int, end: int) -> bool:
    k = bisect.bisect_left(opens, start)
    return k < len(regions) and regions[k].close <= end


def _not_absorbed(text: str, direct: list[DirectQuote],
                  found: list[Reported]) -> list[DirectQuote]:
    """Direct quotes that are not a fragment of a wider report ("says voters are “right to
    be angry” but want “real solutions”"): such a report is one mixed quote. A report with
    no speaker keeps out a quote with a cue of its own."""
    starts = [q.start for q in direct]
    absorbed: set[int] = set()
    for r in found:
        k = bisect.bisect_left(starts, r.start)
        inside = []
        # the parse often ends a report before the quote's own closing punctuation
        while k < len(direct) and not any(c.isalnum() for c in text[r.end : direct[k].end]):
            inside.append(k)
            k += 1
        if r.frame.speaker_head is None and any(_cued_apart(direct[i], r) for i in inside):
            continue  # a hedge ("Ruiz seemed ready, telling them, “…”") takes no one's quote
        # a quote its own cue leads straight into ("…, saying, “…”") is that cue's
        inside = [i for i in inside if not _led_in(text, direct[i], r)]
        outside = word_count(text[r.start : r.end]) - sum(
            word_count(text[direct[i].start : direct[i].end]) for i in inside)
        if inside and outside >= _MIN_OUTSIDE_WORDS:
            absorbed.update(inside)
    return [q for i, q in enumerate(direct) if i not in absorbed]


def _cued_apart(quote: DirectQuote, report: Reported) -> bool:
    return quote.frame is not None and quote.frame.cue != report.frame.cue


def _led_in(text: str, quote: DirectQuote, report: Reported) -> bool:
    """Does the quote's own cue, not the report's, end right before its opening mark, set
    off by a comma or colon?"""
    return (_cued_apart(quote, report) and quote.frame is not None
            and text[quote.frame.cue.end : quote.start].strip() in (",", ":"))


def _before_quotes(text: str, report: Reported, direct: list[DirectQuote],
                   starts: list[int]) -> Reported:
    """A report that runs on past a quoted fragment of its own into another cue's clause
    and that cue's quote ("…that costs “rose,” adding, “We …”") ends with the fragment.
    `starts` are the quotes' starts."""
    k = bisect.bisect_right(starts, report.start)
    while k < len(direct) and direct[k].start < report.end:
        quote = direct[k]
        k += 1
        frame = quote.frame
        if (frame is None or not _cued_apart(quote, report)
                or not report.start < frame.cue.start < quote.start):
            continue
        # the cue clause starts at the cue or at its speaker ("…,” Lee said, “…")
        head = frame.speaker_head
        for left in (frame.cue.start, *((head.left_edge.idx,) if head is not None else ())):
            end = left
            while end > report.start and text[end - 1] in _BEFORE_CUE:
                end -= 1
            if report.start < end and text[end - 1] in CLOSING_CHARS:
                return Reported(report.start, end, report.frame)
    return report


def _keep_reported(found: list[Reported], regions: list[Region],
                   direct: list[DirectQuote]) -> list[Reported]:
    """Drop reports whose cue is quoted speech, that repeat a direct quote, or are nested."""
    opens = [r.open for r in regions]
    spans = sorted((q.start, q.end) for q in direct)
    kept: list[Reported] = []
    for r in sorted(found, key=lambda r: (r.start, -r.end)):
        k = bisect.bisect_right(opens, r.frame.cue.start) - 1
        if k >= 0 and regions[k].close > r.frame.cue.start:
            continue
        if _overlaps_any(spans, r.start, r.end):
            continue
        if kept and kept[-1].start <= r.start and r.end <= kept[-1].end:
            continue
        kept.append(r)
    return kept


def _overlaps_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """`spans` are sorted and disjoint, so only the last one starting before `end` can overlap."""
    k = bisect.bisect_left(spans, (end, end))
    return k > 0 and spans[k - 1][1] > start
