"""HTTP policy as pure functions: conditional requests, backoff, Retry-After, poll jitter,
charsets.

Nothing here performs I/O; `streams.ingest.fetch` applies these decisions.
"""

from __future__ import annotations

import codecs
import email.utils
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from streams import __version__

USER_AGENT = f"newsstream/{__version__} (feed ingester; +https://newsstream.example/bot)"
# The product token robots.txt rules are matched against.
ROBOTS_AGENT = "newsstream"

BACKOFF_BASE_S = 10.0
BACKOFF_CAP_S = 6 * 3600.0
# A server asking for more than a day is treated as asking for a day.
RETRY_AFTER_CAP_S = 24 * 3600.0
POLL_JITTER = 0.1  # ±10 % so feeds added together do not stay in lockstep
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said about a feed's version, replayed as a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def as_json(self) -> dict[str, str]:
        return {k: v for k, v in (("etag", self.etag), ("last_modified", self.last_modified)) if v}

    @classmethod
    def from_json(cls, data: Mapping[str, str] | None) -> Validators:
        data = data or {}
        return cls(data.get("etag"), data.get("last_modified"))


def conditional_headers(validators: Validators) -> dict[str, str]:
    headers = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def validators_from(headers: Mapping[str, str]) -> Validators:
    """Validators from a 200 response's headers (case-insensitive mapping)."""
    return Validators(headers.get("etag") or None, headers.get("last-modified") or None)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), capped;
    None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), RETRY_AFTER_CAP_S)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return min(max(when.timestamp() - now, 0.0), RETRY_AFTER_CAP_S)


def backoff_delay(
    failures: int, rand: Callable[[], float], *, base_s: float = BACKOFF_BASE_S,
    cap_s: float = BACKOFF_CAP_S,
) -> float:
    """Exponential backoff with "equal jitter": between half and all of base·2^(n-1), capped.
    Half is kept fixed so a failing feed is never retried immediately."""
    if failures < 1:
        return 0.0
    ceiling = min(cap_s, base_s * 2.0 ** min(failures - 1, 32))
    return ceiling / 2 + rand() * ceiling / 2


def retry_delay(
    failures: int, retry_after_s: float | None, rand: Callable[[], float],
) -> float:
    """After an error: the backoff, but never sooner than the server asked."""
    return max(backoff_delay(failures, rand), retry_after_s or 0.0)


def poll_delay(interval_s: float, rand: Callable[[], float]) -> float:
    """The next regular poll: the feed's interval ± POLL_JITTER."""
    return interval_s * (1.0 - POLL_JITTER + 2 * POLL_JITTER * rand())


def charset_of(content_type: str) -> str | None:
    """The Content-Type's charset when Python knows it, by its canonical codec name."""
    match = _CHARSET.search(content_type)
    return known_codec(match.group(1)) if match else None


def known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
