"""Indicator formulas on numpy arrays, in two conventions; the public math API.

* ``"cn"`` (default): what Chinese broker software (通达信 / 同花顺 / 东方财富) displays.
* ``"intl"``: the international textbook definitions; values equal TA-Lib's.

The formulas themselves live one per module in ``indicators/library``. Here they are
offered for direct use on arrays with their parameters checked first, through the same
schema the API uses (``fm.macd(close, 12, 26, 9, "intl")``). Code that already holds
checked settings calls ``compute(settings, ohlc)``, which checks nothing again.
"""

from __future__ import annotations

import functools
import inspect

from indicators.library import rsi as _rsi
from indicators.library import williams_r as _williams_r
from indicators.library.registry import INDICATORS, compute, get_spec, indicator_settings
from indicators.library.spec import CONVENTIONS, IndicatorSettings, IndicatorSpec, ParamError

__all__ = [
    "CONVENTIONS",
    "INDICATORS",
    "IndicatorSettings",
    "IndicatorSpec",
    "ParamError",
    "bias",
    "boll",
    "cci",
    "compute",
    "get_spec",
    "indicator_settings",
    "kdj",
    "macd",
    "rsi",
    "williams_r",
]


def _checked(spec: IndicatorSpec):
    """``spec.func`` with its parameters and convention validated before it runs."""
    signature = inspect.signature(spec.func)

    @functools.wraps(spec.func)
    def formula(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        given = bound.arguments
        params = {p.name: given[p.name] for p in spec.params}
        settings = indicator_settings(spec.name, params, given["convention"])
        inputs = (given[key] for key in spec.inputs)
        return spec.func(*inputs, **settings.params, convention=settings.convention)

    return formula


def _one_line(func, spec: IndicatorSpec):
    """RSI and %R as one line of period ``n`` in either convention (the charts draw several
    in cn, n1…), ``n`` checked against the same bounds as the chart's periods."""
    (period,) = (p for p in spec.params if p.name == "n")
    signature = inspect.signature(func)

    @functools.wraps(func)
    def formula(*args, **kwargs):
        given = signature.bind(*args, **kwargs)
        given.apply_defaults()
        convention = given.arguments["convention"]
        if convention not in CONVENTIONS:
            raise ParamError("convention", f"convention 只能是 {' 或 '.join(CONVENTIONS)}")
        given.arguments["n"] = period.check(given.arguments["n"])
        return func(*given.args, **given.kwargs)

    return formula


cci = _checked(INDICATORS["cci"])
bias = _checked(INDICATORS["bias"])
macd = _checked(INDICATORS["macd"])
williams_r = _one_line(_williams_r.williams_r, INDICATORS["williams_r"])
rsi = _one_line(_rsi.rsi, INDICATORS["rsi"])
kdj = _checked(INDICATORS["kdj"])
boll = _checked(INDICATORS["boll"])
