"""The naive baseline, what a user would write first: one message at a time, trafilatura for
the body, spaCy's full `en_core_web_sm` for entities, send and wait for the ack, next."""

from __future__ import annotations

import asyncio

import orjson

from streams.enrich.nlp import MODEL_PACKAGE
from streams.kafka_io import consume, producer
from streams.settings import Settings
from streams.topics import ENRICHED, RAW


async def run(settings: Settings) -> None:
    import spacy
    import trafilatura

    nlp = spacy.load(MODEL_PACKAGE)  # every component, as loaded by default
    prod = producer(settings)
    await prod.start()
    try:
        async for record in consume(settings, settings.topic(RAW), from_beginning=True):
            article = orjson.loads(record.value)
            text = article.get("text") or trafilatura.extract(article["html"]) or ""
            doc = nlp(text)
            out = {"id": article["id"], "text": text,
                   "entities": [{"text": e.text, "type": e.label_} for e in doc.ents]}
            await prod.send_and_wait(settings.topic(ENRICHED), orjson.dumps(out),
                                     key=record.key)
    finally:
        await prod.stop()


if __name__ == "__main__":
    asyncio.run(run(Settings.from_env()))
