"""Every indicator by name, the one way to make checked settings, and ``compute``."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from indicators.library import bias, boll, cci, kdj, macd, rsi, williams_r
from indicators.library.spec import (
    CONVENTION_LABELS,
    CONVENTIONS,
    IndicatorSettings,
    IndicatorSpec,
    ParamError,
)

INDICATORS: dict[str, IndicatorSpec] = {
    module.SPEC.name: module.SPEC for module in (cci, bias, macd, williams_r, rsi, kdj, boll)
}
# Each indicator as each convention draws it (its lines and signal kinds); settings carry this.
_IN_CONVENTION = {
    (spec.name, convention): spec.for_convention(convention)
    for spec in INDICATORS.values()
    for convention in CONVENTIONS
}


def get_spec(name: str) -> IndicatorSpec:
    """The spec called ``name``, or ParamError naming the choices."""
    try:
        return INDICATORS[name]
    except (KeyError, TypeError):
        raise ParamError(
            "indicator", f"未知指标 {str(name)[:30]!r}，可选：{', '.join(INDICATORS)}"
        ) from None


def indicator_settings(
    indicator: str,
    params: Mapping | None = None,
    convention: str = "cn",
    *,
    cls: type[IndicatorSettings] = IndicatorSettings,
    **extra,
) -> IndicatorSettings:
    """Checked, frozen settings: the edge every caller goes through before computing.

    ``params`` hold numbers (defaults fill in what is missing); ``cls`` and ``extra`` let
    the web layer add its own fields (symbol, date range). ``spec`` is the indicator as
    ``convention`` draws it (``IndicatorSpec.for_convention``). Raises ParamError.
    """
    spec = get_spec(indicator)
    if convention not in CONVENTIONS:
        raise ParamError("convention", f"convention 只能是 {' 或 '.join(CONVENTIONS)}")
    spec = _IN_CONVENTION[spec.name, convention]
    values = tuple(_resolve(spec, params, convention).items())
    return cls(indicator=spec.name, convention=convention, values=values, spec=spec, **extra)


def _resolve(spec: IndicatorSpec, params: Mapping | None, convention: str) -> dict:
    """``spec.resolve``, saying so when a parameter belongs to the other convention only."""
    try:
        return spec.resolve(params)
    except ParamError as exc:
        other = next(c for c in CONVENTIONS if c != convention)
        here = {p.name for p in spec.params}
        if exc.param in here or exc.param not in {
            p.name for p in _IN_CONVENTION[spec.name, other].params
        }:
            raise
        names = "、".join(p.name for p in spec.params)
        message = (
            f"{spec.label}在{CONVENTION_LABELS[convention]}下的参数是 {names}，"
            f"{exc.param} 只用于{CONVENTION_LABELS[other]}"
        )
        raise ParamError(exc.param, message) from None


def compute(settings: IndicatorSettings, ohlc: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Run the indicator on ``ohlc`` (keys "high", "low", "close", ...): {series name: array}.

    The settings are trusted (see ``indicator_settings``); only the input series are checked.
    """
    spec = settings.spec
    missing = [key for key in spec.inputs if key not in ohlc]
    if missing:
        raise ValueError(f"{spec.name} needs input series {missing}")
    values = spec.func(
        *(ohlc[key] for key in spec.inputs), **settings.params, convention=settings.convention
    )
    if len(spec.outputs) == 1:
        values = (values,)
    return dict(zip(spec.outputs, values, strict=True))
