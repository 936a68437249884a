"""Pairing quotation marks into quoted regions, in one linear pass.

Double marks (typographic, straight, guillemets, German low-high) open top-level regions.
Single typographic marks open one only outside double marks, because ’ is also the
apostrophe. A region left open at a paragraph end continues when the next paragraph
re-opens with a mark of the same family (the news convention for multi-paragraph quotes);
otherwise it ends at the paragraph end. Straight and curly double marks close each other
(copy-editing mixes them), except a straight pair opening on a word inside a curly quote,
which is nested, as is a curly pair inside a curly quote when two closing marks follow it in
its line. An opening “ typed where ” belongs (right after a word, before a space)
closes, and a closing ” typed where “ belongs (after a space, before a word) opens. Other
stray closing marks are ignored. Two apostrophes ('' … '', an old newswire
convention) are a straight double mark. Work is one pass over the text (a nested mark adds
a binary search), so a megabyte of marks costs about a megabyte of steps.
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from dataclasses import dataclass

# opening mark -> the closing marks that end it
_DOUBLE_PAIRS: dict[str, str] = {
    # typographic and straight marks get mixed up in copy-edited text: “ … " and " … ”
    "\u201c": "\u201d\"",  # “ … ”
    "\u201e": "\u201c\u201d",  # „ … “
    "\u00ab": "\u00bb",  # « … »
    "\u00bb": "\u00ab",  # » … « (German order)
    '"': '"\u201d',
}
_SINGLE_PAIRS: dict[str, str] = {"\u2018": "\u2019"}
_STRAIGHT_OR_CURLY = frozenset('"\u201c')
_OPENERS = frozenset({'"', *_SINGLE_PAIRS})
QUOTE_CHARS = frozenset("\u201c\u201d\u201e\u00ab\u00bb\"\u2018\u2019")
# Mark tokens of the parse that open or close a quoted fragment.
OPENING_TOKENS = frozenset(("\u201c", '"', "\u2018", "\u00ab", "''"))
CLOSING_TOKENS = frozenset(("\u201d", '"', "\u2019", "\u00bb", "''"))
CLOSING_CHARS = "".join(CLOSING_TOKENS)  # the same, as str.rstrip takes them
_OPEN_CONTEXT = frozenset(" \t\n([{\u2014\u2013-/:")


@dataclass(frozen=True, slots=True)
class Region:
    """A quoted stretch: marks at `open` and `close` (close == content_end when unclosed)."""

    open: int
    close: int
    closed: bool
    width: int = 1  # of the opening mark: 2 for ''

    @property
    def content_start(self) -> int:
        return self.open + self.width

    @property
    def content_end(self) -> int:
        return self.close

    @property
    def end(self) -> int:
        """Just past the closing mark (as wide as the opening one: '' … '')."""
        return self.close + self.width if self.closed else self.close


def _closers(opener: str) -> str:
    return _DOUBLE_PAIRS.get(opener) or _SINGLE_PAIRS.get(opener, "")


def _can_open(text: str, i: int) -> bool:
    """A straight or single mark opens when it follows a space, bracket or line start, or an
    invisible format character (a direction mark pasted with a social media post)."""
    before = text[i - 1] if i else " "
    return before in _OPEN_CONTEXT or before.isspace() or is_invisible(before)


def is_invisible(ch: str) -> bool:
    """A format character: a direction mark, a zero-width space or joiner."""
    return unicodedata.category(ch) == "Cf"


def _can_close_single(text: str, i: int) -> bool:
    """’ closes only when not followed by a letter: otherwise it is an apostrophe (don’t)."""
    return i + 1 >= len(text) or not text[i + 1].isalpha()


def _opens_word(text: str, i: int) -> bool:
    """A straight mark after a space and before a word opens a quotation."""
    return _can_open(text, i) and i + 1 < len(text) and text[i + 1].isalnum()


def _closes(opener: str, text: str, i: int) -> bool:
    ch = text[i]
    if ch in _closers(opener):
        return opener not in _SINGLE_PAIRS or _can_close_single(text, i)
    return ch == opener == "\u201c" and _typed_for_closing(text, i)


def _typed_for_closing(text: str, i: int) -> bool:
    """“ typed for ” (“Blue Hour“ aired): right after a word, before a space or punctuation."""
    after = text[i + 1 : i + 2]
    return (i > 0 and not text[i - 1].isspace() and text[i - 1] not in _OPEN_CONTEXT
            and (not after or after.isspace() or after in ",.;:!?"))


def _typed_for_opening(text: str, i: int) -> bool:
    """” typed for “ (”Thanks Sarah!!” a reader wrote): after a space or at a line start, and
    before a word or an ellipsis."""
    after = text[i + 1 : i + 3].lstrip(" ")
    return _can_open(text, i) and bool(after) and (after[0].isalnum() or after[0] == "\u2026")


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


class _Nesting:
    """Where “ … “ … ” … ” nests a pair in marks of its own kind: the second “ is followed, in
    its line and before any other “, by two ”. Positions are looked up, not scanned for, so
    text full of marks stays linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._marks: tuple[list[int], list[int], list[int]] | None = None

    def end_of(self, i: int) -> int | None:
        """The inner pair's closing mark, if the “ at `i` opens one."""
        if self._marks is None:
            opens, closes, breaks = ([m.start() for m in re.finditer(ch, self.text)]
                                     for ch in ("\u201c", "\u201d", "\n"))
            self._marks = opens, closes, breaks
        opens, closes, breaks = self._marks
        c = bisect.bisect_right(closes, i)
        if c + 1 >= len(closes):
            return None
        limit = min(_next(opens, i), _next(breaks, i))
        return closes[c] if closes[c + 1] < limit else None


def _next(positions: list[int], i: int) -> int:
    k = bisect.bisect_right(positions, i)
    return positions[k] if k < len(positions) else sys.maxsize


def find_regions(text: str) -> list[Region]:
    """All quoted regions of `text`, in order, non-overlapping (nested marks stay inside)."""
    original, text = text, _doubled_apostrophes(text)
    regions: list[Region] = []
    opener = ""
    start = -1
    inner = False  # inside a straight-mark pair nested in a typographic quote
    nested = _Nesting(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            j = _skip_space(text, i)
            if opener and (j >= n or not _reopens(opener, text[j])):
                _close_open(regions, original, opener, start, i)
                opener = ""
            i = j
            continue
        if not opener:
            # typographic double marks always open; straight and single ones need context
            if (ch in _DOUBLE_PAIRS and ch != '"') or (ch in _OPENERS and _can_open(text, i)):
                opener, start = ch, i
            elif ch == "\u201d" and _typed_for_opening(text, i):
                opener, start = "\u201c", i
        elif _reopens(opener, ch) and _opens_after_break(text, start, i):
            pass  # the re-opening mark of a continued multi-paragraph quote
        elif ch == '"' and opener != '"' and (inner or _opens_word(text, i)):
            inner = not inner  # “… "nested" …”: the straight pair stays inside
        elif _closes(opener, text, i):
            regions.append(Region(start, i, True, _width(original, start)))
            opener, inner = "", False
        elif ch == opener == "\u201c" and (inner_end := nested.end_of(i)) is not None:
            i = inner_end  # “… “nested” …”: the pair stays inside
        elif ch == opener and opener != '"':
            start = i  # a second opener with no closer between: the first mark was stray
        i += 1
    if opener:
        _close_open(regions, original, opener, start, n)
    return regions


def _reopens(opener: str, ch: str) -> bool:
    """Does `ch` re-open a quote begun with `opener`? Straight and curly marks mix."""
    return ch == opener or (ch in _STRAIGHT_OR_CURLY and opener in _STRAIGHT_OR_CURLY)


def _doubled_apostrophes(text: str) -> str:
    """'' read as a straight mark and a space, so offsets stay those of `text`."""
    return text.replace("''", '" ') if "''" in text else text


def _close_open(regions: list[Region], text: str, opener: str, start: int, end: int) -> None:
    """End an unclosed region at the paragraph end; an unclosed ‘ is an apostrophe-like stray."""
    if opener not in _SINGLE_PAIRS:
        regions.append(Region(start, _trim_end(text, start, end), False, _width(text, start)))


def _width(text: str, start: int) -> int:
    return 2 if text.startswith("''", start) else 1


def _opens_after_break(text: str, start: int, i: int) -> bool:
    """Is the mark at `i` the first non-space character after a newline inside the region?"""
    j = i - 1
    while j > start and text[j] in " \t":
        j -= 1
    return j > start and text[j] == "\n"


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def word_count(text: str) -> int:
    return len(text.split())
