"""What a page shows next to its headline: the byline's names and the displayed date.

Readers (and the WCXB annotators) take the author and date from the line under the headline,
which is often all a page has: no meta tag, no JSON-LD. We read a bounded window of text nodes
around the first <h1> (a few before it, for dates set above the headline; more after it).
"""

from __future__ import annotations

import re
from datetime import date

from lxml.html import HtmlElement

from streams.enrich.clean.names import author_names

# Text nodes read after and before the headline; bylines sit within a dozen nodes of it.
NODES_AFTER = 20
NODES_BEFORE = 5
# Dates before this are quotations or history inside the article, not its publication.
MIN_YEAR = 1995

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
_READING_TIME = re.compile(r"\b\d+\s*min(?:ute)?s?\b(?:\s+read)?", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'\u2019.-]*(?:['\u2019.-][^\W\d_]*)*\.?$")
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})
# "By", "Written by:", "Author(s)" alone in a node: the name is the next node.
_LABEL_ONLY = re.compile(
    r"^(?:(?:written|posted|published)\s+by|by|authors?|author\(s\))\s*:?$", re.IGNORECASE)
# "By Jane Doe" in one node; what follows a separator or a date is not the name.
# (A capital after "By": "By focusing on ..." opens a sentence, not a byline.)
_LABELLED = re.compile(r"^(?i:(?:written|posted|published)\s+by|by)\s*:?\s+(?P<rest>[A-Z].*)$")
_NAME_END = re.compile(rf"\s*(?:[|\u2022\u00b7]|\s-\s|\bon\b|\bin\b|\d|\b{_MONTH}\s+\d).*$",
                       re.IGNORECASE)


def _window(tree: HtmlElement) -> tuple[list[str], list[str]]:
    """Visible text nodes (before, after) the page's first h1; empty when it has none."""
    h1 = next(tree.iterfind(".//body//h1"), None)
    if h1 is None:
        return [], []
    after = h1.xpath(f"following::text()[normalize-space()][position() <= {NODES_AFTER}]")
    before = h1.xpath(f"preceding::text()[normalize-space()][position() <= {NODES_BEFORE}]")

    def visible(nodes: list) -> list[str]:
        return [" ".join(str(t).split()) for t in nodes if t.getparent().tag not in _INVISIBLE]

    return visible(before), visible(after)


def shown_date(tree: HtmlElement, today: date | None = None) -> str | None:
    """The first full date written under the headline (else just above it), as YYYY-MM-DD."""
    before, after = _window(tree)
    latest = today or date.today()
    for nodes in (after, before):
        found = _first_date(" ".join(nodes), latest)
        if found:
            return found
    return None


def _first_date(text: str, latest: date) -> str | None:
    best: tuple[int, date] | None = None
    for pattern in _DATES:
        for match in pattern.finditer(text):
            parsed = _as_date(match)
            if parsed and parsed.year >= MIN_YEAR and parsed <= latest:
                if best is None or match.start() < best[0]:
                    best = (match.start(), parsed)
                break
    return best[1].isoformat() if best else None


def _as_date(match: re.Match[str]) -> date | None:
    month = match["month"]
    number = int(month) if month.isdigit() else _MONTHS.index(month[:3].lower()) + 1
    try:
        return date(int(match["year"]), number, int(match["day"]))
    except ValueError:
        return None


def byline_names(tree: HtmlElement) -> list[str]:
    """Names from a "By ..." line under the headline; [] when there is none."""
    _, after = _window(tree)
    for i, node in enumerate(after):
        if _LABEL_ONLY.match(node) and i + 1 < len(after):
            return author_names(after[i + 1], free=True)
        labelled = _LABELLED.match(node)
        if labelled:
            return author_names(_NAME_END.sub("", labelled["rest"]), free=True)
    return []


def name_beside_date(tree: HtmlElement) -> list[str]:
    """"Jane Doe" in the node just before or after the byline's date or reading time.

    The weakest author evidence (a section name can sit there too): used last.
    """
    _, nodes = _window(tree)
    latest = date.today()
    for i, node in enumerate(nodes[:NODES_AFTER // 2]):
        if _READING_TIME.search(node) or _first_date(node, latest):
            for near in (nodes[i - 1] if i else "", nodes[i + 1] if i + 1 < len(nodes) else ""):
                if _bare_name(near):
                    return [near]
            return []
    return []


def _bare_name(text: str) -> bool:
    """Two to four capitalised words, as a byline prints a name."""
    words = text.split()
    return (2 <= len(words) <= 4 and not text.endswith(".")
            and all(w[0].isupper() and _NAME_WORD.match(w) for w in words))
