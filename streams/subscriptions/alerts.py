"""The alert record (`schemas/alerts.schema.json`): one per (subscription, article).

An article can match thousands of subscriptions, so an alert is spliced from JSON encoded
once per subscription (`alert_head`, `term_prefix`) and once per article (`ArticleAlerts`: each
term's hits, each snippet, the article's fields). Members come in this order: subscription,
subscriber, matched, snippet, then the article's fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import orjson

if TYPE_CHECKING:
    from streams.subscriptions.article import ArticleView, Hit
    from streams.subscriptions.rules import Subscription, Term

MAX_HITS_PER_TERM = 10
SNIPPET_BEFORE, SNIPPET_AFTER = 100, 200
_ARTICLE_FIELDS = ("url", "title", "source", "language", "published_at")

Span = tuple[int, int]


class Alert(NamedTuple):  # a tuple: thousands may be made per article
    subscription: Subscription
    value: bytes  # the record as published


def alert_head(sub: Subscription) -> bytes:
    """Every alert of `sub` starts so: `{"subscription_id":…,"subscriber":…,"matched":[`."""
    return b'{"subscription_id":%b,"subscriber":%b,"matched":[' % (
        orjson.dumps(sub.id), orjson.dumps(sub.subscriber))


def term_prefix(sub: Subscription, term: Term) -> bytes:
    """For a rule of one term: the alert up to what that term found in the article."""
    return b'%b{"term":%b,' % (alert_head(sub), term.json)


class ArticleAlerts:
    """The alerts of one article, from parts encoded at most once per article."""

    def __init__(self, view: ArticleView, alerted_at: str) -> None:
        self.view, self.alerted_at = view, alerted_at
        self._article: bytes | None = None
        # By the id of a hits list: terms with equal hits share one list (`ArticleView.hits`),
        # which lives as long as the view.
        self._found: dict[int, tuple[bytes, Span | None]] = {}
        self._tails: dict[int, bytes] = {}
        self._endings: dict[Span | None, bytes] = {}  # by the span the snippet surrounds

    def of_term(
        self, hits: list[Hit], subs: Iterable[tuple[Subscription, bytes]]
    ) -> list[Alert]:
        """Alerts of subscriptions whose rule is one term, with its `hits`; each subscription
        comes with its `term_prefix`."""
        if (tail := self._tails.get(id(hits))) is None:
            members, span = self._encoded(hits)
            tail = self._tails[id(hits)] = b"%b}],%b}" % (members, self._ending(span))
        return [Alert(sub, prefix + tail) for sub, prefix in subs]

    def of_rule(
        self, sub: Subscription, head: bytes, matched: list[tuple[Term, list[Hit]]]
    ) -> Alert:
        """The alert of `sub` (with its `alert_head`), given the positive terms that matched."""
        entries, spans = [], []
        for term, hits in matched:
            members, span = self._encoded(hits)
            entries.append(b'{"term":%b,%b}' % (term.json, members))
            if span:
                spans.append(span)
        ending = self._ending(min(spans) if spans else None)
        return Alert(sub, b"%b%b],%b}" % (head, b",".join(entries), ending))

    def _encoded(self, hits: list[Hit]) -> tuple[bytes, Span | None]:
        """A term's "count" and first "hits", encoded, and the span of its first body hit."""
        if id(hits) not in self._found:
            spans = [(h["start"], h["end"]) for h in hits if h["field"] == "text" and "start" in h]
            self._found[id(hits)] = (
                _members({"count": len(hits), "hits": hits[:MAX_HITS_PER_TERM]}),
                min(spans) if spans else None)
        return self._found[id(hits)]

    def _ending(self, span: Span | None) -> bytes:
        """Everything after "matched": the snippet around `span`, then the article's fields."""
        if span not in self._endings:
            if self._article is None:
                record = self.view.record
                self._article = _members({
                    "article_id": record["id"], **{k: record.get(k) for k in _ARTICLE_FIELDS},
                    "enriched_at": record["enriched_at"], "alerted_at": self.alerted_at})
            self._endings[span] = b'"snippet":%b,%b' % (
                orjson.dumps(snippet(self.view.text, span)), self._article)
        return self._endings[span]


def snippet(text: str, span: Span | None) -> str:
    """Body text around `span` (the first hit in the body), cut at spaces; else the lead."""
    start, end = (span[0] - SNIPPET_BEFORE, span[1] + SNIPPET_AFTER) if span else \
        (0, SNIPPET_AFTER)
    start, end = max(start, 0), min(end, len(text))
    if start > 0 and (space := text.find(" ", start, start + 30)) != -1:
        start = space + 1
    if end < len(text) and (space := text.rfind(" ", end - 30, end)) != -1:
        end = space
    piece = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def _members(obj: dict) -> bytes:
    """`obj` encoded without its braces: members to splice into an enclosing object."""
    return orjson.dumps(obj)[1:-1]
