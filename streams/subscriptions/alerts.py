"""The alert record (`schemas/alerts.schema.json`): one per (subscription, article)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from streams.subscriptions.article import ArticleView, Hit
    from streams.subscriptions.rules import Subscription, Term

MAX_HITS_PER_TERM = 10
SNIPPET_BEFORE, SNIPPET_AFTER = 100, 200


def build_alert(
    sub: Subscription, view: ArticleView, matched: list[tuple[Term, list[Hit]]], alerted_at: str
) -> dict[str, Any]:
    record = view.record
    return {
        "subscription_id": sub.id,
        "subscriber": sub.subscriber,
        "article_id": record["id"],
        **{k: record.get(k) for k in ("url", "title", "source", "language", "published_at")},
        "enriched_at": record["enriched_at"],
        "alerted_at": alerted_at,
        "matched": [
            {"term": term.as_dict(), "count": len(hits), "hits": hits[:MAX_HITS_PER_TERM]}
            for term, hits in matched
        ],
        "snippet": snippet(view, [h for _, hits in matched for h in hits]),
    }


def snippet(view: ArticleView, hits: list[Hit]) -> str:
    """Body text around the first hit that has offsets there, cut at spaces; else the lead."""
    starts = [(h["start"], h["end"]) for h in hits if h.get("field") == "text" and "start" in h]
    span = min(starts) if starts else None
    # Many alerts on one article share their first hit: cut each snippet once.
    if span not in view.snippets:
        start, end = (span[0] - SNIPPET_BEFORE, span[1] + SNIPPET_AFTER) if span else \
            (0, SNIPPET_AFTER)
        view.snippets[span] = _cut(view.text, start, end)
    return view.snippets[span]


def _cut(text: str, start: int, end: int) -> str:
    start, end = max(start, 0), min(end, len(text))
    if start > 0 and (space := text.find(" ", start, start + 30)) != -1:
        start = space + 1
    if end < len(text) and (space := text.rfind(" ", end - 30, end)) != -1:
        end = space
    piece = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
