"""Subscription validation: the parser and `schemas/subscriptions.schema.json` agree on what
is accepted and what is refused, and refusals say why."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import orjson
import pytest

from streams.subscriptions import InvalidSubscription, parse_subscription
from streams.subscriptions.dryrun import read_subscriptions

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" /
                     "subscriptions.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def sub(**overrides) -> dict:
    return {"id": "s1", "subscriber": "desk", "rule": {"any": [{"phrase": "wind farm"}]},
            **overrides}


VALID = [
    sub(),
    sub(rule={"all": [{"entity": {"name": "Olaf Scholz", "type": "PERSON",
                                  "min_salience": 0.5}}],
              "any": [{"source": "dpa.de"}, {"language": "de"}],
              "none": [{"speaker": {"name": "Someone"}}]}),
    sub(deliver={"topic": "alerts.desk-7"}, created_at="2026-11-29T10:00:00Z"),
    sub(deliver={"topic": "alerts"}),
]
INVALID = {
    "none only": (sub(rule={"none": [{"phrase": "x"}]}), "`none` alone"),
    "empty rule": (sub(rule={}), "`none` alone"),
    "empty any": (sub(rule={"any": []}), "`none` alone"),
    "regex term": (sub(rule={"any": [{"regex": "(a+)+$"}]}), "unknown term 'regex'"),
    "two kinds in one term": (sub(rule={"any": [{"phrase": "a", "source": "b"}]}),
                              "exactly one"),
    "blank phrase": (sub(rule={"any": [{"phrase": "   "}]}), "non-empty"),
    "long phrase": (sub(rule={"any": [{"phrase": "x" * 201}]}), "longer than 200"),
    "salience > 1": (sub(rule={"any": [{"entity": {"name": "A", "min_salience": 2}}]}),
                     "min_salience"),
    "unknown type": (sub(rule={"any": [{"entity": {"name": "A", "type": "CITY"}}]}),
                     "'CITY' is not one of"),
    "no subscriber": ({"id": "s1", "rule": {"any": [{"phrase": "a"}]}}, "subscriber"),
    "extra field": (sub(colour="red"), "unknown field(s) 'colour'"),
    "loop topic": (sub(deliver={"topic": "articles.raw"}), "pipeline's own topics"),
    "bad topic": (sub(deliver={"topic": "a/b"}), "may only use"),
}


@pytest.mark.parametrize("value", VALID)
def test_valid_subscriptions_pass_parser_and_schema(value: dict) -> None:
    VALIDATOR.validate(value)
    parsed = parse_subscription(b"s1", orjson.dumps(value))
    assert parsed.id == "s1" and parsed.wire == value


def test_default_and_own_delivery_topics() -> None:
    assert parse_subscription(None, orjson.dumps(VALID[3])).deliver_topic is None
    assert parse_subscription(None, orjson.dumps(VALID[2])).deliver_topic == "alerts.desk-7"


@pytest.mark.parametrize("name", INVALID)
def test_invalid_subscriptions_fail_parser_and_schema(name: str) -> None:
    value, reason = INVALID[name]
    assert not VALIDATOR.is_valid(value)
    with pytest.raises(InvalidSubscription) as caught:
        parse_subscription(None, orjson.dumps(value))
    assert caught.value.kind == "invalid_subscription"
    assert reason in str(caught.value)


@pytest.mark.parametrize(("key", "value", "kind"), [
    (None, b"{nope", "not_json"),
    (None, b"[1]", "not_object"),
    (None, b'"\xff"', "not_utf8"),
    (None, b" " * (64 * 1024 + 1), "oversize"),
    (b"other-id", orjson.dumps(sub()), "invalid_subscription"),
])
def test_undecodable_or_mismatched_records_are_refused(key, value, kind) -> None:
    with pytest.raises(InvalidSubscription) as caught:
        parse_subscription(key, value)
    assert caught.value.kind == kind


def test_too_many_terms_are_refused() -> None:
    terms = [{"phrase": f"p{i}"} for i in range(30)]
    with pytest.raises(InvalidSubscription, match="more than 50 terms"):
        parse_subscription(None, orjson.dumps(sub(rule={"all": terms, "any": terms})))


def test_dry_run_reads_arrays_lines_and_one_pretty_object() -> None:
    one = orjson.dumps(sub())
    pretty = orjson.dumps(sub(), option=orjson.OPT_INDENT_2)
    assert len(list(read_subscriptions(b"[" + one + b"," + one + b"]"))) == 2
    assert len(list(read_subscriptions(one + b"\n\n" + one + b"\n"))) == 2
    [parsed] = read_subscriptions(pretty)
    assert parsed.id == "s1"
    [bad] = read_subscriptions(b'{"id": "x"}')
    assert isinstance(bad, InvalidSubscription)
