"""Per-publisher learned boilerplate: paragraphs that recur across one source's articles.

State is keyed by publisher (`Article.source`); articles without a source are neither learned
from nor cleaned by this layer. Each value is a plain JSON-serialisable dict:

    {"seen": <articles of this source so far>,
     "lines": {<16-hex hash of a normalised paragraph>: [<decayed count>, <seen at last update>]}}

Normalising lower-cases, folds digits to 0 and collapses whitespace, so "Updated 3 hours ago" and
"Updated 5 hours ago" are one line. A count halves every `HALF_LIFE` articles of the source, so a
redesign's new footer takes over and the old one fades; each source keeps at most `MAX_LINES`
entries (the weakest are dropped). A paragraph counts once per article.

A brand-new source gets nothing removed: removal needs `MIN_ARTICLES` articles seen and the
paragraph in at least `MIN_COUNT` (decayed) distinct earlier articles. Real repeated text is
guarded four ways: a paragraph is judged against the state *before* its own article is added;
in the middle of an article only paragraphs that speak to the reader (you/click/sign up/...)
go, so a recurring section heading or a stock sentence stays, while leading and trailing runs
(navigation, footers) go whole; a dateline ("BERLIN (Reuters) -") is never removed; and if every
paragraph matched (a republished article), nothing is removed.

The worker must route articles so that one source's state lives in one partition (key the topic
by source), and must assign the state back after each article (`memory[source] = state`), since
a changelog-backed table does not see in-place mutation; `PublisherBoilerplate` does the latter.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import MutableMapping, Sequence
from typing import Any

HALF_LIFE = 100
MIN_ARTICLES = 4
MIN_COUNT = 3.0
MAX_LINES = 500
REASON = "publisher boilerplate"

_DIGITS = re.compile(r"\d+")
_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'\-]{1,40}(?:\([^)]{1,30}\))?\s*[-\u2013\u2014:]\s*$")
_TO_READER = re.compile(
    r"\b(?:you|your|click|tap|sign up|sign in|log in|subscribe|follow|share|download|newsletter|"
    r"advertis\w*|cookies?|privacy|terms|rights reserved|\u00a9)\b",
    re.IGNORECASE,
)


def line_key(paragraph: str) -> str:
    normalised = " ".join(_DIGITS.sub("0", paragraph.lower()).split())
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).hexdigest()


def _decayed(count: float, since: int) -> float:
    return count * 0.5 ** (since / HALF_LIFE)


class PublisherBoilerplate:
    def __init__(self, memory: MutableMapping[str, Any]) -> None:
        self.memory = memory

    def process(self, source: str | None, paragraphs: Sequence[str]
                ) -> tuple[list[str], list[tuple[str, str]]]:
        """(kept, removed pairs) for one article, then learn from it. In input order per source."""
        if not source:
            return list(paragraphs), []
        state = self.memory.get(source) or {"seen": 0, "lines": {}}
        keys = [line_key(p) for p in paragraphs]
        flags = self._learned(state, keys) if state["seen"] >= MIN_ARTICLES else []
        kept, removed = _apply(paragraphs, flags)
        self._learn(state, keys)
        self.memory[source] = state
        return kept, removed

    @staticmethod
    def _learned(state: dict[str, Any], keys: Sequence[str]) -> list[bool]:
        lines, seen = state["lines"], state["seen"]
        return [
            key in lines and _decayed(lines[key][0], seen - lines[key][1]) >= MIN_COUNT
            for key in keys
        ]

    @staticmethod
    def _learn(state: dict[str, Any], keys: Sequence[str]) -> None:
        lines, seen = state["lines"], state["seen"] + 1
        for key in set(keys):
            count, last = lines.get(key, (0.0, seen))
            lines[key] = [round(_decayed(count, seen - last) + 1.0, 4), seen]
        if len(lines) > MAX_LINES:
            ranked = sorted(lines, key=lambda k: _decayed(lines[k][0], seen - lines[k][1]))
            for key in ranked[: len(lines) - MAX_LINES]:
                del lines[key]
        state["seen"] = seen


def _apply(paragraphs: Sequence[str], flags: Sequence[bool]
           ) -> tuple[list[str], list[tuple[str, str]]]:
    if not any(flags) or all(flags):
        return list(paragraphs), []
    lead = next(i for i, f in enumerate(flags) if not f)
    trail = len(flags) - next(i for i, f in enumerate(reversed(flags)) if not f)
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for i, (text, flag) in enumerate(zip(paragraphs, flags, strict=True)):
        edge = i < lead or i >= trail
        if flag and not _DATELINE.match(text) and (edge or _TO_READER.search(text)):
            removed.append((text, REASON))
        else:
            kept.append(text)
    return kept, removed
