"""Page metadata: title, authors, publication time and language.

Publication date, in order of trust (measured on the WCXB dev pages): a publication meta tag
(article:published_time, parsely/sailthru/cxense dates, itemprop datePublished: right on 95% of
the pages that have one); else the date shown under the headline (byline.py), which is what a
reader sees, often an "Updated" date; else JSON-LD datePublished; else htmldate's guess (run
only then: it is the slow part). When the page also states a full timestamp for that same day,
we keep the timestamp; otherwise YYYY-MM-DD.

Authors, in order of trust (measured on the WCXB dev pages, whose gold is what a reader sees):
the "By ..." line around the headline (byline.py), unless it holds only a user name where the
tags name a person; else a bare name beside the shown date that the page's author box
(an element with an author or byline class) confirms; else the author the page declares (meta
tags and JSON-LD as trafilatura reads them, every JSON-LD author, the Twitter "Written by"
pair), except that an author box naming a person beats tags that credit only the publication;
else the author box, trafilatura's byline search over the whole page, a bare name beside the
shown date, the post author in a WordPress analytics data layer, a one-word author tag.
Co-authors listed beside the first name found are added; the publication itself is dropped
when people are named beside it.

Language is what the page declares (html lang, Content-Language, og:locale), as its primary
subtag.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
)
from trafilatura.settings import Document as ExtractedDocument

from streams.enrich.clean.byline import (
    Window,
    author_element_name,
    byline_names,
    headline_window,
    name_beside_date,
    name_list,
    shown_date,
)
from streams.enrich.clean.names import author_names, fold
from streams.enrich.clean.title import page_title

_TIMESTAMP_XPATH = (
    '//meta[@property="article:published_time" or @itemprop="datePublished" or '
    '@name="article:published_time" or @name="pubdate" or @name="publishdate"]/@content'
    " | //time/@datetime"
)
# Meta tags that name the publication time (never the modification time).
_PUBLISHED_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time' or "
    "@itemprop='datePublished' or @name='parsely-pub-date' or @name='sailthru.date' or "
    "@name='cXenseParse:publishtime' or @property='og:publish_date' or @name='publishdate' or "
    "@name='pubdate' or @name='date']/@content"
)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_LANGUAGE_XPATH = (
    "/html/@lang | /html/@xml:lang | //meta[@http-equiv='Content-Language']/@content"
    " | //meta[@property='og:locale']/@content"
)
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
# Shorter names than this are not compared with the site name (an "AP" is not in "APnews").
MIN_SITE_CHARS = 4
_DATA_LAYER_AUTHOR = re.compile(r'"pagePostAuthor"\s*:\s*"([^"]+)"')
_WRITTEN_BY = re.compile(r"^\s*(?:written by|author)\s*:?\s*$", re.IGNORECASE)


@dataclass(slots=True)
class PageMetadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    language: str | None = None


def page_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Metadata of a parsed page. Reads the tree without changing it."""
    declared, handle = _declared(tree)
    window = headline_window(tree)
    return PageMetadata(
        title=page_title(tree, declared.title, declared.sitename, _json_ld_headline(tree)),
        authors=_authors(tree, window, declared, handle),
        published_at=_published(tree, window, url),
        language=_language(tree),
    )


def _authors(tree: HtmlElement, window: Window, declared: ExtractedDocument,
             handle: str | None) -> list[str]:
    """Authors by the order of trust in the module docstring."""
    found = _first_named(tree, window, declared, handle)
    listed = name_list(window)
    if found and len(listed) > len(found) and fold(listed[0]) == fold(found[0]):
        found = listed  # the co-authors listed beside the one found
    people = [n for n in found if not _is_site(n, declared.sitename)]
    return people or found  # "Jane Doe, The Gazette" without the Gazette


def _first_named(tree: HtmlElement, window: Window, declared: ExtractedDocument,
                 handle: str | None) -> list[str]:
    named = author_names(declared.author or "")
    shown = byline_names(window)
    if len(shown) == 1 and " " not in shown[0] and any(" " in n for n in named):
        shown = []  # a user name in the byline, where the page's tags name a person
    if shown:
        return shown
    boxed = author_element_name(tree)
    beside = name_beside_date(window)
    if boxed and beside and fold(boxed[0]) == fold(beside[0]):
        return beside  # the name by the date is the author box's: as good as a byline
    tagged = named or _json_ld_authors(tree) or author_names(_twitter_author(tree))
    site = declared.sitename
    if boxed and all(_is_site(n, site) for n in tagged) and not _is_site(boxed[0], site):
        return boxed  # the tags credit the publication (or nobody), the author box a person
    sources: tuple[Callable[[], list[str]], ...] = (
        lambda: tagged, lambda: author_names(extract_author(tree) or ""), lambda: beside,
        lambda: author_names(_data_layer_author(tree)), lambda: author_names(handle or ""))
    return next((names for names in (source() for source in sources) if names), [])


def _is_site(name: str, sitename: str | None) -> bool:
    """Whether `name` is the publication ("The Commercial Appeal" in "Memphis Commercial
    Appeal", "GlossGenius" for "@glossgenius")."""
    squashed, site = (re.sub(r"\W|^the\b", "", fold(t)) for t in (name, sitename or ""))
    return len(squashed) >= MIN_SITE_CHARS and squashed in site


def _twitter_author(tree: HtmlElement) -> str:
    """The "Written by" value of Twitter's label/data meta pairs (as WordPress SEO plugins set)."""
    for label in tree.xpath("//meta[starts-with(@name, 'twitter:label')]"):
        if _WRITTEN_BY.match(label.get("content") or ""):
            number = (label.get("name") or "").removeprefix("twitter:label")
            for value in tree.xpath(f"//meta[@name='twitter:data{number}']/@content"):
                return str(value)
    return ""


def _data_layer_author(tree: HtmlElement) -> str:
    """The post author in the analytics data layer WordPress tag managers write (GTM4WP)."""
    for script in tree.xpath("//script[contains(., 'pagePostAuthor')]/text()"):
        found = _DATA_LAYER_AUTHOR.search(script)
        if found:
            return found.group(1)
    return ""


def _declared(tree: HtmlElement) -> tuple[ExtractedDocument, str | None]:
    """What the page declares in meta tags and JSON-LD, read by trafilatura's own helpers, and
    a one-word author tag (a user name) that trafilatura drops.

    This is trafilatura's extract_metadata without the parts that cost most and that we either
    do not use (categories, tags, licence) or run only as a last resort (its author search over
    the whole page, ~9 ms; htmldate).
    """
    declared = examine_meta(tree)
    handle = None
    if declared.author and " " not in declared.author:  # trafilatura's rule: a handle, no name
        handle, declared.author = declared.author, None
    with suppress(Exception):  # trafilatura guards its JSON-LD parser the same way
        declared = extract_meta_json(tree, declared)
    declared.title = declared.title or extract_title(tree)
    declared.sitename = declared.sitename or extract_sitename(tree)
    return declared, handle


def _published(tree: HtmlElement, window: Window, url: str | None) -> str | None:
    for value in tree.xpath(_PUBLISHED_XPATH):
        value = str(value).strip()
        if _DAY.match(value):
            return _rfc3339(value) or value[:10]
    declared = next((d[:10] for d in _json_ld_dates(tree) if _DAY.match(d)), None)
    day = shown_date(window) or declared or find_date(
        tree, url=url, original_date=True, extensive_search=True,
        max_date=date.today().isoformat())
    return (_timestamp_for(tree, day) or day) if day else None


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
    return [v for v in _json_ld_values(tree, "datePublished") if isinstance(v, str)]


def _json_ld_headline(tree: HtmlElement) -> str | None:
    return next((v for v in _json_ld_values(tree, "headline") if isinstance(v, str)), None)


def _json_ld_authors(tree: HtmlElement) -> list[str]:
    """Names of JSON-LD authors: a Person/Organization object, a list of them, or a string."""
    names: list[str] = []
    for value in _json_ld_values(tree, "author"):
        for author in value if isinstance(value, list) else [value]:
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str):
                names.extend(n for n in author_names(name) if n not in names)
    return names


def _json_ld_values(tree: HtmlElement, key: str, limit: int = 20) -> list[object]:
    """Values of `key` anywhere in the page's JSON-LD (@graph, nested objects, arrays)."""
    found: list[object] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack and len(found) < limit:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if item.get(key) is not None:
                    found.append(item[key])
                stack.extend(v for k, v in item.items()
                             if k != key and isinstance(v, (dict, list)))
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
