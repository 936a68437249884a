"""The rule layer: in-article boilerplate that looks the same on every site.

Rules work on whole paragraphs and only on short ones (a news paragraph that merely mentions a
newsletter or an app is long and written in the third person), except the donation appeal, which
is a block: a header ("A Message from X:", "Dear readers,") followed by paragraphs written to the
reader ("we", "you", "support") and its buttons ("Continue", "Remind me later"), and the
sections after an extracted article (`strip_closing`): from a heading such as "Related posts" or
"About the author" on, the rest of the extraction is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_I = re.IGNORECASE

# (reason, pattern, most words a matching paragraph may have)
_PARAGRAPH_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("newsletter promo", re.compile(
        r"^(?:\W*)(?:sign up|subscribe|register|join)\b.{0,80}\b(?:newsletters?|inbox|briefing|"
        r"digest|email)\b|^get (?:our|the)\b.{0,60}\b(?:newsletter|briefing)\b|"
        r"\bdelivered (?:straight |directly )?(?:to|through) your (?:inbox|letterbox|door)\b", _I),
        45),
    # Shorter, as a sentence may well tell of something arriving in your inbox.
    ("newsletter promo", re.compile(r"\b(?:to|in|into|meet|hits?) your inbox\b", _I), 20),
    ("app promo", re.compile(
        r"^(?:\W*)(?:download|get|install|try)\b.{0,40}\b(?:our|the|free)\b.{0,40}\bapps?\b|"
        r"\bavailable on (?:the )?(?:app store|google play)\b", _I), 35),
    ("read-more link", re.compile(
        r"^(?:\W*)(?:read|see) (?:more|also|next|the full story)\b\s*[:>\-\u2013\u2014|]|"
        r"^also on [\w.-]+\.[a-z]{2,}\b|^don'?t miss\W*$|"
        r"^(?:related|recommended|more from [^:]{1,40}|more on this story|most read|"
        r"related (?:articles?|stories|coverage|content))\s*[:>\-\u2013\u2014|]",
        _I), 30),
    ("copyright", re.compile(
        r"^(?:\W*)(?:\u00a9|\(c\)|copyright\s*(?:\u00a9|\(c\)|\d{4}))|\ball rights reserved\b|"
        r"\bmay not be (?:published|reproduced|broadcast|rewritten|redistributed)\b", _I), 40),
    ("photo credit", re.compile(
        r"^[(\[]?(?:photo(?:graph)?|image|picture|pictured|illustration|credit)s?"
        r"(?: credit)?(?: by)?\s*[:|/]|^\(?(?:photo|image|illustration) by\b|"
        r"/\s*(?:getty images|reuters|ap|afp|shutterstock|epa|alamy)\W*$|"
        r"^\(?(?:getty images|ap photo|reuters|afp|shutterstock)\b[^.]{0,40}$|"
        r"\((?:image|photo|picture|pic|credit)s?:\s*[^()]{1,40}\)\W*$", _I), 25),
    ("timestamp", re.compile(
        r"^(?:last |first )?(?:updated|published|posted|modified|original)\b(?=.*\b(?:19|20)\d\d\b)"
        r"(?=.*(?:\b\d{1,2}:\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b))",
        _I), 12),
    ("reading time", re.compile(r"\b\d+(?:-\d+)? ?min(?:ute)?s?\.? read\W*$", _I), 8),
    ("social prompt", re.compile(
        r"^(?:\W*)(?:follow|like|join|find) (?:us|[^.]{1,40}) on (?:twitter|x|facebook|instagram|"
        r"linkedin|tiktok|youtube|threads|bluesky|telegram)\b|^(?:\W*)(?:share|tweet|email|print)"
        r"(?: this)?(?: article| story| page)?(?: on| via| to)?\s*(?:facebook|twitter|whatsapp|"
        r"linkedin|email|x)?\W*$|^(?:\W*)click (?:here )?to share\b|^join the conversation\b|"
        r"^like this (?:story|article)\?", _I),
        20),
    ("advertisement", re.compile(
        r"^(?:advertisement|advert|sponsored|ad|story continues below(?: advertisement)?|"
        r"continue reading below|scroll to continue(?: with content)?|article continues below"
        r"(?: this ad(?:vertisement)?)?)\W*$", _I), 6),
    ("navigation", re.compile(
        r"^(?:skip to (?:main )?content|skip navigation|menu|open menu|close menu|search|"
        r"log ?in|sign ?in|log out|back to top|home|text size|order reprints|print|tags|"
        r"comments)\W*$", _I), 4),
    ("contact line", re.compile(
        r"^(?:(?:write to|contact|email)\b|have a (?:news )?tip\?).{0,80}\b[\w.+-]+@[\w-]+\.[\w.]+",
        _I), 40),
    ("sign-up terms", re.compile(
        r"^by (?:signing up|subscribing|registering|submitting|clicking|entering|providing)\b"
        r".{0,120}\byou (?:agree|consent|confirm|acknowledge|accept)\b", _I), 60),
    ("cookie notice", re.compile(
        r"\b(?:we|this (?:web)?site) uses? cookies\b|\bby (?:continuing to (?:use|browse)|using) "
        r"(?:this|our) (?:web)?site,? you (?:agree|consent|accept)\b|^(?:accept|reject|manage) "
        r"(?:all )?cookies\W*$|\b(?:the|this) cookies? (?:is|are) (?:set by|used "
        r"to (?:store|record|track|remember|collect))\b", _I), 80),
    # Template filler that a page forgot to replace.
    ("placeholder", re.compile(r"^\W*lorem ipsum\b", _I), 200),
)

# Headings of the sections a page puts after the article: related links, the author box, a
# disclaimer, comments, social links. From such a heading on nothing is the article; it must stand
# alone (a short paragraph) and come after the first 30% of the text, as a sub-heading near the top
# ("Written by a doctor", "Related studies") may open real content.
_CLOSING_HEADING = re.compile(
    r"^(?:you (?:might|may|will) (?:also )?(?:like|enjoy|be interested in)\b.{0,60}|"
    r"you might also be interested\b.{0,60}|related (?:posts?|articles?|stories|reading|content|"
    r"resources|guides|topics)|more (?:articles|posts|stories)(?: like this)?|recent posts|"
    r"popular posts|latest posts|read next|explore more|keep reading|further reading|"
    r"more from (?:\S+ ){0,2}\S+|recommended(?: for you| reading| articles)?|disclaimer|disclosure|"
    r"about the (?:author|writer)s?|author|(?:article )?written by|reviewed by,?|"
    r"latest posts by .{1,40}|sponsored (?:content|stories|links)|partner content|"
    r"promoted (?:content|stories)|paid content|"
    r"article sources|(?:leave|post) a (?:reply|comment)|join the discussion|"
    r"share (?:this|the) (?:article|post|story)|contact us|follow us)\W*$", _I)
CLOSING_MAX_WORDS = 10
CLOSING_MIN_POSITION = 0.3

_APPEAL_HEADER = re.compile(
    r"^(?:a (?:message|note|word) from [^:]{2,60}:?|dear (?:readers?|friends?|subscribers?)\b.*|"
    r"(?:please )?support (?:our|independent|quality) journalism\b.*|"
    r"before you go\b.*|we have a small favou?r to ask\b.*)$", _I)
_APPEAL_WORDS = re.compile(
    r"\b(?:we|we're|we've|our|us|you|your|you're|support|supporting|donat\w*|contribut\w*|"
    r"journalism|subscri\w*|membership|member|readers?|thank you)\b", _I)
_APPEAL_BUTTON = re.compile(
    r"^(?:continue|donate(?: now)?|support(?: us)?(?: now)?|subscribe(?: now)?|contribute|"
    r"remind me later|maybe later|not now|no,? thanks|close|"
    r"not ready to (?:support|donate|give|contribute)\b.*)\W*$", _I)
# A standalone appeal paragraph: asks for money or membership, addressed to the reader.
_APPEAL_ASK = re.compile(
    r"\b(?:support us|support our (?:work|journalism|reporting|newsroom)|donate (?:now|today|to us|"
    r"here)|mak(?:e|ing) a (?:donation|contribution)|become a (?:member|supporter|subscriber|"
    r"patron)|chip in)\b", _I)
_TO_READER = re.compile(r"\b(?:you|your|please)\b", _I)
_FROM_PUBLISHER = re.compile(r"\b(?:we|our|us)\b", _I)


def _words(text: str) -> int:
    return len(text.split())


def paragraph_reason(paragraph: str) -> str | None:
    """Why a single paragraph is boilerplate, or None to keep it."""
    words = _words(paragraph)
    for reason, pattern, max_words in _PARAGRAPH_RULES:
        if words <= max_words and pattern.search(paragraph):
            return reason
    if (words <= 60 and _APPEAL_ASK.search(paragraph) and _TO_READER.search(paragraph)
            and _FROM_PUBLISHER.search(paragraph)):
        return "donation appeal"
    return None


def _appeal_end(paragraphs: Sequence[str], start: int) -> int:
    """End (exclusive) of the appeal block whose header is at `start`; `start` when none."""
    end = start + 1
    asks = 0
    while end < len(paragraphs):
        text = paragraphs[end]
        if _APPEAL_BUTTON.match(text):
            asks += 1
        elif _APPEAL_WORDS.search(text):
            asks += bool(_APPEAL_ASK.search(text))
        else:
            break
        end += 1
    # Without an ask or a button this was a letter-like paragraph, not an appeal.
    return end if asks else start


def strip_closing(paragraphs: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(paragraphs before the first closing-section heading, removed (paragraph, reason) pairs).

    Only for an extracted article: in the flattened text of a whole page the same words are
    menu entries ("Contact us") above the article.
    """
    for i in range(int(CLOSING_MIN_POSITION * len(paragraphs)), len(paragraphs)):
        text = paragraphs[i]
        if _words(text) <= CLOSING_MAX_WORDS and _CLOSING_HEADING.match(text):
            return list(paragraphs[:i]), [(p, "closing section") for p in paragraphs[i:]]
    return list(paragraphs), []


def strip_rules(paragraphs: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(kept paragraphs, removed (paragraph, reason) pairs) after the rule layer."""
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    i = 0
    while i < len(paragraphs):
        text = paragraphs[i]
        if _APPEAL_HEADER.match(text):
            end = _appeal_end(paragraphs, i)
            if end > i:
                removed.extend((p, "donation appeal") for p in paragraphs[i:end])
                i = end
                continue
        reason = paragraph_reason(text)
        if reason:
            removed.append((text, reason))
        else:
            kept.append(text)
        i += 1
    return kept, removed
