"""One spelling for what looks or reads the same.

Two texts that a reader would take for the same words compare equal once normalised:
pen names (articles.names: "周 老師" is "周老师") and the comment spam filter
(comments.text, comments.moderation: "ＶＸ" is "vx", "加 - 微 . 信" is "加微信").
"""

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import opencc

# Zero-width characters and the byte-order mark: invisible, used to split banned words.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Bidirectional marks, embeddings, overrides and isolates: they reorder what is shown.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = ZERO_WIDTH + BIDI_CONTROLS
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


@lru_cache(maxsize=1)
def _confusables() -> dict[int, str]:
    """Look-alikes of ASCII letters and digits (Cyrillic а, Greek ν, Cherokee Ꮃ …) -> ASCII.

    From the Unicode confusables table shipped with confusable-homoglyphs. Han characters
    are left alone: 〇 is the Chinese zero, not the letter o.
    """
    with resources.files("confusable_homoglyphs").joinpath("confusables.json").open() as f:
        table = json.load(f)
    folded = {}
    for char, glyphs in table.items():
        if len(char) != 1 or char.isascii() or "IDEOGRAPH" in unicodedata.name(char, ""):
            continue
        for glyph in glyphs:
            if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum():
                folded[ord(char)] = glyph["c"].lower()
                break
    # The table lists some letters in one case only (Greek Χ is there, χ is not).
    for code, ascii_letter in list(folded.items()):
        lower = chr(code).lower()
        if len(lower) == 1 and not lower.isascii():
            folded.setdefault(ord(lower), ascii_letter)
    return folded


@lru_cache(maxsize=1)
def _to_simplified():
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """One spelling for what looks or reads the same, so names and spam compare equal.

    NFKC (full-width to ASCII, ① to 1, 𝐯 to v), invisible characters removed, lower case,
    look-alike letters from other scripts to ASCII, traditional characters to simplified.
    """
    text = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text)).lower()
    text = text.translate(_confusables()).lower()
    return _to_simplified().convert(text)


def compact(text: str) -> str:
    """Only letters and digits survive: "加-微.信" becomes "加微信".

    Also the key under which two names count as the same name ("周 老師" = "周老师").
    """
    return "".join(ch for ch in normalise(text) if ch.isalnum())
