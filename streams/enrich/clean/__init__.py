"""The clean stage: article body out of HTML (or raw text), page metadata, boilerplate removed.

Order per document: extract paragraphs (html.py with holes filled and links at either end dropped by
gaps.py and the sections after the article cut by boilerplate.py, or text.py), fill missing
metadata (metadata.py), drop rule-matched boilerplate (boilerplate.py), then drop boilerplate
learned per publisher (publisher.py) when a memory is given. Every dropped paragraph is
recorded in `Document.removed`. A page with no main content leaves `text` empty (no exception):
the worker dead-letters empty results as "no content", and the metadata found is still filled
in.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any

from streams.enrich.clean import html
from streams.enrich.clean.boilerplate import strip_closing, strip_rules
from streams.enrich.clean.gaps import fill_gaps, strip_link_ends
from streams.enrich.clean.metadata import fold, page_metadata
from streams.enrich.clean.names import without_label
from streams.enrich.clean.publisher import PublisherBoilerplate
from streams.enrich.clean.text import fix_mojibake, paragraphs_of
from streams.enrich.document import Document, Removal

DEBUG_KEY = "clean"


class CleanStage:
    """`memory` holds per-publisher learned boilerplate (None: no learning); `debug` keeps the
    paragraphs as extracted, before any removal, in `doc.annotations["clean"]`."""

    name = "clean"

    def __init__(self, memory: MutableMapping[str, Any] | None = None, debug: bool = False) -> None:
        self.publishers = PublisherBoilerplate(memory) if memory is not None else None
        self.debug = debug

    def __call__(self, docs: Sequence[Document]) -> None:
        for doc in docs:
            self._clean(doc)

    def _clean(self, doc: Document) -> None:
        article = doc.article
        if article.html is not None and article.html.strip():
            paragraphs = self._from_html(doc, article.html)
        else:
            paragraphs = paragraphs_of(doc.text)
        paragraphs = _without_author_lines(paragraphs, doc)
        if self.debug:
            doc.annotations[DEBUG_KEY] = list(paragraphs)
        paragraphs, removed = strip_rules(paragraphs)
        if self.publishers is not None:
            paragraphs, learned = self.publishers.process(article.source, paragraphs)
            removed.extend(learned)
        doc.text = "\n\n".join(paragraphs)
        doc.removed.extend(Removal(text, reason) for text, reason in removed)

    @staticmethod
    def _from_html(doc: Document, markup: str) -> list[str]:
        tree = html.parse(html.bound_markup(markup))
        if tree is None:
            return []
        meta = page_metadata(tree, doc.article.url)
        extracted = html.extract(tree, doc.article.url)
        page_title = fix_mojibake(meta.title) if meta.title else None
        doc.title = doc.title or page_title
        doc.authors = doc.authors or meta.authors
        doc.published_at = doc.published_at or meta.published_at
        doc.language = doc.language or meta.language
        lines = html.page_lines(tree)
        paragraphs, links = strip_link_ends(lines, fill_gaps(lines, html.paragraphs(extracted)))
        paragraphs, closing = strip_closing(paragraphs)
        doc.removed.extend(Removal(text, reason) for text, reason in links + closing)
        # Mojibake written as entities ("&acirc;&euro;&trade;") only shows once parsed.
        paragraphs = [fix_mojibake(p) for p in paragraphs]
        return _without_headline(paragraphs, doc, page_title)


def _without_headline(paragraphs: list[str], doc: Document, page_title: str | None
                      ) -> list[str]:
    """Extractors keep the page's h1 as the first paragraph; the headline belongs in `title`."""
    titles = {fold(t) for t in (doc.title, page_title) if t}
    if paragraphs and fold(paragraphs[0]) in titles:
        doc.removed.append(Removal(paragraphs[0], "headline"))
        return paragraphs[1:]
    return paragraphs


# Bylines ("By Jane Doe | May 2") open the text and are short; bios close it.
BYLINE_PARAGRAPHS = 3
BYLINE_MAX_WORDS = 25
NAME_LINE_MAX_WORDS = 8  # without a "By": "Jane Doe | Staff writer", not a sentence about her
BIO_PARAGRAPHS = 4
# How a bio goes on after the name ("Jane Doe is ...", "Jane Doe covers ...").
_BIO_START = re.compile(
    r"^\s+(?:is|was|has|covers|writes|reports|joined|founded|co-founded|holds|leads|serves|"
    r"lives|specializes|specialises|works|brings|began|started)\b")


def _without_author_lines(paragraphs: list[str], doc: Document) -> list[str]:
    """Drop the byline at the top and the author's bio at the end, recorded as removals.

    Only full names (two words or more) count, so an article that merely mentions a first
    name keeps its text; a bio is cut from its first paragraph ("Jane Doe is a reporter who
    ...", "About Jane Doe") to the end, where bios and their links sit. A closing paragraph
    that names the author otherwise ("Jane Doe, who chairs ...") is news and stays.
    """
    names = [fold(a) for a in doc.authors if len(a.split()) >= 2]
    if not names or len(paragraphs) < 2:
        return paragraphs
    kept = list(paragraphs)
    for i, paragraph in enumerate(paragraphs[:BYLINE_PARAGRAPHS]):
        folded = fold(paragraph)
        text = without_label(folded)
        short = len(text.split()) <= (BYLINE_MAX_WORDS if text != folded else NAME_LINE_MAX_WORDS)
        if short and any(text.startswith(n) for n in names):
            doc.removed.append(Removal(paragraph, "byline"))
            kept[i] = ""
    for i in range(max(1, len(kept) - BIO_PARAGRAPHS), len(kept)):
        text = fold(kept[i])
        if any(text == f"about {n}" or (_BIO_START.match(text.removeprefix(n)) and
               text.startswith(n)) for n in names):
            doc.removed.extend(Removal(p, "author bio") for p in kept[i:] if p)
            kept = kept[:i]
            break
    return [p for p in kept if p]
