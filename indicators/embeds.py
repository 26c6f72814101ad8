"""Live-demo embeds in article bodies: `[[indicator macd symbol=600519 fast=12]]`.

Authors write the same one-line code in Markdown or rich text. Rendering (once, on save,
after sanitising) turns it into a <figure data-indicator=…> that the page's script brings
to life; without JavaScript the figure still explains what it would show.
"""

import html
import itertools
import json
import re
from urllib.parse import urlencode

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


_FIGURE = re.compile(r'data-demo-id="(d\d+)" data-indicator="([a-z_]+)"')


def demo_state_query(body_html: str, raw: dict[str, str]) -> str:
    """Validate a reader's demo state (`d1.n=20&d1.convention=intl`) against the article.

    Returns it as a normalised query string. Only demos the article really has, their own
    parameters and valid values pass: anything else raises ParamError.
    """
    from indicators.formulas import CONVENTIONS, INDICATORS
    from indicators.params import ParamError, parse_value

    demos = dict(_FIGURE.findall(body_html))
    state = []
    for key in sorted(raw):
        demo_id, _, name = key.partition(".")
        if demos.get(demo_id) not in INDICATORS:
            raise ParamError(key, f"本文没有演示 {demo_id[:10]!r}")
        value = raw[key].strip()
        if name == "convention":
            if value not in CONVENTIONS:
                raise ParamError(key, f"convention 只能是 {' 或 '.join(CONVENTIONS)}")
        else:
            params = {p.name: p for p in INDICATORS[demos[demo_id]].params}
            if name not in params:
                raise ParamError(key, f"演示 {demo_id} 没有参数 {name[:20]!r}")
            value = str(parse_value(params[name], value))
        state.append((key, value))
    return urlencode(state)


def expand_embeds(body_html: str) -> str:
    counter = itertools.count(1)
    return EMBED.sub(lambda m: _render_one(m, next(counter)), body_html)
