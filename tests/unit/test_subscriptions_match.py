"""Rule semantics of the matcher: each term kind, all/any/none, the salience threshold,
replacing and removing subscriptions, and the alert record's shape."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import orjson
import pytest

from streams.subscriptions import SubscriptionIndex, parse_subscription

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
NOW = "2026-11-29T12:00:00.000Z"
TEXT = ("Chancellor Olaf Scholz met union leaders in Berlin. “We want a ceasefire deal now,” "
        "Scholz said. Analysts called the ceasefire-dealers naive.")
SCHOLZ_QUOTE = TEXT.index("We want")


def article(**overrides) -> dict:
    record = {
        "id": "art-1", "url": "https://news.example.org/a", "source": "news.example.org",
        "title": "Scholz pushes for a Ceasefire Deal", "authors": [],
        "published_at": "2026-11-29T10:00:00Z", "language": "en", "text": TEXT,
        "entities": [
            {"id": "e-scholz", "name": "Olaf Scholz", "type": "PERSON", "count": 2,
             "salience": 0.8, "mentions": [{"start": 11, "end": 22, "text": "Olaf Scholz"}]},
            {"id": "e-berlin", "name": "Berlin", "type": "GPE", "count": 1, "salience": 0.2,
             "mentions": [{"start": 45, "end": 51, "text": "Berlin"}]},
        ],
        "quotes": [{"text": "We want a ceasefire deal now,", "start": SCHOLZ_QUOTE,
                    "end": SCHOLZ_QUOTE + 29, "kind": "direct", "speaker": "Olaf Scholz",
                    "speaker_entity": "e-scholz", "speaker_mention": None, "cue": None}],
        "enriched_at": "2026-11-29T10:00:01.000Z",
        "pipeline": {"version": "0", "stages": ["clean", "entities", "quotes"]},
    }
    return {**record, **overrides}


def index_of(**rules: dict) -> SubscriptionIndex:
    index = SubscriptionIndex()
    for sub_id, rule in rules.items():
        index.put(parse_subscription(None, orjson.dumps(
            {"id": sub_id, "subscriber": "desk", "rule": rule})))
    return index


def matching(rule: dict, record: dict | None = None) -> bool:
    return bool(index_of(s=rule).match(record or article(), NOW))


def alerts(index: SubscriptionIndex, record: dict) -> list[dict]:
    return [orjson.loads(alert.value) for alert in index.match(record, NOW)]


@pytest.mark.parametrize(("term", "expected"), [
    ({"entity": {"name": "olaf  SCHOLZ"}}, True),  # case and whitespace do not matter
    ({"entity": {"name": "Olaf Scholz", "type": "PERSON"}}, True),
    ({"entity": {"name": "Olaf Scholz", "type": "ORG"}}, False),
    ({"entity": {"name": "Scholz"}}, False),  # the canonical name, not a part of it
    ({"speaker": {"name": "Olaf Scholz"}}, True),
    ({"speaker": {"name": "Berlin"}}, False),  # mentioned, but never quoted
    ({"phrase": "ceasefire deal"}, True),
    ({"phrase": "union leaders in berlin"}, True),
    ({"phrase": "ceasefire-dealers"}, True),
    ({"phrase": "ceasefire-deal"}, False),  # word-bounded: "ceasefire-dealers" is not it
    ({"phrase": "leader"}, False),
    ({"source": "NEWS.example.org"}, True),
    ({"source": "example.org"}, False),  # exact host, no suffix matching
    ({"language": "EN"}, True),
    ({"language": "de"}, False),
])
def test_each_term_kind(term: dict, expected: bool) -> None:
    assert matching({"all": [term]}) is expected


def test_salience_threshold_is_inclusive() -> None:
    assert matching({"all": [{"entity": {"name": "Berlin", "min_salience": 0.2}}]})
    assert not matching({"all": [{"entity": {"name": "Berlin", "min_salience": 0.21}}]})


def test_phrase_in_title_only_matches() -> None:
    record = article(text="Nothing here.", entities=[], quotes=[])
    assert matching({"any": [{"phrase": "pushes for"}]}, record)


def test_all_any_none_combine() -> None:
    scholz, berlin = {"entity": {"name": "Olaf Scholz"}}, {"entity": {"name": "Berlin"}}
    paris, german = {"entity": {"name": "Paris"}}, {"language": "de"}
    assert matching({"all": [scholz, berlin]})
    assert not matching({"all": [scholz, paris]})
    assert matching({"any": [paris, berlin]})
    assert not matching({"any": [paris, german]})
    assert matching({"all": [scholz], "any": [paris, berlin], "none": [german]})
    assert not matching({"all": [scholz], "any": [paris]})
    assert not matching({"all": [scholz], "none": [berlin]})
    assert not matching({"any": [paris, scholz], "none": [{"phrase": "ceasefire deal"}]})


def test_alert_reports_terms_offsets_and_the_quote() -> None:
    index = index_of(q={"all": [{"speaker": {"name": "Olaf Scholz"}}],
                        "any": [{"phrase": "ceasefire deal"}, {"source": "other.example"}]})
    [alert] = alerts(index, article())
    jsonschema.Draft202012Validator(json.loads((SCHEMAS / "alerts.schema.json").read_text()),
                                    format_checker=jsonschema.FormatChecker()).validate(alert)
    assert (alert["subscription_id"], alert["subscriber"], alert["article_id"]) == \
        ("q", "desk", "art-1")
    speaker, phrase = alert["matched"]  # the `any` term that did not match is not listed
    assert speaker["term"] == {"speaker": {"name": "Olaf Scholz"}}
    assert speaker["hits"][0]["quote"] == "We want a ceasefire deal now,"
    assert phrase["count"] == 2
    title_hit, text_hit = phrase["hits"]
    assert title_hit == {"field": "title", "start": 20, "end": 34, "text": "Ceasefire Deal"}
    assert TEXT[text_hit["start"]:text_hit["end"]] == "ceasefire deal"
    assert text_hit["quote"] == "We want a ceasefire deal now," and \
        text_hit["speaker"] == "Olaf Scholz"
    assert "ceasefire deal" in alert["snippet"]


def test_replace_and_remove_take_effect() -> None:
    index = index_of(s={"any": [{"phrase": "ceasefire deal"}]})
    assert index.match(article(), NOW)
    index.put(parse_subscription(None, orjson.dumps(
        {"id": "s", "subscriber": "desk", "rule": {"any": [{"phrase": "wind farm"}]}})))
    assert index.match(article(), NOW) == []
    assert index.match(article(text="A new wind farm."), NOW)
    assert index.remove("s") is not None
    assert index.match(article(text="A new wind farm."), NOW) == []
    assert len(index) == 0


def test_one_alert_per_subscription_and_only_candidates_evaluated() -> None:
    index = index_of(a={"any": [{"phrase": "scholz"}, {"entity": {"name": "Olaf Scholz"}}]},
                     b={"all": [{"language": "en"}, {"phrase": "wind farm"}]})
    assert [a["subscription_id"] for a in alerts(index, article())] == ["a"]


def test_one_term_subscriptions_share_a_group_but_keep_their_own_terms() -> None:
    index = index_of(b={"all": [{"entity": {"name": "olaf  SCHOLZ"}}]},
                     a={"any": [{"entity": {"name": "Olaf Scholz"}}]},
                     c={"all": [{"entity": {"name": "Olaf Scholz", "min_salience": 0.9}}]},
                     d={"all": [{"entity": {"name": "Olaf Scholz"}}, {"language": "en"}]})
    found = alerts(index, article())
    # One order whichever way a subscription is filed: by id.
    assert [a["subscription_id"] for a in found] == ["a", "b", "d"]
    validator = jsonschema.Draft202012Validator(
        json.loads((SCHEMAS / "alerts.schema.json").read_text()),
        format_checker=jsonschema.FormatChecker())
    for alert in found:
        validator.validate(alert)
    assert [a["matched"][0]["term"] for a in found] == [
        {"entity": {"name": "Olaf Scholz"}}, {"entity": {"name": "olaf  SCHOLZ"}},
        {"entity": {"name": "Olaf Scholz"}}]
    assert found[0]["matched"][0]["hits"] == found[1]["matched"][0]["hits"]
    assert found[0]["snippet"] == found[2]["snippet"]

    index.remove("a")
    assert [a["subscription_id"] for a in alerts(index, article())] == ["b", "d"]
    # From a group to the anchored subscriptions and back.
    index.put(parse_subscription(None, orjson.dumps(
        {"id": "b", "subscriber": "desk", "rule": {"all": [{"entity": {"name": "Olaf Scholz"}}],
                                                    "none": [{"language": "de"}]}})))
    index.put(parse_subscription(None, orjson.dumps(
        {"id": "d", "subscriber": "desk", "rule": {"any": [{"phrase": "wind farm"}]}})))
    assert [a["subscription_id"] for a in alerts(index, article())] == ["b"]
    for sub_id in ("b", "c", "d"):
        index.remove(sub_id)
    assert alerts(index, article()) == [] and len(index) == 0
