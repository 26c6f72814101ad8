"""Number formats for the signal statistics: returns as signed percentages, shares, p."""

import math

from django import template

register = template.Library()


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@register.filter
def signed_percent(value, digits=2):
    """0.0123 → +1.23%; a missing figure → —."""
    number = _number(value)
    return "—" if number is None else f"{number * 100:+.{int(digits)}f}%"


@register.filter
def percent(value, digits=1):
    """0.532 → 53.2%."""
    number = _number(value)
    return "—" if number is None else f"{number * 100:.{int(digits)}f}%"


@register.filter
def p_value(value):
    """Three decimals, and "<0.001" rather than a zero that would overstate certainty."""
    number = _number(value)
    if number is None:
        return "—"
    return "<0.001" if number < 0.001 else f"{number:.3f}"
