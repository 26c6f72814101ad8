"""KDJ 随机指标 (the stochastic oscillator with a J line)."""

import numpy as np
import talib

from indicators.library._numeric import arrays, hhv, llv, nan, percent_of_range, sma_cn
from indicators.library.crossings import OSC_TOL, level_rules, line_rules
from indicators.library.spec import (
    Explanation,
    IndicatorSpec,
    Level,
    Line,
    Param,
    SignalKind,
    period,
)
from indicators.library.warmup import wilder_bars, window_bars


def kdj(high, low, close, n: int = 9, m1: int = 3, m2: int = 3, convention: str = "cn"):
    """KDJ stochastic -> (k, d, j), J = 3K - 2D. The intl Stochastic has no J line: the spec
    draws J and fires J signals only in cn (the formula still returns it).

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
    high, low, close = arrays(high, low, close)
    size = len(close)
    ll = llv(low, n)
    span = hhv(high, n)
    span -= ll
    np.subtract(close, ll, out=ll)
    rsv = percent_of_range(ll, span, 100.0)
    if convention == "cn":
        work = np.empty(size + 2 * max(m1, m2))  # scratch shared by both smoothings
        k = sma_cn(rsv, m1, 50.0, n - 1, work)
        d = sma_cn(k, m2, 50.0, n - 1, work)
    else:
        warmup = n + m1 + m2 - 3
        if size <= warmup:  # TA-Lib rejects an all-NaN input
            return nan(size), nan(size), nan(size)
        k = talib.SMA(rsv, m1)
        d = talib.SMA(k, m2)
        k[:warmup] = np.nan  # TA-Lib aligns K with D
    j = np.subtract(k, d, out=rsv)  # J = K + 2(K - D) = 3K - 2D; rsv is spent
    j *= 2.0
    j += k
    return k, d, j


def warmup(params, convention):
    """cn: K and D, seeded at 50 from bar n-1, settle in turn; intl: three plain windows."""
    n, m1, m2 = params["n"], params["m1"], params["m2"]
    if convention == "intl":
        return window_bars(n + m1 + m2 - 2)  # TA-Lib's lookback n+m1+m2-3, plus one
    return (n - 1) + wilder_bars(m1) + wilder_bars(m2) + 1


def rules(out, close, params, convention, threshold):
    name = "KDJ" if convention == "cn" else "随机指标"
    crosses = line_rules(
        out["k"], out["d"], OSC_TOL, f"K线上穿D线，{name}金叉", f"K线下穿D线，{name}死叉"
    )
    if convention != "cn":  # the intl Stochastic has no J line, so no J signals
        return crosses
    extremes = level_rules(
        out["j"],
        [
            (100.0, "up", "overbought", "J值升破 100（{v}），超买"),
            (0.0, "down", "oversold", "J值跌破 0（{v}），超卖"),
        ],
    )
    return crosses + extremes


SPEC = IndicatorSpec(
    name="kdj",
    label="KDJ 随机指标",
    inputs=("high", "low", "close"),
    params=(
        period(9, 1, "RSV周期"),
        Param(name="m1", label="K平滑周期", default=3, min=1),
        Param(name="m2", label="D平滑周期", default=3, min=1),
    ),
    lines=(
        Line(name="k", label="K", color="#1d4ed8"),
        Line(name="d", label="D", color="#f59f00"),
        Line(name="j", label="J", color="#9c36b5", conventions=("cn",)),
    ),
    overlay=False,
    func=kdj,
    warmup_bars=warmup,
    rules=rules,
    signals=(
        SignalKind(kind="golden_cross", label="金叉", name="KDJ 金叉", direction=1),
        SignalKind(kind="death_cross", label="死叉", name="KDJ 死叉", direction=-1),
        SignalKind(
            kind="overbought",
            label="超买",
            name="KDJ J 值升破 100",
            direction=-1,
            conventions=("cn",),
        ),
        SignalKind(
            kind="oversold", label="超卖", name="KDJ J 值跌破 0", direction=1, conventions=("cn",)
        ),
    ),
    levels={
        "cn": (
            Level(value=80),
            Level(value=20),
            Level(value=100, light=True),
            Level(value=0, light=True),
        ),
        "intl": (Level(value=80), Level(value=20)),  # 100 and 0 are J's lines; intl has no J
    },
    explanation=Explanation(
        cn=(
            "RSV=(C−LLV(L,N))/(HHV(H,N)−LLV(L,N))×100;K=SMA(RSV,M1,1);"
            "D=SMA(K,M2,1);J=3K−2D(K、D 初值 50)"
        ),
        intl="随机指标 Slow %K=MA(Fast %K,M1),%D=MA(%K,M2)（简单平均，TA-Lib STOCH），没有 J 线",
        reading=(
            "K 上穿 D 为金叉，下穿为死叉；国内口径的 J 大于 100 或小于 0 表示短线过热或过冷，"
            "国际口径没有 J 线。"
        ),
    ),
    search_names=(
        "KDJ",
        "随机指标",
        "随机指数",
        "随机摆动指标",
        "KD",
        "Stochastic",
        "Stochastics",
    ),
)
