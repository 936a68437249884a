"""The model's entity recognizer, decoded in bulk instead of one token at a time.

spaCy's recognizer walks each document left to right, and at each token scores every action
(B-, I-, L-, U- per label, and O) from three token positions: the current token, the first
token of the open entity and the token before the current one; the last two only while an
entity is open. Its compiled loop takes and drops the GIL several times per token: ~40% of
the recognizer's time went to that alone (perf).

Outside an entity, the state holds nothing but the position, so the action taken there
depends on that token alone: one matrix product scores every token of a batch at once.
Only the few tokens inside an entity need the step-by-step walk. The weights, the order of
the additions, the rules on which action is allowed (no entity across a sentence start or
starting on whitespace) and the first-best tie break are the recognizer's own, so the
entities are the same (tests/unit/test_recognizer.py).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Span

if TYPE_CHECKING:
    from spacy.pipeline import EntityRecognizer
    from spacy.tokens import Doc

# The one action that opens or closes nothing; its label is empty
_OUT = "O"


class BulkRecognizer:
    """Sets `doc.ents` as the model's `ner` component would, on documents already parsed
    (its sentence starts bound the entities) and holding no entities yet."""

    def __init__(self, ner: EntityRecognizer) -> None:
        model = ner.model
        lower, upper = model.get_ref("lower"), model.get_ref("upper")
        if (model.attrs["unseen_classes"] or not model.attrs["has_upper"]
                or lower.get_dim("nF") != 3 or ner.cfg["beam_width"] != 1):
            raise ValueError("the recognizer is not the greedy three-feature kind decoded here")
        self._tok2vec = model.get_ref("tok2vec")
        self._lower = lower
        self._bias = lower.get_param("b")  # (hidden, pieces)
        self._weights = upper.get_param("W")  # (actions, hidden)
        self._out_bias = upper.get_param("b")
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        kinds = np.array([n[0] for n in names])
        self._labels = [n[2:] for n in names]
        labelled = np.array([bool(label) for label in self._labels])
        self._begin = (kinds == "B") & labelled
        self._unit = (kinds == "U") & labelled
        self._out = np.array([n == _OUT for n in names])
        inside = {self._labels[i]: i for i in np.flatnonzero((kinds == "I") & labelled)}
        last = {self._labels[i]: i for i in np.flatnonzero((kinds == "L") & labelled)}
        # Per label, the rows scoring "go on" (I-) and "close" (L-), and whether closing
        # wins a tie (the first best action is taken)
        self._inside = {label: (self._weights[[i, last[label]]], self._out_bias[[i, last[label]]],
                                last[label] < i) for label, i in inside.items()}

    def __call__(self, docs: list[Doc]) -> None:
        if not any(len(doc) for doc in docs):
            for doc in docs:
                doc.set_ents([], default="outside")
            return
        # Row 0 is the padding that stands in for a missing position; token j is row j + 1.
        cached = self._lower.predict(self._tok2vec.predict(docs))  # (tokens+1, 3, hidden, pieces)
        sizes = [len(doc) for doc in docs]
        sent_start = np.concatenate([doc.to_array("SENT_START") for doc in docs]) == 1
        space = np.concatenate([doc.to_array("IS_SPACE") for doc in docs]).astype(bool)
        # From the next token on, still inside the same document and sentence
        room = np.concatenate([np.arange(n - 1, -1, -1) for n in sizes]) >= 1
        room[:-1] &= ~sent_start[1:]
        # Outside an entity: the token's own features, and padding for the other two
        hidden = _maxout(((cached[1:, 0] + cached[0, 1]) + cached[0, 2]) + self._bias)
        scores = hidden @ self._weights.T + self._out_bias
        allowed = (self._out | (self._begin & (room & ~space)[:, None])
                   | (self._unit & ~space[:, None]))
        chosen = np.where(allowed, scores, -np.inf).argmax(axis=1)
        starts = np.flatnonzero(self._begin[chosen] | self._unit[chosen]).tolist()
        offset = 0
        for doc, n in zip(docs, sizes, strict=True):
            spans = self._walk(cached, chosen, room, starts, offset, n)
            doc.set_ents([Span(doc, s, e, label=label) for s, e, label in spans],
                         default="outside")
            offset += n

    def _walk(self, cached: np.ndarray, chosen: np.ndarray, room: np.ndarray,
              starts: list[int], offset: int, n: int) -> list[tuple[int, int, str]]:
        """The entities of the document whose tokens are rows offset..offset+n-1."""
        spans: list[tuple[int, int, str]] = []
        end = offset + n
        at = bisect_left(starts, offset)
        while at < len(starts) and starts[at] < end:
            first = starts[at]
            label = self._labels[chosen[first]]
            single = self._unit[chosen[first]]
            last = first if single else self._close(cached, first, label, room)
            spans.append((first - offset, last + 1 - offset, label))
            at = bisect_left(starts, last + 1, lo=at + 1)
        return spans

    def _close(self, cached: np.ndarray, first: int, label: str, room: np.ndarray) -> int:
        """The last token of the entity opened at `first`: from the token after it, go on
        (I-) while the model prefers that and it is allowed, else close (L-)."""
        weights, bias, close_on_tie = self._inside[label]
        opened = cached[first + 1, 1]
        at = first + 1
        while room[at]:
            hidden = _maxout(((cached[at + 1, 0] + opened) + cached[at, 2]) + self._bias)
            go_on, close = weights @ hidden + bias
            if go_on < close or (go_on == close and close_on_tie):
                break
            at += 1
        return at


def _maxout(pieces: np.ndarray) -> np.ndarray:
    """The largest of the pieces (last axis): numpy reduces a short last axis ~40x as slowly
    as it compares whole arrays."""
    out = pieces[..., 0]
    for i in range(1, pieces.shape[-1]):
        out = np.maximum(out, pieces[..., i])
    return out
