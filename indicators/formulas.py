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


cci = _checked(INDICATORS["cci"])
bias = _checked(INDICATORS["bias"])
macd = _checked(INDICATORS["macd"])
williams_r = _checked(INDICATORS["williams_r"])
rsi = _checked(INDICATORS["rsi"])
kdj = _checked(INDICATORS["kdj"])
boll = _checked(INDICATORS["boll"])
