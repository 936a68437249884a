"""robots.txt for page fetches (RFC 9309), as pure decisions over fetched text.

Feeds themselves are fetched regardless: a feed URL is published for machines to poll.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from streams.ingest.policy import ROBOTS_AGENT

CACHE_TTL_S = 24 * 3600.0
# After a failed robots.txt fetch, try again sooner than a day.
ERROR_TTL_S = 3600.0


@dataclass(frozen=True, slots=True)
class Rules:
    parser: RobotFileParser
    expires_at: float

    def allows(self, url: str) -> bool:
        return self.parser.can_fetch(ROBOTS_AGENT, url)


def robots_url(page_url: str) -> str:
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def origin(page_url: str) -> str:
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def rules_from_response(status: int | None, text: str, now: float) -> Rules:
    """RFC 9309 §2.3.1: 2xx → the rules; 4xx → no rules (allow all); 5xx or unreachable
    (status None) → disallow all until the next try."""
    parser = RobotFileParser()
    if status is not None and 200 <= status < 300:
        parser.parse(text.splitlines())
        return Rules(parser, now + CACHE_TTL_S)
    if status is not None and 400 <= status < 500:
        parser.allow_all = True
        return Rules(parser, now + CACHE_TTL_S)
    parser.disallow_all = True
    return Rules(parser, now + ERROR_TTL_S)


class RobotsCache:
    """Rules per origin, until they expire."""

    def __init__(self) -> None:
        self._rules: dict[str, Rules] = {}

    def get(self, page_url: str, now: float) -> Rules | None:
        rules = self._rules.get(origin(page_url))
        return rules if rules is not None and rules.expires_at > now else None

    def put(self, page_url: str, rules: Rules) -> None:
        self._rules[origin(page_url)] = rules
