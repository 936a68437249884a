"""Reported speech from the dependency parse: indirect quotes, and mixed ones.

Content is the clause a cue governs: a reporting verb's clausal complement ("said (that)
...", "the poll found that ..."), the object-and-infinitive of a verb of urging or aim
("urged voters to ...", "wants to ..."), the one accused and the charge ("accused Ruiz of
lying"), the object of a stance or of words made public ("endorsed Ruiz", "announced her
resignation", "sees Ruiz as a threat"), the object of a preposition a verb or noun reports
with ("called for a recount", "talked about taxes", "criticism of the deal"), the "that"
clause of a reporting noun ("Moscow's position that ..."), the sentence around a
parenthetical cue ("Costs, he said, are high") or one set before it ("As the Post reported,
costs rose"), the question asked ("asked them if ..."), the clause made clear ("made it clear
that ..."), the one named and its name ("called the tax unfair"), a clause the writer hedges
("turnout appears to have dropped", "the mayor has reportedly resigned"; no speaker), a view
held passively ("Ruiz is seen as the favourite"; its holder only when "by" names one), what a
stance adjective is on ("critical of the deal"), the clause an "according to X" phrase hangs
on, or the rest of a headline-style line after a name and a colon ("Scholz: Talks Will Go
On"). A quote that a colon or dash sets off before its cue clause ("Ruiz was blunt – “we
lost,” he said") is what that cue reports, not the sentence around it.
Reports stay in their cue's paragraph and end before a gloss set off by a comma or dash
("…, which …"), unless the gloss quotes words of its own, and before an "according to"
phrase that follows them.
A content holding a quoted fragment is mixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy

from streams.enrich.document import Span
from streams.enrich.nlp import text_of
from streams.enrich.quotes.cues import (
    ACCUSING_VERBS,
    ADDRESSEE_VERBS,
    ADJECTIVE_PREP_REPORTS,
    ASKING_FORMS,
    CALLING_FORMS,
    FRAMING_VERBS,
    HEDGING_ADVERBS,
    HEDGING_VERBS,
    MAKING_FORMS,
    NAMING_VERBS,
    NOUN_PREP_REPORTS,
    PREP_REPORT_VERBS,
    ROLE_VERBS,
    SEEM_FORMS,
    SETTING_PREPS,
    SHOWING_VERBS,
    SPEAKING_FORMS,
    SPEECH_NOUNS,
    SPEECH_VERB_FORMS,
    STANCE_VERBS,
    URGING_VERBS,
    VIEW_FORMS,
    cue_tokens,
    is_speech_verb,
)
from streams.enrich.quotes.frames import Frame, frame_of, paragraph_of, subject_of
from streams.enrich.quotes.marks import CLOSING_TOKENS, OPENING_TOKENS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CLAUSE_DEPS = ("ccomp",)
_RELATIVE = ("WDT", "WP")  # "what he proposed", "which she described": the object is elsewhere
_CONTRAST = frozenset(("though", "although", "while", "whereas"))
_GLOSS_DEPS = ("relcl", "appos")
_GLOSS_BREAKS = (",", "-", "--", "\u2013", "\u2014")
# Where the parse's sentence runs on past a report: "… rose: a poll found …".
_BREAKS = (":", ";", "-", "--", "\u2013", "\u2014")
# Time clauses: "called it “a disaster” when asked …" says when, not what was said.
_WHEN = frozenset(("when", "after", "before", "until", "once", "whenever"))
_NAMING_DEPS = ("dobj", "oprd", "prep", "ccomp", "xcomp", "acomp", "attr", "dative", "advcl")


# A line that opens with a short name and a colon: "Sen. Jane Roe: ...".
_LABELLED_LINE = re.compile(r"^([^\n:]{2,40}): +(\S[^\n]*\S)", re.MULTILINE)
_MAX_LABEL_TOKENS = 5
# Labels of the page, not of a speaker: "Update: …", "Byline: …", "Breaking: …".
_EDITORIAL_LABELS = frozenset((
    "breaking", "update", "updated", "correction", "clarification", "exclusive", "byline",
    "email", "e-mail", "twitter", "look", "watch", "listen", "boom", "bombshell", "note",
    "photo", "photos", "video", "related", "read", "source", "sources", "advertisement",
    "editor's note", "live", "opinion", "analysis", "the latest", "credit", "caption",
))
# A label's line says something: "Sanders: 46." is a tally.
_MIN_LABELLED_WORDS = 3


@dataclass(slots=True)
class Reported:
    start: int
    end: int
    frame: Frame


def _extent(tokens: list[Token]) -> tuple[int, int]:
    """Character extent of tokens, without punctuation or spaces at either edge."""
    toks = _without_trailing_aside(sorted(tokens, key=lambda t: t.i))
    while toks and (toks[-1].is_space or (toks[-1].is_punct and (
            toks[-1].text not in CLOSING_TOKENS or _opens(toks[-1])))):
        toks.pop()
    while toks and (toks[0].is_space or (toks[0].is_punct and (
            toks[0].text not in OPENING_TOKENS or _closes(toks[0])))):
        toks.pop(0)
    if not toks:
        return 0, 0
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _opens(mark: Token) -> bool:
    """A mark after a space opens a quote ("… golf. ''They're"), though '' and " also close."""
    return mark.i > 0 and bool(mark.doc[mark.i - 1].whitespace_) and not mark.whitespace_


def _closes(mark: Token) -> bool:
    """A mark right after a word and before a space closes a quote."""
    return mark.i > 0 and not mark.doc[mark.i - 1].whitespace_ and bool(mark.whitespace_)


def _without_trailing_aside(toks: list[Token]) -> list[Token]:
    """Drop a relative clause, appositive or participle set off by a comma or dash that
    ends the report ("…, which reaches millions", "… – a modest gain", "…, leaving voters
    cold", "… “unfair,” a charge Ruiz denies"): the writer's gloss, not the words reported,
    unless it quotes words of its own ("…, which “will help us”")."""
    pos = {t.i: k for k, t in enumerate(toks)}
    for t in toks:
        k = pos.get(t.left_edge.i, 0)
        if not _is_gloss(t) or t.right_edge.i < toks[-1].i or _quotes_words(t):
            continue
        if k > 1 and toks[k - 1].text in _GLOSS_BREAKS:
            return toks[: k - 1]
        # the comma inside a closing mark: keep the mark
        if k > 2 and toks[k - 1].text in CLOSING_TOKENS and toks[k - 2].text == ",":
            return toks[:k]
    return toks


def _has_opening_mark(tokens: Iterable[Token]) -> bool:
    return any(t.text in OPENING_TOKENS for t in tokens)


def _quotes_words(tok: Token) -> bool:
    """Does the phrase under `tok` hold a quoted fragment and no cue of its own? Then its
    words are the speaker's ("…, while Lopez is “a liar”"), not a report of another."""
    sub = list(tok.subtree)
    return _has_opening_mark(sub) and not any(
        t.pos_ in ("VERB", "AUX") and (is_speech_verb(t) or t.lower_ in FRAMING_VERBS)
        for t in sub)


def _is_gloss(tok: Token) -> bool:
    """A relative clause, appositive or participle: what the writer adds about a report."""
    return tok.dep_ in _GLOSS_DEPS or (tok.dep_ in ("advcl", "acl") and tok.tag_ == "VBG")


def _aside(tok: Token) -> bool:
    """A trailing piece of a reported clause that is the writer's, or a report of its own:
    "…, claiming that …", "… but did not suggest …", "…, though voters …", "…, according
    to RTL". A second "that" clause ("said that X and that Y") or one opening on a quote
    ("and “I think …”") is more of the report; so is an adverbial clause quoting words of
    its own ("…, while Lopez is “a liar”")."""
    if tok.dep_ == "conj":
        if tok.left_edge.text in OPENING_TOKENS or any(
                g.dep_ == "mark" and g.lower_ == "that" for g in tok.children):
            return False
        return is_speech_verb(tok) or tok.lower_ in NAMING_VERBS
    if tok.dep_ == "advcl":
        return not _quotes_words(tok) and (tok.tag_ == "VBG" or any(
            g.dep_ == "mark" and g.lower_ in _CONTRAST for g in tok.children))
    return tok.dep_ == "prep" and tok.lower_ == "according"


def _clause(head: Token) -> list[Token]:
    """The clause under `head` without its trailing asides, nor the conjunction or comma
    that joins the first of them on ("… “shameful” and called …")."""
    cut = {t.i for c in head.rights if _aside(c) for t in c.subtree}
    if cut:
        first = min(cut)
        cut |= {c.i for c in head.rights if c.dep_ in ("cc", "punct") and c.i < first
                and all(head.doc[j].dep_ in ("cc", "punct") for j in range(c.i, first))}
    return [t for t in head.subtree if t.i not in cut]


def _verb_content(verb: Token) -> list[Token] | None:
    lo, hi = paragraph_of(verb)
    # a clause after the cue first: one before it is often a misparsed adverbial ("In a
    # statement released after the vote ended, Ruiz said costs rose")
    for child in (*verb.rights, *verb.lefts):
        # the parse runs sentences across paragraph breaks: a clause there is not the report
        if child.dep_ in _CLAUSE_DEPS and lo <= child.idx < hi:
            return _after_set_off(verb, _clause(child) + _more_clauses(verb, child))
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        # "Costs, he added, were too high because …": the sentence around the speaker and
        # cue is the report, with what else the cue governs but its own asides
        cut = {verb.i} | {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                          or _aside(c) for t in c.subtree}
        toks = [t for t in verb.head.subtree if t.i not in cut]
        if _opens_quote(verb) and all(t.i > verb.i for t in _subjects(verb.head)):
            # "Asked about X, Ruiz said, “We …”": a whole clause quoted after the cue is the
            # report, not the lead-in before it
            return [t for t in toks if t.i > verb.i]
        return _after_set_off(verb, toks)
    answer = next((c for c in verb.rights if c.lower_ in ("yes", "no")
                   and c.dep_ in ("intj", "dobj", "npadvmod")), None)
    if answer is not None:
        return [answer]  # "46 percent said yes"
    if verb.lower_ in ASKING_FORMS:
        # "asked the students if they …": the parse makes the question an adverbial clause
        for child in verb.rights:
            if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "whether")
                                             for g in child.children):
                return _clause(child)
    if verb.dep_ == "advcl" and _as_aside(verb):
        # "As the Post reported, costs rose": the clause the aside is set before
        cut = {t.i for t in verb.subtree}
        return [t for t in verb.head.subtree if t.i not in cut]
    if verb.lower_ in ACCUSING_VERBS:
        return _charge(verb)
    if verb.lower_ in URGING_VERBS:
        objs = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        comps = [c for c in verb.children if c.dep_ == "xcomp"]
        if comps:
            toks = list(comps[0].subtree)
            if objs and objs[0].i < comps[0].i and verb.lower_ not in ("told", "tell", "tells"):
                toks = list(objs[0].subtree) + toks
            return toks
    return None


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _opens_quote(verb: Token) -> bool:
    """Does a quotation mark open right after the cue clause ("said, “…")?"""
    edge = verb.right_edge.i
    return _has_opening_mark(verb.doc[edge : edge + 2])


def _after_set_off(verb: Token, toks: list[Token]) -> list[Token]:
    """A quote that a colon or dash sets off from the writer's lead-in and the cue clause
    closes ("Ruiz was blunt – “we lost,” he said") is what the cue reports: neither the
    lead-in nor what the writer goes on with after the cue clause."""
    bounds = _set_off_quote(verb)
    return toks if bounds is None else list(verb.doc[bounds[0] : bounds[1]])


def _set_off_quote(verb: Token) -> tuple[int, int] | None:
    """The token bounds of such a quote, from its opening mark to the cue clause. A dash
    closing an aside the sentence opened with another ("“We” -- he and Lee -- “won,” …")
    does not set anything off."""
    doc = verb.doc
    first = min((verb.i, *(t.left_edge.i for t in _subjects(verb))))
    before = first - 1
    while before > 0 and doc[before].text == ",":
        before -= 1
    # a quote closing on a period ended its sentence: a cue after it starts another
    if before < 2 or doc[before].text not in CLOSING_TOKENS or doc[before - 1].text == ".":
        return None
    opening = next((t.i for t in reversed(doc[doc[before].sent.start : before])
                    if t.text in OPENING_TOKENS and not _closes(t)), None)
    if opening is None or opening < 1 or doc[opening - 1].text not in _BREAKS:
        return None
    break_ = doc[opening - 1]
    if any(t.text == break_.text for t in doc[break_.sent.start : break_.i]):
        return None
    return opening, first


def _as_aside(verb: Token) -> bool:
    """"As the Post reported, …" before the clause it vouches for, with no object of its own
    but the "it" of "as Ruiz put it"."""
    return (verb.head.pos_ in ("VERB", "AUX") and verb.head.i > verb.i
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
            and not any(c.dep_ in ("dobj", "ccomp", "xcomp") and not _puts_it(verb)
                        for c in verb.children))


_PUT_FORMS = ("put", "puts")


def _puts_it(verb: Token) -> bool:
    """"as Ruiz put it": saying, in an idiom."""
    return verb.lower_ in _PUT_FORMS and any(
        c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children)


def _prep_content(verb: Token) -> list[Token] | None:
    """"called for a recount", "talked about taxes": what is demanded or talked of."""
    preps = PREP_REPORT_VERBS.get(verb.lower_, ())
    wanted = [o for c in verb.children if c.dep_ == "prep" and c.lower_ in preps
              for o in c.children if o.dep_ in ("pobj", "pcomp")]
    return list(wanted[0].subtree) if wanted else None


def _charge(verb: Token) -> list[Token] | None:
    """"accused Ruiz of lying": the one accused and the charge, from object to its end."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not objs:
        return None
    # the parse hangs "of lying" on the verb or on the object
    charges = [c for c in (*verb.children, *objs[0].children)
               if c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i > objs[0].i
               and any(g.dep_ in ("pcomp", "pobj") for g in c.children)]
    if not charges:
        return None
    return list(verb.doc[objs[0].left_edge.i : charges[0].right_edge.i + 1])


def _stance_content(verb: Token) -> list[Token] | None:
    """"endorsed Ruiz", "announced a recount": the object a stance is taken on or made
    public."""
    if verb.lower_ not in STANCE_VERBS and verb.lower_ not in ROLE_VERBS:
        return None
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.tag_ not in _RELATIVE]
    if not objs:
        return None
    # "described himself as a fighter", "blasted Ruiz for the cuts": the object and what it
    # is described as, or blamed for
    roles = [c for c in verb.children if c.i > objs[0].i and (c.dep_ == "oprd" or (
        c.dep_ == "prep" and c.lower_ in ("as", "for", "against")))]
    if verb.lower_ in SHOWING_VERBS:
        # "the poll shows Ruiz ahead with 40 percent": all that follows is the finding
        roles = [c for c in verb.rights if c.i > objs[0].i and c.dep_ not in ("punct", "cc")
                 and not _aside(c)]
    if verb.lower_ in ROLE_VERBS and not any(r.lower_ == "as" or r.dep_ == "oprd" for r in roles):
        return None
    roles += [c for c in verb.rights if c.i > objs[0].i and _second_object(c)]
    last = max((objs[0], *roles), key=lambda t: t.i).right_edge
    return list(verb.doc[objs[0].left_edge.i : last.i + 1])


def _second_object(tok: Token) -> bool:
    """"questioned Ruiz's values and her readiness": the parse hangs the second object on
    the verb."""
    return tok.dep_ == "conj" and tok.pos_ in ("NOUN", "PROPN")


def _calling_content(verb: Token) -> list[Token] | None:
    """"called the tax unfair", "calls Ruiz her hero": the one named and what it is called,
    which the parse often leaves without a clean object and role."""
    if verb.lower_ not in CALLING_FORMS or verb.dep_ == "acl":
        return None  # "a group called Votes Matter" names a thing
    parts = [c for c in verb.rights if c.dep_ in ("dobj", "oprd")]
    if not parts or parts[0].tag_ in _RELATIVE:
        return None
    if parts[-1].dep_ != "oprd" and len(parts) == 1:
        # "her old coach her hero": the role parsed as the object's appositive, no comma
        roles = [c for c in parts[-1].rights if c.dep_ == "appos"
                 and not any(t.is_punct for t in verb.doc[parts[-1].i : c.left_edge.i])]
        if not roles:
            return None
        parts.append(roles[0])
    return list(verb.doc[parts[0].left_edge.i : parts[-1].right_edge.i + 1])


def _quoted_calling(verb: Token) -> list[Token] | None:
    """"called her “weak”": the one named and the quoted name, rather than a clause before
    the verb that the parse hangs on it ("For that she drew fire – he called her “weak”")."""
    toks = _calling_content(verb)
    return toks if toks and _has_opening_mark(toks) else None


def _names_a_thing(verb: Token) -> bool:
    """"a play called “Brokers”", "a blog called the “Feed”": the name in marks right after
    the participle is the thing's (but "one lawmaker called Trump “a clown”", misparsed
    alike, has words)."""
    doc = verb.doc
    k = verb.i + 1
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    return (verb.lower_ in CALLING_FORMS and verb.dep_ == "acl" and verb.tag_ == "VBN"
            and verb.i == verb.head.i + 1 and k < len(doc) and doc[k].text in OPENING_TOKENS)


def _naming_content(verb: Token) -> list[Token] | None:
    if _names_a_thing(verb):
        return None
    parts = [c for c in verb.rights if (c.dep_ in _NAMING_DEPS or _second_object(c))
             and not _aside(c) and not _speaking_setting(verb, c)]
    quoting = [k for k, c in enumerate(parts) if _has_opening_mark(c.subtree)]
    if quoting:
        # a time clause after the words named is the writer's setting of them
        parts = parts[: quoting[-1] + 1] + [c for c in parts[quoting[-1] + 1 :]
                                             if not _when(c)]
    toks = [t for c in parts for t in _clause(c)]
    if verb.lower_ in ADDRESSEE_VERBS:
        # "told reporters in Ohio that …" misparsed: the words are from "that" on, the
        # object is the one told
        that = next((k for k, t in enumerate(toks) if t.dep_ == "mark" and t.lower_ == "that"),
                    None)
        toks = toks[that:] if that is not None else []
    if not toks or not _has_opening_mark(toks):
        return None
    # the preposition the verb takes is the cue's ("referred to “Isis”", "railed against
    # its “cheating”"); what it governs is the words
    if toks[0].dep_ == "prep" and toks[0].head.i == verb.i:
        toks = toks[1:]
    return toks


def _speaking_setting(verb: Token, child: Token) -> bool:
    """"speaking to MSNBC's “Andrea Mitchell Reports”": where or to whom, not what, is
    spoken."""
    return (verb.lower_ in SPEAKING_FORMS and child.dep_ == "prep"
            and child.lower_ in SETTING_PREPS)


def _when(tok: Token) -> bool:
    """Is `tok` a clause saying when ("…when asked", "…until the band played")?"""
    return tok.dep_ == "advcl" and any(
        g.dep_ in ("mark", "advmod") and g.lower_ in _WHEN for g in tok.children)


def _more_clauses(verb: Token, clause: Token) -> list[Token]:
    """"said that X, but Y": a conjoined clause with its own subject after the reported one
    continues the report, unless it is a report of its own. After a clause that follows
    the cue, so does what the parse hangs on the cue past it ("said costs rose [in every
    state]"), up to the first aside, a noun set after it ("…, a claim Ruiz denies"), a
    comparison ("…, compared with …") or a colon, semicolon or dash."""
    last = clause.right_edge.i
    after = clause.i > verb.i
    for child in verb.rights:
        if child.i <= last or child.dep_ in ("punct", "cc"):
            continue
        if child.dep_ == "conj":
            if (not is_speech_verb(child)
                    and any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children)):
                last = child.right_edge.i
            elif after:
                break
        elif after:
            if (_aside(child) or (child.pos_ == "NOUN" and child.dep_ != "npadvmod")
                    or child.lower_ == "compared"
                    or verb.doc[child.left_edge.i - 1].text in _BREAKS):
                break
            last = child.right_edge.i
    return list(verb.doc[clause.right_edge.i + 1 : last + 1])


def _noun_content(noun: Token) -> list[Token] | None:
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "appos") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in child.children
        ):
            return list(child.subtree)
    preps = NOUN_PREP_REPORTS.get(noun.lower_, ())
    # "her criticism of the deal", "calls for a recount": what the words were about
    wanted = [o for c in noun.children if c.dep_ == "prep" and c.lower_ in preps
              for o in c.children if o.dep_ in ("pobj", "pcomp")]
    return list(wanted[0].subtree) if wanted else None


def _adjective_content(adj: Token) -> tuple[list[Token], Token] | None:
    """"is critical of the deal", "worried about costs": what the stance is on."""
    preps = ADJECTIVE_PREP_REPORTS[adj.lower_]
    for c in adj.children:
        if c.dep_ == "prep" and c.lower_ in preps and c.i == adj.i + 1:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs:
                return list(objs[0].subtree), c
    return None


def _has_clause(verb: Token) -> bool:
    """Is `verb` a report of its own ("Ruiz said X")?"""
    return is_speech_verb(verb) and any(c.dep_ in _CLAUSE_DEPS for c in verb.children)


def _according_content(prep: Token) -> tuple[list[Token], Token] | None:
    """The clause an "according to X" phrase modifies, and X. On a speech verb with its
    own report ("Ruiz said X, according to RTL") X is the channel of that speech, not a
    report of its own; on others ("Ruiz was asked to resign, according to RTL") it is."""
    head = prep.head
    objs = [o for to in prep.children for o in to.children if o.dep_ == "pobj"]
    if not objs or head.pos_ not in ("VERB", "AUX") or _has_clause(head):
        return None
    while head.dep_ == "conj":  # "A rose, B fell and C held, according to X": all three
        head = head.head
    lo, hi = prep.left_edge.i, prep.right_edge.i
    if lo > head.i:
        # "Ruiz leads by 20 points, according to X, but Lopez has vowed …": the clause ends
        # at the phrase
        return [t for t in head.subtree if t.i < lo], objs[0]
    return [t for t in head.subtree if not lo <= t.i <= hi], objs[0]


def _hedged_content(verb: Token) -> list[Token] | None:
    """"Turnout appears to have dropped", "the bill is expected to pass": the whole clause,
    subject included; "it seems that …": the clause after "that"."""
    if verb.lower_ == "expected" and not any(c.dep_ == "auxpass" for c in verb.children):
        return None  # "she expected to win" is her own hope, a report with a speaker
    for child in verb.children:
        if child.dep_ == "ccomp":
            return _clause(child)
    if any(c.dep_ == "xcomp" for c in verb.children):
        return _clause(verb)
    # "seems ready", "seemed like a fair idea" ("appeared calm" is more often a sight)
    if verb.lower_ in SEEM_FORMS and any(
            c.dep_ in ("oprd", "acomp") or (c.dep_ == "prep" and c.lower_ == "like")
            for c in verb.children):
        return _clause(verb)
    return None


def _hedged_clause(verb: Token) -> list[Token] | None:
    """"Hackers have reportedly entered the servers": the clause from its subject on."""
    subjects = _subjects(verb)
    if verb.pos_ not in ("VERB", "AUX") or not subjects:
        return None
    first = subjects[0].left_edge.i
    return [t for t in _clause(verb) if t.i >= first]


def _made_clear(verb: Token) -> list[Token] | None:
    """"made (it) clear that …": the clause after "clear", wherever the parse hangs it."""
    clear = next((c for c in verb.children if c.lower_ == "clear"), None)
    if clear is None:
        return None
    clauses = [c for c in (*verb.children, *clear.children)
               if c.dep_ in ("ccomp", "advcl") and c.i > clear.i]
    return _clause(min(clauses, key=lambda c: c.i)) if clauses else None


def _held_view(verb: Token) -> bool:
    """"Ruiz is seen as the favourite", "the plan is considered a failure": a passive view
    with what its subject is held to be."""
    return any(c.dep_ == "auxpass" for c in verb.children) and any(
        c.dep_ in ("oprd", "xcomp", "attr", "acomp")
        or (c.dep_ == "prep" and c.lower_ in ("as", "for")) for c in verb.children)


def _agent(verb: Token) -> Token | None:
    """Who holds a passive view: "seen by voters as …"."""
    return next((o for c in verb.children if c.dep_ == "agent" for o in c.children
                 if o.dep_ == "pobj"), None)


def _cue_bounds(verb: Token) -> tuple[int, int]:
    toks = cue_tokens(verb)
    return toks[0].i, toks[-1].i + 1


# Every word a branch of `find_reported` starts from: other words cannot open a report.
_TRIGGERS = frozenset().union(
    HEDGING_VERBS, HEDGING_ADVERBS, MAKING_FORMS, VIEW_FORMS, SPEECH_VERB_FORMS, FRAMING_VERBS,
    _PUT_FORMS, SPEECH_NOUNS, NOUN_PREP_REPORTS, ADJECTIVE_PREP_REPORTS, ("according",))


@lru_cache(maxsize=1)
def _trigger_ids() -> numpy.ndarray:
    from spacy.strings import hash_string  # a word's id: the same in every vocabulary

    return numpy.fromiter((hash_string(w) for w in _TRIGGERS), dtype="uint64")


def _triggers(doc: Doc) -> list[Token]:
    """The tokens whose lowercase form is a trigger, found on the doc's array of word ids
    rather than token by token (most tokens are none)."""
    from spacy.attrs import LOWER

    found = numpy.isin(doc.to_array(LOWER), _trigger_ids())
    return [doc[int(i)] for i in numpy.flatnonzero(found)]


def find_reported(doc: Doc) -> list[Reported]:
    found: list[Reported] = []
    for tok in _triggers(doc):
        if tok.lower_ in HEDGING_VERBS and tok.pos_ == "VERB":
            toks = _hedged_content(tok)
            if toks:
                frame = Frame(_span(doc, *_cue_bounds(tok)), None, None, None)
                found.append(Reported(*_extent(_clip(tok, toks)), frame))
        elif tok.lower_ in HEDGING_ADVERBS and tok.dep_ == "advmod":
            toks = _hedged_clause(tok.head)
            if toks:
                frame = Frame(_span(doc, tok.i, tok.i + 1), None, None, None)
                found.append(Reported(*_extent(_clip(tok, toks)), frame))
        elif tok.lower_ in MAKING_FORMS and (toks := _made_clear(tok)):
            found.append(Reported(*_extent(_clip(tok, toks)), frame_of(tok)))
        elif tok.lower_ in VIEW_FORMS and _held_view(tok) and (toks := _hedged_clause(tok)):
            frame = Frame(_span(doc, *_cue_bounds(tok)), _agent(tok), None, None)
            found.append(Reported(*_extent(_clip(tok, toks)), frame))
        elif (is_speech_verb(tok) or (tok.lower_ in FRAMING_VERBS and tok.pos_ == "VERB")
              or (_puts_it(tok) and _as_aside(tok))):
            toks = (_verb_content(tok) or _naming_content(tok) or _stance_content(tok)
                    or _prep_content(tok) or _calling_content(tok))
            if tok.lower_ in CALLING_FORMS and all(t.i < tok.i for t in toks or ()):
                toks = _quoted_calling(tok) or toks
            if toks:
                found.append(Reported(*_extent(_clip(tok, toks)), frame_of(tok)))
        elif (tok.lower_ in SPEECH_NOUNS or tok.lower_ in NOUN_PREP_REPORTS) and tok.pos_ == "NOUN":
            toks = _noun_content(tok)
            if toks:
                found.append(_noun_report(tok, _clip(tok, toks)))
        elif tok.lower_ in ADJECTIVE_PREP_REPORTS and tok.pos_ == "ADJ":
            hit = _adjective_content(tok)
            if hit:
                toks, prep = hit
                speaker = subject_of(tok.head) if tok.dep_ == "acomp" else None
                frame = Frame(_span(doc, tok.i, prep.i + 1), speaker, None, None)
                found.append(Reported(*_extent(_clip(tok, toks)), frame))
        elif tok.lower_ == "according" and tok.dep_ == "prep":
            hit = _according_content(tok)
            if hit:
                toks, source = hit
                frame = Frame(_span(doc, tok.i, tok.i + 2), source, None, None)
                found.append(Reported(*_extent(_clip(tok, toks)), frame))
    found.extend(_labelled_lines(doc))
    return [r for r in found if r.end > r.start]


def _clip(cue: Token, toks: list[Token]) -> list[Token]:
    """The report's words in the cue's own paragraph."""
    lo, hi = paragraph_of(cue)
    return [t for t in toks if lo <= t.idx < hi]


def _labelled_lines(doc: Doc) -> list[Reported]:
    """Headline-style attributions: the label must be a short proper name."""
    found = []
    for m in _LABELLED_LINE.finditer(text_of(doc)):
        label = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if label is None or not 0 < len(label) <= _MAX_LABEL_TOKENS:
            continue
        # a name, a named group ("Ruiz camp", "Senate Democrats") or a capitalised label the
        # tagger, short of context at a headline's start, calls a noun ("Pollsters", "Poll")
        named = any(t.pos_ == "PROPN" for t in label) or all(
            t.is_title or t.is_upper or t.is_punct for t in label)
        if not named or label[-1].pos_ not in ("PROPN", "NOUN"):
            continue
        if any(t.pos_ not in ("PROPN", "NOUN", "PUNCT") for t in label):
            continue
        body = m.group(2).rstrip(".")
        if label.text.lower() in _EDITORIAL_LABELS or len(body.split()) < _MIN_LABELLED_WORDS:
            continue
        frame = Frame(Span(m.end(1), m.end(1) + 1, ":"), label[-1], None, None)
        found.append(Reported(m.start(2), m.start(2) + len(body), frame))
    return found


def _noun_report(noun: Token, toks: list[Token]) -> Reported:
    """The speaker of "X's claim that" is X; of "repeated the claim that" or "raised
    concerns that", the verb's subject (a speech verb is then the cue)."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    verb = noun.head if noun.dep_ in ("dobj", "attr") and noun.head.pos_ == "VERB" else None
    speaker = owner
    cue_tok = noun
    if verb is not None and owner is None:
        speaker = subject_of(verb)
        if is_speech_verb(verb):
            cue_tok = verb
    frame = Frame(_span(noun.doc, cue_tok.i, cue_tok.i + 1), speaker, None, None)
    return Reported(*_extent(toks), frame)


def _span(doc: Doc, i: int, j: int) -> Span:
    span = doc[i:j]
    return Span(span.start_char, span.end_char, span.text)
