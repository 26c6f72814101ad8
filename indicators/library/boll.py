"""BOLL 布林线 (Bollinger Bands), drawn over the prices."""

import math

import numpy as np
import talib

from indicators.library._numeric import arrays
from indicators.library.crossings import crossings, price_tol
from indicators.library.spec import (
    Explanation,
    IndicatorSpec,
    Line,
    Param,
    SignalKind,
    both,
    period,
)
from indicators.library.warmup import window_bars


def boll(close, n: int = 20, k: float = 2.0, convention: str = "cn"):
    """Bollinger Bands -> (mid, upper, lower). Warm-up: first n-1 bars.

    cn (通达信 STD is the *sample* standard deviation, ddof=1)::

        MID:MA(CLOSE,N);  UPPER:MID+K*STD(CLOSE,N);  LOWER:MID-K*STD(CLOSE,N);

    intl = talib.BBANDS(n, k, k, SMA): *population* standard deviation (ddof=0).
    """
    (close,) = arrays(close)
    if convention == "intl":
        upper, mid, lower = talib.BBANDS(close, n, float(k), float(k), 0)
        return mid, upper, lower
    mid = talib.SMA(close, n)
    width = talib.STDDEV(close, n, 1.0)
    width *= float(k) * math.sqrt(n / (n - 1))  # population -> sample std, times k
    upper = mid + width
    lower = np.subtract(mid, width, out=width)
    return mid, upper, lower


def warmup(params, convention):
    """Both conventions: one MA/STD window of n bars."""
    return window_bars(params["n"])


def rules(out, close, params, convention, threshold):
    tol = price_tol(close)
    ups, _ = crossings(close - out["upper"], tol)
    _, downs = crossings(close - out["lower"], tol)
    return [(int(i), "cross_above_upper", "收盘价上穿布林线上轨") for i in ups] + [
        (int(i), "cross_below_lower", "收盘价跌破布林线下轨") for i in downs
    ]


SPEC = IndicatorSpec(
    name="boll",
    label="BOLL 布林线",
    inputs=("close",),
    params=(
        period(20, 2),
        Param(
            name="k",
            label="标准差倍数",
            default=2.0,
            min=0.0,
            max=10.0,
            integer=False,
            min_exclusive=True,
        ),
    ),
    lines=(
        Line(name="mid", label="中轨", color="#f59f00"),
        Line(name="upper", label="上轨", color="#1d4ed8"),
        Line(name="lower", label="下轨", color="#1d4ed8"),
    ),
    overlay=True,
    func=boll,
    warmup_bars=warmup,
    rules=rules,
    signals=(
        SignalKind(kind="cross_above_upper", label="上轨", name="BOLL 上穿上轨", direction=1),
        SignalKind(kind="cross_below_lower", label="下轨", name="BOLL 跌破下轨", direction=-1),
    ),
    levels=both(),
    explanation=Explanation(
        cn="MID=MA(C,N);UPPER=MID+K×STD(C,N);LOWER=MID−K×STD(C,N),STD 为样本标准差",
        intl="与国内相同，但标准差用总体标准差（Bollinger 原始定义，TA-Lib BBANDS）",
        reading="价格触及上轨或下轨说明波动到了近期的边缘，不等于一定反转；带宽收窄常预示变盘。",
    ),
    search_names=(
        "BOLL",
        "布林带",
        "布林线",
        "布林通道",
        "布林指标",
        "布林",
        "保利加通道",
        "Bollinger Bands",
        "Bollinger",
        "BBANDS",
    ),
)
