"""Holes in a precision-first extraction, filled from the page.

trafilatura's precision setting drops blocks inside the article that it is unsure of: lists,
table rows, short sub-sections and their headings. Those blocks lie between two paragraphs the
extractor did keep. So the page's visible lines are lined up with the extracted paragraphs, and
a run of page lines between two kept paragraphs that follow each other in the extraction is put
back, minus what looks like page furniture there (see `_furniture`): nothing before the first or
after the last kept paragraph is added, where headers, teasers and comments sit. The same
alignment finds the links the extractor kept at either end (`strip_link_ends`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

import lxml.html

from streams.enrich.clean.html import Line

# Elements of the hole itself (not shared with the kept paragraph before it) that mark furniture.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "figcaption"})
_FURNITURE_NAMES = re.compile(
    r"share|social|related|newsletter|subscri|promo|advert|\bads?\b|comment|author|byline|"
    r"breadcrumb|meta|caption|credit|widget|popup|modal|banner|footer|nav|trending|popular|"
    r"recommend|teaser|carousel|swiper|outbrain|taboola", re.IGNORECASE)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Blocks that are content when short: list items, table cells, definitions, code and quotes.
_ITEMS = frozenset({"li", "td", "th", "dt", "dd", "pre", "blockquote"})
# Other short lines in a hole are labels, counters, datelines and credits, but a field of a fact
# box ("Price: $40-$60", "Interval: every two years") is content.
MIN_LINE_WORDS = 8
_FIELD = re.compile(r"^[A-Z][\w'’ ]{1,25}:\s*\S")
# A line mostly made of link text is a teaser or a menu entry.
MAX_LINK_SHARE = 0.5
# An opening or closing paragraph this much link text leads away from the article.
MIN_END_LINK_SHARE = 0.8
# How much of a line, spaces removed, has to match extracted text (see `_extracted`).
MIN_COMPACT_CHARS = 30
# Lines of fewer words are only looked for next to their hole (see `_extracted`).
SHORT_KEY_WORDS = 4
_WORDS = re.compile(r"\w+")


def fill_gaps(lines: Sequence[Line], paragraphs: Sequence[str]) -> list[str]:
    """`paragraphs` with the page's content lines (html.page_lines) that fall between two of
    them put back."""
    if len(paragraphs) < 2:
        return list(paragraphs)
    position: dict[str, list[int]] = {}
    for i, paragraph in enumerate(paragraphs):
        position.setdefault(_key(paragraph), []).append(i)
    keys = [_key(line.text) for line in lines]
    found = _found(keys, position)
    # A hole line already in the extraction stays out: merged into a longer paragraph there,
    # spelled apart ("M uch" after a drop cap), split over two paragraphs, or missing a link.
    # The extractor keeps headings on their own line: a heading is only looked for as a whole
    # paragraph, as the paragraph around it often names its topic too.
    extracted = "\n".join(f" {key} " for key in position)
    compact = "".join(position).replace(" ", "")
    inserts: dict[int, list[str]] = {}
    previous = -1  # index in `lines` of the last line found in `paragraphs`
    for i, at in enumerate(found):
        if at is None:
            continue
        before = found[previous] if previous >= 0 else None
        if before is not None and i > previous + 1 and at in (before, before + 1):
            near = f" {_key(paragraphs[before])} \n {_key(paragraphs[at])} "
            hole = [line for line, key in zip(lines[previous + 1 : i], keys[previous + 1 : i],
                                              strict=True)
                    if not (key in position if line.element.tag in _HEADINGS
                            else _extracted(key, extracted, compact, near))]
            inserts.setdefault(before, []).extend(_content(hole, lines[previous].element))
        previous = i
    if not inserts:
        return list(paragraphs)
    filled: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        filled.append(paragraph)
        filled.extend(inserts.get(i, ()))
    return filled


def strip_link_ends(lines: Sequence[Line], paragraphs: Sequence[str]
                    ) -> tuple[list[str], list[tuple[str, str]]]:
    """(paragraphs without the opening and closing runs of link lines, removed (paragraph,
    reason) pairs).

    Paragraphs at either end of an extraction that are links on the page lead away from the
    article: a breadcrumb or "Back to blog" above it; "See full bio", "Book a demo", a list of
    related posts or a bare URL below it. At most half of the paragraphs go at either end, so a
    page that is a list of links keeps its list (181-page precision +0.002, WCXB dev neutral).
    """
    link_share = {_key(line.text): line.link_chars / len(line.text) for line in lines}
    linked = [link_share.get(_key(p), 0.0) >= MIN_END_LINK_SHARE for p in paragraphs]
    start = linked.index(False) if False in linked else len(linked)
    end = len(linked) - (linked[::-1].index(False) if False in linked else len(linked))
    start = start if start <= len(linked) / 2 else 0
    end = end if len(linked) - end <= len(linked) / 2 else len(linked)
    if start >= end:
        return list(paragraphs), []
    removed = [(p, "opening links") for p in paragraphs[:start]]
    removed += [(p, "closing links") for p in paragraphs[end:]]
    return list(paragraphs[start:end]), removed


def _found(keys: Sequence[str], position: dict[str, list[int]]) -> list[int | None]:
    """Which paragraph each page line is, if any; a repeated line ("Pros", "Cons") is taken as
    the first of its paragraphs at or after the one found last."""
    found: list[int | None] = []
    last = 0
    for key in keys:
        at = position.get(key)
        if at is None:
            found.append(None)
            continue
        here = at[min(bisect_left(at, last), len(at) - 1)]
        found.append(here)
        last = here
    return found


def _extracted(key: str, extracted: str, compact: str, near: str) -> bool:
    """Whether a page line is in the extraction already, if not word for word.

    Compared without spaces, a line matches when it begins or ends like extracted text: the
    extractor may have dropped a link inside the paragraph. A short line only matches whole
    words, or "cons" would match inside "consider", and only in the paragraphs around its hole
    (`near`), where a merged line would be: a table cell "20%" is not the "20%" of a sentence
    elsewhere.
    """
    if f" {key} " in (extracted if len(key.split()) >= SHORT_KEY_WORDS else near):
        return True
    squeezed = key.replace(" ", "")
    return len(squeezed) >= MIN_COMPACT_CHARS and (
        squeezed[:MIN_COMPACT_CHARS] in compact or squeezed[-MIN_COMPACT_CHARS:] in compact)


def _key(text: str) -> str:
    """Words only: the extractor writes list items as "- item" and table rows as "a | b"."""
    return " ".join(_WORDS.findall(text.casefold()))


def _content(hole: Sequence[Line], kept: lxml.html.HtmlElement) -> list[str]:
    """The lines of a hole worth putting back.

    A heading goes back only when content follows it: the next line put back is not a heading,
    or the heading closes the hole (the kept paragraph after it is its section). A heading
    followed by nothing but dropped lines names a teaser box ("Trending now"). A heading made of
    a link is still a heading: list articles link each item's name to the product or place
    (WCXB dev F1 +0.001, 181-page F1 +0.001).
    """
    shared = {kept, *kept.iterancestors()}
    candidates: list[tuple[str, bool]] = []  # (text, is a heading)
    closes = False  # the last candidate is the last line of the hole
    for n, line in enumerate(hole):
        tag = line.element.tag
        teaser = line.link_chars > MAX_LINK_SHARE * len(line.text) and tag not in _HEADINGS
        if not _WORDS.search(line.text) or teaser or _furniture(line.element, shared):
            continue
        if (tag in _HEADINGS or tag in _ITEMS or len(line.text.split()) >= MIN_LINE_WORDS
                or _FIELD.match(line.text)):
            candidates.append((line.text, tag in _HEADINGS))
            closes = n == len(hole) - 1
    if not candidates:
        return []
    followed = [not heading for _, heading in candidates[1:]] + [closes]
    return [text for (text, heading), content_next in zip(candidates, followed, strict=True)
            if not heading or content_next]


def _furniture(element: lxml.html.HtmlElement, shared: set[lxml.html.HtmlElement]) -> bool:
    """Whether `element` sits in navigation, a teaser box or a caption.

    Only the elements between the line and the kept paragraph's ancestors count: a page whose
    article wrapper is named "has-sidebar" still has its article in it. Hidden blocks are not
    furniture: inside an article they are collapsed answers and tabs, which readers open.
    """
    node: lxml.html.HtmlElement | None = element
    while node is not None and node not in shared:
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        if node.tag in _FURNITURE_TAGS or _FURNITURE_NAMES.search(names):
            return True
        node = node.getparent()
    return False
