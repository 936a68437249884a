"""Does a worker's model memory grow with its feed? The enricher as a worker's child runs it,
twice side by side on the same articles: as shipped (each batch's new words forgotten once the
model has kept its first `LASTING_STRINGS`, and the model loaded afresh after `RELOAD_LEXEMES`
words), and keeping every word in one model, as spaCy does by default:

    PYTHONPATH=. python scripts/vocab_growth.py [--articles 3200] [--new-words 300]

News texts from PolNeAR train when at hand (else generated ones). Past the first pass over the
corpus, each article gets `--new-words` made-up words (names, numbers, tags), as a live feed
brings words the model has never seen. Every 400 articles each side prints the strings its
model holds, its resident memory (after returning freed memory to the system), its seconds
per batch and how many times it has loaded the model; at the end, a digest of the records each
built (the same on both sides if forgetting changes nothing).
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import random
import subprocess
import sys
import time

import orjson

from streams.bench.corpus import DEFAULT_CORPUS, load_corpus
from streams.bench.runs import memory_mb
from streams.enrich import nlp
from streams.enrich.process import RawMessage
from streams.offload import build_enricher
from streams.settings import Settings

REPORT_EVERY = 400


def _made_up(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)).title()
    if kind == 1:
        return f"${rng.randrange(1000)},{rng.randrange(1000):03d}"
    return f"#{rng.getrandbits(32):x}"


def _texts(count: int, new_words: int) -> list[str]:
    bodies = [body for _, _, body in load_corpus(DEFAULT_CORPUS).texts]
    rng = random.Random(0)
    out = []
    for i in range(count):
        words = bodies[i % len(bodies)].split()
        for _ in range(new_words if i >= len(bodies) else 0):
            words[rng.randrange(len(words))] = _made_up(rng)
        out.append(" ".join(words))
    return out


def _rss_mb() -> float:
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return memory_mb("self", "VmRSS")


def side(label: str, count: int, new_words: int) -> None:
    if label == "keeps":  # never opens a memory zone, never reloads
        nlp.LASTING_STRINGS = nlp.RELOAD_LEXEMES = 10**12
    settings = Settings.from_env()
    enricher = build_enricher(settings, {}, None)
    enricher.self_check()
    models = {id(nlp.load_model())}
    texts = _texts(count, new_words)
    digest, started = hashlib.sha256(), time.perf_counter()
    for at in range(0, count, settings.batch_size):
        batch = [RawMessage(str(i).encode(), orjson.dumps({"id": str(i), "text": texts[i]}))
                 for i in range(at, min(count, at + settings.batch_size))]
        for outcome in enricher.process(batch):
            record = outcome.enriched or {}
            digest.update(orjson.dumps([record.get("entities"), record.get("quotes")]))
        models.add(id(nlp.load_model()))
        done = at + len(batch)
        if done % REPORT_EVERY == 0 or done == count:
            per_batch = (time.perf_counter() - started) / (done / settings.batch_size)
            print(f"{label:<8} {done:>6} articles  {len(nlp.load_model().vocab.strings):>8} "
                  f"strings  {_rss_mb():6.0f} MB  {per_batch:.2f} s/batch  "
                  f"{len(models)} model load(s)", flush=True)
    print(f"{label:<8} records {digest.hexdigest()[:16]}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=3200)
    parser.add_argument("--new-words", type=int, default=300)
    parser.add_argument("--side", choices=("forgets", "keeps"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        side(args.side, args.articles, args.new_words)
        return 0
    # Both at once, each in its own process: the machine's noise falls on both alike.
    sides = [subprocess.Popen([sys.executable, __file__, "--side", label,
                               "--articles", str(args.articles),
                               "--new-words", str(args.new_words)])
             for label in ("forgets", "keeps")]
    return max(p.wait() for p in sides)


if __name__ == "__main__":
    sys.exit(main())
