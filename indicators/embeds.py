"""Live-demo embeds in article bodies: `[[indicator macd symbol=600519 fast=12]]`.

Authors write the same one-line code in Markdown or rich text. Rendering (once, on save,
after sanitising) turns it into a <figure data-indicator=…> that the page's script brings
to life; without JavaScript the figure still explains what it would show.
"""

import html
import json
import re

from django.template.loader import render_to_string

EMBED = re.compile(r"(?:<p>\s*)?\[\[indicator\b(?P<args>[^\[\]<>]*)\]\](?:\s*</p>)?")


def parse_embed_args(text: str) -> tuple[str, dict[str, str]]:
    """ "macd symbol=600519 fast=12" -> ("macd", {"symbol": "600519", "fast": "12"})."""
    words = html.unescape(text).replace("\xa0", " ").split()
    if not words:
        return "", {}
    name, raw = words[0].lower(), {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep or not key:
            raise ValueError(f"“{word[:30]}” 应写成 参数=值")
        if key in raw:
            raise ValueError(f"参数 {key} 写了两次")
        raw[key] = value
    return name, raw


def _render_one(match: re.Match, index: int) -> str:
    from indicators.explain import CONVENTION_LABELS, FORMULAS
    from indicators.models import PriceSeries
    from indicators.params import ParamError, parse_settings

    source = match.group(0)
    try:
        name, raw = parse_embed_args(match.group("args"))
        settings = parse_settings(name, raw, allow_range=False)
        series = PriceSeries.objects.filter(symbol=settings.symbol).only("name").first()
        if series is None:
            raise ParamError("symbol", f"还没有导入代码为 {settings.symbol} 的行情数据")
    except ValueError as exc:
        message = exc.message if isinstance(exc, ParamError) else str(exc)
        code = html.unescape(re.sub(r"</?p>", "", source)).strip()
        return render_to_string("indicators/embed_error.html", {"message": message, "code": code})
    return render_to_string(
        "indicators/embed.html",
        {
            "demo_id": f"d{index}",
            "settings": settings,
            "spec": settings.spec,
            "series": series,
            "params_json": json.dumps(settings.params, separators=(",", ":")),
            "formula": FORMULAS[settings.indicator],
            "convention_label": CONVENTION_LABELS[settings.convention],
        },
    )


def expand_embeds(body_html: str) -> str:
    counter = iter(range(1, 1000))
    return EMBED.sub(lambda m: _render_one(m, next(counter)), body_html)
