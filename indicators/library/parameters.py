"""An indicator's parameters: their bounds, their grid, and the one check of a value.

Messages are for readers and authors, so they are Chinese.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

CONVENTIONS = ("cn", "intl")
MAX_PERIOD = 250
# Float parameters (BOLL k) move in tenths unless they declare another step: finer choices
# change nothing a reader can see, and each would be a computation of its own (issue 17).
FLOAT_STEP = 0.1


class ParamError(ValueError):
    """A setting a reader or author gave is invalid; ``param`` names it."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True, kw_only=True)
class Param:
    """One tunable parameter, with the bounds the API accepts."""

    name: str
    label: str
    default: int | float
    min: int | float
    max: int | float = MAX_PERIOD
    integer: bool = True
    min_exclusive: bool = False  # boll k: 0 < k
    # The grid of a float: values are snapped to the nearest multiple, so that the choices
    # are few (k=2.03 and 2.0 are one chart, one cache entry, one computation).
    step: float = FLOAT_STEP
    # RSI and WR take one period in the intl convention and 通达信's several (n1, n2…) in cn.
    conventions: tuple[str, ...] = CONVENTIONS

    def error(self, shown: str | None = None) -> ParamError:
        low = f"大于 {self.min}" if self.min_exclusive else f"不小于 {self.min}"
        kind = "整数" if self.integer else "数"
        if not self.integer:
            kind += f"（按 {self.step:g} 取整）"
        message = f"{self.name} 必须是{low}、不大于 {self.max} 的{kind}"
        return ParamError(self.name, message + (f"，收到 {shown}" if shown else ""))

    def snap(self, value: float) -> float:
        """`value` on the parameter's grid: the nearest multiple of `step`."""
        # In decimal, so that 2.05 goes up to 2.1 as a reader expects (in binary it is 2.0499…).
        step = Decimal(repr(self.step))
        return float((Decimal(repr(value)) / step).to_integral_value(ROUND_HALF_UP) * step)

    def check(self, value) -> int | float:
        """``value`` coerced to the parameter's type, or ParamError."""
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise self.error(repr(value)[:20])
        if not math.isfinite(value) or (self.integer and value != int(value)):
            raise self.error(f"{value:g}")
        given = value
        value = int(value) if self.integer else self.snap(float(value))
        too_low = value <= self.min if self.min_exclusive else value < self.min
        if too_low or value > self.max:
            raise self.error(f"{given:g}")
        return value


def period(
    default: int,
    minimum: int,
    label: str = "周期",
    *,
    name: str = "n",
    conventions: tuple[str, ...] = CONVENTIONS,
) -> Param:
    """The usual look-back parameter ``n`` (or one of a broker chart's n1, n2…)."""
    return Param(name=name, label=label, default=default, min=minimum, conventions=conventions)


@dataclass(frozen=True, kw_only=True)
class LessThan:
    """A rule between two parameters, e.g. MACD's fast period must be below the slow one."""

    param: str
    less_than: str
    message: str
