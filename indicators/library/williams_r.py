"""Williams %R 威廉指标: where the close sits in the recent high-low range."""

import numpy as np

from indicators.library._numeric import arrays, hhv, llv, percent_of_range
from indicators.library.crossings import level_rules
from indicators.library.spec import Explanation, IndicatorSpec, Level, Line, SignalKind, period
from indicators.library.warmup import window_bars


def williams_r(high, low, close, n: int = 14, convention: str = "cn"):
    """Williams %R. Warm-up: first n-1 bars.

    cn (0..100, 80+ = near the low = 超卖)::

        WR:100*(HHV(HIGH,N)-CLOSE)/(HHV(HIGH,N)-LLV(LOW,N));

    intl (-100..0, as talib.WILLR): %R = -100 * (HH - C) / (HH - LL).
    A flat window (HH == LL) gives the mid-point: 50 (cn) or -50 (intl).
    """
    high, low, close = arrays(high, low, close)
    hh = hhv(high, n)
    span = llv(low, n)
    np.subtract(hh, span, out=span)
    hh -= close
    return percent_of_range(hh, span, 100.0 if convention == "cn" else -100.0)


def warmup(params, convention):
    """Both conventions: one HHV/LLV window of n bars."""
    return window_bars(params["n"])


def rules(out, close, params, convention, threshold):
    label = f"WR({params['n']})"
    if convention == "cn":  # 0..100, small = near the high
        zones = [
            (20.0, "down", "overbought", label + " 跌破 20（{v}），进入超买区"),
            (80.0, "up", "oversold", label + " 升破 80（{v}），进入超卖区"),
        ]
    else:  # -100..0
        zones = [
            (-20.0, "up", "overbought", label + " 升破 −20（{v}），进入超买区"),
            (-80.0, "down", "oversold", label + " 跌破 −80（{v}），进入超卖区"),
        ]
    return level_rules(out["wr"], zones)


SPEC = IndicatorSpec(
    name="williams_r",
    label="Williams %R 威廉指标",
    inputs=("high", "low", "close"),
    params=(period(14, 1),),
    lines=(Line(name="wr", label="WR"),),
    overlay=False,
    func=williams_r,
    warmup_bars=warmup,
    rules=rules,
    signals=(
        SignalKind(kind="overbought", label="超买", name="WR 进入超买区", direction=-1),
        SignalKind(kind="oversold", label="超卖", name="WR 进入超卖区", direction=1),
    ),
    levels={
        "cn": (Level(value=20), Level(value=80)),
        "intl": (Level(value=-20), Level(value=-80)),
    },
    explanation=Explanation(
        cn="WR=(HHV(H,N)−C)/(HHV(H,N)−LLV(L,N))×100，取值 0~100，80 以上为超卖，20 以下为超买",
        intl="%R=(HH−C)/(HH−LL)×(−100)，取值 −100~0，−20 以上超买，−80 以下超卖",
        reading="两种口径只差一个负号，读图时先看清软件用的是哪一种。",
    ),
    search_names=(
        "WR",
        "W%R",
        "%R",
        "威廉指标",
        "威廉",
        "威廉指数",
        "威廉超买超卖指标",
        "Williams %R",
        "Williams",
    ),
)
