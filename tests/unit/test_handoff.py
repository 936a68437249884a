"""The cleaned document between the clean and enrich agents: what the model stages get is
what the publisher stages left, and the raw bytes come back unchanged for the DLQ."""

from __future__ import annotations

import orjson
import pytest

from streams.enrich.document import Document, Removal
from streams.enrich.handoff import decode_cleaned, encode_cleaned
from streams.enrich.raw import BadInput, decode_article


def _cleaned_doc(raw: bytes) -> Document:
    doc = Document.from_article(decode_article(raw, 10_000))
    doc.text, doc.title = "Body kept.", "Found title"
    doc.authors, doc.published_at, doc.language = ["Ada Byline"], "2026-11-29", "en"
    doc.removed = [Removal("Subscribe now", "publisher_boilerplate")]
    doc.stages = ["clean"]
    return doc


def test_round_trip_keeps_what_clean_set_and_the_raw_bytes() -> None:
    # Raw bytes as a producer wrote them: spacing, key order and escapes kept exactly.
    raw = (b'{ "text": "Caf\\u00e9 \xe2\x80\x9cquoted\xe2\x80\x9d", "id": "a1",'
           b' "source": "paper.example" }')
    doc = _cleaned_doc(raw)
    back_raw, back = decode_cleaned(encode_cleaned(raw, doc), 10_000)
    assert back_raw == raw
    assert back.article == doc.article
    for field in ("text", "title", "authors", "published_at", "language", "removed", "stages"):
        assert getattr(back, field) == getattr(doc, field), field
    assert back.entities == [] and back.quotes == []


@pytest.mark.parametrize("value", [
    None, b"", b"not json", b"[1, 2]", orjson.dumps({"text": "no raw"}),
    orjson.dumps({"raw": 7, "text": "x"}),
])
def test_anything_else_is_bad_input_not_a_crash(value: bytes | None) -> None:
    with pytest.raises(BadInput) as caught:
        decode_cleaned(value, 10_000)
    assert caught.value.kind == "invalid_field"


def test_raw_bytes_that_do_not_decode_keep_their_own_kind() -> None:
    value = orjson.dumps({"raw": "[]", "text": "x", "title": None, "authors": [],
                          "published_at": None, "language": None, "removed": [], "stages": []})
    with pytest.raises(BadInput) as caught:
        decode_cleaned(value, 10_000)
    assert caught.value.kind == "not_object"
