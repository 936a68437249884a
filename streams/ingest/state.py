"""Seen-item and conditional-GET state over any string-keyed mapping: a faust table in the
worker, a JSON file for the standalone command.

Keys: `item:<article id>` → [digest, last seen (epoch s)]; `feed:<url>` → validators.
Values are plain JSON so the table's changelog and the file hold the same thing.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, Literal

import orjson

from streams.ingest.policy import Validators

Verdict = Literal["new", "update", "same"]
# Refresh `last seen` at most daily, so an unchanged feed does not write on every poll.
TOUCH_EVERY_S = 24 * 3600.0


class SeenState:
    def __init__(self, store: MutableMapping[str, Any]) -> None:
        self.store = store

    def verdict(self, article_id: str, digest: str) -> Verdict:
        entry = self.store.get(f"item:{article_id}")
        if entry is None:
            return "new"
        return "same" if entry[0] == digest else "update"

    def mark(self, article_id: str, digest: str, now: float) -> None:
        self.store[f"item:{article_id}"] = [digest, now]

    def touch(self, article_id: str, now: float) -> None:
        """Still in its feed: keep it from being pruned."""
        key = f"item:{article_id}"
        entry = self.store.get(key)
        if entry is not None and now - entry[1] >= TOUCH_EVERY_S:
            self.store[key] = [entry[0], now]

    def prune(self, now: float, max_age_s: float) -> int:
        """Forget items not seen in any feed for `max_age_s`; an item that comes back after
        that is published again. Returns how many were forgotten."""
        stale = [k for k, v in list(self.store.items())
                 if k.startswith("item:") and now - v[1] > max_age_s]
        for key in stale:
            del self.store[key]
        return len(stale)

    def validators(self, feed_url: str) -> Validators:
        return Validators.from_json(self.store.get(f"feed:{feed_url}"))

    def set_validators(self, feed_url: str, validators: Validators) -> None:
        key = f"feed:{feed_url}"
        value = validators.as_json()
        if self.store.get(key) != value:
            self.store[key] = value


class StateFile:
    """The standalone command's state: a JSON file, replaced atomically on save, and locked
    so a second `newsstream ingest` on the same file refuses to start instead of both
    publishing everything."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(path.with_suffix(path.suffix + ".lock"), "w")  # noqa: SIM115
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise RuntimeError(f"{path} is in use by another ingester") from None
        self.data: dict[str, Any] = orjson.loads(path.read_bytes()) if path.exists() else {}

    def save(self) -> None:
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_bytes(orjson.dumps(self.data))
        os.replace(tmp, self.path)

    def close(self) -> None:
        self._lock.close()
