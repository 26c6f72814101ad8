"""Links into K线训练营 from elsewhere on the site."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from indicators.library.registry import INDICATORS

register = template.Library()


def short_name(indicator: str) -> str:
    """The name readers know: "MACD 指数平滑异同移动平均线" -> "MACD",
    "Williams %R 威廉指标" -> "Williams %R"."""
    return INDICATORS[indicator].label.rsplit(" ", 1)[0]


def practice_url(indicator: str = "") -> str:
    """The trainer with `indicator` preselected ("" = no indicator)."""
    url = reverse("practice:index")
    return url + "?" + urlencode({"indicator": indicator}) if indicator else url


@register.inclusion_tag("practice/includes/practice_links.html")
def practice_links(article):
    """One "在训练营里用 MACD 练一练" per indicator the article demonstrates, in the order
    its demos first show them. An explainer knows its indicator from its embedded demos."""
    seen = []
    for demo in article.demos:
        name = demo.get("indicator")
        if name in INDICATORS and name not in seen:
            seen.append(name)
    return {"links": [{"name": short_name(name), "url": practice_url(name)} for name in seen]}


@register.filter
def tone(fraction) -> str:
    """The colour class of a result: red for a gain, green for a loss (A股 colours)."""
    try:
        value = float(fraction)
    except (TypeError, ValueError):
        return ""
    if abs(value) < 0.0005:
        return ""
    return "is-up" if value > 0 else "is-down"


@register.filter
def result_percent(fraction, digits=1) -> str:
    """0.082 → +8.2%, −0.034 → −3.4% (a real minus sign, as the luck sentence writes it)."""
    try:
        digits = int(digits)
        value = round(float(fraction) * 100, digits)
    except (TypeError, ValueError):
        return "—"
    if value == 0:
        return f"{0:.{digits}f}%"
    return f"{'+' if value > 0 else '−'}{abs(value):.{digits}f}%"
