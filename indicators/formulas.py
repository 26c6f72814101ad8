"""Technical indicator formulas over numpy arrays, in two conventions.

* ``"cn"`` (default): what Chinese broker software (通达信 / 同花顺 / 东方财富) displays.
* ``"intl"``: the international textbook definitions; values equal TA-Lib's.

Every function returns float64 arrays as long as its input, with NaN where the indicator is
still warming up. Input contract: 1-D arrays of equal length holding finite, positive prices
(the API layer validates this; NaN inside a series is not supported here and spreads NaN).
A series shorter than the warm-up simply yields all NaN.

Degenerate windows never produce inf or numpy warnings:
  * WR / KDJ-RSV / stochastic %K with HHV == LLV (flat window) -> 50 (-50 for intl %R),
    the neutral mid-range, so a suspended stock does not look overbought or oversold.
  * RSI with no price movement yet (flat start) -> 50, the neutral value.
  * CCI with zero mean deviation -> 0 (as TA-Lib).
  * BOLL with zero deviation -> bands collapse onto the middle line.
TA-Lib returns 0 for the first two; these flat cases are the only places where intl
deliberately differs from TA-Lib.

Recursive smoothers reuse ``talib.EMA``: a run of seed values in front of the data makes
TA-Lib's own warm-up land exactly on the seed, after which its recursion is the textbook
``y = y' + alpha * (x - y')``. That keeps everything in C and avoids a scipy dependency.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import talib

CONVENTIONS = ("cn", "intl")


# --------------------------------------------------------------------------- validation


def _convention(convention: str) -> str:
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; expected one of {CONVENTIONS}")
    return convention


def _period(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _arrays(*series) -> list[np.ndarray]:
    out = [np.ascontiguousarray(s, dtype=np.float64) for s in series]
    if any(a.ndim != 1 for a in out):
        raise ValueError("price series must be 1-D arrays")
    if len({len(a) for a in out}) > 1:
        raise ValueError(f"price series differ in length: {[len(a) for a in out]}")
    return out


def _nan(size: int) -> np.ndarray:
    return np.full(size, np.nan)


# --------------------------------------------------------------------------- primitives


def _hhv(x: np.ndarray, n: int) -> np.ndarray:
    # TA-Lib's MAX/MIN are O(len) and refuse n == 1, where the window is the bar itself.
    return x.copy() if n == 1 else talib.MAX(x, n)


def _llv(x: np.ndarray, n: int) -> np.ndarray:
    return x.copy() if n == 1 else talib.MIN(x, n)


def _ema_seeded(
    x: np.ndarray, period: int, seed: float, start: int = 0, work: np.ndarray | None = None
) -> np.ndarray:
    """EMA with alpha 2/(period+1) whose value *before* bar ``start`` is ``seed``.

    NaN before ``start``. Chinese SMA(X, N, 1) is this with period 2N-1 (alpha 1/N).
    ``work`` is an optional scratch buffer of at least len(x)+period floats; reusing one
    saves a large allocation (page faults dominate at a million bars).
    """
    size = len(x)
    if start >= size:
        return _nan(size)
    if period == 1:  # alpha 1: the average is the input itself
        out = x.copy()
        out[:start] = np.nan
        return out
    # [NaN]*start + [seed]*period + x[start:]: TA-Lib skips the leading NaN, averages the
    # seed run (= seed) as its warm-up value, then recurses over the real data.
    padded = np.empty(size + period) if work is None else work[len(work) - size - period :]
    padded[:start] = np.nan
    padded[start : start + period] = seed
    padded[start + period :] = x[start:]
    out = talib.EMA(padded, period)[period:]
    out[:start] = np.nan
    return out


def _sma_cn(x: np.ndarray, n: int, seed: float, start: int = 0, work=None) -> np.ndarray:
    """通达信 SMA(X, N, 1): Y = (X + (N-1) * Y') / N, with Y' = seed before ``start``."""
    return _ema_seeded(x, 2 * n - 1, seed, start, work)


def _percent_of_range(part: np.ndarray, span: np.ndarray, scale: float) -> np.ndarray:
    """``scale * part / span``; a flat window (span 0) gives ``scale / 2``. Reuses ``part``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(part, span, out=part)
    part *= scale
    part[span == 0] = scale / 2
    return part


def _flat_start(close: np.ndarray) -> int:
    """Number of leading bars equal to the first close (no movement yet)."""
    moved = close != close[0]
    first = int(moved.argmax())
    return first if moved[first] else len(close)


_SETTLE = 50.0  # e**-50 ~ 2e-22: a seed's weight after this many time constants


def _macd_first_value_seeded(close: np.ndarray, fast: int, slow: int, signal: int):
    # Put a run of close[0] in front, long enough to hold TA-Lib's whole warm-up: every
    # EMA then starts from exactly close[0], and DEA from DIF = 0.
    lead = slow + signal
    padded = np.empty(len(close) + lead)
    padded[:lead] = close[0]
    padded[lead:] = close
    return tuple(series[lead:] for series in talib.MACD(padded, fast, slow, signal))


# --------------------------------------------------------------------------- indicators


def cci(high, low, close, n: int = 14, convention: str = "cn") -> np.ndarray:
    """Commodity Channel Index (顺势指标). Warm-up: first n-1 bars.

    Both conventions share one formula, so cn and intl return identical values::

        TYP:=(HIGH+LOW+CLOSE)/3;
        CCI:(TYP-MA(TYP,N))/(0.015*AVEDEV(TYP,N));

    Zero mean deviation (flat typical price) gives 0. Computed by talib.CCI.
    """
    _convention(convention)
    n = _period("n", n, 2)
    high, low, close = _arrays(high, low, close)
    return talib.CCI(high, low, close, n)


def bias(close, n: int = 6, convention: str = "cn") -> np.ndarray:
    """BIAS 乖离率, identical in both conventions. Warm-up: first n-1 bars::

        BIAS:(CLOSE-MA(CLOSE,N))/MA(CLOSE,N)*100;

    Prices must be positive (the moving average is a divisor).
    """
    _convention(convention)
    n = _period("n", n, 1)
    (close,) = _arrays(close)
    ma = talib.SMA(close, n)
    out = close - ma
    with np.errstate(divide="ignore", invalid="ignore"):
        out /= ma
    out *= 100.0
    return out


def macd(close, fast: int = 12, slow: int = 26, signal: int = 9, convention: str = "cn"):
    """MACD (指数平滑异同移动平均线) -> (dif, dea, hist).

    cn, as broker software, with every EMA seeded from the first value (no warm-up)::

        DIF:EMA(CLOSE,SHORT)-EMA(CLOSE,LONG);   {EMA[0]=CLOSE[0], alpha=2/(N+1)}
        DEA:EMA(DIF,MID);                       {DEA[0]=DIF[0]=0}
        MACD:(DIF-DEA)*2;                       {the 红绿柱 is doubled}

    intl = talib.MACD: EMAs seeded with the simple mean of their first N values, all three
    outputs start at bar slow+signal-2, and hist = dif - dea (not doubled).
    """
    _convention(convention)
    fast = _period("fast", fast, 2)
    slow = _period("slow", slow, 3)
    signal = _period("signal", signal, 1)
    if fast >= slow:
        raise ValueError(f"fast ({fast}) must be smaller than slow ({slow})")
    (close,) = _arrays(close)
    size = len(close)
    if convention == "intl":
        return talib.MACD(close, fast, slow, signal)
    if size == 0:
        return _nan(0), _nan(0), _nan(0)
    # TA-Lib seeds its EMAs differently, but that difference decays geometrically; a few
    # hundred bars on, talib.MACD on the raw series is the cn series to the last bit. So
    # only the head is computed with first-value seeding and the tail comes straight from
    # TA-Lib (at a million bars this saves a padded copy of the whole input).
    settle = slow + signal + math.ceil(_SETTLE / -math.log(1 - 2 / (max(slow, signal) + 1)))
    if size <= 2 * settle:
        dif, dea, hist = _macd_first_value_seeded(close, fast, slow, signal)
    else:
        dif, dea, hist = talib.MACD(close, fast, slow, signal)
        head = _macd_first_value_seeded(close[:settle], fast, slow, signal)
        for series, exact in zip((dif, dea, hist), head, strict=True):
            series[:settle] = exact
    dif[0] = dea[0] = hist[0] = 0.0  # exactly, by definition (not just to rounding)
    hist *= 2.0
    return dif, dea, hist


def williams_r(high, low, close, n: int = 14, convention: str = "cn") -> np.ndarray:
    """Williams %R (威廉指标). Warm-up: first n-1 bars.

    cn (0..100, 80+ = near the low = 超卖)::

        WR:100*(HHV(HIGH,N)-CLOSE)/(HHV(HIGH,N)-LLV(LOW,N));

    intl (-100..0, as talib.WILLR): %R = -100 * (HH - C) / (HH - LL).
    A flat window (HH == LL) gives the mid-point: 50 (cn) or -50 (intl).
    """
    convention = _convention(convention)
    n = _period("n", n, 1)
    high, low, close = _arrays(high, low, close)
    hh = _hhv(high, n)
    span = _llv(low, n)
    np.subtract(hh, span, out=span)
    hh -= close
    return _percent_of_range(hh, span, 100.0 if convention == "cn" else -100.0)


def rsi(close, n: int = 14, convention: str = "cn") -> np.ndarray:
    """Relative Strength Index (相对强弱指标).

    cn (通达信), smoothing with alpha 1/N seeded from the first difference, so values start
    at bar 1 (bar 0 has no difference and is NaN)::

        LC:=REF(CLOSE,1);
        RSI:SMA(MAX(CLOSE-LC,0),N,1)/SMA(ABS(CLOSE-LC),N,1)*100;

    intl = talib.RSI: Wilder averages seeded with the simple mean of the first N changes,
    values from bar N. In both, bars with no price movement since the start give 50.
    """
    convention = _convention(convention)
    n = _period("n", n, 2)
    (close,) = _arrays(close)
    size = len(close)
    if size < 2:
        return _nan(size)
    if convention == "intl":
        out = talib.RSI(close, n)
        first_valid = n
    else:
        # The ratio of the two SMAs is Wilder's RS form: 100*AG/(AG+AL). To seed both
        # averages with the first change, prepend n-1 prices stepping by that change:
        # TA-Lib's seed (mean of its first n changes) is then exactly that change.
        step = close[1] - close[0]
        padded = np.empty(size + n - 1)
        padded[: n - 1] = close[0] - step * np.arange(n - 1, 0, -1)
        padded[n - 1 :] = close
        out = talib.RSI(padded, n)[n - 1 :]
        first_valid = 1
    flat = _flat_start(close)
    if flat > first_valid:
        out[first_valid:flat] = 50.0  # 0/0: no gains and no losses yet
    return out


def kdj(high, low, close, n: int = 9, m1: int = 3, m2: int = 3, convention: str = "cn"):
    """KDJ stochastic (随机指标) -> (k, d, j). J = 3K - 2D in both conventions.

    cn (broker software)::

        RSV:=(CLOSE-LLV(LOW,N))/(HHV(HIGH,N)-LLV(LOW,N))*100;
        K:SMA(RSV,M1,1);  D:SMA(K,M2,1);  J:3*K-2*D;

    SMA(X,N,1) is Y = (X + (N-1)*Y')/N. K and D are seeded at 50 (the usual broker choice)
    on the bar before the first full N-bar window, so all three start at bar n-1. (Some
    terminals fill the first n-1 bars from partial windows; the seed's weight decays by
    (M-1)/M per bar, so the two agree after a few dozen bars.)

    intl = talib.STOCH(fastk=n, slowk=m1, slowd=m2, both SMA): K is the m1-SMA of the fast %K
    and D the m2-SMA of K; all outputs start at bar n+m1+m2-3 like TA-Lib's. With m1=1,
    K is the unsmoothed fast %K (ChartSchool's "%K").

    A flat window (HHV == LLV) gives RSV = 50.
    """
    convention = _convention(convention)
    n = _period("n", n, 1)
    m1 = _period("m1", m1, 1)
    m2 = _period("m2", m2, 1)
    high, low, close = _arrays(high, low, close)
    size = len(close)
    ll = _llv(low, n)
    span = _hhv(high, n)
    span -= ll
    np.subtract(close, ll, out=ll)
    rsv = _percent_of_range(ll, span, 100.0)
    if convention == "cn":
        work = np.empty(size + 2 * max(m1, m2))  # scratch shared by both smoothings
        k = _sma_cn(rsv, m1, 50.0, n - 1, work)
        d = _sma_cn(k, m2, 50.0, n - 1, work)
    else:
        warmup = n + m1 + m2 - 3
        if size <= warmup:  # TA-Lib rejects an all-NaN input
            return _nan(size), _nan(size), _nan(size)
        k = talib.SMA(rsv, m1)
        d = talib.SMA(k, m2)
        k[:warmup] = np.nan  # TA-Lib aligns K with D
    j = np.subtract(k, d, out=rsv)  # J = K + 2(K - D) = 3K - 2D; rsv is spent
    j *= 2.0
    j += k
    return k, d, j


def boll(close, n: int = 20, k: float = 2.0, convention: str = "cn"):
    """Bollinger Bands (布林线) -> (mid, upper, lower). Warm-up: first n-1 bars.

    cn (通达信 STD is the *sample* standard deviation, ddof=1)::

        MID:MA(CLOSE,N);  UPPER:MID+K*STD(CLOSE,N);  LOWER:MID-K*STD(CLOSE,N);

    intl = talib.BBANDS(n, k, k, SMA): *population* standard deviation (ddof=0).
    """
    convention = _convention(convention)
    n = _period("n", n, 2)
    if isinstance(k, bool) or not isinstance(k, (int, float, np.integer, np.floating)):
        raise ValueError(f"k must be a number, got {k!r}")
    if not (math.isfinite(k) and k > 0):
        raise ValueError(f"k must be a positive finite number, got {k}")
    (close,) = _arrays(close)
    if convention == "intl":
        upper, mid, lower = talib.BBANDS(close, n, float(k), float(k), 0)
        return mid, upper, lower
    mid = talib.SMA(close, n)
    width = talib.STDDEV(close, n, 1.0)
    width *= float(k) * math.sqrt(n / (n - 1))  # population -> sample std, times k
    upper = mid + width
    lower = np.subtract(mid, width, out=width)
    return mid, upper, lower


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Param:
    """One tunable parameter, with the bounds the API accepts."""

    name: str
    label: str
    default: int | float
    min: int | float
    max: int | float
    integer: bool = True
    min_exclusive: bool = False  # boll k: 0 < k

    def check(self, value) -> int | float:
        """Return ``value`` coerced to the parameter's type, or raise ValueError."""
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError(f"{self.name} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{self.name} must be finite, got {value!r}")
        if self.integer:
            if value != int(value):
                raise ValueError(f"{self.name} must be an integer, got {value!r}")
            value = int(value)
        else:
            value = float(value)
        too_low = value <= self.min if self.min_exclusive else value < self.min
        if too_low or value > self.max:
            low = "(" if self.min_exclusive else "["
            raise ValueError(f"{self.name} must be in {low}{self.min}, {self.max}], got {value}")
        return value


@dataclass(frozen=True)
class LessThan:
    """A rule between two parameters, e.g. MACD's fast period must be below the slow one."""

    param: str
    less_than: str
    message: str


@dataclass(frozen=True)
class IndicatorSpec:
    """What the API/UI layer needs to know about one indicator."""

    name: str
    label: str
    inputs: tuple[str, ...]  # keys of the ohlc mapping the function reads
    params: tuple[Param, ...]
    outputs: tuple[str, ...]  # series names, in the function's return order
    output_labels: tuple[str, ...]
    overlay: bool  # True: draw on the price pane; False: own pane below
    func: Callable
    constraints: tuple[LessThan, ...] = ()

    def as_dict(self) -> dict:
        """JSON-ready description (no callable)."""
        return {
            "name": self.name,
            "label": self.label,
            "inputs": list(self.inputs),
            "params": [
                {
                    "name": p.name,
                    "label": p.label,
                    "default": p.default,
                    "min": p.min,
                    "max": p.max,
                    "integer": p.integer,
                    "min_exclusive": p.min_exclusive,
                }
                for p in self.params
            ],
            "outputs": [
                {"name": o, "label": lab}
                for o, lab in zip(self.outputs, self.output_labels, strict=True)
            ],
            "overlay": self.overlay,
            "constraints": [
                {"param": c.param, "less_than": c.less_than, "message": c.message}
                for c in self.constraints
            ],
        }


MAX_PERIOD = 250
_HLC = ("high", "low", "close")


def _n(default: int, minimum: int, label: str = "周期") -> Param:
    return Param("n", label, default, minimum, MAX_PERIOD)


INDICATORS: dict[str, IndicatorSpec] = {
    spec.name: spec
    for spec in (
        IndicatorSpec("cci", "CCI 顺势指标", _HLC, (_n(14, 2),), ("cci",), ("CCI",), False, cci),
        IndicatorSpec(
            "bias", "BIAS 乖离率", ("close",), (_n(6, 1),), ("bias",), ("BIAS",), False, bias
        ),
        IndicatorSpec(
            "macd",
            "MACD 指数平滑异同移动平均线",
            ("close",),
            (
                Param("fast", "快线周期", 12, 2, MAX_PERIOD),
                Param("slow", "慢线周期", 26, 3, MAX_PERIOD),
                Param("signal", "DEA周期", 9, 1, MAX_PERIOD),
            ),
            ("dif", "dea", "hist"),
            ("DIF", "DEA", "MACD柱"),
            False,
            macd,
            (LessThan("fast", "slow", "快线周期 fast 必须小于慢线周期 slow"),),
        ),
        IndicatorSpec(
            "williams_r",
            "Williams %R 威廉指标",
            _HLC,
            (_n(14, 1),),
            ("wr",),
            ("WR",),
            False,
            williams_r,
        ),
        IndicatorSpec(
            "rsi", "RSI 相对强弱指标", ("close",), (_n(14, 2),), ("rsi",), ("RSI",), False, rsi
        ),
        IndicatorSpec(
            "kdj",
            "KDJ 随机指标",
            _HLC,
            (
                _n(9, 1, "RSV周期"),
                Param("m1", "K平滑周期", 3, 1, MAX_PERIOD),
                Param("m2", "D平滑周期", 3, 1, MAX_PERIOD),
            ),
            ("k", "d", "j"),
            ("K", "D", "J"),
            False,
            kdj,
        ),
        IndicatorSpec(
            "boll",
            "BOLL 布林线",
            ("close",),
            (
                _n(20, 2),
                Param("k", "标准差倍数", 2.0, 0.0, 10.0, integer=False, min_exclusive=True),
            ),
            ("mid", "upper", "lower"),
            ("中轨", "上轨", "下轨"),
            True,
            boll,
        ),
    )
}


def _spec(name: str) -> IndicatorSpec:
    try:
        return INDICATORS[name]
    except KeyError:
        raise ValueError(
            f"unknown indicator {name!r}; expected one of {list(INDICATORS)}"
        ) from None


def resolve_params(name: str, params: Mapping | None = None) -> dict:
    """Defaults merged with ``params``, each checked against its bounds; unknown keys rejected."""
    spec = _spec(name)
    params = dict(params or {})
    known = {p.name for p in spec.params}
    unknown = sorted(set(params) - known)
    if unknown:
        raise ValueError(f"unknown parameter(s) for {name}: {unknown}; expected {sorted(known)}")
    return {p.name: p.check(params.get(p.name, p.default)) for p in spec.params}


def compute(
    name: str,
    ohlc: Mapping[str, np.ndarray],
    params: Mapping | None = None,
    convention: str = "cn",
) -> dict[str, np.ndarray]:
    """Run indicator ``name`` on ``ohlc`` (keys "high", "low", "close", ...).

    Returns {series name: array}. Raises ValueError for an unknown indicator or convention,
    a missing input series, or a parameter outside the registry's bounds.
    """
    spec = _spec(name)
    _convention(convention)
    missing = [key for key in spec.inputs if key not in ohlc]
    if missing:
        raise ValueError(f"{name} needs input series {missing}")
    values = spec.func(
        *(ohlc[key] for key in spec.inputs), **resolve_params(name, params), convention=convention
    )
    if len(spec.outputs) == 1:
        values = (values,)
    return dict(zip(spec.outputs, values, strict=True))
