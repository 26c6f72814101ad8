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
    return level_rules(
        out["rsi"],
        [
            (70.0, "up", "overbought", label + "升破70（{v:.2f}），进入超买区"),
            (30.0, "down", "oversold", label + "跌破30（{v:.2f}），进入超卖区"),
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
    levels=both(Level(value=70), Level(value=30)),
    explanation=Explanation(
        cn="RSI=SMA(MAX(C−REF(C,1),0),N,1)/SMA(ABS(C−REF(C,1)),N,1)×100",
        intl="Wilder 平滑：平均涨幅/(平均涨幅+平均跌幅)×100(TA-Lib RSI)",
        reading="70 以上常视为超买，30 以下常视为超卖；强趋势中可以长时间停留在极端区。",
    ),
)
