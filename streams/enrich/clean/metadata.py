"""Page metadata: title, authors, publication time and language.

Title, authors and the publication date come from trafilatura's metadata pass (meta tags,
JSON-LD, bylines, and htmldate for the date), which measured best on the WCXB dev pages. When the
page also states a full timestamp for that same day (article:published_time, JSON-LD
datePublished, <time datetime>), we keep the timestamp; otherwise the date alone (YYYY-MM-DD).
Language is what the page declares (html lang, Content-Language, og:locale), as its primary subtag.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml.html import HtmlElement
from trafilatura.settings import Document as ExtractedDocument

_TIMESTAMP_XPATH = (
    '//meta[@property="article:published_time" or @itemprop="datePublished" or '
    '@name="article:published_time" or @name="pubdate" or @name="publishdate"]/@content'
    " | //time/@datetime"
)
_LANGUAGE_XPATH = (
    "/html/@lang | /html/@xml:lang | //meta[@http-equiv='Content-Language']/@content"
    " | //meta[@property='og:locale']/@content"
)
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u2022:]{1,2}\s+")
_AUTHOR_SPLIT = re.compile(r"\s*;\s*")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Bylines often run into a label before the name, or an update date after it.
_AUTHOR_LABEL = re.compile(
    r"^(?:(?:this (?:post|article|story) was )?(?:written|posted|published|recipe|article|story)"
    r"\s+by|by|author|read more about)\s+(?=\S)", re.IGNORECASE)
_AUTHOR_TAIL = re.compile(
    rf"(?<=\S)\s*(?:[\u2022|\u00b7]|\blast updated\b|\bupdated\b|\b{_MONTH}\b\.?(?:\s+\d|$)).*$",
    re.IGNORECASE)
_NOT_A_NAME = re.compile(rf"^(?:{_MONTH}|updated|written by|the author|\W*)$", re.IGNORECASE)


@dataclass(slots=True)
class PageMetadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    language: str | None = None


def page_metadata(tree: HtmlElement, extracted: ExtractedDocument | None) -> PageMetadata:
    meta = PageMetadata(language=_language(tree))
    if extracted is None:
        return meta
    meta.title = _title(tree, extracted)
    meta.authors = _authors(extracted)
    if extracted.date:
        meta.published_at = _timestamp_for(tree, extracted.date) or extracted.date
    return meta


def _title(tree: HtmlElement, extracted: ExtractedDocument) -> str | None:
    """The article's h1 when one matches the page title; else the page title minus its site name.

    On the WCXB dev pages the gold title is the visible headline, while <title> and og:title
    often carry the site name or an SEO variant.
    """
    title = " ".join((extracted.title or "").split())
    site = _fold(extracted.sitename or "")
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) > 1 and (_fold(parts[-1]) == site or len(parts[-1].split()) <= 4):
        title = " ".join(parts[:-1]).strip()
    words = set(_fold(title).split())
    best, best_overlap = None, 0.0
    for h1 in tree.iterfind(".//h1"):
        text = " ".join(h1.text_content().split())
        h1_words = _fold(text).split()
        if not 2 <= len(h1_words) <= 40 or _fold(text) == site:
            continue
        overlap = len(words.intersection(h1_words)) / len(h1_words)
        if best is None or overlap > best_overlap:
            best, best_overlap = text, overlap
    # An h1 sharing little with the page title is usually a section or site banner.
    if best and (best_overlap >= 0.3 or not title):
        return best
    return title or None


def _authors(extracted: ExtractedDocument) -> list[str]:
    names: list[str] = []
    for raw in _AUTHOR_SPLIT.split(extracted.author or ""):
        name = _AUTHOR_TAIL.sub("", _AUTHOR_LABEL.sub("", raw.strip())).strip(" ,-")
        if name and not _NOT_A_NAME.match(name) and name not in names:
            names.append(name)
    return names


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def _language(tree: HtmlElement) -> str | None:
    for value in tree.xpath(_LANGUAGE_XPATH):
        match = _LANGUAGE.match(str(value).strip())
        if match:
            return match.group(1).lower()
    return None


def _timestamp_for(tree: HtmlElement, day: str) -> str | None:
    """A full RFC 3339 timestamp the page gives for `day`, if any."""
    candidates = [str(v) for v in tree.xpath(_TIMESTAMP_XPATH)]
    candidates.extend(_json_ld_dates(tree))
    for value in candidates:
        stamp = _rfc3339(value)
        if stamp and stamp.startswith(day):
            return stamp
    return None


def _json_ld_dates(tree: HtmlElement) -> list[str]:
    found: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack and len(found) < 20:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    found.append(item["datePublished"])
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return found


def _rfc3339(value: str) -> str | None:
    """`value` as an RFC 3339 timestamp when it carries a time and zone; else None."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None or (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
        return None
    return parsed.isoformat()
