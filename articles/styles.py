"""The inline styles the rich-text editor makes that readers get too, and nothing else.

CKEditor's font colour, highlight and alignment (and the colour or highlight an author
pastes from a 公众号 or Word) arrive as `style="color:…"`, `style="background-color:…"`
and `style="text-align:…"`. nh3 keeps only these properties on these elements
(filter_style_properties); `clean_style` then keeps a declaration only when its value is
a plain colour or alignment, so url(), expression(), var(), !important and every other
property (position, display, font-size …) are dropped.
"""

import re

# Which element may carry which property: text runs take colours, blocks take alignment.
COLOUR_PROPERTIES = frozenset({"color", "background-color"})
ALIGN_PROPERTIES = frozenset({"text-align"})
STYLED = {
    "span": COLOUR_PROPERTIES,
    "mark": COLOUR_PROPERTIES,
    **dict.fromkeys(("p", "h2", "h3", "h4", "h5", "h6", "td", "th", "li"), ALIGN_PROPERTIES),
}
PROPERTIES = frozenset().union(*STYLED.values())
ALIGNMENTS = frozenset({"left", "right", "center", "justify"})

_HEX = r"#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})"
_NUMBER = r"\s*[0-9.]+%?\s*"
_FUNCTION = rf"(?:rgb|rgba|hsl|hsla)\((?:{_NUMBER},){{2}}{_NUMBER}(?:,{_NUMBER})?\)"
_COLOUR = re.compile(rf"(?:{_HEX}|{_FUNCTION}|[a-z]{{3,20}})", re.IGNORECASE)
# Keywords that are words but not colours an author meant.
_NOT_COLOURS = frozenset({"inherit", "initial", "unset", "revert", "currentcolor", "none"})


def _value_ok(prop: str, value: str) -> bool:
    if prop in ALIGN_PROPERTIES:
        return value.lower() in ALIGNMENTS
    return bool(_COLOUR.fullmatch(value)) and value.lower() not in _NOT_COLOURS


def clean_style(element: str, value: str) -> str | None:
    """The declarations of `value` that `element` may keep, or None when none remain."""
    allowed = STYLED.get(element, frozenset())
    kept = []
    for declaration in value.split(";"):
        prop, sep, raw = declaration.partition(":")
        prop, raw = prop.strip().lower(), raw.strip()
        if sep and prop in allowed and _value_ok(prop, raw):
            kept.append(f"{prop}:{raw}")
    return ";".join(kept) or None
