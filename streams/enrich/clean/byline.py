"""What a page shows of its authors and date: the byline, the displayed date, the author box.

Readers (and the WCXB annotators) take the author and date from the line under the headline,
which is often all a page has: no meta tag, no JSON-LD. We read a bounded window of text nodes
around the first <h1> (a few before it, for dates set above the headline; more after it), once
per page. The author box (an element whose class says author or byline) may sit anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import dropwhile

from lxml.html import HtmlElement

from streams.enrich.clean.names import author_names, without_label

# Text nodes read after and before the headline; bylines sit within a dozen nodes of it.
NODES_AFTER = 20
NODES_BEFORE = 5
# Elements with an author class read, and text nodes read in each (the name comes first).
AUTHOR_ELEMENTS = 30
AUTHOR_ELEMENT_NODES = 10
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
# "author", "Author", "byline", "Byline" (XPath 1 has no cheap case folding).
_AUTHOR_ELEMENTS = "//body//*[contains(@class, 'uthor') or contains(@class, 'yline')]"
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})
# "By", "Written by:", "Author(s)" alone in a node: the name is the next node.
_LABEL_ONLY = re.compile(
    r"^(?:(?:written|posted|published)\s+by|by|authors?(?: of this (?:article|post|paper))?|"
    r"author\(s\))\s*:?$", re.IGNORECASE)
# "By Jane Doe" in one node; what follows a separator or a date is not the name.
# (A capital after "By": "By focusing on ..." opens a sentence, not a byline.)
_LABELLED = re.compile(r"^(?i:(?:written|posted|published)\s+by|by)\s*:?\s+(?P<rest>[A-Z].*)$")
# A "by" right after these credits a reviewer, editor or photographer, not the author.
_CREDIT = re.compile(r"\b(?:reviewed|edited|checked|photos?|photographs?|images?|illustrations?)"
                     r"\s*:?$", re.IGNORECASE)
# A node that joins names split over several nodes: "Ana Lima", ",", "Tom Berg", ", and", ...
_LIST_SEPARATOR = re.compile(r"^(?:,|;|&|and|,\s*and)$", re.IGNORECASE)
# Affiliation marks after a listed name ("1", "2,3", "*").
_MARK = re.compile(r"^[\d*\u2020]{1,3}(?:,[\d*\u2020]{1,3})*$")
_NAME_END = re.compile(rf"\s*(?:[|\u2022\u00b7]|\s-\s|\bon\b|\bin\b|\d|\b{_MONTH}\s+\d).*$",
                       re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Window:
    """Visible text nodes before and after the page's first h1; empty when it has none."""

    before: list[str]
    after: list[str]


def headline_window(tree: HtmlElement) -> Window:
    """The text around the headline, read once per page by the functions below."""
    h1 = next(tree.iterfind(".//body//h1"), None)
    if h1 is None:
        return Window([], [])
    after = h1.xpath(f"following::text()[normalize-space()][position() <= {NODES_AFTER}]")
    before = h1.xpath(f"preceding::text()[normalize-space()][position() <= {NODES_BEFORE}]")

    def visible(nodes: list) -> list[str]:
        texts = (" ".join(str(t).split()) for t in nodes if t.getparent().tag not in _INVISIBLE)
        return [text for text in texts if text]  # normalize-space keeps no-break spaces

    return Window(visible(before), visible(after))


def shown_date(window: Window, today: date | None = None) -> str | None:
    """The first full date written under the headline (else just above it), as YYYY-MM-DD."""
    latest = today or date.today()
    for nodes in (window.after, window.before):
        found = _first_date(" ".join(nodes), latest)
        if found:
            return found
    return None


def contains_date(text: str) -> bool:
    """Whether `text` writes a full date ("May 2, 2024", "2 May 2024", "2024-05-02")."""
    return any(pattern.search(text) for pattern in _DATES)


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


def byline_names(window: Window) -> list[str]:
    """Names from a "By ..." line under the headline (else just above it); [] when none.

    A label ("Written by") takes the names in the nodes after it, which pages often split per
    name ("Ana Lima", ",", "Tom Berg", "and", "Joe Kim"); a label after a review or photo credit
    ("Medically reviewed", "by") is not the author's.
    """
    return _byline(window.after) or _byline(window.before)


def _byline(nodes: list[str]) -> list[str]:
    for i, node in enumerate(nodes):
        if _LABEL_ONLY.match(node):
            if i and _CREDIT.search(nodes[i - 1]):
                continue
            names = author_names(_listed(nodes[i + 1:]), free=True)
            if names:
                return names
            continue
        labelled = _LABELLED.match(node)
        if labelled:
            return author_names(_NAME_END.sub("", labelled["rest"]), free=True)
    return []


def name_list(window: Window) -> list[str]:
    """Two or more bare names listed under the headline without a label ("Ana Lima", ",",
    "Tom Berg"): co-authors, when the first is an author found otherwise; alone it may be a
    list of topics."""
    nodes = window.after
    for i, node in enumerate(nodes[:-1]):
        if _bare_name(node) and _LIST_SEPARATOR.match(nodes[i + 1]):
            names = author_names(_listed(nodes[i:]), free=True)
            if len(names) > 1 and all(_bare_name(n) for n in names):
                return names
    return []


def _listed(nodes: list[str]) -> str:
    """The names after a label: further labels and affiliation marks ("1", "*") skipped, nodes
    joined while separators join them."""
    nodes = [n for n in dropwhile(_LABEL_ONLY.match, nodes) if not _MARK.match(n)]
    if not nodes:
        return ""
    parts = nodes[:1]
    for node in nodes[1:]:
        if not (_LIST_SEPARATOR.match(parts[-1]) or _LIST_SEPARATOR.match(node)):
            break  # a role after the name (", Staff Writer"), a date, the article
        parts.append(node)
    return " ".join(parts)


def author_element_name(tree: HtmlElement) -> list[str]:
    """A bare name inside an element whose class says author or byline (an author box), else
    in a "Written by Jane Doe" line anywhere in the page (an author box without a class).

    A plain "By ..." far from the headline is too often a sponsor or a credit to count.
    """
    for element in tree.xpath(_AUTHOR_ELEMENTS)[:AUTHOR_ELEMENTS]:
        for text in element.xpath(".//text()")[:AUTHOR_ELEMENT_NODES]:
            name = without_label(" ".join(str(text).split()))
            if _bare_name(name) and author_names(name):
                return [name]
    for text in tree.xpath("//body//text()[contains(., 'Written by')]"):
        name = without_label(" ".join(str(text).split()))
        if text.getparent().tag not in _INVISIBLE and _bare_name(name):
            return author_names(name)
    return []


def name_beside_date(window: Window) -> list[str]:
    """"Jane Doe" in the node just before or after the byline's date or reading time.

    The weakest author evidence (a section name can sit there too): used last.
    """
    nodes = window.after
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
