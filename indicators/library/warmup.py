"""How many leading bars of a computed series are still warming up.

Every indicator starts from something it had to assume: an empty window, or a recursive
average seeded with a guess (通达信 seeds EMA with the first close and SMA(X,N,1) with the
first value or 50; TA-Lib seeds with the mean of the first N values). Until that start has
washed out, the values (and the signals read from them) differ from what the same software
shows for the same days with a longer history. ``IndicatorSpec.warmup`` counts those bars;
``crossings.detect`` drops signals on them, and the chart shades them as 预热期.

A bar counts as trustworthy only when it and the bar before it are settled, because a
crossing compares the two. So a plain N-bar window (MA, HHV/LLV, rolling STD, AVEDEV),
whose first full value is at bar N-1, warms up for N bars.

A recursive average with weight ``alpha`` on the new bar keeps ``(1-alpha)**t`` of its seed
after t bars. We wait until that is below e**-SETTLE_TIME_CONSTANTS = e**-12 ~ 6e-6, so that
values agree to the two decimals the chart and the signal texts show (within 0.005) with
those computed from a long history. Twelve rather than ten time constants because a seed
can be far off: a whole 0-100 range for KDJ, a MACD EMA seeded 100 yuan from its settled
value, and RSI's averages start from one day's move, which on a gap day is ten times a
typical day's. Measured with ``python bench/warmup.py --cuts 300`` (ORCL, NVDA and 600519
each cut at 300 start bars, every indicator, both conventions, several settings): the worst
difference after the warm-up is 0.0042 (cn RSI(24)), and one cut in ~27,000 reports
different signals, where K and D are exactly tied on the warm-up's last bar: a tie takes
its side from the bar before (the tie rule in crossings.py), which the short series lacks.
Chained smoothings (MACD's DEA over DIF, KDJ's D over K) add their lengths: the second can
only settle once its input has. TA-Lib calls these lengths the functions' "unstable
period"; its lookback (the NaN head) comes first, then the same decay.
"""

from __future__ import annotations

import math

import numpy as np

SETTLE_TIME_CONSTANTS = 12.0  # see the module docstring


def settle_bars(alpha: float) -> int:
    """Bars until a recursive average's seed weighs less than e**-SETTLE_TIME_CONSTANTS."""
    if alpha >= 1.0:  # no memory: the value is the input itself
        return 0
    return math.ceil(SETTLE_TIME_CONSTANTS / -math.log1p(-alpha))


def ema_bars(period: int) -> int:
    """Settling length of EMA(X, period): alpha = 2 / (period + 1)."""
    return settle_bars(2.0 / (period + 1))


def wilder_bars(n: int) -> int:
    """Settling length of 通达信 SMA(X, N, 1) and Wilder's smoothing: alpha = 1 / N."""
    return settle_bars(1.0 / n)


def window_bars(n: int) -> int:
    """Warm-up of a plain N-bar window: its first full value, plus the bar a cross compares."""
    return n


def window_warmup(dates, warmup: int, lo: int, hi: int) -> dict:
    """The warm-up as the series API reports it for bars [lo, hi) of ``dates``.

    ``bars``: how many bars at the start of the window are still warming up; ``until``: the
    ISO date of the first trustworthy bar of the whole history (None if there is none);
    ``length``: the indicator's warm-up in bars, counted from the first stored bar.
    """
    return {
        "bars": max(0, min(hi, warmup) - lo),
        "until": str(np.datetime_as_string(dates[warmup], unit="D"))
        if warmup < len(dates)
        else None,
        "length": warmup,
    }
