"""Which partition of `articles.cleaned` each cleaned document goes to."""

from __future__ import annotations

from collections.abc import Collection

from streams.enrich.process import PUBLISHER_STAGES


class Spread:
    """Picks the partition of `articles.cleaned` for each cleaned document: the one this
    worker has sent the fewest characters of text so far. The model's work grows with the
    text, and each partition's work is one worker's: hashing article ids leaves one worker
    with a few percent more of it over a few hundred articles, and the other idle at the end.
    Unknown partitions (no metadata yet) leave the choice to the key.

    Cleaning is done where a publisher's articles arrive, so a worker may clean far more than
    its share (all of it, for a feed from one publisher). Its cleaning time counts as text
    already sent to its own partitions, converted at the rate its model stages get through
    text, so that more of the model work goes to the other workers' partitions."""

    def __init__(self) -> None:
        self._chars: list[float] = []
        self._unbilled_clean_s = 0.0
        self._model_s = 0.0
        self._model_chars = 0

    def resize(self, partitions: int | None) -> None:
        if (partitions or 0) != len(self._chars):
            self._chars = [0.0] * (partitions or 0)

    def partition(self, chars: int) -> int | None:
        if not self._chars:
            return None
        least = min(range(len(self._chars)), key=self._chars.__getitem__)
        self._chars[least] += chars
        return least

    def observe(self, stage: str, seconds: float, _docs: int) -> None:
        """`Pipeline` stage hook: where this worker's enrichment time goes."""
        if stage in PUBLISHER_STAGES:
            self._unbilled_clean_s += seconds
        else:
            self._model_s += seconds

    def enriched(self, chars: int) -> None:
        """This worker's model stages went through `chars` more characters of text."""
        self._model_chars += chars

    def bill_cleaning(self, own: Collection[int]) -> None:
        """Counts the cleaning time observed since the last call as text sent to `own`, this
        worker's partitions. Until the model's rate is known, cleaning is not counted."""
        own = [p for p in own if p < len(self._chars)]
        if own and self._model_s > 0:
            chars = self._unbilled_clean_s * self._model_chars / self._model_s
            for p in own:
                self._chars[p] += chars / len(own)
        self._unbilled_clean_s = 0.0
