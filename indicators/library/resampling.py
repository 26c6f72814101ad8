"""The one resampling behind every interval and p-value: a circular block bootstrap.

What is resampled is the pair (forward return of a day, "did a signal fire that day") for
every eligible day, in blocks of consecutive days (Politis & Romano's circular block
bootstrap, wrapped at the end so that every day is equally likely to be drawn). Blocks keep
what uniform random entry days lost:
* signals that fire in volatile stretches keep the large moves that follow them, so a
  clustered or volatility-seeking rule gets the wider null it needs;
* forward returns of nearby days overlap (a 10-day return shares 9 days with the next
  one), and signals bunch together; blocks at least twice the horizon keep both.

The statistic is the difference "mean forward return after a signal − mean of every
eligible day", studentised by the spread of the signal days' returns, so that a resample
that happens to draw few signals (and is therefore noisier) counts for what it is worth.
The same resampled distribution gives the symmetric 95% interval and the two-sided
p-value, so the interval excludes zero when p is below 5% (up to the resolution of the
resamples).

Speed: the statistic needs only four sums per resample (days, signals, returns, and the
returns and squared returns on signal days), and the sum over a block is a difference of
two prefix sums. A resample is therefore ⌈days / block⌉ look-ups instead of one per day,
which keeps a whole panel (every signal kind × three horizons) inside its time budget.
tests/test_resampling.py checks that this gives the same distribution as the reference
implementation, arch's ``CircularBlockBootstrap``, applied day by day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

CONFIDENCE = 0.95
MAX_UNUSABLE = 0.05  # share of resamples that may draw fewer than two signals


def block_length(horizon: int, days: int) -> int:
    """Twice the horizon (overlapping returns and nearby signals stay together), and at
    least √days, never longer than the series.

    √days is longer than the mean's optimal n^(1/3) rate: the interval errs on the wide
    side, and a resample needs only √days look-ups, which keeps a panel within budget.
    bench/calibration.py shows the coverage that results.
    """
    return max(1, min(days, max(2 * horizon, math.ceil(math.sqrt(days)))))


@dataclass(frozen=True)
class Resampled:
    difference: float  # signal mean − base mean
    ci_low: float
    ci_high: float
    p_value: float  # two-sided


NOTHING = Resampled(np.nan, np.nan, np.nan, np.nan)


class BlockDraws:
    """Random block starts for `n_boot` resamples of `days` days in blocks of `block`.

    Seeded by (seed, days, block) alone, so a horizon's figures never depend on which
    other horizons or signal kinds were asked for in the same call.
    """

    def __init__(self, days: int, block: int, n_boot: int, seed: int):
        self.days, self.block = days, block
        blocks = math.ceil(days / block)
        rng = np.random.default_rng([seed, days, block])
        # (blocks, n_boot): a resample's sum is then a sum of whole rows, which numpy adds
        # with vector instructions, rather than many short row-wise reductions.
        self.starts = rng.integers(0, days, size=(blocks, n_boot))
        self.length = blocks * block  # days in every resample

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Per resample, the sum of `values` (one per day) over the drawn blocks."""
        wrapped = np.concatenate([values, values[: self.block - 1]])
        prefix = np.concatenate([[0.0], np.cumsum(wrapped)])
        block_sums = prefix[self.block :] - prefix[: -self.block]  # one per possible start
        return np.take(block_sums, self.starts).sum(axis=0)


def bootstrap_difference(
    returns: np.ndarray, signal: np.ndarray, draws: BlockDraws, total: np.ndarray
) -> Resampled:
    """Interval and p-value of mean(returns[signal]) − mean(returns), from `draws`.

    `returns` holds every eligible day's forward return; `signal` marks the signal days;
    `total` is draws.sums(returns), shared by every signal kind on the same days.
    """
    picked = returns[signal]
    count = len(picked)
    if count < 2 or len(returns) < 2:
        difference = float(picked.mean() - returns.mean()) if count else np.nan
        return Resampled(difference, np.nan, np.nan, np.nan)
    difference = float(picked.mean() - returns.mean())
    scale = _standard_error(picked.var(), count)
    if not scale > 0:  # every signal day returned the same: nothing to resample
        return Resampled(difference, np.nan, np.nan, np.nan)
    weight = signal.astype(np.float64)
    on_signal = returns * weight
    n_signal = draws.sums(weight)
    sum_signal = draws.sums(on_signal)
    sum_squares = draws.sums(on_signal * returns)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_signal = sum_signal / n_signal
        boot_difference = mean_signal - total / draws.length
        boot_scale = _standard_error(sum_squares / n_signal - mean_signal**2, n_signal)
        pivots = np.abs(boot_difference - difference) / boot_scale
    usable = n_signal >= 2
    # A resample with fewer than two signals has no spread to studentise by. When many
    # are like that the signals are too few or too bunched to resample: no verdict.
    if np.count_nonzero(~usable) > MAX_UNUSABLE * len(pivots):
        return Resampled(difference, np.nan, np.nan, np.nan)
    # 0/0 (no move, no spread) is no departure; x/0 is an unbounded one.
    pivots = np.sort(np.nan_to_num(pivots[usable], nan=0.0, posinf=np.inf))
    # Symmetric studentised interval. An equal-tailed one (percentile-t) was tried: on
    # no-edge data it rejected 6.5% of the time instead of 5% (bench/calibration.py).
    # The half-width is the order statistic the p-value counts against, so the interval
    # excludes zero exactly when p < 1 − CONFIDENCE.
    rank = math.ceil(CONFIDENCE * (len(pivots) + 1))
    if rank > len(pivots) or not np.isfinite(pivots[rank - 1]):
        return Resampled(difference, np.nan, np.nan, np.nan)
    half_width = float(pivots[rank - 1]) * scale
    observed = abs(difference) / scale
    # Counting the observed value as one draw keeps p above zero (Davison & Hinkley).
    exceed = len(pivots) - np.searchsorted(pivots, observed, side="left")
    p_value = (exceed + 1) / (len(pivots) + 1)
    return Resampled(difference, difference - half_width, difference + half_width, p_value)


def _standard_error(variance, count):
    return np.sqrt(np.maximum(variance, 0.0) / count)
