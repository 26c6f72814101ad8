"""Formulas that wrap between their terms, never inside a name such as AVEDEV or TYP."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# A line may end after a statement or an argument, or before a division or product: the
# places a reader would break a formula by hand.
_BREAK = re.compile(r"(?<=[;,])(?=\S)|(?<=\S)(?=[/×])")


@register.filter
def formula_breaks(text):
    """Escape `text` and add <wbr> break opportunities between a formula's terms."""
    return mark_safe("<wbr>".join(escape(part) for part in _BREAK.split(str(text))))
