"""Turning raw HTML into a parsed tree safely, and the article body out of it.

Bad input is bounded here, before any extractor sees it:
- markup is capped at `MAX_MARKUP_CHARS` characters and `MAX_TAGS` tags after scripts, styles,
  comments and inline SVG (the usual bulk of a huge page) are dropped; the rest is cut at a tag
  boundary;
- libxml2 stops building the tree at 256 levels of nesting, which silently drops everything after
  the deep part; when a tree reaches that depth we drop the non-semantic wrapper tags (div, span,
  ...) and parse again, so the paragraphs survive;
- lone surrogates and other unencodable characters are replaced, never raised on; mojibake
  (UTF-8 that the publisher's system once read as Windows-1252) is read back (text.py);
- `</body>` and `</html>` end tags are dropped: libxml2 discards everything after them, while a
  browser puts what follows (often the whole article, on pages assembled from templates) back
  into the body.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import lxml.html
from lxml.etree import ParserError, iterwalk
from trafilatura import bare_extraction
from trafilatura.settings import Document as ExtractedDocument
from trafilatura.utils import decode_file

from streams.enrich.clean.text import fix_mojibake

# Extraction time grows with elements: 20,000 tags take about a second. The largest dev pages
# have ~10,000 tags and ~500 kB of markup once scripts and styles are dropped.
MAX_MARKUP_CHARS = 1_000_000
MAX_TAGS = 20_000
_LIBXML_MAX_DEPTH = 255
# A precision-mode body shorter than this gets a second look with default settings, and then a
# third with favor_recall when the body is still shorter than `RECALL_LOOK_CHARS`.
SHORT_BODY_CHARS = 1000
RECALL_LOOK_CHARS = 4000
MIN_BODY_WORDS = 8
# Repeated paragraphs this long, making up this share of the body's words, are a second copy.
MIN_REPEATED_WORDS = 10
MAX_REPEATED_SHARE = 0.4

_BULK_OPEN = re.compile(r"<(script|style|svg)\b|<!--", re.IGNORECASE)
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_WRAPPERS = re.compile(r"</?(?:div|span|font|section|center|b|i|em|strong)\b[^>]*>", re.IGNORECASE)
# The options trafilatura's own loader uses.
_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
_BLOCK_TAGS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "td", "th",
    "dt", "dd", "figcaption", "caption", "section", "article", "header", "footer", "nav", "aside",
    "main", "ul", "ol", "table", "form", "address", "br", "hr", "title", "option",
})
_INVISIBLE_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "svg", "iframe", "object",
})


def decode_html(data: bytes) -> str:
    """Bytes of a page as text: UTF-8 when valid, otherwise the detected (or a lossy) encoding."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return str(decode_file(data))


def bound_markup(html: str) -> str:
    """The page with bulk removed and size capped; see the module docstring."""
    html = fix_mojibake(html.encode("utf-8", "replace").decode("utf-8"))
    if len(html) > MAX_MARKUP_CHARS or html.count("<") > MAX_TAGS:
        html = drop_bulk(html)
    if len(html) > MAX_MARKUP_CHARS:
        cut = html.rfind("<", 0, MAX_MARKUP_CHARS)
        html = html[: cut if cut > 0 else MAX_MARKUP_CHARS]
    if html.count("<") > MAX_TAGS:
        cut = -1
        for _ in range(MAX_TAGS):
            cut = html.find("<", cut + 1)
        html = html[:cut]
    return html


def drop_bulk(html: str) -> str:
    """`html` without scripts (but JSON-LD, which holds metadata), styles, SVG and comments.

    One forward scan with str.find: a regex with a lazy `.*?` would rescan to the end of the
    page for every unclosed opener, which is quadratic on hostile input. An unclosed block hides
    the rest of the page from a browser too, so it is dropped to the end.
    """
    lower = html.lower()
    kept: list[str] = []
    pos = 0
    while (match := _BULK_OPEN.search(html, pos)) is not None:
        tag = (match.group(1) or "").lower()
        open_end = lower.find(">", match.end())
        if tag == "script" and "ld+json" in lower[match.end() : open_end]:
            kept.append(html[pos : open_end + 1])
            pos = open_end + 1 if open_end >= 0 else len(html)
            continue
        kept.append(html[pos : match.start()])
        close = lower.find(f"</{tag}" if tag else "-->", match.end())
        if close < 0:
            return "".join(kept)
        pos = lower.find(">", close) + 1 or len(html)
    kept.append(html[pos:])
    return "".join(kept)


def parse(html: str) -> lxml.html.HtmlElement | None:
    """A tree of the (already bounded) page, or None when there is no markup to speak of."""
    html = _DOCUMENT_END.sub("", html)
    tree = _parse(html)
    if tree is not None and _depth_reached(tree):
        tree = _parse(_WRAPPERS.sub(" ", html))
    return tree


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html, parser=_PARSER)
    except ValueError:  # a str with an XML encoding declaration: lxml wants bytes then
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except ParserError:
        return None


def _depth_reached(tree: lxml.html.HtmlElement) -> bool:
    depth = 0
    for event, _ in iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth >= _LIBXML_MAX_DEPTH - 2:
            return True
    return False


def extract(tree: lxml.html.HtmlElement, url: str | None) -> ExtractedDocument | None:
    """trafilatura's body, precision first with fallbacks (metadata: metadata.py).

    Measured on both dev sets: favor_precision without comments scores best, but on a few pages
    it keeps only a fragment; when its body is short and the default setting finds more than
    twice as much, that result is taken instead (a second run on ~5-10% of pages). The default
    setting recovered more of those pages than favor_recall did (WCXB dev F1 +0.002), but on
    some layouts both find little while favor_recall finds the article: on such a page (the
    precision body was short) it gets a third look while the body is under a few screens
    (WCXB dev F1 +0.001; the bound of a few screens rather than `SHORT_BODY_CHARS` recovered
    one more page, +0.0007). Holes left inside the article are filled by gaps.py.
    """
    best = _trafilatura(tree, url, favor_precision=True)
    if _length(best) >= SHORT_BODY_CHARS:
        return best
    for mode in ({}, {"favor_recall": True}):
        wide = _trafilatura(tree, url, **mode)
        best = wide if _length(best) < 0.5 * _length(wide) else best
        if _length(best) >= RECALL_LOOK_CHARS:
            break
    return best


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None, **mode: bool
                 ) -> ExtractedDocument | None:
    return bare_extraction(tree, url=url, include_comments=False, **mode)


def _length(extracted: ExtractedDocument | None) -> int:
    return len(extracted.text or "") if extracted is not None else 0


def paragraphs(extracted: ExtractedDocument | None) -> list[str]:
    """The body as paragraphs: trafilatura's text has one line per block element.

    A handful of words is what the fallbacks scrape off a page with no article (menus, a
    caption): that counts as no content.
    """
    if extracted is None or len((extracted.text or "").split()) < MIN_BODY_WORDS:
        return []
    return _without_copies([" ".join(line.split()) for line in extracted.text.splitlines()
                            if line.strip()])


def _without_copies(lines: list[str]) -> list[str]:
    """`lines` without repeats of long paragraphs when repeats make up much of the body.

    Such a page holds the article more than once (layout variants of which a browser shows one);
    the first copy is kept. A few repeated paragraphs (a pull quote, a recurring list) stay.
    """
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        key = line.casefold()
        if len(line.split()) < MIN_REPEATED_WORDS or key not in seen:
            kept.append(line)
        seen.add(key)
    words = sum(len(line.split()) for line in lines)
    dropped = words - sum(len(line.split()) for line in kept)
    return kept if dropped >= MAX_REPEATED_SHARE * words else lines


class Line(NamedTuple):
    """A line of visible text, the block element it belongs to, and how much of it is links."""

    text: str
    element: lxml.html.HtmlElement
    link_chars: int


def page_lines(tree: lxml.html.HtmlElement) -> list[Line]:
    """All visible text of a parsed page, a line per block element, in document order."""
    lines: list[Line] = []
    current: list[str] = []
    links = 0  # characters of `current` inside a link
    in_link = 0  # open <a> elements, which may wrap whole blocks (a teaser card)
    blocks = [tree]

    def add(text: str | None) -> None:
        nonlocal links
        if text:
            current.append(text)
            if in_link:
                links += len(text.strip())

    def flush() -> None:
        nonlocal links
        line = " ".join(" ".join(current).split())
        if line:
            lines.append(Line(line, blocks[-1], links))
        current.clear()
        links = 0

    def walk(element: lxml.html.HtmlElement) -> None:
        # Iterative over siblings, recursive over depth: depth is bounded by libxml2 (256).
        nonlocal in_link
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _INVISIBLE_TAGS or not tag:
            if tag != "head":
                add(element.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
            blocks.append(element)
        in_link += tag == "a"
        add(element.text)
        for child in element:
            walk(child)
        in_link -= tag == "a"
        if block:
            flush()
            blocks.pop()
        add(element.tail)

    walk(tree)
    flush()
    return lines


def visible_lines(html: str) -> list[str]:
    """All visible text of a page, a line per block element: what a markup-stripping feed gives."""
    tree = parse(bound_markup(html))
    return [line.text for line in page_lines(tree)] if tree is not None else []


def block_text(html: str) -> str:
    """Plain text of an HTML fragment, a paragraph per block element."""
    return "\n\n".join(visible_lines(html))
