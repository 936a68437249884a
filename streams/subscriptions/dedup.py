"""The value the worker's `alerted` table keeps per article: the subscriptions that already
alerted for it and when. An entry older than WINDOW_S counts as absent and is swept, so the
table holds about WINDOW_S worth of alerted articles instead of growing forever."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

# Redeliveries come within minutes, re-publications under the same id within hours; an
# article matched again after a day may alert again.
WINDOW_S = 24 * 3600.0
SWEEP_S = 3600.0  # how often expired entries are deleted

K = TypeVar("K")


def entry(sub_ids: Iterable[str], now: float) -> list[Any]:
    """The table value: [written at (epoch seconds), sorted subscription ids]."""
    return [now, sorted(sub_ids)]


def already_alerted(value: Any, now: float) -> set[str]:
    """The subscriptions that alerted for the article within the window."""
    return set() if expired(value, now) else set(value[1])


def expired(value: Any, now: float) -> bool:
    """True for no entry, an entry older than the window, or one written before entries had
    a time (a bare list of ids: its age is unknown)."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int | float)):
        return True
    return now - value[0] >= WINDOW_S


def expired_keys(items: Iterable[tuple[K, Any]], now: float) -> list[K]:
    return [key for key, value in items if expired(value, now)]
