"""`newsstream eval ner FILE`: entity-level scores of the entities stage on CoNLL-format data.

Each -DOCSTART- document becomes one text (tokens joined by single spaces, sentences by
newlines) so the gold spans map to exact character offsets. The entities stage and the plain
model (`nlp(text).ents`, no resolution) run side by side on fresh parses; both are scored on
exact (start, end, type) spans after mapping OntoNotes labels onto the four CoNLL types.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from streams.enrich import nlp
from streams.enrich.document import Article, Document
from streams.enrich.entities import EntityStage, gazetteer

CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")
ONTONOTES_TO_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    **dict.fromkeys(("NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"), "MISC"),
}

Labelled = tuple[int, int, str]


@dataclass
class ConllDoc:
    text: str
    gold: set[Labelled] = field(default_factory=set)
    words: int = 0


def read_conll(path: Path) -> list[ConllDoc]:
    """Documents of a CoNLL file; gold spans are (start, end, type) offsets into the text."""
    docs: list[ConllDoc] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "-DOCSTART-"]:
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if sentence:
                sentences.append(sentence)
                sentence = []
            if parts and sentences:
                docs.append(_build_doc(sentences))
                sentences = []
            continue
        sentence.append((parts[0], parts[-1]))
    return docs


def _build_doc(sentences: list[list[tuple[str, str]]]) -> ConllDoc:
    doc = ConllDoc(text="")
    pieces: list[str] = []
    offset = 0
    for sentence in sentences:
        open_start, open_type, last_end = -1, "", 0
        for i, (token, tag) in enumerate(sentence):
            start = offset + (1 if i else 0)
            prefix, _, kind = tag.partition("-")
            # IOB1 and IOB2 both: an entity starts at B-, or at I- after O or another type.
            continues = prefix == "I" and kind == open_type
            if open_type and not continues:
                doc.gold.add((open_start, last_end, open_type))
                open_type = ""
            if prefix in ("B", "I") and not continues:
                open_start, open_type = start, kind
            pieces.append(("" if not i else " ") + token)
            offset = last_end = start + len(token)
        if open_type:
            doc.gold.add((open_start, last_end, open_type))
        doc.words += len(sentence)
        pieces.append("\n")
        offset += 1
    doc.text = "".join(pieces)
    return doc


def score(gold: Iterable[set[Labelled]], predicted: Iterable[set[Labelled]]) -> dict[str, tuple]:
    """Precision, recall and F1 per CoNLL type and overall, on exact labelled spans."""
    hits: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        for spans, counter in ((g, n_gold), (p, n_pred), (g & p, hits)):
            for _, _, kind in spans:
                counter[kind] += 1
                counter["overall"] += 1
    result = {}
    for kind in (*CONLL_TYPES, "overall"):
        prec = hits[kind] / n_pred[kind] if n_pred[kind] else 0.0
        rec = hits[kind] / n_gold[kind] if n_gold[kind] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        result[kind] = (prec, rec, f1)
    return result


def _baseline(texts: list[str]) -> tuple[list[set[Labelled]], float]:
    import spacy

    model = spacy.load(nlp.MODEL_PACKAGE)  # every component, as a user loads it
    model("Warm-up.")
    started = time.perf_counter()
    parsed = list(model.pipe(texts, batch_size=16))
    elapsed = time.perf_counter() - started
    spans = [
        {(e.start_char, e.end_char, ONTONOTES_TO_CONLL[e.label_])
         for e in p.ents if e.label_ in ONTONOTES_TO_CONLL}
        for p in parsed
    ]
    return spans, elapsed


def _stage(texts: list[str]) -> tuple[list[set[Labelled]], float]:
    docs = [Document.from_article(Article(id=str(i), text=t)) for i, t in enumerate(texts)]
    stage = EntityStage()
    started = time.perf_counter()
    stage(docs)
    elapsed = time.perf_counter() - started
    spans = [
        {(m.start, m.end, ONTONOTES_TO_CONLL[e.type])
         for e in d.entities if e.type in ONTONOTES_TO_CONLL for m in e.mentions}
        for d in docs
    ]
    return spans, elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsstream eval ner", description=__doc__)
    parser.add_argument("file", type=Path, help="CoNLL-format file (token POS chunk NER)")
    parser.add_argument("--limit-docs", type=int, default=None, help="score the first N docs")
    args = parser.parse_args(argv)

    docs = read_conll(args.file)[: args.limit_docs]
    texts = [d.text for d in docs]
    words = sum(d.words for d in docs)
    # Load the model (and the stage's name lists) up front so neither timing includes it.
    nlp.load_model()("Warm-up.")
    gazetteer.entries()
    gazetteer.first_names()
    gold = [d.gold for d in docs]
    print(f"{len(docs)} documents, {words} words, {sum(map(len, gold))} gold entities")
    for label, run in (("en_core_web_sm", _baseline), ("entities stage", _stage)):
        predicted, elapsed = run(texts)
        print(f"\n{label}: {words / elapsed:,.0f} words/s ({elapsed:.1f} s)")
        print(f"  {'type':8} {'P':>6} {'R':>6} {'F1':>6}")
        for kind, (p, r, f) in score(gold, predicted).items():
            print(f"  {kind:8} {p:6.3f} {r:6.3f} {f:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
