"""The words around a cue verb: its speaker, addressee and channel.

Shared by direct and indirect quotes, which differ only in where the content is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from streams.enrich.document import Span
from streams.enrich.nlp import text_of
from streams.enrich.quotes.cues import ADDRESSEE_VERBS, CHANNEL_NOUNS, cue_tokens

if TYPE_CHECKING:
    from spacy.tokens import Token

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_RELATIVE = ("WP", "WDT")


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
    """The verb's subject, kept in the verb's own paragraph. A conjoined or participial
    verb ("…, saying", "by saying") takes its head's subject; a relative pronoun
    ("Ruiz, who said") stands for the noun the clause hangs on."""
    cue = verb
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in _SUBJECTS and child.dep_ != "csubj":
                if child.tag_ in _RELATIVE and verb.dep_ == "relcl":
                    child = verb.head
                return _in_paragraph(cue, child)
        # spaCy builds a new Token on each access: tokens compare by index, not identity
        if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
            verb = verb.head.head
        elif verb.dep_ in ("conj", "xcomp", "advcl"):  # never the root, so never their own head
            verb = verb.head
        else:
            return None
    return None


def _in_paragraph(cue: Token, subject: Token) -> Token | None:
    """The parse sometimes runs a dateline or time stamp ("6:50 p.m.") into the next
    paragraph's sentence and makes it the subject; the last noun of the cue's paragraph
    before the cue is the subject then."""
    lo, hi = sorted((subject.idx, cue.idx))
    if "\n" not in text_of(cue.doc)[lo:hi]:
        return subject
    for tok in reversed(cue.doc[: cue.i]):
        if "\n" in tok.whitespace_ or tok.is_space:
            return None
        if tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.dep_ != "compound":
            return tok
    return None


def paragraph_of(tok: Token) -> tuple[int, int]:
    """Character bounds of the paragraph (line) holding `tok`."""
    text = text_of(tok.doc)
    end = text.find("\n", tok.idx)
    return text.rfind("\n", 0, tok.idx) + 1, len(text) if end < 0 else end


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
