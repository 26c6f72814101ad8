"""Formulas that wrap between their terms, never inside a name such as AVEDEV or TYP."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

# A line may end after a statement or an argument, or before a division or product: the
# places a reader would break a formula by hand.
_AFTER = re.compile(r"([;,])(?=\S)")
_BEFORE = re.compile(r"(?<=\S)([/×])")


@register.filter
def formula_breaks(text):
    """Escape `text` and add <wbr> break opportunities between a formula's terms."""
    escaped = str(conditional_escape(text))
    return mark_safe(_BEFORE.sub(r"<wbr>\1", _AFTER.sub(r"\1<wbr>", escaped)))
