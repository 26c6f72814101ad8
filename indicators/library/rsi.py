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
    both,
    period,
)
from indicators.library.warmup import wilder_bars

# A short RSI swings wider, so its alert lines sit further out: 80/20 up to this period,
# Wilder's 70/30 above it. The rules and the guide lines both read ``rsi_levels``.
SHORT_PERIOD = 9


def rsi_levels(n: int) -> tuple[float, float]:
    """(overbought, oversold) for RSI(n): 80/20 when n <= SHORT_PERIOD, else 70/30."""
    return (80.0, 20.0) if n <= SHORT_PERIOD else (70.0, 30.0)


def guide_levels(params) -> dict[str, tuple[Level, ...]]:
    """The chart's dashed lines: where the rules below fire for this period."""
    high, low = rsi_levels(params["n"])
    return both(Level(value=high), Level(value=low))


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


def warmup(params, convention):
    """From the first value (bar 1 cn, bar n intl), Wilder's 1/n smoothing must settle."""
    n = params["n"]
    first = 1 if convention == "cn" else n
    return first + wilder_bars(n) + 1


def rules(out, close, params, convention, threshold):
    label = f"RSI({params['n']})"
    high, low = rsi_levels(params["n"])
    return level_rules(
        out["rsi"],
        [
            (high, "up", "overbought", label + f" 升破 {high:g}" + "（{v}），进入超买区"),
            (low, "down", "oversold", label + f" 跌破 {low:g}" + "（{v}），进入超卖区"),
        ],
    )


SPEC = IndicatorSpec(
    name="rsi",
    label="RSI 相对强弱指标",
    inputs=("close",),
    params=(period(14, 2),),
    lines=(Line(name="rsi", label="RSI"),),
    overlay=False,
    func=rsi,
    warmup_bars=warmup,
    rules=rules,
    signals=(
        SignalKind(kind="overbought", label="超买", name="RSI 进入超买区", direction=-1),
        SignalKind(kind="oversold", label="超卖", name="RSI 进入超卖区", direction=1),
    ),
    levels=guide_levels,
    explanation=Explanation(
        cn="RSI=SMA(MAX(C−REF(C,1),0),N,1)/SMA(ABS(C−REF(C,1)),N,1)×100",
        intl=(
            "Wilder 平滑：RSI=AvgGain/(AvgGain+AvgLoss)×100，"
            "AvgGain、AvgLoss 为平均涨幅、平均跌幅（TA-Lib RSI）"
        ),
        reading=(
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
