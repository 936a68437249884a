"""The words around a cue verb: its speaker, addressee and channel.

Shared by direct and indirect quotes, which differ only in where the content is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from streams.enrich.document import Span
from streams.enrich.quotes.cues import ADDRESSEE_VERBS, CHANNEL_NOUNS, cue_tokens

if TYPE_CHECKING:
    from spacy.tokens import Token

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")


@dataclass(slots=True)
class Frame:
    cue: Span
    speaker_head: Token | None
    addressee: str | None
    channel: str | None


def _span_of(tokens: list[Token]) -> Span:
    doc = tokens[0].doc
    span = doc[tokens[0].i : tokens[-1].i + 1]
    return Span(span.start_char, span.end_char, span.text)


def _phrase(tok: Token) -> str:
    """A noun phrase's words, without a trailing clause after a comma."""
    words = [t for t in tok.subtree]
    for k, t in enumerate(words):
        if t.i > tok.i and t.is_punct:
            words = words[:k]
            break
    return tok.doc[words[0].i : words[-1].i + 1].text


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; for a conjoined or auxiliary-led verb, its head's subject."""
    seen = 0
    while seen < 4:
        for child in verb.children:
            if child.dep_ in _SUBJECTS and child.dep_ != "csubj":
                return child
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def according_to(verb: Token) -> Token | None:
    """The object of an "according to" attached to `verb`, if any."""
    for child in verb.children:
        if child.lower_ == "according":
            for to in child.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
    return None


def frame_of(verb: Token) -> Frame:
    addressee = None
    channel = None
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and verb.lower_ in ADDRESSEE_VERBS:
            addressee = _phrase(child)
        elif child.dep_ == "prep" and child.lower_ == "to" and addressee is None:
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs and objs[0].pos_ in ("PROPN", "NOUN", "PRON"):
                addressee = _phrase(objs[0])
        elif child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "via"):
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs and (objs[0].lower_ in CHANNEL_NOUNS or objs[0].ent_type_ == "ORG"):
                channel = _phrase(objs[0])
    source = according_to(verb)
    if source is not None and channel is None:
        channel = _phrase(source)
    return Frame(_span_of(cue_tokens(verb)), subject_of(verb), addressee, channel)
