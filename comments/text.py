"""Text clean-up shared by the form and the moderation filter.

Two jobs: make what we store harmless to display (no invisible direction tricks), and
give the spam filter views of a text in which the usual evasions collapse back into the
plain words (full-width letters, zero-width joiners, "加 微 信", "１３８ 0013 8000").
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
# What a stored body may keep: the joiners make emoji sequences such as 👨‍👩‍👧 work.
_BODY_STRIP_RE = re.compile(f"[{INVISIBLE.replace(chr(0x200C), '').replace(chr(0x200D), '')}]")

_CHINESE_DIGITS = str.maketrans(
    "〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖幺", "001234567891234567891"
)


def has_control_chars(text: str, allowed: str = "") -> bool:
    """True when the text holds C0/C1 control characters (NUL included) not in `allowed`."""
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def clean_body(text: str) -> str:
    """The body as stored: Unix line breaks, no zero-width or direction-override tricks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BODY_STRIP_RE.sub("", text)


def clean_name(text: str) -> str:
    """A display name: no control or format characters, single spaces, trimmed."""
    spaced = "".join(" " if ch.isspace() else ch for ch in text)
    kept = "".join(ch for ch in spaced if unicodedata.category(ch) not in ("Cc", "Cf"))
    return " ".join(kept.split())


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


def without_spaces(text: str) -> str:
    """The normalised text with all whitespace removed: "加 V" becomes "加v"."""
    return "".join(normalise(text).split())


def compact(text: str) -> str:
    """Only letters and digits survive: "加-微.信" becomes "加微信".

    Also the key under which two names count as the same name ("周 老師" = "周老师").
    """
    return "".join(ch for ch in normalise(text) if ch.isalnum())


# Signs spammers use for 加 ("➕V", "✚薇"); NFKC already turns ＋ and ﹢ into +.
_PLUS_LIKE = str.maketrans(dict.fromkeys("➕✚✙✛✜✢✣✤✥╋ᐩ⁺₊", "+"))
# What the plain view keeps besides letters and digits: the signs a contact detail needs.
_PLAIN_KEEP = set("+@:/")


def plain(text: str) -> str:
    """Letters, digits and + @ : / only: "加★V", "@ gp_888", "t . me/x" lose their padding.

    Decorations (★❤•·~_…), spaces, emoji and combining marks between the characters of a
    contact word all drop out, while the signs that make it a contact detail stay.
    """
    folded = normalise(text).translate(_PLUS_LIKE)
    return "".join(ch for ch in folded if ch.isalnum() or ch in _PLAIN_KEEP)


def digits_view(text: str) -> str:
    """The compact text with Chinese numerals turned into digits, for phone and QQ checks."""
    return compact(text).translate(_CHINESE_DIGITS)


# Anything that would be markup if a page ever forgot to escape it: HTML tags, comments,
# processing instructions, inline event handlers and script URLs.
_TAG_NAMES = (
    "a|abbr|applet|audio|b|base|body|br|button|center|code|details|dialog|div|em|embed|"
    "font|form|frame|frameset|h[1-6]|head|html|i|iframe|img|input|isindex|keygen|li|link|"
    "marquee|math|meta|noscript|object|ol|option|p|param|plaintext|pre|script|select|source|"
    "span|strong|style|svg|table|td|template|textarea|title|tr|u|ul|video|xmp"
)
_MARKUP_RE = re.compile(
    rf"<\s*/?\s*(?:{_TAG_NAMES})\b|<!--|<!\s*doctype|<\?|\bon[a-z]{{3,}}\s*=|"
    r"(?:java|vb)script\s*:|data\s*:\s*text/html",
    re.IGNORECASE,
)


def looks_like_markup(value: str) -> bool:
    """True for HTML tags, event handlers or script URLs, however disguised with NFKC tricks."""
    return bool(_MARKUP_RE.search(value) or _MARKUP_RE.search(normalise(value)))
