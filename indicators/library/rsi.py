"""RSI 相对强弱指标."""

import numpy as np
import talib

from indicators.library._numeric import arrays, flat_start, nan
from indicators.library.crossings import level_rules
from indicators.library.spec import (
    Explanation,
    IndicatorSpec,
    Level,
    Line,
    SignalKind,
    period,
)
from indicators.library.warmup import wilder_bars

# A short RSI swings wider, so its alert lines sit further out: 80/20 up to this period,
# Wilder's 70/30 above it. The rules and the guide lines both read ``rsi_levels``.
SHORT_PERIOD = 9


def rsi_levels(n: int) -> tuple[float, float]:
    """(overbought, oversold) for RSI(n): 80/20 when n <= SHORT_PERIOD, else 70/30."""
    return (80.0, 20.0) if n <= SHORT_PERIOD else (70.0, 30.0)


# 通达信's RSI: three lines, RSI1/RSI2/RSI3, over 6, 12 and 24 days (cn); intl keeps one.
CN_PERIODS = (("n1", 6), ("n2", 12), ("n3", 24))


def cn_periods(params) -> list[int]:
    """The cn lines' periods, fastest first as declared (defaults for any not given)."""
    return [int(params.get(name, default)) for name, default in CN_PERIODS]


def guide_levels(params) -> dict[str, tuple[Level, ...]]:
    """The chart's dashed lines: where the rules below fire for these periods. In cn the
    first line's pair is drawn in full, another line's different pair lightly."""
    high, low = rsi_levels(int(params.get("n", 14)))
    pairs = list(dict.fromkeys(rsi_levels(n) for n in cn_periods(params)))
    cn = [Level(value=v, light=i > 0) for i, pair in enumerate(pairs) for v in pair]
    return {"cn": tuple(cn), "intl": (Level(value=high), Level(value=low))}


def rsi(close, n: int = 14, convention: str = "cn"):
    """Relative Strength Index.

    cn (通达信), smoothing with alpha 1/N seeded from the first difference, so values start
    at bar 1 (bar 0 has no difference and is NaN)::

        LC:=REF(CLOSE,1);
        RSI:SMA(MAX(CLOSE-LC,0),N,1)/SMA(ABS(CLOSE-LC),N,1)*100;

    intl = talib.RSI: Wilder averages seeded with the simple mean of the first N changes,
    values from bar N. In both, bars with no price movement since the start give 50.
    """
    (close,) = arrays(close)
    size = len(close)
    if size < 2:
        return nan(size)
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
    flat = flat_start(close)
    if flat > first_valid:
        out[first_valid:flat] = 50.0  # 0/0: no gains and no losses yet
    return out


def lines(close, n=14, n1=6, n2=12, n3=24, convention="cn"):
    """The convention's lines: RSI1, RSI2, RSI3 (cn) or the one RSI (intl)."""
    if convention == "intl":
        return rsi(close, n, convention)
    return tuple(rsi(close, period, convention) for period in (n1, n2, n3))


def warmup(params, convention):
    """From the first value (bar 1 cn, bar n intl), Wilder's 1/n smoothing must settle;
    in cn the slowest line decides."""
    if convention == "intl":
        n = params["n"]
        return n + wilder_bars(n) + 1
    return 1 + max(wilder_bars(n) for n in cn_periods(params)) + 1


def _zone_rules(values, n, label, suffix=""):
    high, low = rsi_levels(n)
    return level_rules(
        values,
        [
            (high, "up", "overbought" + suffix, label + f" 升破 {high:g}" + "（{v}），进入超买区"),
            (low, "down", "oversold" + suffix, label + f" 跌破 {low:g}" + "（{v}），进入超卖区"),
        ],
    )


def rules(out, close, params, convention, threshold):
    if convention == "intl":
        return _zone_rules(out["rsi"], params["n"], f"RSI({params['n']})")
    found = []
    for i, n in enumerate(cn_periods(params)):
        suffix = "" if i == 0 else f"_{i + 1}"  # the first line keeps the plain kinds
        found += _zone_rules(out[f"rsi{i + 1}"], n, f"RSI{n}", suffix)
    return found


def _line_kinds(line: int) -> tuple[SignalKind, ...]:
    suffix = "" if line == 1 else f"_{line}"
    tag = "" if line == 1 else str(line)  # the chart tag: 超买, 超买2, 超买3
    name = f"RSI{line}"
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
    name="rsi",
    label="RSI 相对强弱指标",
    inputs=("close",),
    params=(
        period(14, 2, conventions=("intl",)),
        period(6, 2, "RSI1周期", name="n1", conventions=("cn",)),
        period(12, 2, "RSI2周期", name="n2", conventions=("cn",)),
        period(24, 2, "RSI3周期", name="n3", conventions=("cn",)),
    ),
    lines=(
        Line(name="rsi", label="RSI", conventions=("intl",)),
        Line(name="rsi1", label="RSI1", color="#1d4ed8", conventions=("cn",)),
        Line(name="rsi2", label="RSI2", color="#f59f00", conventions=("cn",)),
        Line(name="rsi3", label="RSI3", color="#9c36b5", conventions=("cn",)),
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
            name="RSI 进入超买区",
            direction=-1,
            conventions=("intl",),
        ),
        SignalKind(
            kind="oversold",
            label="超卖",
            name="RSI 进入超卖区",
            direction=1,
            conventions=("intl",),
        ),
        *_line_kinds(1),
        *_line_kinds(2),
        *_line_kinds(3),
    ),  # fmt: skip
    levels=guide_levels,
    explanation=Explanation(
        cn="RSI=SMA(MAX(C−REF(C,1),0),N,1)/SMA(ABS(C−REF(C,1)),N,1)×100",
        intl=(
            "Wilder 平滑：RSI=AvgGain/(AvgGain+AvgLoss)×100，"
            "AvgGain、AvgLoss 为平均涨幅、平均跌幅（TA-Lib RSI）"
        ),
        reading=(
            "国内口径像通达信一样画 RSI1、RSI2、RSI3 三条线（默认 6、12、24 日），"
            "国际口径只画威尔德的一条 14 日 RSI。"
            f"周期不超过 {SHORT_PERIOD} 时 80 以上视为超买、20 以下视为超卖，"
            "更长的周期用 70 和 30；强趋势中可以长时间停留在极端区。"
        ),
    ),
    search_names=(
        "RSI",
        "相对强弱",
        "相对强弱指标",
        "相对强弱指数",
        "强弱指标",
        "Relative Strength Index",
    ),
)
