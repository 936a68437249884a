"""All subscriptions compiled into lookups, so that matching an article costs about the
number of subscriptions it matches, not the number registered.

A subscription whose rule is one term (the common "alert me about X") is filed with every
other subscription of that term: an article that has the term alerts the whole group, with
no per-subscription test. Any other subscription is filed under its *anchors*: one term of
`all` when it has one (every match must contain it; the most selective kind is chosen), else
every term of `any`. An article collects the groups and candidates of the keys it has
(phrases by one Aho-Corasick scan, entities, speakers, source and language by dict lookups);
only candidates are evaluated.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from operator import attrgetter
from typing import Any

import ahocorasick

from streams.subscriptions.alerts import Alert, ArticleAlerts, alert_head, term_prefix
from streams.subscriptions.article import ArticleView, Hit, searchable
from streams.subscriptions.rules import Rule, Subscription, Term

# Lower rank = fewer articles expected to contain the term: the better anchor.
_SELECTIVITY = {"speaker": 0, "entity": 1, "phrase": 1, "source": 2, "language": 3}
_BY_SUBSCRIPTION_ID = attrgetter("subscription.id")


class TermGroup:
    """The subscriptions whose rule is one term (equal by `Term.key`), by id, each with its
    `term_prefix`."""

    __slots__ = ("subs", "term")

    def __init__(self, term: Term) -> None:
        self.term = term
        self.subs: dict[str, tuple[Subscription, bytes]] = {}


class SubscriptionIndex:
    def __init__(self) -> None:
        self._subs: dict[str, Subscription] = {}
        # One-term subscriptions: kind -> value -> Term.key -> group.
        self._groups: dict[str, dict[str, dict[str, TermGroup]]] = {
            k: defaultdict(dict) for k in _SELECTIVITY}
        # The others: kind -> value -> ids of those anchored there; and their `alert_head`.
        self._anchors: dict[str, dict[str, set[str]]] = {k: defaultdict(set) for k in _SELECTIVITY}
        self._heads: dict[str, bytes] = {}
        # Phrases of every term (not only anchors): `none` and `all` need them found too.
        self._phrases: Counter[str] = Counter()
        self._scanner: Any = None  # ahocorasick.Automaton over the phrases, built lazily
        self._scanned: frozenset[str] = frozenset()  # the phrases `_scanner` knows
        self._stale = False  # a phrase was added that `_scanner` does not know

    def __len__(self) -> int:
        return len(self._subs)

    def put(self, sub: Subscription) -> None:
        """Add or replace (same id) a subscription."""
        self.remove(sub.id)
        self._subs[sub.id] = sub
        if (term := _only_term(sub.rule)) is not None:
            groups = self._groups[term.kind][term.value]
            group = groups.setdefault(term.key, TermGroup(term))
            group.subs[sub.id] = (sub, term_prefix(sub, term))
        else:
            self._heads[sub.id] = alert_head(sub)
            for term in _anchors(sub.rule):
                self._anchors[term.kind][term.value].add(sub.id)
        for term in _terms(sub.rule):
            if term.kind == "phrase":
                self._phrases[term.value] += 1
                self._stale |= term.value not in self._scanned

    def remove(self, sub_id: str) -> Subscription | None:
        sub = self._subs.pop(sub_id, None)
        if sub is None:
            return None
        if (term := _only_term(sub.rule)) is not None:
            groups = self._groups[term.kind][term.value]
            del groups[term.key].subs[sub_id]
            if not groups[term.key].subs:
                del groups[term.key]
                if not groups:
                    del self._groups[term.kind][term.value]
        else:
            del self._heads[sub_id]
            for term in _anchors(sub.rule):
                postings = self._anchors[term.kind][term.value]
                postings.discard(sub_id)
                if not postings:
                    del self._anchors[term.kind][term.value]
        for term in _terms(sub.rule):
            if term.kind == "phrase":
                self._phrases[term.value] -= 1
                if not self._phrases[term.value]:
                    # A phrase left in the scanner finds hits nobody looks up: harmless.
                    del self._phrases[term.value]
        return sub

    def match(self, record: dict[str, Any], alerted_at: str) -> list[Alert]:
        """The alerts `record` (an `articles.enriched` record) raises, by subscription id."""
        view = ArticleView(record)
        self._scan_phrases(view)
        out = ArticleAlerts(view, alerted_at)
        alerts: list[Alert] = []
        candidates: set[str] = set()
        for kind, keys in (("phrase", view.phrases), ("entity", view.entities),
                           ("speaker", view.speakers), ("source", (view.source,)),
                           ("language", (view.language,))):
            groups, anchors = self._groups[kind], self._anchors[kind]
            for key in keys:
                if key in groups:
                    for group in groups[key].values():
                        if hits := view.hits(group.term):
                            alerts += out.of_term(hits, group.subs.values())
                if key in anchors:
                    candidates |= anchors[key]
        for sub_id in candidates:
            sub = self._subs[sub_id]
            if (matched := evaluate(sub.rule, view)) is not None:
                alerts.append(out.of_rule(sub, self._heads[sub_id], matched))
        alerts.sort(key=_BY_SUBSCRIPTION_ID)
        return alerts

    def _scan_phrases(self, view: ArticleView) -> None:
        if not self._phrases:
            return
        if self._stale:
            self._build_scanner()
        for field, text in view.fields():
            if not text:
                continue
            haystack = searchable(text)
            for last, phrase in self._scanner.iter(haystack):
                start, end = last + 1 - len(phrase), last + 1
                if _bounded(haystack, start, end):
                    view.phrases[phrase].append((field, start, end))

    def _build_scanner(self) -> None:
        # Rebuilt only when a phrase arrives that the scanner does not know yet.
        scanner = ahocorasick.Automaton()
        for phrase in self._phrases:
            scanner.add_word(phrase, phrase)
        scanner.make_automaton()
        self._scanner, self._scanned = scanner, frozenset(self._phrases)
        self._stale = False


def evaluate(rule: Rule, view: ArticleView) -> list[tuple[Term, list[Hit]]] | None:
    """The positive terms that matched with their hits, or None if the rule does not match."""
    matched = []
    for term in rule.all:
        if not (hits := view.hits(term)):
            return None
        matched.append((term, hits))
    if rule.any:
        some = [(term, hits) for term in rule.any if (hits := view.hits(term))]
        if not some:
            return None
        matched.extend(some)
    if any(view.hits(term) for term in rule.none):
        return None
    return matched


def _only_term(rule: Rule) -> Term | None:
    """The term of a rule made of one positive term and nothing else."""
    terms = rule.all + rule.any
    return terms[0] if len(terms) == 1 and not rule.none else None


def _anchors(rule: Rule) -> tuple[Term, ...]:
    if rule.all:
        return (min(rule.all, key=lambda t: (_SELECTIVITY[t.kind], -len(t.value))),)
    return rule.any


def _terms(rule: Rule) -> tuple[Term, ...]:
    return rule.all + rule.any + rule.none


def _bounded(text: str, start: int, end: int) -> bool:
    """Word-bounded: no letter or digit joins the match on either side."""
    return ((start == 0 or not (text[start - 1].isalnum() and text[start].isalnum()))
            and (end == len(text) or not (text[end].isalnum() and text[end - 1].isalnum())))
