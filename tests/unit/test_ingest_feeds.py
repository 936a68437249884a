"""Feed parsing: RSS, Atom and JSON Feed to items; broken documents to `FeedError` kinds."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from streams.ingest.feeds import parse_feed
from streams.ingest.items import FeedError
from tests.fixtures.feeds.server import fixture

FEED_URL = "https://www.harbour-gazette.example/feed.xml"


def test_rss_items_with_full_content_authors_and_utc_times() -> None:
    feed = parse_feed(fixture("rss.xml"), "application/rss+xml", FEED_URL)
    first, second = feed.items
    assert feed.kind == "rss20" and not feed.warnings
    assert first.guid == "hg-2026-1101"
    assert first.published == datetime(2026, 11, 29, 7, 15, tzinfo=UTC)
    assert first.authors == ("Mara Lind",) and first.language == "en"
    # content:encoded wins over the shorter description
    assert first.content_is_html and "Mayor Jonas Berg" in first.content
    assert second.guid is None
    assert second.link == "https://www.harbour-gazette.example/news/storm-warning"


def test_atom_html_and_text_content() -> None:
    feed = parse_feed(fixture("atom.xml"), "application/atom+xml", "https://bergblatt.example/")
    seilbahn, wetter = feed.items
    assert feed.kind == "atom10"
    assert seilbahn.guid == "tag:bergblatt.example,2026:seilbahn"
    assert seilbahn.content.startswith("<p>Die neue Seilbahn auf den Hausberg")
    assert seilbahn.published == datetime(2026, 11, 29, 6, 30, tzinfo=UTC)
    assert seilbahn.authors == ("Lena Hofer",) and seilbahn.language == "de"
    assert not wetter.content_is_html and wetter.content.startswith("Morgen")
    assert wetter.published == datetime(2026, 11, 28, 18, 0, tzinfo=UTC)  # from <updated>


def test_json_feed_items_numeric_ids_and_feed_authors() -> None:
    feed = parse_feed(fixture("feed.json"), "application/feed+json", "https://river-notes.example/")
    first, second = feed.items
    assert feed.kind == "json1.1"
    assert feed.warnings == ["item 2 is not an object"]
    assert first.guid == "rn-77" and first.content_is_html
    assert first.published == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert first.authors == ("Ola Nordmann",)
    assert second.guid == "78" and not second.content_is_html
    assert second.authors == ("River Notes Desk",)  # inherited from the feed


def test_json_feed_in_a_declared_non_utf8_charset() -> None:
    doc = {"version": "https://jsonfeed.org/version/1", "items": [
        {"id": "1", "content_text": "Café"}]}
    body = orjson.dumps(doc).decode().encode("latin-1")
    feed = parse_feed(body, "application/json; charset=latin-1", "https://x.example/")
    assert feed.items[0].content == "Café" and feed.warnings == ["decoded as iso8859-1"]


def test_wrong_declared_encoding_is_recovered_with_a_warning() -> None:
    feed = parse_feed(fixture("latin1-declared-utf8.xml"), "application/rss+xml", FEED_URL)
    assert feed.items[0].title == "Café opens"
    assert "CharacterEncodingOverride" in feed.warnings[0]


@pytest.mark.parametrize(("body", "content_type", "kind"), [
    (fixture("html-page.html"), "text/html", "not_a_feed"),
    (fixture("html-page.html"), "application/rss+xml", "not_a_feed"),
    (fixture("malformed.xml"), "application/rss+xml", "malformed"),
    (b"<?xml version='1.0'?><note><to>x</to></note>", "text/xml", "not_a_feed"),
    (b'{"version": "1", "items": []}', "application/json", "malformed"),
    (b'{"version": "https://jsonfeed.org/version/1.1"}', "application/json", "malformed"),
    (b"{not json", "application/json", "malformed"),
    (b"  \n", "application/rss+xml", "empty_body"),
])
def test_unusable_documents_raise_a_feed_error_with_a_kind(body, content_type, kind) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(body, content_type, FEED_URL)
    assert info.value.kind == kind


def test_rss_served_as_text_html_is_still_read() -> None:
    feed = parse_feed(fixture("rss.xml"), "text/html", FEED_URL)
    assert len(feed.items) == 2
