"""Raw article text into clean paragraphs.

Feeds deliver text in two shapes: paragraphs separated by blank lines (single newlines inside
are hard wraps), or one paragraph per line. Stray markup and HTML entities from a careless
markup-stripper are undone; control and zero-width characters go. Mojibake (UTF-8 text that a
publisher's system once read as Latin-1 or Windows-1252: "doesnâ€™t") is read back as UTF-8, in
text and in markup alike.
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
# Windows-1252 shows bytes 0x80-0x9F as these characters (Latin-1 as C1 controls); both show
# 0xA0-0xBF, the UTF-8 continuation bytes' upper half, as U+00A0-U+00BF.
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", "ignore")
_TO_BYTE = {ch: ch.encode("cp1252")[0] for ch in _CP1252_HIGH}
_CONTINUATION = f"[\u0080-\u00bf{_CP1252_HIGH}]"
# The UTF-8 lead bytes of what mojibake mostly hits, as they are shown, with the number of
# continuation bytes: Latin-1 letters and the no-break space ("Ã©", "Â "), punctuation and
# symbols ("â€™"), emoji ("ðŸ˜€"). A pattern per lead starts with a literal, which the regex
# engine finds fast: a scan of a whole page costs a fraction of a millisecond.
_MOJIBAKE = tuple(re.compile(f"{lead}{_CONTINUATION}{{{count}}}") for lead, count in (
    ("\u00c2", 1), ("\u00c3", 1), ("\u00e2", 2), ("\u00f0", 3)))


def fix_mojibake(text: str) -> str:
    """`text` with UTF-8 sequences that were decoded one byte per character read back.

    A sequence is only replaced when its bytes are valid UTF-8, which ordinary accented text
    ("café", "naïve", "São") does not spell: a lead letter such as "Ã" would have to be
    followed by symbols such as "©" or "™".
    """
    for pattern in _MOJIBAKE:
        if pattern.search(text) is not None:
            text = pattern.sub(_redecode, text)
    return text


def _redecode(match: re.Match[str]) -> str:
    raw = bytes(_TO_BYTE.get(ch, ord(ch)) for ch in match.group())
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group()


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of raw text, each on one line, without markup, entities or empty ones."""
    text = text[:MAX_TEXT_CHARS].encode("utf-8", "replace").decode("utf-8")
    text = fix_mojibake(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = _INVISIBLE.sub("", text)
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [line for line in (" ".join(b.split()) for b in blocks) if line]
