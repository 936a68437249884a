"""Benchmark articles: real news texts when the PolNeAR corpus is at hand, else generated ones,
wrapped in a plain news page so that every contender has to extract the body first."""

from __future__ import annotations

import html
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

import orjson

DEFAULT_CORPUS = Path("../shared/data/polnear/train/text")

_WORDS = ("the", "minister", "said", "council", "budget", "talks", "city", "police", "court",
          "election", "market", "union", "company", "report", "government", "plan", "vote")
_NAMES = ("Clara Weiss", "Pieter Jansen", "Marieke de Vries", "Tom Berger", "Ana Costa")


@dataclass(frozen=True, slots=True)
class Corpus:
    texts: list[tuple[str, str, str]]  # (publisher, title, body)
    origin: str

    def articles(self, n: int, run: str,
                 publisher: str | None = None) -> list[tuple[bytes, bytes]]:
        """`n` raw records keyed by article id `{run}-{i}`; texts repeat beyond the corpus.
        With `publisher`, every article comes from that one publisher instead of its own."""
        out = []
        for i, (own, title, body) in zip(range(n), itertools.cycle(self.texts)):
            article_id, source = f"{run}-{i}", publisher or own
            record = {"id": article_id, "url": f"https://{source}.example.com/{article_id}",
                      "html": page(title, body, source)}
            out.append((article_id.encode(), orjson.dumps(record)))
        return out

    def words(self, n: int) -> int:
        return sum(self.word_counts(n))

    def word_counts(self, n: int) -> list[int]:
        """Words of each of the first `n` articles, in the order of `articles`."""
        texts = itertools.islice(itertools.cycle(self.texts), n)
        return [len(body.split()) for _, _, body in texts]


def load_corpus(path: Path | None) -> Corpus:
    files = sorted(path.glob("*.txt")) if path is not None and path.is_dir() else []
    if not files:
        return Corpus(_generated(300), "generated")
    texts = []
    for f in files:
        title, _, body = f.read_text(encoding="utf-8").strip().partition("\n")
        texts.append((f.name.split("_", 1)[0], title.strip(), body.strip()))
    random.Random(0).shuffle(texts)  # publishers interleaved, as in a live feed
    return Corpus(texts, str(path))


def page(title: str, body: str, publisher: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n") if p.strip())
    return (f"<html><head><title>{html.escape(title)}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/politics'>Politics"
            f"</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
            f"<footer>© {publisher}. Subscribe to our newsletter.</footer></body></html>")


def _generated(count: int) -> list[tuple[str, str, str]]:
    rng = random.Random(0)
    texts = []
    for i in range(count):
        paragraphs = []
        for _ in range(12):
            name = rng.choice(_NAMES)
            words = " ".join(rng.choice(_WORDS) for _ in range(40))
            paragraphs.append(f"{name} said on Monday that {words}. “We will see,” {name} added.")
        texts.append((f"paper{i % 7}", f"Generated story {i}", "\n".join(paragraphs)))
    return texts
