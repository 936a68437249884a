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
    "warn", "wonder", "worry", "write", "yell", "acknowledge", "ask", "question", "accuse",
    "blame", "call", "criticize", "criticise", "praise", "pledge", "threaten", "predict",
    "guarantee", "imply", "bemoan", "doubt", "recommend", "read", "exhort",
    "fume", "press", "grouse", "gripe", "interject", "exclaim", "marvel", "snap", "chide",
    "concur", "sneer", "rant", "huff", "beam", "gush", "mutter", "whisper", "lecture",
)
# Verbs of thought, findings and aims: they report only with a clause ("she believes
# that", "the poll found that", "wants to", "declined to"), never alone after a quote.
_CLAUSE_VERBS = (
    "believe", "think", "feel", "fear", "hope", "expect", "show", "find", "want", "plan", "seek",
    "refuse", "intend", "decline", "know", "learn", "realize", "realise", "recognize",
    "recognise", "understand", "discover", "notice", "remember", "assume", "imagine", "guess",
    "decide", "determine", "rule", "convince",
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
    "worry": ["worried", "worries"],
    "show": ["shown"],
    "find": ["found"],
    "seek": ["sought"],
    "know": ["knew"],
    "see": ["saw", "seen"],
    "speak": ["spoke", "spoken"],
    "understand": ["understood"],
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
        "hope", "hopes", "message", "assurance", "assurances", "testimony", "case", "point"
    )
)

# Nouns of reports whose preposition's object is what they are about: "criticism of".
NOUN_PREP_REPORTS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("criticism", "criticisms"), ("of", "on", "over")),
    "praise": ("of", "for"),
    **dict.fromkeys(("endorsement", "accusation", "accusations", "defense",
                     "denunciation", "mention", "favor", "favour", "rejection", "critique",
                     "embrace", "proponent", "critic", "critics", "opinion", "announcement",
                     "hopes"), ("of",)),
    **dict.fromkeys(("support", "call", "calls", "advocate", "case", "push", "plan"), ("for",)),
    **dict.fromkeys(("question", "questions", "complaint", "complaints", "concern", "concerns",
                     "warning", "warnings", "doubts", "worries", "conversations"), ("about",)),
    **dict.fromkeys(("talk", "story", "stories"), ("of", "about")),
    **dict.fromkeys(("comment", "comments", "remarks"), ("about", "on")),
    **dict.fromkeys(("opposition", "attention"), ("to",)),
    "decision": ("on",),
    "attacks": ("on", "against"),
}
# Adjectives of a stance whose preposition's object is what it is on: "critical of".
ADJECTIVE_PREP_REPORTS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("critical", "supportive", "skeptical", "sceptical", "proud", "wary",
                     "dismissive", "fond", "contemptuous"), ("of",)),
    **dict.fromkeys(("concerned", "worried", "optimistic", "pessimistic", "enthusiastic",
                     "excited", "upset", "angry"), ("about",)),
    **dict.fromkeys(("opposed", "committed"), ("to",)),
    **dict.fromkeys(("interested", "confident"), ("in",)),
}
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
    forms = {base, base + "s", base + "ed", base + "ing"}
    if len(base) > 2 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" \
            and base[-3] not in "aeiou":
        # admit -> admitted, quip -> quipping (also "answerred", which no text holds)
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


# Verbs whose report is an object plus infinitive: "urged his supporters to vote".
URGING_VERBS = frozenset(
    form
    for base in ("urge", "ask", "tell", "warn", "call", "encourage", "promise", "vow", "pledge",
                 "threaten", "demand", "want", "seek", "refuse", "intend", "plan", "decline",
                 "agree", "hope", "decide", "like", "propose", "order", "aim", "vote", "offer",
                 "look", "report")
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
# "spoke to MSNBC's “Andrea Mitchell Reports”", "speaking at a “unity” lunch": the place,
# audience or programme a speaker talks in, not what is said (that is "spoke of/about").
SPEAKING_FORMS = frozenset(inflect("speak") | inflect("talk") | set(_IRREGULAR["speak"]))
SETTING_PREPS = frozenset(("to", "on", "at", "in", "with", "during", "before"))
# Verbs whose report is a question: "asked (them) if …".
ASKING_FORMS = frozenset(inflect("ask") | inflect("wonder"))
# "called the tax unfair": naming that reports a judgement.
CALLING_FORMS = frozenset(inflect("call"))
# Verbs whose report is a person and a charge: "accused Ruiz of lying".
ACCUSING_VERBS = frozenset(form for base in ("accuse", "blame", "fault") for form in inflect(base))
# Verbs of findings whose object and all that follows it is the finding: "the poll shows
# Ruiz ahead with 40 percent".
SHOWING_VERBS = frozenset(inflect("show") | {"shown"})
# Verbs whose object is what is reported: a stance taken ("endorsed Ruiz", "opposes the
# bill") or words made public ("announced his resignation", "rejected the offer").
STANCE_VERBS = frozenset(
    form
    for base in ("endorse", "support", "oppose", "praise", "criticize", "criticise", "defend",
                 "condemn", "applaud", "denounce", "announce", "express", "reject", "attack",
                 "offer", "propose", "post", "tweet", "dismiss", "mention", "echo", "question",
                 "mock", "acknowledge", "stress", "reiterate", "thank", "note", "promote",
                 "describe", "blast", "deny", "recall", "recount", "confirm", "reveal", "explain",
                 "tout", "welcome", "answer", "emphasize", "emphasise", "decry", "predict", "hail",
                 "cheer", "lament", "recommend", "signal", "ridicule", "deride", "bemoan",
                 "concede", "cite", "unveil", "outline", "slam", "back", "discuss", "address",
                 "highlight", "reference", "prefer", "favor", "favour", "voice",
                 "repeat", "seek", "say", "want", "accept", "list", "blame", "retweet",
                 "approve", "sponsor", "rebut", "remember")
    for form in inflect(base)
) | SHOWING_VERBS
# Verbs that report a view only with the role they give their object: "sees Ruiz as a
# threat", "portrayed the vote as a mandate" (but "saw the vote" is only seeing).
ROLE_VERBS = frozenset(
    form
    for base in ("see", "view", "regard", "portray", "characterize", "characterise", "depict",
                 "cast", "paint", "frame", "consider", "deem", "call")
    for form in inflect(base) | set(_IRREGULAR.get(base, ()))
)
# Verbs by which the writer hedges a claim nobody is named for: "appears to", "is expected to".
SEEM_FORMS = frozenset(inflect("seem"))
HEDGING_VERBS = frozenset({"expected", *inflect("appear"), *SEEM_FORMS})
# "made it clear that …".
MAKING_FORMS = frozenset(("make", "makes", "made", "making"))
# Passive participles of a view held of the subject: "is seen as", "is considered", "is
# known for".
VIEW_FORMS = frozenset(("seen", "viewed", "regarded", "considered", "perceived", "deemed", "known"))
# Adverbs by which the writer passes on a claim nobody is named for: "reportedly resigned".
HEDGING_ADVERBS = frozenset(
    ("reportedly", "allegedly", "purportedly", "supposedly", "seemingly")
)
# Verbs whose report is the object of a preposition: "called for a recount", "referred to
# the deal", "talked about taxes".
_PREP_REPORTS = {
    "call": ("for",), "refer": ("to",), "talk": ("about",), "speak": ("about", "of"),
    "point": ("to",), "ask": ("about", "for"), "focus": ("on",), "respond": ("to",),
    "comment": ("on",), "agree": ("with",), "side": ("with",), "vote": ("for", "against"),
    "complain": ("about",), "reply": ("to",), "worry": ("about",),
    "rail": ("against",), "advocate": ("for",), "push": ("for",), "campaign": ("for", "against"),
    "think": ("about",), "care": ("about",),
}
PREP_REPORT_VERBS: dict[str, tuple[str, ...]] = {
    form: preps
    for base, preps in _PREP_REPORTS.items()
    for form in inflect(base) | set(_IRREGULAR.get(base, ()))
}


# Verbs that report only what they govern here, unlike speech verbs that frame quotes too.
FRAMING_VERBS = (NAMING_VERBS | STANCE_VERBS | ROLE_VERBS | URGING_VERBS
                 | frozenset(PREP_REPORT_VERBS))


def _forms() -> frozenset[str]:
    forms: set[str] = set()
    for base in _SPEECH_VERBS + _CLAUSE_VERBS:
        forms |= inflect(base)
        forms |= set(_IRREGULAR.get(base, ()))
    forms |= {"tells", "telling", "says", "saying", "writes", "writing", "thinks", "thinking"}
    return frozenset(forms)


SPEECH_VERB_FORMS = _forms()
_CLAUSE_ONLY = frozenset(
    form for base in _CLAUSE_VERBS for form in inflect(base) | set(_IRREGULAR.get(base, ()))
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
