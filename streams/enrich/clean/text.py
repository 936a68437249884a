"""Raw article text into clean paragraphs.

Feeds deliver text in two shapes: paragraphs separated by blank lines (single newlines inside
are hard wraps), or one paragraph per line. Stray markup and HTML entities from a careless
markup-stripper are undone; control and zero-width characters go.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Raw text beyond this is cut: ~2 MB is far longer than any article and bounds the work.
MAX_TEXT_CHARS = 2_000_000

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,500})?/?>")
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]")


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of raw text, each on one line, without markup, entities or empty ones."""
    text = text[:MAX_TEXT_CHARS].encode("utf-8", "replace").decode("utf-8")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = _INVISIBLE.sub("", text)
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [line for line in (" ".join(b.split()) for b in blocks) if line]
