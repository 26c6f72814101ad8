"""Turn untrusted text (a query string, an article embed) into indicator settings.

One validator for the JSON API and the article embeds, so an embed that renders is an
embed the API will answer. Every failure names the parameter at fault.
"""

import math
import re
from dataclasses import dataclass
from datetime import date

from indicators.formulas import CONVENTIONS, INDICATORS, IndicatorSpec, Param

_INTEGER = re.compile(r"[+-]?\d{1,9}")
_DECIMAL = re.compile(r"[+-]?(\d{1,9}(\.\d{0,9})?|\.\d{1,9})")
SYMBOL_PATTERN = re.compile(r"[A-Za-z0-9.]{1,20}")


class ParamError(ValueError):
    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True)
class DemoSettings:
    indicator: str
    symbol: str
    params: dict
    convention: str
    start: date | None = None
    end: date | None = None

    @property
    def spec(self) -> IndicatorSpec:
        return INDICATORS[self.indicator]


def _bounds(p: Param) -> str:
    low = f"大于 {p.min}" if p.min_exclusive else f"不小于 {p.min}"
    kind = "整数" if p.integer else "数"
    return f"{p.name} 必须是{low}、不大于 {p.max} 的{kind}"


def parse_value(p: Param, raw: str):
    text = raw.strip()
    pattern = _INTEGER if p.integer else _DECIMAL
    if not pattern.fullmatch(text):
        raise ParamError(p.name, _bounds(p) + f"，收到 {raw[:20]!r}")
    value = int(text) if p.integer else float(text)
    if not math.isfinite(value):
        raise ParamError(p.name, _bounds(p))
    try:
        return p.check(value)
    except ValueError:
        raise ParamError(p.name, _bounds(p) + f"，收到 {text}") from None


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


def parse_settings(
    indicator: str, raw: dict[str, str], *, allow_range: bool = True
) -> DemoSettings:
    """Validate every key of `raw`; unknown keys are errors, missing ones take defaults."""
    spec = INDICATORS.get(indicator)
    if spec is None:
        raise ParamError("indicator", f"未知指标 {indicator[:30]!r}，可选：{', '.join(INDICATORS)}")
    raw = dict(raw)
    symbol = raw.pop("symbol", "").strip()
    if not symbol:
        raise ParamError("symbol", "缺少 symbol(行情代码)，例如 symbol=600519")
    if not SYMBOL_PATTERN.fullmatch(symbol):
        raise ParamError("symbol", "symbol 只能包含字母、数字和点，最长 20 个字符")
    convention = raw.pop("convention", "cn").strip()
    if convention not in CONVENTIONS:
        raise ParamError("convention", f"convention 只能是 {' 或 '.join(CONVENTIONS)}")
    start = end = None
    if allow_range:
        start = _parse_date("start", raw.pop("start")) if "start" in raw else None
        end = _parse_date("end", raw.pop("end")) if "end" in raw else None
        if start and end and start > end:
            raise ParamError("start", "start 不能晚于 end")
    known = {p.name: p for p in spec.params}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ParamError(
            unknown[0], f"{spec.label} 没有参数 {unknown[0][:30]!r}，可用参数：{', '.join(known)}"
        )
    params = {
        p.name: parse_value(p, raw[p.name]) if p.name in raw else p.default for p in spec.params
    }
    for rule in spec.constraints:
        if params[rule.param] >= params[rule.less_than]:
            raise ParamError(rule.param, rule.message)
    return DemoSettings(indicator, symbol.upper(), params, convention, start, end)
