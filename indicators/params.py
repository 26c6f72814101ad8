"""Turn untrusted text (a query string, an article embed) into checked indicator settings.

The edge for the JSON API, the article embeds and the QR/demo-state path: text is parsed
here, then checked by ``registry.indicator_settings`` against each indicator's schema, so
an embed that renders is an embed the API will answer. Every failure is a ParamError
naming the parameter at fault; what comes out is trusted downstream.
"""

import re
from dataclasses import dataclass
from datetime import date

from indicators.library.registry import get_spec, indicator_settings
from indicators.library.spec import CONVENTIONS, IndicatorSettings, Param, ParamError
from indicators.library.stats import DEFAULT_ENTRY, ENTRIES

__all__ = [
    "DemoSettings",
    "ParamError",
    "SYMBOL_PATTERN",
    "convention_params",
    "kept_params",
    "parse_settings",
    "single_values",
]

_INTEGER = re.compile(r"[+-]?\d{1,9}")
_DECIMAL = re.compile(r"[+-]?(\d{1,9}(\.\d{0,9})?|\.\d{1,9})")
SYMBOL_PATTERN = re.compile(r"[A-Za-z0-9.]{1,20}")


@dataclass(frozen=True, kw_only=True)
class DemoSettings(IndicatorSettings):
    """Checked settings for one demo: the indicator's, plus the prices and window to show."""

    symbol: str
    start: date | None = None
    end: date | None = None
    # How the signal statistics enter a trade: the next bar's open, or the signal's close.
    entry: str = DEFAULT_ENTRY


def parse_number(p: Param, raw: str) -> int | float:
    """The number an author or reader typed; its bounds are the schema's to check."""
    text = raw.strip()
    if not (_INTEGER if p.integer else _DECIMAL).fullmatch(text):
        raise p.error(repr(raw[:20]))
    return int(text) if p.integer else float(text)


def _parse_date(name: str, raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ParamError(name, f"{name} 应为 YYYY-MM-DD 格式的日期，收到 {raw[:20]!r}") from None


def single_values(query) -> dict[str, str]:
    """A QueryDict as a plain dict, refusing any key given more than once."""
    raw = {}
    for key, values in query.lists():
        if len(values) > 1:
            raise ParamError(key, f"参数 {key} 重复出现了 {len(values)} 次，只能出现一次")
        raw[key] = values[0]
    return raw


def _symbol(raw: str) -> str:
    symbol = raw.strip()
    if not symbol:
        raise ParamError("symbol", "缺少 symbol（行情代码），例如 symbol=600519")
    if not SYMBOL_PATTERN.fullmatch(symbol):
        raise ParamError("symbol", "symbol 只能包含字母、数字和点，最长 20 个字符")
    return symbol.upper()


def parse_settings(
    indicator: str, raw: dict[str, str], *, allow_range: bool = True
) -> DemoSettings:
    """Validate every key of `raw`; unknown keys are errors, missing ones take defaults."""
    spec = get_spec(indicator)
    raw = dict(raw)
    symbol = _symbol(raw.pop("symbol", ""))
    convention = raw.pop("convention", "cn").strip()
    start = end = None
    if allow_range:
        start = _parse_date("start", raw.pop("start")) if "start" in raw else None
        end = _parse_date("end", raw.pop("end")) if "end" in raw else None
        if start and end and start > end:
            raise ParamError("start", "start 不能晚于 end")
    entry = raw.pop("entry", DEFAULT_ENTRY).strip()
    if entry not in ENTRIES:
        raise ParamError(
            "entry", "entry 只能是 next_open（次日开盘进场）或 close（信号当日收盘进场）"
        )
    # Unknown names pass through as text: the schema refuses them by name.
    values = {p.name: parse_number(p, raw.pop(p.name)) for p in spec.params if p.name in raw} | raw
    return indicator_settings(
        spec.name,
        values,
        convention,
        cls=DemoSettings,
        symbol=symbol,
        start=start,
        end=end,
        entry=entry,
    )


def convention_params(settings: IndicatorSettings) -> dict[str, dict]:
    """What a demo's convention switch starts from: its own parameters in its convention,
    the other convention's defaults (cn RSI has n1/n2/n3, intl RSI one n)."""
    return {
        convention: settings.params
        if convention == settings.convention
        else indicator_settings(settings.indicator, None, convention).params
        for convention in CONVENTIONS
    }


def kept_params(indicator: str, params: dict, convention: str) -> set[str]:
    """The names in ``params`` that still apply after a switch to ``convention``: cn RSI's
    n1/n2/n3 do not exist in intl (which starts from its own defaults), MACD's all do."""
    if convention not in CONVENTIONS:  # parse_settings names the error
        return set(params)
    return {p.name for p in get_spec(indicator).params_for(convention)} & set(params)
