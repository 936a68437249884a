"""Feed items to `articles.raw` records: stable ids, canonical URLs, the published schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from streams.enrich.raw import article_from_dict
from streams.ingest.feeds import parse_feed
from streams.ingest.items import FeedItem
from streams.ingest.mapping import NoContent, canonical_url, map_item, with_page
from streams.ingest.sources import FeedSpec
from tests.fixtures.feeds.server import fixture

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
SPEC = FeedSpec("https://www.harbour-gazette.example/feed.xml")


def _item(**kw) -> FeedItem:
    base = dict(guid=None, link="https://news.example/a", title="T", published=None,
                content="<p>x</p>", content_is_html=True)
    return FeedItem(**{**base, **kw})


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTPS://WWW.Example.com:443/a?utm_source=rss&id=3#frag", "https://www.example.com/a?id=3"),
    ("http://example.com", "http://example.com/"),
    ("http://example.com:8080/x?fbclid=1", "http://example.com:8080/x"),
    ("ftp://example.com/x", None),
    ("/relative", None),
    (None, None),
])
def test_canonical_url(url, canonical) -> None:
    assert canonical_url(url) == canonical


def test_id_is_the_guid_else_the_canonical_url_else_a_content_hash() -> None:
    assert map_item(_item(guid="g-1"), SPEC).record["id"] == "harbour-gazette.example/g-1"
    for unique in ("tag:news.example,2026:1", "urn:uuid:1b4e", "https://news.example/?p=1"):
        assert map_item(_item(guid=unique), SPEC).record["id"] == unique
    by_url = map_item(_item(link="https://news.example/a?utm_medium=x#c"), SPEC).record
    assert by_url["id"] == by_url["url"] == "https://news.example/a"
    no_link = map_item(_item(link=None), SPEC).record
    assert no_link["id"] == map_item(_item(link=None), SPEC).record["id"]
    assert "url" not in no_link and no_link["source"] == "harbour-gazette.example"


def test_records_satisfy_the_raw_schema_and_decode() -> None:
    schema = json.loads((SCHEMAS / "articles.raw.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    feeds = [("rss.xml", "application/rss+xml"), ("atom.xml", "application/atom+xml"),
             ("feed.json", "application/feed+json")]
    records = [map_item(item, SPEC).record
               for name, ctype in feeds
               for item in parse_feed(fixture(name), ctype, SPEC.url).items]
    assert len(records) == 6
    for record in records:
        validator.validate(record)
        assert article_from_dict(record).id == record["id"]
    first = records[0]
    assert first["published_at"] == "2026-11-29T07:15:00Z"
    assert first["source"] == "harbour-gazette.example" and first["authors"] == ["Mara Lind"]
    assert first["url"] == "https://www.harbour-gazette.example/news/ferry-terminal"


def test_feed_options_override_source_and_language() -> None:
    spec = FeedSpec(SPEC.url, source="Harbour Gazette", language="nb")
    record = map_item(_item(language="en", published=datetime(2026, 1, 2, tzinfo=UTC)),
                      spec).record
    assert record["source"] == "Harbour Gazette" and record["language"] == "nb"
    assert record["published_at"] == "2026-01-02T00:00:00Z"


def test_plain_text_content_goes_to_text() -> None:
    record = map_item(_item(content="plain words", content_is_html=False), SPEC).record
    assert record["text"] == "plain words" and "html" not in record


def test_digest_follows_the_content_not_the_page() -> None:
    a = map_item(_item(), SPEC)
    assert map_item(_item(), SPEC).digest == a.digest
    assert map_item(_item(content="<p>y</p>"), SPEC).digest != a.digest
    assert map_item(_item(title="T2"), SPEC).digest != a.digest
    page = with_page(a.record, "<html>full</html>")
    assert page["html"] == "<html>full</html>" and a.record["html"] == "<p>x</p>"


def test_an_item_without_content_needs_a_page_fetch() -> None:
    with pytest.raises(NoContent):
        map_item(_item(content="  "), SPEC)
    fetching = FeedSpec(SPEC.url, fetch_page=True)
    record = map_item(_item(content=None), fetching).record
    assert "html" not in record and "text" not in record and record["url"]
