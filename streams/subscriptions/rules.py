"""Subscriptions and their match rules: parsing and validation of the wire form.

The wire contract is `schemas/subscriptions.schema.json`; this module enforces it (the
schema is not shipped with the package) and `tests/unit/test_subscriptions_rules.py` keeps
the two in step. Values are normalised here once, so matching compares plain strings.

What a rule cannot express, by design: regular expressions, wildcards or stemming (a phrase
is literal text); nesting (one level of all/any/none); proximity ("X within 5 words of Y");
counts ("mentioned at least 3 times"); a rule made only of `none` terms (it would match
almost every article); times or dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn

import orjson

from streams.topics import ALERTS, SPECS

MAX_SUBSCRIPTION_BYTES = 64 * 1024
MAX_TERMS = 50
MAX_PHRASE_CHARS = 200
ID_CHARS = 200
ENTITY_TYPES = frozenset((
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW",
    "LANGUAGE",
))
TERM_KINDS = ("entity", "speaker", "phrase", "source", "language")
_TOPIC_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
# Alerts must not loop back into the pipeline: only `alerts` or a topic of one's own.
_RESERVED_TOPICS = frozenset(spec.name for spec in SPECS) - {ALERTS}


class InvalidSubscription(ValueError):
    """Why a subscription was rejected; `kind` is the DLQ error kind."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Term:
    kind: str  # one of TERM_KINDS
    value: str  # normalised: see `normalise`
    type: str | None = None  # entity terms only
    min_salience: float = 0.0  # entity terms only
    wire: Any = None  # the term as the subscriber wrote it, echoed in alerts
    # What the term matches as one string, the same for terms that differ only in spelling
    # ("olaf  SCHOLZ"): an article looks each up once, and a string's hash is cached.
    key: str = field(init=False, compare=False, repr=False)
    json: bytes = field(init=False, compare=False, repr=False)  # {kind: wire}, encoded once

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", "\0".join(
            (self.kind, self.value, self.type or "", repr(self.min_salience))))
        # A copy: the bytes orjson returns keep its whole write buffer (~4 KB) allocated, which
        # times 100,000 terms is most of a gigabyte.
        object.__setattr__(self, "json", bytes(memoryview(orjson.dumps({self.kind: self.wire}))))


@dataclass(frozen=True, slots=True)
class Rule:
    all: tuple[Term, ...] = ()
    any: tuple[Term, ...] = ()
    none: tuple[Term, ...] = ()


@dataclass(frozen=True, slots=True)
class Subscription:
    id: str
    subscriber: str
    rule: Rule
    deliver_topic: str | None  # None: the shared `alerts` topic
    wire: dict[str, Any]


def normalise(text: str) -> str:
    """Lower case, runs of whitespace as one space: how names and phrases are compared.
    `lower` (not `casefold`) keeps most strings' length, so offsets into text stay valid."""
    return " ".join(text.lower().split())


def parse_subscription(key: bytes | None, value: bytes) -> Subscription:
    """A subscription from a record of the `subscriptions` topic; raises InvalidSubscription."""
    if len(value) > MAX_SUBSCRIPTION_BYTES:
        raise InvalidSubscription("oversize", f"{len(value)} bytes > {MAX_SUBSCRIPTION_BYTES}")
    try:
        obj = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        kind = "not_utf8" if "utf-8" in str(exc).lower() else "not_json"
        raise InvalidSubscription(kind, str(exc)) from exc
    sub = subscription_from_dict(obj)
    if key is not None and key != sub.id.encode():
        raise InvalidSubscription("invalid_subscription",
                                  f"key {key[:200]!r} differs from id {sub.id!r}")
    return sub


def subscription_from_dict(obj: Any) -> Subscription:
    if not isinstance(obj, dict):
        raise InvalidSubscription("not_object", f"expected an object, got {type(obj).__name__}")
    _only(obj, {"id", "subscriber", "rule", "deliver", "created_at"}, "subscription")
    sub_id = _string(obj.get("id"), "id", ID_CHARS)
    subscriber = _string(obj.get("subscriber"), "subscriber", ID_CHARS)
    return Subscription(sub_id, subscriber, _rule(obj.get("rule")), _deliver(obj.get("deliver")),
                        obj)


def _rule(obj: Any) -> Rule:
    if not isinstance(obj, dict):
        _fail("rule: expected an object")
    _only(obj, {"all", "any", "none"}, "rule")
    parts: dict[str, tuple[Term, ...]] = {}
    for part in ("all", "any", "none"):
        terms = obj.get(part, [])
        if not isinstance(terms, list):
            _fail(f"rule.{part}: expected a list")
        parts[part] = tuple(_term(t, f"rule.{part}[{i}]") for i, t in enumerate(terms))
    if sum(map(len, parts.values())) > MAX_TERMS:
        _fail(f"rule: more than {MAX_TERMS} terms")
    if not parts["all"] and not parts["any"]:
        _fail("rule: needs at least one term in `all` or `any` (`none` alone matches everything)")
    return Rule(**parts)


def _term(obj: Any, where: str) -> Term:
    if not isinstance(obj, dict) or len(obj) != 1:
        _fail(f"{where}: expected an object with exactly one of {', '.join(TERM_KINDS)}")
    (kind, wire), = obj.items()
    if kind == "phrase":
        return Term(kind, _normalised(wire, where + ".phrase", MAX_PHRASE_CHARS), wire=wire)
    if kind in ("source", "language"):
        return Term(kind, _normalised(wire, f"{where}.{kind}", ID_CHARS), wire=wire)
    if kind == "speaker":
        _only(wire, {"name"}, where + ".speaker")
        return Term(kind, _normalised(wire.get("name"), where + ".speaker.name", ID_CHARS),
                    wire=wire)
    if kind == "entity":
        _only(wire, {"name", "type", "min_salience"}, where + ".entity")
        entity_type = wire.get("type")
        if entity_type is not None and entity_type not in ENTITY_TYPES:
            _fail(f"{where}.entity.type: {entity_type!r} is not one of {sorted(ENTITY_TYPES)}")
        salience = wire.get("min_salience", 0)
        if isinstance(salience, bool) or not isinstance(salience, int | float) \
                or not 0 <= salience <= 1:
            _fail(f"{where}.entity.min_salience: expected a number in [0, 1]")
        return Term(kind, _normalised(wire.get("name"), where + ".entity.name", ID_CHARS),
                    entity_type, float(salience), wire)
    _fail(f"{where}: unknown term {kind!r}; expected one of {', '.join(TERM_KINDS)}")


def _deliver(obj: Any) -> str | None:
    if obj is None:
        return None
    _only(obj, {"topic"}, "deliver")
    topic = obj.get("topic")
    if topic is None:
        return None
    topic = _string(topic, "deliver.topic", ID_CHARS)
    if not set(topic) <= _TOPIC_CHARS:
        _fail(f"deliver.topic: {topic!r} may only use letters, digits, '.', '_' and '-'")
    if topic in _RESERVED_TOPICS:
        _fail(f"deliver.topic: {topic!r} is one of the pipeline's own topics")
    return None if topic == ALERTS else topic


def _only(obj: Any, allowed: set[str], where: str) -> None:
    if not isinstance(obj, dict):
        _fail(f"{where}: expected an object")
    if extra := sorted(set(obj) - allowed):
        _fail(f"{where}: unknown field(s) {', '.join(map(repr, extra))}")


def _string(value: Any, where: str, max_chars: int) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(f"{where}: expected a non-empty string")
    if len(value) > max_chars:
        _fail(f"{where}: longer than {max_chars} characters")
    return value


def _normalised(value: Any, where: str, max_chars: int) -> str:
    return normalise(_string(value, where, max_chars))


def _fail(message: str) -> NoReturn:
    raise InvalidSubscription("invalid_subscription", message)
