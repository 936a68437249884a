"""The lexicon of reporting verbs and nouns, matched on word forms.

The shared model runs without a lemmatizer, so verbs are listed by base form and their
regular inflections are generated; irregular forms are listed beside them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


# Verbs of saying, writing and asserting that introduce what someone said or holds.
_SPEECH_VERBS = (
    "acknowledge", "add", "admit", "advise", "affirm", "agree", "allege", "announce", "answer",
    "argue", "assert", "assure", "chant",
    "boast", "brag", "caution", "charge", "claim", "comment", "complain", "concede", "conclude",
    "confirm", "contend", "continue", "counter", "cry", "declare", "decry", "demand", "deny",
    "describe", "dismiss", "echo", "emphasize", "emphasise", "estimate", "explain", "express",
    "fret", "grumble", "hint", "indicate", "inform", "insist", "instruct", "joke", "lament",
    "maintain", "mention", "muse", "note", "object", "observe", "opine", "order", "plead", "point",
    "post", "predict", "proclaim", "promise", "propose", "protest", "quip", "reason", "recall",
    "recount", "reiterate", "reject", "remark", "remind", "reply", "report", "respond", "retort",
    "reveal", "say", "scoff", "scream", "shout", "signal", "speculate", "state", "stress",
    "suggest", "swear", "tease", "testify", "tell", "thunder", "tout", "tweet", "urge", "vow",
    "warn", "wonder", "worry", "write", "yell", "believe", "think", "feel", "fear", "hope",
    "expect", "acknowledge", "ask", "question", "accuse", "blame", "call", "criticize",
    "criticise", "praise", "pledge", "threaten", "predict", "guarantee", "imply", "bemoan",
    "doubt", "recommend",
    # findings and aims, reported only with a clause: "the poll found that", "wants to"
    "show", "find", "want", "plan", "seek", "refuse", "intend"
)

_IRREGULAR = {
    "say": ["said"],
    "tell": ["told"],
    "write": ["wrote", "written"],
    "swear": ["swore", "sworn"],
    "think": ["thought"],
    "feel": ["felt"],
    "cry": ["cried", "cries"],
    "reply": ["replied", "replies"],
    "testify": ["testified", "testifies"],
    "signal": ["signalled", "signalling"],
    "worry": ["worried", "worries"],
    "show": ["shown"],
    "find": ["found"],
    "plan": ["planned", "planning"],
    "seek": ["sought"],
}

# Cue verbs whose object is the one spoken to (told RTL, assured voters).
ADDRESSEE_VERBS = frozenset(
    (
        "tell", "told", "tells", "telling", "inform", "informed", "informs", "informing",
        "assure", "assured", "assures", "assuring",
    )
)

# Nouns that carry a report: "his claim that ...", "in a statement".
SPEECH_NOUNS = frozenset(
    (
        "claim", "claims", "statement", "statements", "assertion", "argument", "belief", "position",
        "view", "warning", "allegation", "allegations", "accusation", "charge", "promise", "pledge",
        "insistence", "suggestion", "remark", "remarks", "comment", "comments", "announcement",
        "admission", "denial", "contention", "assessment", "concern", "concerns", "fear", "fears",
        "hope", "hopes", "message", "assurance", "assurances", "testimony"
    )
)

# Media a statement travels through: "in an interview with CNN", "on Twitter".
CHANNEL_NOUNS = frozenset(
    (
        "interview", "statement", "tweet", "tweets", "post", "posts", "op-ed", "column", "email",
        "letter", "video", "speech", "broadcast", "press", "release", "briefing", "podcast",
        "twitter", "facebook", "instagram", "television", "radio"
    )
)


def inflect(base: str) -> set[str]:
    """Regular -s, -ed, -ing forms of an English verb (good enough for this lexicon)."""
    if base.endswith("e"):
        return {base, base + "s", base + "d", base[:-1] + "ing"}
    if base.endswith(("s", "sh", "ch", "x")):
        return {base, base + "es", base + "ed", base + "ing"}
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    return {base, base + "s", base + "ed", base + "ing"}


# Verbs whose report is an object plus infinitive: "urged his supporters to vote".
URGING_VERBS = frozenset(
    form
    for base in ("urge", "ask", "tell", "warn", "call", "encourage", "promise", "vow", "pledge",
                 "threaten", "demand", "want", "seek", "refuse", "intend", "plan")
    for form in inflect(base) | set(_IRREGULAR.get(base, ()))
)
# Verbs that name, judge or echo words: "called him “a loser”", "hailed the vote as
# “fantastic”", "chanted “USA!”". They report speech only when what they govern holds a
# quoted fragment, which keeps "called for" and "called the meeting" out.
NAMING_VERBS = frozenset(
    form
    for base in (
        "call", "describe", "label", "brand", "dub", "term", "refer", "mock", "blast", "hail",
        "slam", "praise", "criticize", "criticise", "offer", "admit", "denounce", "promote",
        "boast", "thank", "deride", "dismiss", "decry", "condemn", "accuse", "apologize",
        "apologise", "chant", "declare", "question", "tout", "attack", "welcome", "reject",
        "lament", "cheer", "applaud", "ridicule", "brag", "vow", "pledge", "promise",
    )
    for form in inflect(base)
)
# Verbs whose report is a person and a charge: "accused Ruiz of lying".
ACCUSING_VERBS = frozenset(form for base in ("accuse", "blame", "fault") for form in inflect(base))
# Verbs that take a stance on what they govern: "endorsed Ruiz", "opposes the bill".
STANCE_VERBS = frozenset(
    form
    for base in ("endorse", "support", "oppose", "praise", "criticize", "criticise", "defend",
                 "condemn", "applaud", "denounce")
    for form in inflect(base)
)
# Verbs that report only what they govern here, unlike speech verbs that frame quotes too.
FRAMING_VERBS = NAMING_VERBS | STANCE_VERBS
# "called for a recount": a demand, whose object is what is demanded.
CALLING_VERBS = frozenset(inflect("call"))


def _forms() -> frozenset[str]:
    forms: set[str] = set()
    for base in _SPEECH_VERBS:
        forms |= inflect(base)
        forms |= set(_IRREGULAR.get(base, ()))
    forms |= {"tells", "telling", "says", "saying", "writes", "writing", "thinks", "thinking"}
    return frozenset(forms)


SPEECH_VERB_FORMS = _forms()
# Verbs that report only when they carry a clause, never alone after a quote ("he thinks").
_CLAUSE_ONLY = frozenset(
    form
    for base in ("believe", "feel", "hope", "expect", "fear", "think", "show", "find", "want",
                 "plan", "seek", "refuse", "intend")
    for form in inflect(base) | set(_IRREGULAR.get(base, ()))
)


def is_speech_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lower_ in SPEECH_VERB_FORMS


def is_quote_cue(tok: Token) -> bool:
    """A verb that can frame a direct quote on its own (said, added, told, wrote)."""
    return is_speech_verb(tok) and tok.lower_ not in _CLAUSE_ONLY


def cue_tokens(tok: Token) -> list[Token]:
    """The cue as a phrase: the verb with its auxiliaries, negation and particles."""
    parts = [tok] + [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "prt")]
    lo = min(p.i for p in parts)
    hi = max(p.i for p in parts)
    # keep it contiguous: drop far auxiliaries separated by the subject ("did he say")
    if hi - lo + 1 > len(parts):
        return [tok]
    return [tok.doc[i] for i in range(lo, hi + 1)]
