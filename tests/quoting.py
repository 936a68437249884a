"""The quotes stage run on one hand-written text, for the quotes tests (they skip first when
the spaCy model is not installed)."""

from __future__ import annotations

from streams.enrich.document import Article, Document, Quote
from streams.enrich.quotes import QuoteStage


def quotes_of(text: str) -> list[Quote]:
    doc = Document.from_article(Article(id="t", text=text))
    QuoteStage()([doc])
    return doc.quotes


def quote_texts(text: str) -> list[str]:
    return [q.text for q in quotes_of(text)]
