"""Author names out of byline text: labels, roles, credentials and dates taken off, lists split.

Bylines run a label before the name ("Written by"), and a role, a review credit or a date after
it ("Jane Doe Staff Writer", "Jane Doe, MD Reviewed by ...", "Jane Doe | May 2"). What is left
is split into names on ";" (how trafilatura joins them) or, for free byline text, on commas, "&"
and "and". A part that starts with a role ("Lead Reviewer") is no name at all; a name and one
role word ("Resy Staff", "City Contributor") is the credit the page gives, kept whole.
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
_NOT_A_NAME = re.compile(rf"^(?:{_MONTH}|updated|written by|the author|\W*)$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*;\s*")
_FREE_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_NAME = re.compile(r"^[^\W\d_][\w.'\u2019()-]*(?:\s+[\w.'\u2019()-]+){0,4}$")
_CREDENTIAL = re.compile(r"^[A-Z]{2,5}\W?(?:[\s,]+[A-Z]{2,5}\W?)*$")
_INITIAL = re.compile(r"^[A-Z]\.?$")
# Job titles that follow a name in a byline; the name ends before them.
_ROLES = frozenset({
    "editor", "writer", "reporter", "founder", "co-founder", "cofounder", "consultant",
    "contributor", "contributing", "correspondent", "columnist", "reviewer", "director", "ceo",
    "cto", "manager", "head", "expert", "staff", "former", "senior", "chief", "lead", "author",
    "journalist", "producer", "analyst", "strategist", "specialist", "certified", "licensed",
})


def author_names(text: str, free: bool = False) -> list[str]:
    """Names in `text`: a ";"-joined list, or with `free` a byline line ("A, B and C")."""
    names: list[str] = []
    for i, part in enumerate((_FREE_SPLIT if free else _LIST_SPLIT).split(text.strip())):
        name = _clean(part, free)
        # Degree letters after a name ("Jane Doe, MD, RD"); a first part is a name ("BBC").
        if name and name not in names and not (i and _CREDENTIAL.match(name)):
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
    name = " ".join(words).strip(" ,")
    if not name or _NOT_A_NAME.match(name):
        return None
    if free and not _NAME.match(name):  # free text also holds sentences and counts
        return None
    return name
