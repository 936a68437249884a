"""HTTP policy and robots.txt as pure decisions."""

from __future__ import annotations

import pytest

from streams.ingest import policy
from streams.ingest.policy import Validators
from streams.ingest.robots import RobotsCache, robots_url, rules_from_response

NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z


def test_conditional_headers_replay_the_validators() -> None:
    v = policy.validators_from({"etag": '"abc"', "last-modified": "Sun, 29 Nov 2026 08:00:00 GMT"})
    assert policy.conditional_headers(v) == {
        "If-None-Match": '"abc"', "If-Modified-Since": "Sun, 29 Nov 2026 08:00:00 GMT"}
    assert Validators.from_json(v.as_json()) == v
    assert policy.conditional_headers(Validators()) == {}
    assert Validators().as_json() == {}


@pytest.mark.parametrize(("value", "seconds"), [
    ("120", 120.0),
    (" 5 ", 5.0),
    ("999999999", policy.RETRY_AFTER_CAP_S),
    ("Fri, 15 Jan 2027 08:01:30 GMT", 90.0),
    ("Fri, 15 Jan 2027 07:00:00 GMT", 0.0),  # in the past: now
    ("soon", None),
    ("-5", None),
    ("", None),
    (None, None),
])
def test_retry_after(value, seconds) -> None:
    assert policy.parse_retry_after(value, NOW) == seconds


def test_backoff_doubles_with_jitter_within_bounds_and_is_capped() -> None:
    low = [policy.backoff_delay(n, lambda: 0.0) for n in range(1, 6)]
    high = [policy.backoff_delay(n, lambda: 1.0) for n in range(1, 6)]
    assert low == [5.0, 10.0, 20.0, 40.0, 80.0]
    assert high == [10.0, 20.0, 40.0, 80.0, 160.0]
    assert policy.backoff_delay(0, lambda: 1.0) == 0.0
    assert policy.backoff_delay(500, lambda: 1.0) == policy.BACKOFF_CAP_S


def test_retry_delay_never_sooner_than_the_server_asked() -> None:
    assert policy.retry_delay(1, 300.0, lambda: 1.0) == 300.0
    assert policy.retry_delay(3, 1.0, lambda: 1.0) == 40.0
    assert policy.retry_delay(1, None, lambda: 0.0) == 5.0


def test_poll_delay_jitters_around_the_interval() -> None:
    assert policy.poll_delay(100.0, lambda: 0.0) == pytest.approx(90.0)
    assert policy.poll_delay(100.0, lambda: 1.0) == pytest.approx(110.0)


ROBOTS = """
User-agent: *
Disallow: /private/

User-agent: newsstream
Disallow: /archive/
"""


def test_robots_rules_for_our_agent() -> None:
    rules = rules_from_response(200, ROBOTS, NOW)
    assert rules.allows("https://news.example/2026/story")
    assert not rules.allows("https://news.example/archive/old")
    # A group naming us replaces the `*` group.
    assert rules.allows("https://news.example/private/x")


def test_robots_fetch_outcomes_follow_rfc_9309() -> None:
    assert rules_from_response(404, "", NOW).allows("https://news.example/a")
    assert not rules_from_response(503, "", NOW).allows("https://news.example/a")
    assert not rules_from_response(None, "", NOW).allows("https://news.example/a")
    retry_soon = rules_from_response(503, "", NOW).expires_at
    assert retry_soon < rules_from_response(200, "", NOW).expires_at


def test_robots_cache_is_per_origin_and_expires() -> None:
    cache = RobotsCache()
    rules = rules_from_response(404, "", NOW)
    cache.put("https://news.example/a", rules)
    assert cache.get("https://NEWS.example/b?c", NOW) is rules
    assert cache.get("http://news.example/b", NOW) is None  # another scheme, another origin
    assert cache.get("https://news.example/b", rules.expires_at + 1) is None
    assert robots_url("https://news.example:8443/x/y?z") == "https://news.example:8443/robots.txt"
