"""Reading `newsstream produce` inputs: JSON-lines files, .html and .txt files, folders."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import orjson

from streams.enrich.raw import BadInput, decode_article

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
SUFFIXES = JSONL_SUFFIXES | {".html", ".htm", ".txt"}


def input_files(paths: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(raw)
    return files


def records(files: Sequence[Path], max_bytes: int) -> Iterator[tuple[bytes | None, bytes]]:
    """(key, value) pairs for `articles.raw`. Values are passed on as they are, even invalid
    ones: judging them is the worker's job (they reach the DLQ with a reason)."""
    for path in files:
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as f:
                for line in f:
                    value = line.rstrip(b"\r\n")
                    if value.strip():
                        yield _key(value, max_bytes), value
        else:
            field = "text" if suffix == ".txt" else "html"
            content = path.read_text(encoding="utf-8", errors="replace")
            value = orjson.dumps({field: content})
            yield _key(value, max_bytes), value


def _key(value: bytes, max_bytes: int) -> bytes | None:
    try:
        return decode_article(value, max_bytes).id.encode()
    except BadInput:
        return None
