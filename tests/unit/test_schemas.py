"""The records the code builds satisfy the published JSON Schemas (the wire contract)."""

import json
from pathlib import Path

import jsonschema
import orjson
import pytest

from streams.enrich.document import Quote, Span
from streams.enrich.pipeline import Pipeline
from streams.enrich.process import Enricher, RawMessage
from streams.enrich.records import quote_records, search_document
from streams.topics import ALERTS, INTERNAL, SPECS
from tests.fakes import TagCapitalised

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def _validator(topic: str) -> jsonschema.Validator:
    schema = json.loads((SCHEMAS / f"{topic}.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


class _AddQuote:
    name = "quotes"

    def __call__(self, docs) -> None:
        for doc in docs:
            doc.quotes.append(Quote(0, 5, doc.text[:5], "direct", "Hello", "org-hello",
                                    Span(0, 5, "Hello"), None, None, None))
            # a split quote: two fragments around an interruption
            doc.quotes.append(Quote(0, 17, doc.text, "direct", fragments=(
                Span(0, 5, "Hello"), Span(12, 17, "again"))))


@pytest.fixture()
def outcomes():
    enricher = Enricher(Pipeline([TagCapitalised(), _AddQuote()]), max_article_bytes=10_000,
                        debug_removed=True)
    good = orjson.dumps({"url": "https://example.com/x", "text": "Hello World again",
                         "published_at": "2026-11-29T10:00:00Z"})
    return enricher.process([RawMessage(b"k", good, "articles.raw", 1, 5),
                             RawMessage(None, b"\xff", "articles.raw", 1, 6)])


def test_enriched_search_and_quote_records_match_their_schemas(outcomes) -> None:
    enriched = outcomes[0].enriched
    _validator("articles.enriched").validate(enriched)
    _validator("search.documents").validate(search_document(enriched))
    for record in quote_records(enriched):
        _validator("quotes").validate(record)
    assert search_document(enriched)["speakers"] == ["Hello"]


def test_quote_fragments_are_spans(outcomes) -> None:
    (record, split) = quote_records(outcomes[0].enriched)
    assert record["fragments"] == []
    assert split["fragments"] == [{"start": 0, "end": 5, "text": "Hello"},
                                  {"start": 12, "end": 17, "text": "again"}]
    with pytest.raises(jsonschema.ValidationError):
        _validator("quotes").validate({**split, "fragments": [[0, 5]]})


def test_dead_letter_record_matches_its_schema(outcomes) -> None:
    _validator("articles.dlq").validate(outcomes[1].dead_letter)


def test_raw_schema_accepts_exactly_one_content_field() -> None:
    v = _validator("articles.raw")
    v.validate({"text": "x"})
    v.validate({"html": "<p>x</p>", "url": "https://example.com/"})
    with pytest.raises(jsonschema.ValidationError):
        v.validate({"text": "x", "html": "<p>x</p>"})
    with pytest.raises(jsonschema.ValidationError):
        v.validate({"title": "t"})


def test_every_public_topic_has_a_schema_and_an_asyncapi_channel() -> None:
    asyncapi = (SCHEMAS / "asyncapi.yaml").read_text()
    for spec in SPECS:
        if spec.name in INTERNAL:
            continue
        assert (SCHEMAS / f"{spec.name}.schema.json").exists(), spec.name
        assert f"address: {spec.name}" in asyncapi, spec.name


def test_subscriptions_schema_refuses_delivery_to_every_topic_the_code_refuses() -> None:
    schema = json.loads((SCHEMAS / "subscriptions.schema.json").read_text())
    refused = schema["properties"]["deliver"]["properties"]["topic"]["not"]["enum"]
    assert set(refused) == {s.name for s in SPECS} - {ALERTS}
