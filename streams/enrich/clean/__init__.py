"""The clean stage: article body out of HTML (or raw text), page metadata, boilerplate removed.

Order per document: extract paragraphs (html.py or text.py), fill missing metadata
(metadata.py), drop rule-matched boilerplate (boilerplate.py), then drop boilerplate learned per
publisher (publisher.py) when a memory is given. Every dropped paragraph is recorded in
`Document.removed`. A page with no main content leaves `text` empty (no exception): the worker
dead-letters empty results as "no content", and the metadata found is still filled in.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

from streams.enrich.clean import html
from streams.enrich.clean.boilerplate import strip_rules
from streams.enrich.clean.metadata import fold, page_metadata
from streams.enrich.clean.publisher import PublisherBoilerplate
from streams.enrich.clean.text import paragraphs_of
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
        extracted = html.extract(tree, doc.article.url)
        meta = page_metadata(tree, extracted)
        doc.title = doc.title or meta.title
        doc.authors = doc.authors or meta.authors
        doc.published_at = doc.published_at or meta.published_at
        doc.language = doc.language or meta.language
        return _without_headline(html.paragraphs(extracted), doc, meta.title)


def _without_headline(paragraphs: list[str], doc: Document, page_title: str | None
                      ) -> list[str]:
    """Extractors keep the page's h1 as the first paragraph; the headline belongs in `title`."""
    titles = {fold(t) for t in (doc.title, page_title) if t}
    if paragraphs and fold(paragraphs[0]) in titles:
        doc.removed.append(Removal(paragraphs[0], "headline"))
        return paragraphs[1:]
    return paragraphs
