"""The article's title: the visible headline (h1) when it is one, else the page title.

Measured on the WCXB dev pages, the gold title is the h1 about twice as often as the <title> or
og:title where they differ, so the h1 wins unless something marks it as not the headline:
- it shares little with the page title (Dice overlap of words below `MIN_OVERLAP`): a site
  banner or a section label; unless the JSON-LD headline says the same as the h1;
- it is all capitals (a kicker: "SUPPORTING GAAP COMPLIANCE");
- it is several blocks run together ("Best Picks<span>Our guide</span>" reads "PicksOur");
- it is the page title plus a date or a count ("Dec 18 2025 Title", "Title (site.com) 87"),
  or behind a label ("Blog: Title");
- the page title is the h1 plus the year ("Best Movers" beside "Best Movers in 2025").
The page title loses a trailing site name or short tag ("Title | Site", "Title - Top Picks");
an h1 loses only a "| ..." part or the site name, as it writes subtitles with dashes.
"""

from __future__ import annotations

import re
from html import unescape

from lxml.html import HtmlElement

from streams.enrich.clean.byline import contains_date
from streams.enrich.clean.names import fold

# Below this Dice overlap of words with the page title, an h1 is not the headline.
MIN_OVERLAP = 0.3
# A last part of the page title this short is a site name or a tag, not the title.
TAG_WORDS = 4
# h1s outside this many words are no headline (a logo letter, a paragraph in an h1).
MIN_H1_WORDS, MAX_H1_WORDS = 2, 40

_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u2022:]{1,2}\s+")
_PIPE = re.compile(r"\s+\|\s+")
_WORD = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]{3}")
_PARENTHESES = re.compile(r"\([^)]*\)")
_LABEL = re.compile(r"^\w+:\s*$")
_YEAR = re.compile(r"^\s*(?:in\s+)?\(?\d{4}\)?$")
# UTF-8 read as Latin-1 or cp1252: "Investorâ\x80\x99s", "Ã©".
_MOJIBAKE = re.compile(r"[\u0080-\u009f]|\u00e2\u20ac|\u00c3.")


def page_title(tree: HtmlElement, declared: str | None, sitename: str | None,
               headline: str | None = None) -> str | None:
    """The title from the page's declared title (og:title, <title>), its h1s and the JSON-LD
    `headline`; see the module docstring."""
    site = fold(sitename or "")
    raw = repaired(" ".join(unescape(declared or "").split()))  # some pages escape twice
    title = _without_tag(raw, site)
    h1, h1_parts, overlap = _best_h1(tree, title, site)
    if h1 is None:
        return title or None
    if not title:
        return _h1_without_tag(h1, site)
    if headline and fold(headline) == fold(h1):
        overlap = 1.0
    if (overlap < MIN_OVERLAP or h1.isupper() or _words(h1_parts) != _words(h1)
            or _around(fold(title), fold(h1)) or _YEAR.match(fold(title).removeprefix(fold(h1)))):
        return title
    return _h1_without_tag(h1, site)


def repaired(text: str) -> str:
    """`text` with UTF-8 mojibake undone, when it has the marks of it and decodes cleanly."""
    if _MOJIBAKE.search(text):
        for encoding in ("cp1252", "latin-1"):
            try:
                return text.encode(encoding).decode("utf-8")
            except UnicodeError:
                continue
    return text


def _best_h1(tree: HtmlElement, title: str, site: str) -> tuple[str | None, str, float]:
    """(text, text with its parts spaced, overlap) of the h1 most like the title."""
    title_words = set(_words(title))
    best: tuple[str | None, str, float] = (None, "", 0.0)
    for element in tree.iterfind(".//body//h1"):
        text = repaired(" ".join(element.text_content().split()))
        words = _words(text)
        if not MIN_H1_WORDS <= len(words) <= MAX_H1_WORDS:
            continue
        if fold(text) == site and fold(text) != fold(title):  # the site's banner
            continue
        shared = len(title_words.intersection(words))
        overlap = 2 * shared / (len(set(words)) + len(title_words))
        if best[0] is None or overlap > best[2]:
            best = (text, repaired(" ".join(" ".join(element.itertext()).split())), overlap)
    return best


def _around(title: str, h1: str) -> bool:
    """Whether the h1 is the title with a date, a count or a label added."""
    if title == h1 or title not in h1:
        return False
    prefix, _, suffix = h1.partition(title)
    extra = _PARENTHESES.sub("", f"{prefix} {suffix}")
    return (contains_date(h1.replace(title, " ")) or bool(_LABEL.match(prefix) and not suffix)
            or (any(c.isdigit() for c in extra) and not _LETTERS.search(extra)))


def _without_tag(title: str, site: str) -> str:
    parts = _SEPARATOR.split(title)
    if len(parts) > 1 and (fold(parts[-1]) == site or len(parts[-1].split()) <= TAG_WORDS):
        return " ".join(parts[:-1]).strip()
    return title


def _h1_without_tag(h1: str, site: str) -> str:
    parts = _SEPARATOR.split(h1)
    if len(parts) > 1 and fold(parts[-1]) == site:
        return " ".join(parts[:-1]).strip()
    return _PIPE.split(h1)[0]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())
