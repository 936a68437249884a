"""Article-extraction evaluation: our clean stage beside plain extractors on the same pages.

Usage: newsstream eval extraction DATASET_DIR [--limit N] [--plain-text]

DATASET_DIR is either the article-extraction-benchmark layout (ground-truth.json + html/*.html.gz)
or the WCXB layout (ground-truth/<id>.json + html/<id>.html.gz); the layout is detected.

Body scores follow the article-extraction-benchmark: 4-word shingles per document, tp/fp/fn
normalised by their sum, precision and recall averaged over documents (skipping documents where
they are undefined), F1 of the two averages. "exact" is the share of documents whose shingle
multisets are identical. Title match compares case-, width- (NFKC) and whitespace-folded strings;
date match compares the calendar date at the gold's precision (YYYY-MM-DD, or YYYY-MM when that
is all the gold gives); author match compares the sets of lowercased name words (so "A and B"
equals "B, A"), leaving out on both sides only what is not a name: "by", "and", honorifics
(Dr, Mr, Ms, Prof) and degree letters after a comma ("Dr. Jane Doe, MD, RD" equals "Jane Doe").
Roles and affiliations ("Jane Doe, Staff Writer") still count, on either side. Each is counted
only over pages whose gold has the field.

--plain-text flattens each page to visible text (a line per block element, what a feed that
strips markup delivers), groups pages by URL host, feeds them in order through CleanStage with a
dict memory and scores the result against no cleaning; it also feeds the gold bodies themselves
(text with no boilerplate), which cleaning must leave alone.

Times are per page: wall-clock median and p95, and the median CPU time of the thread
(cpu_ms_median), which other processes on a shared machine inflate much less than wall time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from streams.enrich.clean import CleanStage
from streams.enrich.clean.html import decode_html, visible_lines
from streams.enrich.document import Article, Document


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str
    html: str
    body: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Output:
    body: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


def load_pages(root: Path, limit: int | None = None) -> list[Page]:
    if (root / "ground-truth.json").exists():
        pages = list(_aeb_pages(root))
    elif (root / "ground-truth").is_dir():
        pages = list(_wcxb_pages(root))
    else:
        raise SystemExit(f"{root}: neither ground-truth.json nor ground-truth/ found")
    return pages[:limit] if limit else pages


def _read_html(path: Path) -> str:
    return decode_html(gzip.decompress(path.read_bytes()))


def _aeb_pages(root: Path) -> Iterator[Page]:
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for pid in sorted(gold):
        html = _read_html(root / "html" / f"{pid}.html.gz")
        yield Page(pid, gold[pid].get("url") or "", html, gold[pid].get("articleBody") or "")


def _wcxb_pages(root: Path) -> Iterator[Page]:
    for path in sorted((root / "ground-truth").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        gt = record["ground_truth"]
        yield Page(
            id=path.stem,
            url=record.get("url") or "",
            html=_read_html(root / "html" / f"{path.stem}.html.gz"),
            body=gt.get("main_content") or "",
            title=gt.get("title") or None,
            author=gt.get("author") or None,
            date=gt.get("publish_date") or None,
        )


# --- scoring -------------------------------------------------------------------------------------

def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def shingle_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of 4-word shingles, normalised by their sum."""
    g, p = _shingles(gold), _shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def body_scores(pairs: Sequence[tuple[str, str]]) -> dict[str, float]:
    counts = [shingle_counts(g, p) for g, p in pairs]
    precisions = [tp / (tp + fp) for tp, fp, _ in counts if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn in counts if tp + fn > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(1 for tp, fp, fn in counts if fp == fn == 0 and tp > 0) / max(1, len(counts))
    return {"precision": precision, "recall": recall, "f1": f1, "exact": exact}


# Parts of an author field that are not names; see the module docstring.
_NAME_PARTS = re.compile(r"\s*(?:[,;&]|\band\b)\s*")
_DEGREE_LETTERS = re.compile(r"^[A-Z]{2,5}\W?$")
_HONORIFICS = frozenset({"and", "by", "dr", "mr", "mrs", "ms", "mx", "prof"})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').split()).casefold()


def _name_words(text: str) -> set[str]:
    parts = _NAME_PARTS.split(text)
    kept = parts[:1] + [p for p in parts[1:] if not _DEGREE_LETTERS.match(p)]
    return set(re.findall(r"\w+", " ".join(kept).lower())) - _HONORIFICS


def _same_day(gold: str, pred: str) -> bool:
    day = gold[:10]
    return len(day) >= 7 and pred[: len(day)] == day


def _field_match(pages: Sequence[Page], outs: Sequence[Output], field: str) -> float | None:
    same: dict[str, Callable[[str, str], bool]] = {
        "title": lambda g, p: _fold(g) == _fold(p),
        "date": _same_day,
        "author": lambda g, p: _name_words(g) == _name_words(p),
    }
    hits = [
        bool(getattr(o, field)) and same[field](getattr(p, field), getattr(o, field))
        for p, o in zip(pages, outs, strict=True)
        if getattr(p, field)
    ]
    return sum(hits) / len(hits) if hits else None


# --- systems -------------------------------------------------------------------------------------

def _doc(page: Page, html: str | None, text: str | None) -> Document:
    source = urlsplit(page.url).hostname if page.url else None
    return Document.from_article(Article(id=page.id, url=page.url, source=source, html=html,
                                         text=text))


def run_clean(page: Page, stage: CleanStage) -> Output:
    doc = _doc(page, page.html, None)
    stage([doc])
    return Output(doc.text, doc.title, ", ".join(doc.authors) or None, doc.published_at)


def run_trafilatura(page: Page) -> Output:
    import trafilatura

    result = trafilatura.bare_extraction(page.html, url=page.url or None, with_metadata=True)
    if result is None:
        return Output("")
    return Output(result.text or "", result.title, result.author, result.date)


def run_readability(page: Page) -> Output:
    from readability import Document as ReadabilityDocument

    from streams.enrich.clean.html import block_text

    try:
        summary = ReadabilityDocument(page.html).summary(html_partial=True)
    except Exception:  # a baseline failing on one page scores that page as empty
        return Output("")
    return Output(block_text(summary))


def run_resiliparse(page: Page) -> Output:
    from resiliparse.extract.html2text import extract_plain_text

    return Output(extract_plain_text(page.html, main_content=True))


def evaluate(pages: Sequence[Page], name: str, system: Callable[[Page], Output],
             metadata: bool = True) -> dict:
    """One table row; `metadata=False` for body-only systems (their metadata cells stay empty)."""
    outs: list[Output] = []
    times: list[float] = []
    cpu: list[float] = []
    if pages:
        system(pages[0])  # warm-up: lazy imports and caches (htmldate, dateparser) go untimed
    for page in pages:
        start, start_cpu = time.perf_counter(), time.thread_time()
        outs.append(system(page))
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    pairs = [(p.body, o.body) for p, o in zip(pages, outs, strict=True)]
    row: dict = {"system": name, **body_scores(pairs)}
    for field in ("title", "date", "author"):
        row[field] = _field_match(pages, outs, field) if metadata else None
    times.sort()
    row["ms_median"] = statistics.median(times)
    row["ms_p95"] = times[min(len(times) - 1, int(0.95 * len(times)))]
    row["cpu_ms_median"] = statistics.median(cpu)
    return row


def print_table(rows: Sequence[dict], columns: Sequence[str]) -> None:
    print(" ".join(f"{c:>12}" for c in columns))
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c)
            cells.append(f"{v:>12}" if isinstance(v, str) else "-".rjust(12) if v is None
                         else f"{v:>12.1f}" if c.endswith(("_median", "_p95")) else f"{v:>12.3f}")
        print(" ".join(cells))


# --- plain-text mode -----------------------------------------------------------------------------

def _clean_in_order(pages: Sequence[Page], texts: Sequence[str]
                    ) -> tuple[list[tuple[str, str]], Counter[str]]:
    """(gold, cleaned) pairs and removal reasons, with one learning memory across the pages."""
    stage = CleanStage(memory={})
    pairs: list[tuple[str, str]] = []
    reasons: Counter[str] = Counter()
    for page, text in zip(pages, texts, strict=True):
        doc = _doc(page, None, text)
        stage([doc])
        pairs.append((page.body, doc.text))
        reasons.update(r.reason for r in doc.removed)
    return pairs, reasons


def plain_text_rows(pages: Sequence[Page]) -> list[dict]:
    """Score CleanStage on markup-stripped pages (with per-host learning) and on gold bodies."""
    by_host = sorted(pages, key=lambda p: (urlsplit(p.url).hostname or "", p.id))
    flat = ["\n".join(visible_lines(p.html)) for p in by_host]
    cleaned, reasons = _clean_in_order(by_host, flat)
    gold_out, gold_reasons = _clean_in_order(by_host, [p.body for p in by_host])
    hosts = Counter(urlsplit(p.url).hostname for p in pages)
    print(f"{len(pages)} pages, {len(hosts)} hosts, {sum(1 for n in hosts.values() if n > 1)} "
          "hosts with more than one page")
    print(f"removed from flattened pages: {dict(reasons.most_common())}")
    print(f"removed from gold bodies (false removals, or gold keeping boilerplate): "
          f"{dict(gold_reasons.most_common())}")
    raw = [(p.body, text) for p, text in zip(by_host, flat, strict=True)]
    return [
        {"system": "no-cleaning", **body_scores(raw)},
        {"system": "clean(text)", **body_scores(cleaned)},
        {"system": "gold->clean", **body_scores(gold_out)},
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsstream eval extraction", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="dataset directory (either layout)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--plain-text", action="store_true",
                        help="score text cleaning on markup-stripped pages instead")
    args = parser.parse_args(argv)
    pages = load_pages(args.dataset, args.limit)
    print(f"dataset {args.dataset} ({len(pages)} pages)")
    if args.plain_text:
        print_table(plain_text_rows(pages), ("system", "precision", "recall", "f1", "exact"))
        return 0
    stage = CleanStage()
    systems: list[tuple[str, Callable[[Page], Output], bool]] = [
        ("clean", lambda p: run_clean(p, stage), True),
        ("trafilatura", run_trafilatura, True),
        ("readability", run_readability, False),
        ("resiliparse", run_resiliparse, False),
    ]
    rows = [evaluate(pages, name, system, metadata) for name, system, metadata in systems]
    print_table(rows, ("system", "precision", "recall", "f1", "exact", "title", "date", "author",
                       "ms_median", "ms_p95", "cpu_ms_median"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
