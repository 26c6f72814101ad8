"""MACD 指数平滑异同移动平均线."""

import math

import numpy as np
import talib

from indicators.library._numeric import arrays, nan
from indicators.library.crossings import line_rules, price_tol
from indicators.library.spec import (
    Explanation,
    IndicatorSpec,
    LessThan,
    Level,
    Line,
    Param,
    SignalKind,
    both,
)
from indicators.library.warmup import ema_bars

_SETTLE = 50.0  # e**-50 ~ 2e-22: a seed's weight after this many time constants


def _first_value_seeded(close: np.ndarray, fast: int, slow: int, signal: int):
    # Put a run of close[0] in front, long enough to hold TA-Lib's whole warm-up: every
    # EMA then starts from exactly close[0], and DEA from DIF = 0.
    lead = slow + signal
    padded = np.empty(len(close) + lead)
    padded[:lead] = close[0]
    padded[lead:] = close
    return tuple(series[lead:] for series in talib.MACD(padded, fast, slow, signal))


def macd(close, fast: int = 12, slow: int = 26, signal: int = 9, convention: str = "cn"):
    """MACD -> (dif, dea, hist).

    cn, as broker software, with every EMA seeded from the first value (no NaN head)::

        DIF:EMA(CLOSE,SHORT)-EMA(CLOSE,LONG);   {EMA[0]=CLOSE[0], alpha=2/(N+1)}
        DEA:EMA(DIF,MID);                       {DEA[0]=DIF[0]=0}
        MACD:(DIF-DEA)*2;                       {the 红绿柱 is doubled}

    intl = talib.MACD: EMAs seeded with the simple mean of their first N values, all three
    outputs start at bar slow+signal-2, and hist = dif - dea (not doubled).
    """
    (close,) = arrays(close)
    size = len(close)
    if convention == "intl":
        return talib.MACD(close, fast, slow, signal)
    if size == 0:
        return nan(0), nan(0), nan(0)
    # TA-Lib seeds its EMAs differently, but that difference decays geometrically; a few
    # hundred bars on, talib.MACD on the raw series is the cn series to the last bit. So
    # only the head is computed with first-value seeding and the tail comes straight from
    # TA-Lib (at a million bars this saves a padded copy of the whole input).
    settle = slow + signal + math.ceil(_SETTLE / -math.log(1 - 2 / (max(slow, signal) + 1)))
    if size <= 2 * settle:
        dif, dea, hist = _first_value_seeded(close, fast, slow, signal)
    else:
        dif, dea, hist = talib.MACD(close, fast, slow, signal)
        head = _first_value_seeded(close[:settle], fast, slow, signal)
        for series, exact in zip((dif, dea, hist), head, strict=True):
            series[:settle] = exact
    dif[0] = dea[0] = hist[0] = 0.0  # exactly, by definition (not just to rounding)
    hist *= 2.0
    return dif, dea, hist


def warmup(params, convention):
    """The slow EMA must settle (the fast one is quicker), then DEA over it.

    cn seeds everything at bar 0; intl (TA-Lib) starts the EMAs after its lookback of
    slow-1 bars and DEA after signal-1 more, each seeded with a simple mean.
    """
    slow, signal = params["slow"], params["signal"]
    lookback = (slow - 1) + (signal - 1) if convention == "intl" else 0
    return lookback + ema_bars(slow) + ema_bars(signal) + 1


def rules(out, close, params, convention, threshold):
    return line_rules(
        out["dif"], out["dea"], price_tol(close), "DIF上穿DEA，MACD金叉", "DIF下穿DEA，MACD死叉"
    )


SPEC = IndicatorSpec(
    name="macd",
    label="MACD 指数平滑异同移动平均线",
    inputs=("close",),
    params=(
        Param(name="fast", label="快线周期", default=12, min=2),
        Param(name="slow", label="慢线周期", default=26, min=3),
        Param(name="signal", label="DEA周期", default=9, min=1),
    ),
    constraints=(
        LessThan(param="fast", less_than="slow", message="快线周期 fast 必须小于慢线周期 slow"),
    ),
    lines=(
        Line(name="dif", label="DIF", color="#1d4ed8"),
        Line(name="dea", label="DEA", color="#f59f00"),
        Line(name="hist", label="MACD柱", style="histogram"),
    ),
    overlay=False,
    func=macd,
    warmup_bars=warmup,
    rules=rules,
    signals=(
        SignalKind(kind="golden_cross", label="金叉", name="MACD 金叉", direction=1),
        SignalKind(kind="death_cross", label="死叉", name="MACD 死叉", direction=-1),
    ),
    levels=both(Level(value=0, light=True)),
    explanation=Explanation(
        cn="DIF=EMA(C,SHORT)−EMA(C,LONG);DEA=EMA(DIF,M);MACD柱=2×(DIF−DEA),EMA 从第一根收盘价起算",
        intl=(
            "MACD=EMA(12)−EMA(26);Signal=EMA(MACD,9);"
            "Histogram=MACD−Signal（无 2 倍，TA-Lib 起算方式）"
        ),
        reading="DIF 上穿 DEA 为金叉，下穿为死叉；柱体由绿转红表示动能转强。",
    ),
    search_names=(
        "MACD",
        "指数平滑异同移动平均线",
        "指数平滑移动平均线",
        "平滑异同移动平均线",
        "平滑异同",
        "异同移动平均线",
        "异同平均线",
    ),
)
