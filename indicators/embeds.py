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


# A rendered demo figure (attribute order as in indicators/embed.html). Text in a body that
# merely looks like one has its quotes escaped, so it never matches.
_FIGURE = re.compile(
    r'data-demo-id="(?P<id>d\d+)" data-indicator="(?P<indicator>[a-z_]+)" '
    r'data-symbol="(?P<symbol>[^"]*)" data-convention="(?P<convention>[^"]*)" '
    r'data-params="(?P<params>[^"]*)"'
)


def demo_state_query(body_html: str, raw: dict[str, str]) -> str:
    """Validate a reader's demo state (`d1.n=20&d1.convention=intl`) against the article.

    Returns it as a normalised query string. Only demos the article really has and their
    own parameters may appear; each demo's settings (the embed's, with the reader's
    changes) then go through indicators.params.parse_settings, the API's one validator,
    so a state the API would refuse (fast ≥ slow …) raises ParamError here too.
    """
    from indicators.formulas import INDICATORS
    from indicators.params import ParamError, parse_settings

    demos = {m["id"]: m for m in _FIGURE.finditer(body_html) if m["indicator"] in INDICATORS}
    changes: dict[str, dict[str, str]] = {}
    for key in sorted(raw):
        demo_id, _, name = key.partition(".")
        if demo_id not in demos:
            raise ParamError(key, f"本文没有演示 {demo_id[:10]!r}")
        allowed = {p.name for p in INDICATORS[demos[demo_id]["indicator"]].params}
        if name != "convention" and name not in allowed:
            raise ParamError(key, f"演示 {demo_id} 没有参数 {name[:20]!r}")
        changes.setdefault(demo_id, {})[name] = raw[key]
    state = []
    for demo_id, changed in changes.items():
        figure = demos[demo_id]
        embedded = json.loads(html.unescape(figure["params"]))
        settings_raw = {
            **{name: str(value) for name, value in embedded.items()},
            "symbol": html.unescape(figure["symbol"]),
            "convention": figure["convention"],
            **changed,
        }
        try:
            checked = parse_settings(figure["indicator"], settings_raw, allow_range=False)
        except ParamError as exc:
            raise ParamError(f"{demo_id}.{exc.param}", exc.message) from None
        values = {**checked.params, "convention": checked.convention}
        state.extend((f"{demo_id}.{name}", str(values[name])) for name in changed)
    return urlencode(sorted(state))


def expand_embeds(body_html: str) -> str:
    counter = itertools.count(1)
    return EMBED.sub(lambda m: _render_one(m, next(counter)), body_html)
