import orjson
import pytest

from streams.enrich.raw import BAD_INPUT_KINDS, BadInput, decode_article, derive_id

LIMIT = 10_000


def _decode(value: bytes):
    return decode_article(value, LIMIT)


def test_good_record_keeps_fields_and_defaults_source_to_host() -> None:
    a = _decode(orjson.dumps({"url": "https://www.Example.com/a#top", "text": "Body.",
                              "title": "T", "published_at": "2026-01-02T03:04:05Z"}))
    assert a.url == "https://www.example.com/a"
    assert a.source == "example.com"
    assert a.text == "Body." and a.html is None
    assert a.id == derive_id("https://www.example.com/a", "Body.")


def test_id_without_url_is_a_content_hash_and_given_id_wins() -> None:
    one = _decode(b'{"text": "same"}')
    two = _decode(b'{"text": "same"}')
    other = _decode(b'{"text": "different"}')
    assert one.id == two.id != other.id
    assert _decode(b'{"id": "mine", "text": "x"}').id == "mine"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (b"x" * (LIMIT + 1), "oversize"),
        (b'{"text": "\xff\xfe"}', "not_utf8"),
        (b"{not json", "not_json"),
        (b"", "not_json"),
        (b"[1, 2]", "not_object"),
        (b'"a string"', "not_object"),
        (b'{"title": "no body"}', "missing_content"),
        (b'{"text": "   \\n "}', "missing_content"),
        (b'{"text": "a", "html": "<p>b</p>"}', "ambiguous_content"),
        (b'{"text": 42}', "wrong_type"),
        (b'{"text": "a", "authors": "Jane"}', "wrong_type"),
        (b'{"text": "a", "url": "ftp://x/y"}', "invalid_field"),
        (b'{"text": "a", "published_at": "yesterday"}', "invalid_field"),
    ],
)
def test_each_kind_of_bad_input_is_named(value: bytes, kind: str) -> None:
    assert kind in BAD_INPUT_KINDS
    with pytest.raises(BadInput) as info:
        _decode(value)
    assert info.value.kind == kind
    assert str(info.value)


def test_null_value_is_missing_content() -> None:
    with pytest.raises(BadInput) as info:
        decode_article(None, LIMIT)
    assert info.value.kind == "missing_content"
