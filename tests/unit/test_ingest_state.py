"""Feed lists and seen-item state."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.ingest.policy import Validators
from streams.ingest.sources import BadFeedSpec, FeedSpec, parse_feeds_file, spec_from_record
from streams.ingest.state import TOUCH_EVERY_S, SeenState, StateFile

DAY = 24 * 3600.0


def test_feeds_file_lines_are_urls_or_objects() -> None:
    text = """
    # local papers
    https://a.example/rss
    {"url": "https://b.example/atom", "source": "B", "interval_s": 60, "fetch_page": true}
    https://a.example/rss
    """
    assert parse_feeds_file(text) == [
        FeedSpec("https://a.example/rss"),
        FeedSpec("https://b.example/atom", source="B", interval_s=60.0, fetch_page=True),
    ]


@pytest.mark.parametrize("line", [
    "ftp://a.example/rss", "not a url", '{"url": 3}',
    '{"url": "https://a.example", "interval_s": 0}',
    '{"url": "https://a.example", "fetch_page": "yes"}',
    '{"url": "https://a.example", "source": 1}',
    "{broken json",
])
def test_a_bad_feeds_line_is_an_error_naming_the_line(line: str) -> None:
    with pytest.raises(BadFeedSpec, match="line 2"):
        parse_feeds_file(f"https://ok.example/rss\n{line}\n")


def test_feeds_topic_record() -> None:
    assert spec_from_record(b'{"url": "https://a.example/rss"}') == FeedSpec("https://a.example/rss")
    with pytest.raises(BadFeedSpec) as info:
        spec_from_record(b'["https://a.example/rss"]')
    assert info.value.kind == "not_object"
    with pytest.raises(BadFeedSpec) as info:
        spec_from_record(b'{"url": "mailto:x@a.example"}')
    assert info.value.kind == "invalid_field"


def test_verdicts_new_same_update() -> None:
    seen = SeenState({})
    assert seen.verdict("a", "d1") == "new"
    seen.mark("a", "d1", 0.0)
    assert seen.verdict("a", "d1") == "same"
    assert seen.verdict("a", "d2") == "update"


def test_touch_is_rare_and_prune_forgets_only_stale_items() -> None:
    store: dict = {}
    seen = SeenState(store)
    seen.mark("old", "d", 0.0)
    seen.mark("kept", "d", 0.0)
    seen.set_validators("https://a.example/rss", Validators(etag='"x"'))
    seen.touch("kept", TOUCH_EVERY_S / 2)
    assert store["item:kept"][1] == 0.0  # too soon to be worth a write
    seen.touch("kept", 20 * DAY)
    assert seen.prune(31 * DAY, 30 * DAY) == 1
    assert set(store) == {"item:kept", "feed:https://a.example/rss"}


def test_validators_round_trip_and_unchanged_ones_are_not_rewritten() -> None:
    class CountingDict(dict):
        writes = 0

        def __setitem__(self, key, value) -> None:
            CountingDict.writes += 1
            super().__setitem__(key, value)

    seen = SeenState(CountingDict())
    v = Validators(etag='"x"', last_modified="Sun, 29 Nov 2026 08:00:00 GMT")
    seen.set_validators("u", v)
    seen.set_validators("u", v)
    assert seen.validators("u") == v and CountingDict.writes == 1
    assert seen.validators("other") == Validators()


def test_state_file_round_trip_and_single_owner(tmp_path: Path) -> None:
    path = tmp_path / "ingest" / "state.json"
    first = StateFile(path)
    SeenState(first.data).mark("a", "d", 1.0)
    first.save()
    with pytest.raises(RuntimeError, match="in use"):
        StateFile(path)
    first.close()
    second = StateFile(path)
    assert SeenState(second.data).verdict("a", "d") == "same"
    second.close()
