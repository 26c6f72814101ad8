"""插入互动演示: the editor's picker for a demo line, checked as the article will be.

The picker offers each indicator with its parameters (names, defaults, bounds from the
indicator specs) and the imported price series. What the author picks is checked by
indicators.embeds.check_embed, the function rendering uses, which goes through
indicators.params.parse_settings, the API's validator: a line the picker inserts is a
line that renders, and a refusal names the parameter at fault, in Chinese.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from core.http import json_error
from indicators.embeds import check_embed
from indicators.library.registry import INDICATORS
from indicators.library.spec import CONVENTION_LABELS
from indicators.params import ParamError


def picker_data() -> dict:
    """Indicators, their parameters and the price series, for the picker's form."""
    from indicators.models import PriceSeries

    return {
        "indicators": [
            {
                "name": spec.name,
                "label": spec.label,
                "params": [
                    {
                        "name": p.name,
                        "label": p.label,
                        "default": p.default,
                        "min": p.min,
                        "max": p.max,
                        "integer": p.integer,
                    }
                    for p in spec.params
                ],
            }
            for spec in INDICATORS.values()
        ],
        "series": list(PriceSeries.objects.values("symbol", "name")),
        "conventions": [{"name": k, "label": v} for k, v in CONVENTION_LABELS.items()],
    }


def _number(value) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def demo_line(indicator: str, raw: dict[str, str]) -> tuple[str, str]:
    """The normalised line and the series' name for the author's choices, or ParamError."""
    words = [f"{key}={value}" for key, value in raw.items() if key and value.strip()]
    if any(char in word for word in words for char in " \t\n[]"):
        raise ParamError("", "参数值不能含有空格或方括号。")
    settings, series = check_embed(f"[[indicator {indicator} {' '.join(words)}]]")
    parts = [settings.indicator, f"symbol={settings.symbol}"]
    parts += [f"{name}={_number(value)}" for name, value in settings.params.items()]
    if settings.convention != "cn":
        parts.append(f"convention={settings.convention}")
    return f"[[indicator {' '.join(parts)}]]", series.name


@require_POST
def demo_code(request):
    """{"code": the line, "series": its name} or a 400 naming the parameter at fault."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return json_error("请先登录后台。", 403)
    raw = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    indicator = raw.pop("indicator", "").strip().lower()
    if not indicator or " " in indicator or "]" in indicator:
        return json_error("请选择一个指标。", 400, param="indicator")
    try:
        code, series = demo_line(indicator, raw)
    except ValueError as refused:  # ParamError names the parameter; the parser's don't
        param = getattr(refused, "param", "")
        return json_error(str(refused), 400, param=param)
    return JsonResponse({"code": code, "series": series}, json_dumps_params={"ensure_ascii": False})
