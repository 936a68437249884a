"""A cleaned document on its way from the publisher stages to the model stages: its wire form
on the internal topic between them (`articles.cleaned`).

The message carries the original raw bytes, so that a later stage that fails can still
dead-letter them, and what the publisher stages set; the article itself is decoded again
from the raw bytes (cheap next to the model, and one decoder for both agents).
"""

from __future__ import annotations

from typing import Any

import orjson

from streams.enrich.document import Document, Removal
from streams.enrich.raw import BadInput, decode_article


def encode_cleaned(raw: bytes, doc: Document) -> bytes:
    """`doc` as the publisher stages left it, with its message's raw bytes. The raw bytes
    decoded as an article, so they are UTF-8 and travel as a string."""
    return orjson.dumps({
        "raw": raw.decode("utf-8"),
        "text": doc.text,
        "title": doc.title,
        "authors": doc.authors,
        "published_at": doc.published_at,
        "language": doc.language,
        "removed": [[r.text, r.reason] for r in doc.removed],
        "stages": doc.stages,
    })


def decode_cleaned(value: bytes | None, max_bytes: int) -> tuple[bytes, Document]:
    """The raw bytes and the document `encode_cleaned` wrote; `BadInput` when `value` is not
    such a message (the topic is internal, so only a foreign producer writes one)."""
    try:
        obj: dict[str, Any] = orjson.loads(value or b"")
        raw = obj["raw"].encode("utf-8")
        doc = Document.from_article(decode_article(raw, max_bytes))
        doc.text, doc.title = obj["text"], obj["title"]
        doc.authors, doc.published_at = list(obj["authors"]), obj["published_at"]
        doc.language, doc.stages = obj["language"], list(obj["stages"])
        doc.removed = [Removal(text, reason) for text, reason in obj["removed"]]
    except BadInput:
        raise
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadInput("invalid_field", f"not a cleaned document: {exc!r}") from None
    return raw, doc
