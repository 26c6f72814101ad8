"""Text clean-up shared by the comment form and the moderation filter.

Two jobs: make what we store harmless to display (no invisible direction tricks), and
give the spam filter views of a text in which the usual evasions collapse back into the
plain words (full-width letters, zero-width joiners, "加 微 信", "１３８ 0013 8000"). The
folding itself (normalise, compact) is core.text's, shared with pen names.
"""

import re
import unicodedata

from core.text import INVISIBLE, compact, normalise

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


def without_spaces(text: str) -> str:
    """The normalised text with all whitespace removed: "加 V" becomes "加v"."""
    return "".join(normalise(text).split())


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
