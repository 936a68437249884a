"""The output records: pure functions from a finished `Document` to wire-ready dicts.

Shapes are the contract in `schemas/`; `tests/unit/test_schemas.py` keeps them in step.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from streams import __version__
from streams.enrich.document import Document, Entity, Quote

# Which entity types land in which flat search field.
_SEARCH_FACETS = {
    "persons": ("PERSON",),
    "organizations": ("ORG",),
    "places": ("GPE", "LOC", "FAC"),
}


def now_rfc3339() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def encode(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record)


def enriched_record(
    doc: Document, stages: Sequence[str], enriched_at: str, *, debug_removed: bool = False
) -> dict[str, Any]:
    a = doc.article
    record: dict[str, Any] = {
        "id": a.id,
        "url": a.url,
        "source": a.source,
        "title": doc.title,
        "authors": doc.authors,
        "published_at": doc.published_at,
        "language": doc.language,
        "text": doc.text,
        "entities": [_entity(e) for e in doc.entities],
        "quotes": [_quote(q) for q in doc.quotes],
        "enriched_at": enriched_at,
        "pipeline": {"version": __version__, "stages": list(stages)},
    }
    if debug_removed:
        record["removed"] = [{"text": r.text, "reason": r.reason} for r in doc.removed]
    return record


def _entity(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "count": e.count,
        "salience": round(e.salience, 4),
        "mentions": [m.as_dict() for m in e.mentions],
    }


def _quote(q: Quote) -> dict[str, Any]:
    return {
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "kind": q.kind,
        "speaker": q.speaker,
        "speaker_entity": q.speaker_entity,
        "speaker_mention": q.speaker_mention.as_dict() if q.speaker_mention else None,
        "cue": q.cue.as_dict() if q.cue else None,
        "addressee": q.addressee,
        "channel": q.channel,
        "fragments": [f.as_dict() for f in q.fragments],
    }


def search_document(enriched: dict[str, Any]) -> dict[str, Any]:
    """One flat document per article for a search engine's bulk upsert (`_id` = article id)."""
    entities = enriched["entities"]
    quotes = enriched["quotes"]
    doc = {
        "_id": enriched["id"],
        **{k: enriched[k] for k in ("url", "source", "title", "authors", "published_at")},
        "language": enriched["language"],
        "text": enriched["text"],
        "entity_ids": [e["id"] for e in entities],
        "entities": [e["name"] for e in entities],
        **{
            facet: [e["name"] for e in entities if e["type"] in types]
            for facet, types in _SEARCH_FACETS.items()
        },
        "speakers": sorted({q["speaker"] for q in quotes if q["speaker"]}),
        "speaker_ids": sorted({q["speaker_entity"] for q in quotes if q["speaker_entity"]}),
        # speaker_id per quote: "quotes by X" as one nested query, without re-parsing.
        "quotes": [{"speaker": q["speaker"], "speaker_id": q["speaker_entity"], "text": q["text"],
                    "kind": q["kind"]} for q in quotes],
        "enriched_at": enriched["enriched_at"],
    }
    return doc


def quote_records(enriched: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per quote, carrying the article's identity and time."""
    return [
        {
            "article_id": enriched["id"],
            "index": i,
            "url": enriched["url"],
            "source": enriched["source"],
            "title": enriched["title"],
            "published_at": enriched["published_at"],
            "enriched_at": enriched["enriched_at"],
            **quote,
        }
        for i, quote in enumerate(enriched["quotes"])
    ]


def dlq_record(
    *,
    key: bytes | None,
    value: bytes | None,
    error_kind: str,
    error_message: str,
    stage: str,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
    article_id: str | None = None,
) -> dict[str, Any]:
    """The dead-letter record: the original bytes (base64) and why they could not be enriched."""
    return {
        "key_b64": _b64(key),
        "value_b64": _b64(value),
        "topic": topic,
        "partition": partition,
        "offset": offset,
        "article_id": article_id,
        "error": {"kind": error_kind, "message": error_message[:2000]},
        "stage": stage,
        "failed_at": now_rfc3339(),
    }


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")
