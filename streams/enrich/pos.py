"""Coarse part-of-speech tags without the model's attribute ruler.

The stages read `pos_`, which en_core_web_sm derives from the fine tag (and a few words and
dependency labels) with its `attribute_ruler`: a token matcher that also writes morphology
and lemmas nobody here reads, and costs about an eighth of the whole model's time. The POS
rules of that ruler are replayed here from its own patterns, with the result cached per
distinct (tag, word, dependency, space) so each token costs one dict lookup.
Later patterns take precedence, as in the ruler.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
# A token as the rules see it: its attributes as strings (IS_SPACE as a bool).
Features = dict[str, Any]


def _matches(spec: Mapping[str, Any], token: Features) -> bool:
    for attr, want in spec.items():
        value = token[attr]
        if isinstance(want, dict):
            if "IN" in want and value not in want["IN"]:
                return False
            if "NOT_IN" in want and value in want["NOT_IN"]:
                return False
        elif value != want:
            return False
    return True


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value.get("IN", ()), *value.get("NOT_IN", ())]
    return []


class PosRules:
    """The POS-setting patterns of an attribute ruler, applied to parsed docs."""

    def __init__(self, patterns: Sequence[Mapping[str, Any]]) -> None:
        # Every (token pattern, index of the token it sets, POS), in the ruler's order.
        self.rules: list[tuple[list[Mapping[str, Any]], int, str]] = []
        for rule in patterns:
            pos = rule["attrs"].get("POS")
            if pos is None:
                continue
            for pattern in rule["patterns"]:
                unknown = {a for spec in pattern for a in spec} - set(_ATTRS)
                if unknown:
                    raise ValueError(f"unsupported attribute(s) in a POS rule: {unknown}")
                self.rules.append((pattern, rule.get("index", 0), pos))
        # Words the rules name; any other word behaves alike, so the cache keys it as 0.
        self.words = {w for pattern, _, _ in self.rules for spec in pattern
                      for w in _words(spec.get("LOWER"))}
        self.word_ids: set[int] | None = None
        self.multi = [r for r, (pattern, _, _) in enumerate(self.rules) if len(pattern) > 1]
        # Per distinct token: the last single-token rule it matches (rule number, POS id),
        # and which positions of the multi-token rules its own attributes satisfy.
        self.cache: dict[tuple[int, ...], tuple[int, int, frozenset[tuple[int, int]]]] = {}

    def apply(self, doc: Doc) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG

        strings = doc.vocab.strings
        if self.word_ids is None:  # string ids are hashes of the text: the same in every doc
            self.word_ids = {strings.add(w) for w in self.words}
        word_ids = self.word_ids
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        found = [
            self.cache.get(key := (tag, word if word in word_ids else 0, dep, space))
            or self._lookup(doc, key)
            for tag, word, dep, space in rows
        ]
        pos = [pos_id for _, pos_id, _ in found]
        for r in self.multi:  # few, and each can override earlier rules only
            pattern, index, tag = self.rules[r]
            pos_id = strings.add(tag)
            for start in range(len(found) - len(pattern) + 1):
                i = start + index
                if found[i][0] < r and all(
                    (r, k) in found[start + k][2] for k in range(len(pattern))
                ):
                    pos[i] = pos_id
        doc.from_array([POS], numpy.array(pos, dtype="uint64").reshape(-1, 1))

    def _lookup(
        self, doc: Doc, key: tuple[int, ...]
    ) -> tuple[int, int, frozenset[tuple[int, int]]]:
        strings = doc.vocab.strings
        token = {"TAG": strings[key[0]], "LOWER": strings[key[1]] if key[1] else None,
                 "DEP": strings[key[2]],
                 "IS_SPACE": bool(key[3])}
        last, pos_id = -1, 0
        fits = set()
        for r, (pattern, _, tag) in enumerate(self.rules):
            if len(pattern) == 1 and _matches(pattern[0], token):
                last, pos_id = r, strings.add(tag)
            elif len(pattern) > 1:
                fits.update((r, k) for k, spec in enumerate(pattern) if _matches(spec, token))
        found = self.cache[key] = (last, pos_id, frozenset(fits))
        return found
