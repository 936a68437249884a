"""Decoding and validating `articles.raw` values into `Article`s.

Every way a value can be unusable has a kind (`BadInput.kind`); the kinds are part of the
DLQ contract (`schemas/articles.dlq.schema.json`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import orjson

from streams.enrich.document import Article

BAD_INPUT_KINDS = (
    "oversize",  # value larger than the configured limit
    "not_utf8",  # bytes that are not UTF-8
    "not_json",  # UTF-8 but not JSON
    "not_object",  # JSON, but not an object
    "missing_content",  # neither `html` nor `text` (or only whitespace)
    "ambiguous_content",  # both `html` and `text`
    "wrong_type",  # a field of the wrong JSON type
    "invalid_field",  # a field of the right type with an unusable value
)

_STRING_FIELDS = ("id", "url", "source", "title", "published_at", "language", "html", "text")


def source_key(article: Article) -> bytes:
    """The key of `article` on `articles.by-source`: its publisher (its id when it has none),
    JSON-encoded like the keys of the boilerplate table's changelog: same bytes, same
    partition."""
    return orjson.dumps(article.source or article.id)


class BadInput(ValueError):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def decode_article(value: bytes | None, max_bytes: int) -> Article:
    """Parse one raw record; raises `BadInput` with a kind and a reason."""
    if value is None:
        raise BadInput("missing_content", "empty message (null value)")
    if len(value) > max_bytes:
        raise BadInput("oversize", f"{len(value)} bytes exceeds the limit of {max_bytes}")
    try:
        value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput("not_utf8", f"not UTF-8: {exc}") from None
    try:
        obj = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise BadInput("not_json", f"not JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise BadInput("not_object", f"expected a JSON object, got {type(obj).__name__}")
    return article_from_dict(obj)


def article_from_dict(obj: dict[str, Any]) -> Article:
    for name in _STRING_FIELDS:
        if obj.get(name) is not None and not isinstance(obj[name], str):
            got = type(obj[name]).__name__
            raise BadInput("wrong_type", f"`{name}` must be a string, got {got}")
    authors = obj.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise BadInput("wrong_type", "`authors` must be a list of strings")
    html, text = obj.get("html"), obj.get("text")
    if html is not None and text is not None:
        raise BadInput("ambiguous_content", "exactly one of `html` and `text` is allowed, got both")
    content = html if html is not None else text
    if content is None or not content.strip():
        raise BadInput("missing_content", "no `html` or `text` content")
    url = _clean_url(obj.get("url"))
    published_at = obj.get("published_at")
    if published_at is not None:
        _check_timestamp(published_at)
    return Article(
        id=obj.get("id") or derive_id(url, content),
        url=url,
        source=obj.get("source") or _host(url),
        title=obj.get("title"),
        published_at=published_at,
        language=obj.get("language"),
        authors=tuple(authors),
        html=html,
        text=text,
    )


def derive_id(url: str | None, content: str) -> str:
    """A stable id: from the URL when there is one, else from the content."""
    basis = f"url:{url}" if url else f"content:{content}"
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _clean_url(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadInput("invalid_field", f"`url` must be an absolute http(s) URL: {url[:200]!r}")
    # The fragment never names a different article; dropping it keeps derived ids stable.
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path, parts.query, ""))


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _check_timestamp(value: str) -> None:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        reason = f"`published_at` is not RFC 3339: {value[:100]!r}"
        raise BadInput("invalid_field", reason) from None
