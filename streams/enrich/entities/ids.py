"""Normalised names and the stable entity id.

An entity's id is the first 16 hex digits of SHA-1 over "TYPE\\x1fkey(name)", where `name`
is the canonical (fullest) form found in the article and `key()` folds case, Unicode forms,
dots and apostrophes, and whitespace. So "Olaf Scholz" (PERSON) gets the same id in every
article that names him in full, "U.S." and "US" share one, and a person and a company
spelled alike do not.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_DOTS = re.compile(r"[.\u2019']")


def key(name: str) -> str:
    """The comparison form of a name: NFKC, case-folded, dots dropped, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(_DOTS.sub("", folded).split())


def entity_id(entity_type: str, name: str) -> str:
    return hashlib.sha1(f"{entity_type}\x1f{key(name)}".encode()).hexdigest()[:16]
