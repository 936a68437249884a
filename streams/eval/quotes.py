"""Quote extraction on PolNeAR: our stage against textacy's direct_quotations, and speed.

    newsstream eval quotes DIR [--limit N]

DIR holds text/<article>.txt and attributions/<article>_<annotator>.ann (brat standoff).
Per article the annotation file of the alphabetically first annotator id is used. A gold
attribution's content is the union of its Content fragments, and by the same rule a
prediction's characters are the union of its `fragments` when it has them (a split quote
leaves its interruption out, as the gold does). A prediction matches a gold content when
their character sets have Jaccard overlap >= 0.5, one-to-one, best pairs first. The
"quoted" subset keeps gold contents holding a quotation mark (direct and mixed; ’ does not
count, being mostly an apostrophe, but two apostrophes '' do, the quotation mark of some
newswire texts) and predictions whose span, widened by one character each side (two for
''), holds one (so a direct quote whose marks lie just outside its content counts).
Speaker accuracy is over matched pairs whose gold has a Source: right when the predicted
mention overlaps the Source, or the predicted canonical speaker's last word occurs in the
Source text.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from streams.enrich.document import Article, Document, Quote, Stage
from streams.enrich.nlp import MODEL_PACKAGE, parse
from streams.enrich.quotes import QuoteStage
from streams.enrich.quotes.marks import QUOTE_CHARS

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

_JACCARD = 0.5
# ’ is left out: it is mostly an apostrophe ("Clinton’s")
_MARKS = QUOTE_CHARS - {"\u2019"}
_DOUBLED = "''"
_BAILED: list[str] = []


@lru_cache(maxsize=1)
def _lemmatizer() -> Callable[[SpacyDoc], SpacyDoc]:
    import spacy

    return spacy.load(MODEL_PACKAGE).get_pipe("lemmatizer")


@dataclass(frozen=True, slots=True)
class Gold:
    chars: frozenset[int]
    quoted: bool
    source: tuple[tuple[int, int], ...]
    source_text: str


@dataclass(frozen=True, slots=True)
class Pred:
    chars: frozenset[int]
    quoted: bool
    mention: tuple[int, int] | None
    speaker: str | None


def _fragments(offsets: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (f.split() for f in offsets.split(";"))]


def load_gold(ann: Path, text: str) -> list[Gold]:
    spans: dict[str, list[tuple[int, int]]] = {}
    golds: list[Gold] = []
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, offsets = parts[1].split(" ", 1)
            spans[parts[0]] = _fragments(offsets)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(r.split(":", 1) for r in parts[1].split()))
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if not content:
            continue
        source = tuple(spans.get(roles.get("Source", ""), ()))
        chars = frozenset(i for a, b in content for i in range(a, b))
        quoted = _holds_mark("".join(text[a:b] for a, b in content))
        source_text = " ".join(text[a:b] for a, b in source)
        golds.append(Gold(chars, quoted, source, source_text))
    return golds


def _holds_mark(text: str) -> bool:
    return any(c in _MARKS for c in text) or _DOUBLED in text


def _quoted_pred(text: str, start: int, end: int) -> bool:
    return (any(c in _MARKS for c in text[max(0, start - 1) : end + 1])
            or _DOUBLED in text[max(0, start - 2) : end + 2])


def match(golds: list[Gold], preds: list[Pred]) -> list[tuple[Gold, Pred]]:
    """One-to-one pairs with Jaccard >= 0.5, taken best first."""
    scored = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            inter = len(g.chars & p.chars)
            if inter:
                jac = inter / len(g.chars | p.chars)
                if jac >= _JACCARD:
                    scored.append((jac, gi, pi))
    scored.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((golds[gi], preds[pi]))
    return pairs


def speaker_right(g: Gold, p: Pred) -> bool:
    if p.mention is not None and any(a < p.mention[1] and p.mention[0] < b for a, b in g.source):
        return True
    return bool(p.speaker) and p.speaker.split()[-1].lower() in g.source_text.lower()


@dataclass(slots=True)
class Tally:
    gold: int = 0
    pred: int = 0
    hit: int = 0
    with_source: int = 0
    speaker_ok: int = 0
    short_false: int = 0  # unmatched predictions of <= 3 words: scare quotes and titles

    def add(self, golds: list[Gold], preds: list[Pred], texts: list[str]) -> None:
        pairs = match(golds, preds)
        self.gold += len(golds)
        self.pred += len(preds)
        self.hit += len(pairs)
        matched = {id(p) for _, p in pairs}
        self.short_false += sum(
            1
            for p, t in zip(preds, texts, strict=True)
            if id(p) not in matched and len(t.split()) <= 3
        )
        for g, p in pairs:
            if g.source:
                self.with_source += 1
                self.speaker_ok += speaker_right(g, p)

    def line(self, label: str) -> str:
        prec = self.hit / self.pred if self.pred else 0.0
        rec = self.hit / self.gold if self.gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        spk = self.speaker_ok / self.with_source if self.with_source else 0.0
        return (f"{label:<34} P={prec:.3f} R={rec:.3f} F1={f1:.3f} (gold {self.gold}, pred "
                f"{self.pred}, hit {self.hit})  speaker acc={spk:.3f} of {self.with_source}"
                f"  unmatched<=3 words={self.short_false}")


def articles(root: Path, limit: int | None) -> list[tuple[str, str, Path]]:
    """(name, text, annotation file) with the alphabetically first annotator per article."""
    chosen: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, ann)
    out = []
    for name in sorted(chosen):
        txt = root / "text" / f"{name}.txt"
        if txt.exists():
            # newline="" keeps the text as it is, so offsets line up with the .ann
            with txt.open(encoding="utf-8", newline="") as fh:
                out.append((name, fh.read(), chosen[name]))
    return out[:limit] if limit else out


def _doc(name: str, text: str) -> Document:
    return Document.from_article(Article(id=name, text=text))


def _ours(doc: Document) -> tuple[list[Pred], list[str]]:
    preds = [
        Pred(_chars(q), _quoted_pred(doc.text, q.start, q.end),
             (q.speaker_mention.start, q.speaker_mention.end) if q.speaker_mention else None,
             q.speaker)
        for q in doc.quotes
    ]
    return preds, [q.text for q in doc.quotes]


def _chars(q: Quote) -> frozenset[int]:
    pieces = [(f.start, f.end) for f in q.fragments] or [(q.start, q.end)]
    return frozenset(i for start, end in pieces for i in range(start, end))


def _textacy(doc: Document) -> tuple[list[Pred], list[str]]:
    """textacy on the shared parse, lemmatised first: its cue verbs are matched by lemma."""
    from textacy.extract.triples import direct_quotations

    parsed = _lemmatizer()(doc.annotations["spacy"])
    preds, texts = [], []
    try:
        triples = list(direct_quotations(parsed))
    except ValueError:  # textacy bails out on an odd number of quotation marks
        _BAILED.append(doc.article.id)
        return [], []
    for triple in triples:
        c = triple.content
        spk = triple.speaker
        mention = (spk[0].idx, spk[-1].idx + len(spk[-1])) if spk else None
        speaker = " ".join(t.text for t in spk) if spk else None
        preds.append(Pred(frozenset(range(c.start_char, c.end_char)),
                          _quoted_pred(doc.text, c.start_char, c.end_char), mention, speaker))
        texts.append(c.text)
    return preds, texts


def _score(data: list[tuple[Document, list[Gold]]], system) -> tuple[Tally, Tally, float]:
    every, quoted = Tally(), Tally()
    elapsed = 0.0
    for doc, golds in data:
        t0 = time.perf_counter()
        preds, texts = system(doc)
        elapsed += time.perf_counter() - t0
        every.add(golds, preds, texts)
        keep = [k for k, p in enumerate(preds) if p.quoted]
        quoted.add([g for g in golds if g.quoted], [preds[k] for k in keep],
                   [texts[k] for k in keep])
    return every, quoted, elapsed


def _speed(texts: list[str]) -> list[str]:
    """Words per second: entities+quotes (parse included) against spaCy's full pipeline.

    The two alternate batch by batch, so load from other processes on a shared machine hits
    both alike; CPU time of this thread is reported beside wall time, as it is less noisy."""
    import spacy

    words = sum(len(t.split()) for t in texts)
    full = spacy.load(MODEL_PACKAGE)
    list(full.pipe(texts[:2]))  # warm up both pipelines before timing
    stages = _stages(quiet=True)
    _run_stages(stages, texts[:2])
    wall = {"full": 0.0, "ours": 0.0}
    cpu = {"full": 0.0, "ours": 0.0}
    runs = {"full": lambda b: list(full.pipe(b, batch_size=16)),
            "ours": lambda b: _run_stages(stages, b)}
    for i in range(0, len(texts), 16):
        for name, run in runs.items():
            w, c = time.perf_counter(), time.thread_time()
            run(texts[i:i + 16])
            wall[name] += time.perf_counter() - w
            cpu[name] += time.thread_time() - c
    names = "+".join(s.name for s in stages)
    return [
        f"speed: {names} {words / wall['ours']:,.0f} words/s; plain {MODEL_PACKAGE} full "
        f"pipeline {words / wall['full']:,.0f} words/s; ratio {wall['full'] / wall['ours']:.2f} "
        f"wall, {cpu['full'] / cpu['ours']:.2f} cpu ({words} words)",
    ]


def _stages(quiet: bool = False) -> list[Stage]:
    """EntityStage then QuoteStage, or QuoteStage alone when entities is not importable."""
    try:
        from streams.enrich.entities import EntityStage
    except ImportError:
        if not quiet:
            print("note: streams.enrich.entities.EntityStage not importable; quotes alone")
        return [QuoteStage()]
    return [EntityStage(), QuoteStage()]


def _run_stages(stages: list[Stage], texts: list[str]) -> None:
    docs = [_doc(str(k), t) for k, t in enumerate(texts)]
    for stage in stages:
        stage(docs)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newsstream eval quotes", description=__doc__.split("\n")[0])
    ap.add_argument("dir", type=Path, help="PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("--limit", type=int, default=None, help="evaluate the first N articles")
    ap.add_argument("--no-speed", action="store_true", help="skip the words-per-second run")
    args = ap.parse_args(argv)
    found = articles(args.dir, args.limit)
    if not found:
        print(f"no articles under {args.dir}")
        return 1
    data = [(_doc(name, text), load_gold(ann, text)) for name, text, ann in found]
    docs = [d for d, _ in data]
    t0 = time.perf_counter()
    parse(docs)
    t_parse = time.perf_counter() - t0
    stages = _stages()
    for stage in stages[:-1]:  # the entities stage, when there is one, as in production
        stage(docs)
    t0 = time.perf_counter()
    stages[-1](docs)
    t_quotes = time.perf_counter() - t0
    n = len(docs)
    print(f"{n} articles from {args.dir} (first annotator per article); parse {t_parse:.1f}s; "
          f"quotes run after: {', '.join(s.name for s in stages[:-1]) or 'no other stage'}")
    for label, system in (("quotes stage", _ours), ("textacy direct_quotations", _textacy)):
        every, quoted, t_sys = _score(data, system)
        if system is _ours:
            t_sys = t_quotes
        print(every.line(f"{label}: all"))
        print(quoted.line(f"{label}: quoted (direct+mixed)"))
        print(f"{label}: {n / (t_parse + t_sys):.1f} articles/s with parse, "
              f"{n / t_sys:.1f} articles/s on a ready parse")
    print(f"textacy bailed out (odd number of quotation marks) on {len(_BAILED)} articles")
    if not args.no_speed:
        for line in _speed([d.text for d in docs]):
            print(line)
    return 0
