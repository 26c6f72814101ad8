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


# 通达信's WR: two lines, WR1 over 10 days and WR2 over 6 (cn); intl keeps one %R.
CN_PERIODS = (("n1", 10), ("n2", 6))


def lines(high, low, close, n=14, n1=10, n2=6, convention="cn"):
    """The convention's lines: WR1 and WR2 (cn) or the one %R (intl)."""
    if convention == "intl":
        return williams_r(high, low, close, n, convention)
    return tuple(williams_r(high, low, close, period, convention) for period in (n1, n2))


def warmup(params, convention):
    """One HHV/LLV window of n bars; in cn the longest line's."""
    if convention == "intl":
        return window_bars(params["n"])
    return window_bars(max(params[name] for name, _ in CN_PERIODS))


def _zone_rules(values, label, convention, suffix=""):
    if convention == "cn":  # 0..100, small = near the high
        zones = [
            (20.0, "down", "overbought" + suffix, label + " 跌破 20（{v}），进入超买区"),
            (80.0, "up", "oversold" + suffix, label + " 升破 80（{v}），进入超卖区"),
        ]
    else:  # -100..0
        zones = [
            (-20.0, "up", "overbought", label + " 升破 −20（{v}），进入超买区"),
            (-80.0, "down", "oversold", label + " 跌破 −80（{v}），进入超卖区"),
        ]
    return level_rules(values, zones)


def rules(out, close, params, convention, threshold):
    if convention == "intl":
        return _zone_rules(out["wr"], f"WR({params['n']})", convention)
    found = []
    for i, (name, _) in enumerate(CN_PERIODS):
        suffix = "" if i == 0 else f"_{i + 1}"  # the first line keeps the plain kinds
        found += _zone_rules(out[f"wr{i + 1}"], f"WR{params[name]}", convention, suffix)
    return found


def _line_kinds(line: int) -> tuple[SignalKind, ...]:
    suffix = "" if line == 1 else f"_{line}"
    tag = "" if line == 1 else str(line)  # the chart tag: 超买, 超买2, 超买3
    name = f"WR{line}"
    return (
        SignalKind(
            kind="overbought" + suffix, label="超买" + tag, name=f"{name} 进入超买区",
            direction=-1, conventions=("cn",), line=name,
        ),
        SignalKind(
            kind="oversold" + suffix, label="超卖" + tag, name=f"{name} 进入超卖区",
            direction=1, conventions=("cn",), line=name,
        ),
    )  # fmt: skip


SPEC = IndicatorSpec(
    name="williams_r",
    label="Williams %R 威廉指标",
    inputs=("high", "low", "close"),
    params=(
        period(14, 1, conventions=("intl",)),
        period(10, 1, "WR1周期", name="n1", conventions=("cn",)),
        period(6, 1, "WR2周期", name="n2", conventions=("cn",)),
    ),
    lines=(
        Line(name="wr", label="WR", conventions=("intl",)),
        Line(name="wr1", label="WR1", color="#1d4ed8", conventions=("cn",)),
        Line(name="wr2", label="WR2", color="#f59f00", conventions=("cn",)),
    ),
    lines_by_convention=True,
    overlay=False,
    func=lines,
    warmup_bars=warmup,
    rules=rules,
    signals=(
        SignalKind(
            kind="overbought",
            label="超买",
            name="WR 进入超买区",
            direction=-1,
            conventions=("intl",),
        ),
        SignalKind(
            kind="oversold",
            label="超卖",
            name="WR 进入超卖区",
            direction=1,
            conventions=("intl",),
        ),
        *_line_kinds(1),
        *_line_kinds(2),
    ),  # fmt: skip
    levels={
        "cn": (Level(value=20), Level(value=80)),
        "intl": (Level(value=-20), Level(value=-80)),
    },
    explanation=Explanation(
        cn="WR=(HHV(H,N)−C)/(HHV(H,N)−LLV(L,N))×100，取值 0~100，80 以上为超卖，20 以下为超买",
        intl="%R=(HH−C)/(HH−LL)×(−100)，取值 −100~0，−20 以上超买，−80 以下超卖",
        reading=(
            "两种口径只差一个负号，读图时先看清软件用的是哪一种。"
            "国内口径像通达信一样画 WR1、WR2 两条线（默认 10 日和 6 日），"
            "国际口径只画一条 14 日 %R。"
        ),
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
