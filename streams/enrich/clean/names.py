"""Author names out of byline text: labels, roles, credentials and dates taken off, lists split.

Bylines run a label before the name ("Written by"), and a role, a review credit or a date after
it ("Jane Doe Staff Writer", "Jane Doe, MD Reviewed by ...", "Jane Doe | May 2"). What is left
is split into names on ";" (how trafilatura joins them) or, for free byline text, on commas, "&"
and "and". A part that starts with a role ("Lead Reviewer") is no name at all; a name and one
role word ("Resy Staff", "City Contributor") is the credit the page gives, kept whole, except
after another name in a byline ("Jane Doe, WCI Columnist": her role). Degree letters go with
or without a comma ("Jane Doe, MD", "Jane Doe RN").
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_LABEL = re.compile(
    r"^(?:(?:this (?:post|article|story) was )?(?:written|posted|published|recipe|article|story)"
    r"\s+by|by|author|read more about)\s*:?\s+(?=\S)", re.IGNORECASE)
_TAIL = re.compile(
    rf"(?<=\S)\s*(?:[\u2022|\u00b7]|\blast updated\b|\bupdated\b|\b{_MONTH}\b\.?(?:\s+\d|$)"
    r"|\b(?:medically |fact[- ]checked |)(?:reviewed|checked|edited) by\b).*$",
    re.IGNORECASE)
# Also the placeholders of blog software ("admin", "Blog Post") where no author was set.
_NOT_A_NAME = re.compile(
    rf"^(?:{_MONTH}|updated|written by|the author|admin(?:istrator)?|blog post|\W*)$",
    re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*;\s*")
_FREE_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_NAME = re.compile(r"^[^\W\d_][\w.'\u2019()-]*(?:\s+[\w.'\u2019()-]+){0,4}$")
_CREDENTIAL = re.compile(r"^[A-Z]{2,5}\W?(?:[\s,]+[A-Z]{2,5}\W?)*$")
_ROMAN = re.compile(r"^[IVX]+$")  # "John Doe III" keeps its suffix
_INITIAL = re.compile(r"^[A-Z]\.?$")
# Job titles that follow a name in a byline; the name ends before them.
_ROLES = frozenset({
    "editor", "writer", "reporter", "founder", "co-founder", "cofounder", "consultant",
    "contributor", "contributing", "correspondent", "columnist", "reviewer", "director", "ceo",
    "cto", "manager", "head", "expert", "staff", "former", "senior", "chief", "lead", "author",
    "journalist", "producer", "analyst", "strategist", "specialist", "certified", "licensed",
})
# After a name in a byline these are a role too ("Jane Doe, Global Desk"); alone they are the
# credit ("City Desk").
_LATER_ROLES = _ROLES | {"desk"}


def author_names(text: str, free: bool = False) -> list[str]:
    """Names in `text`: a ";"-joined list, or with `free` a byline line ("A, B and C")."""
    names: list[str] = []
    for i, part in enumerate((_FREE_SPLIT if free else _LIST_SPLIT).split(text.strip())):
        name = _clean(part, free)
        # Degree letters after a name ("Jane Doe, MD, RD"); a first part is a name ("BBC").
        if not name or name in names or (i and _CREDENTIAL.match(name)):
            continue
        # In a byline a later part with a job title is the role of the name before it.
        if free and i and any(w.lower() in _LATER_ROLES for w in name.split()):
            continue
        names.append(name)
    return names


def without_label(text: str) -> str:
    """`text` without a leading byline label ("By", "Written by:")."""
    return _LABEL.sub("", text)


def _clean(part: str, free: bool) -> str | None:
    name = _TAIL.sub("", _LABEL.sub("", " ".join(part.split()))).strip(" ,-.:")
    words = name.split()
    if len(words) > 1 and words[0].isupper() and words[0] == "".join(w[0] for w in words[1:]):
        words = words[1:]  # an avatar's initials before the name: "JD Jane Doe"
    role = next((i for i, w in enumerate(words) if w.lower().strip(",") in _ROLES), None)
    if role == 0:
        return None
    if role is not None and role >= 2:  # "Resy Staff" is the credit as given; keep it whole
        keep = 3 if _INITIAL.match(words[1]) and role > 2 else 2
        words = words[: min(role, keep)]
    while len(words) > 2 and _CREDENTIAL.match(words[-1]) and not _ROMAN.match(words[-1]):
        words = words[:-1]  # degree letters without a comma: "Jane Doe RN"
    name = " ".join(words).strip(" ,")
    if not name or _NOT_A_NAME.match(name):
        return None
    if free and not _NAME.match(name):  # free text also holds sentences and counts
        return None
    return name


def fold(text: str) -> str:
    """Case- and space-insensitive form for comparing titles and names."""
    return " ".join(text.replace("\u2019", "'").split()).casefold()
