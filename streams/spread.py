"""Which partition of `articles.cleaned` each cleaned document goes to."""

from __future__ import annotations


class Spread:
    """Picks the partition of `articles.cleaned` for each cleaned document: the one this
    worker has sent the fewest characters of text so far. The model's work grows with the
    text, and each partition's work is one worker's: hashing article ids leaves one worker
    with a few percent more of it over a few hundred articles, and the other idle at the end.
    Unknown partitions (no metadata yet) leave the choice to the key."""

    def __init__(self) -> None:
        self._chars: list[int] = []

    def resize(self, partitions: int | None) -> None:
        if (partitions or 0) != len(self._chars):
            self._chars = [0] * (partitions or 0)

    def partition(self, chars: int) -> int | None:
        if not self._chars:
            return None
        least = min(range(len(self._chars)), key=self._chars.__getitem__)
        self._chars[least] += chars
        return least
