"""Numpy/TA-Lib building blocks shared by the indicator formulas.

Every indicator returns float64 arrays as long as its input, with NaN where it is still
warming up. Input contract: 1-D arrays of equal length holding finite, positive prices
(the API layer validates this; NaN inside a series is not supported and spreads NaN). A
series shorter than the warm-up simply yields all NaN.

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

import numpy as np
import talib


def arrays(*series) -> list[np.ndarray]:
    """The price series as contiguous float64 arrays; raises ValueError on bad shapes."""
    out = [np.ascontiguousarray(s, dtype=np.float64) for s in series]
    if any(a.ndim != 1 for a in out):
        raise ValueError("price series must be 1-D arrays")
    if len({len(a) for a in out}) > 1:
        raise ValueError(f"price series differ in length: {[len(a) for a in out]}")
    return out


def nan(size: int) -> np.ndarray:
    return np.full(size, np.nan)


def hhv(x: np.ndarray, n: int) -> np.ndarray:
    # TA-Lib's MAX/MIN are O(len) and refuse n == 1, where the window is the bar itself.
    return x.copy() if n == 1 else talib.MAX(x, n)


def llv(x: np.ndarray, n: int) -> np.ndarray:
    return x.copy() if n == 1 else talib.MIN(x, n)


def ema_seeded(
    x: np.ndarray, period: int, seed: float, start: int = 0, work: np.ndarray | None = None
) -> np.ndarray:
    """EMA with alpha 2/(period+1) whose value *before* bar ``start`` is ``seed``.

    NaN before ``start``. Chinese SMA(X, N, 1) is this with period 2N-1 (alpha 1/N).
    ``work`` is an optional scratch buffer of at least len(x)+period floats; reusing one
    saves a large allocation (page faults dominate at a million bars).
    """
    size = len(x)
    if start >= size:
        return nan(size)
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


def sma_cn(x: np.ndarray, n: int, seed: float, start: int = 0, work=None) -> np.ndarray:
    """通达信 SMA(X, N, 1): Y = (X + (N-1) * Y') / N, with Y' = seed before ``start``."""
    return ema_seeded(x, 2 * n - 1, seed, start, work)


def percent_of_range(part: np.ndarray, span: np.ndarray, scale: float) -> np.ndarray:
    """``scale * part / span``; a flat window (span 0) gives ``scale / 2``. Reuses ``part``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(part, span, out=part)
    part *= scale
    part[span == 0] = scale / 2
    return part


def flat_start(close: np.ndarray) -> int:
    """Number of leading bars equal to the first close (no movement yet)."""
    moved = close != close[0]
    first = int(moved.argmax())
    return first if moved[first] else len(close)
