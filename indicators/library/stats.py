"""How prices moved after a signal, against every day of the same series (numpy only).

For each horizon h (trading days) the result of acting on each signal is compared with the
*base rate*: the same action taken on every eligible day of the series. The reader's
question ("does this signal work?") becomes: after a signal, is the mean result different
from the mean of all days, by more than luck would give?

Acting on a signal. A signal is known only once its bar has closed, so the default entry
is the next bar's open (``next_open``), the first price a reader can act on, and the exit
is the close h bars after the signal. Entering at the signal bar's close (``close``) is
kept as an option: it shows what the textbook charts show, and how much of it a reader
could never have had. A buy-side signal (direction +1) buys and sells later; a sell-side
one (direction −1) sells and buys back later, so its result is the fall it avoided.

Luck. ``library.resampling`` gives every difference a 95% interval and a two-sided
p-value from one block bootstrap. ``library.verdicts`` turns them into a verdict after the
family's multiple-testing correction.

Warm-up. Days before ``start`` (the indicator's warm-up) are neither signals nor base days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np

from indicators.library.resampling import CONFIDENCE, NOTHING, BlockDraws, block_length
from indicators.library.resampling import bootstrap_difference as _bootstrap

HORIZONS = (5, 10, 20)
DEFAULT_HORIZON = 10  # the one the panel and the lab show first
MIN_SIGNALS = 20  # below this the panel says 样本太少，无法下结论 instead of percentages
# Signals that bunch together (eight days in a row) are one episode of the market, not
# eight chances: a verdict also needs this many episodes, signals at least h days apart.
MIN_EPISODES = 10
SIGNIFICANCE = 0.05
ENTRIES = ("next_open", "close")
DEFAULT_ENTRY = "next_open"

__all__ = ["CONFIDENCE", "Costs", "HorizonStats", "signal_stats", "trade_returns"]


@dataclass(frozen=True, kw_only=True)
class Costs:
    """Trading costs as fractions of the traded amount, for one market."""

    market: str = "cn"  # "cn" (A股) or "us" (美股)
    commission: float = 0.00025  # 佣金, on the purchase and on the sale
    stamp_duty: float = 0.0005  # 印花税, on the sale only
    transfer_fee: float = 0.00001  # 过户费, on the purchase and on the sale

    @property
    def round_trip(self) -> float:
        return 2 * self.commission + self.stamp_duty + 2 * self.transfer_fee


@dataclass(frozen=True, kw_only=True)
class HorizonStats:
    """Every figure shown for one signal kind at one horizon. Returns are fractions."""

    horizon: int
    entry: str
    signals: int  # signal days whose trade has ended within the data
    episodes: int  # of those, the ones with no earlier signal in the `horizon` days before
    rise_share: float  # share of those trades that ended higher than they started
    mean: float
    median: float
    base_days: int
    base_rise_share: float
    base_mean: float
    base_median: float
    difference: float  # mean − base_mean
    ci_low: float  # symmetric 95% block-bootstrap interval of the difference
    ci_high: float
    p_value: float  # two-sided, same bootstrap, before any multiple-testing correction
    net_mean: float  # mean result of acting on the signal in its direction, after costs
    base_net_mean: float  # the same action on every day, after costs

    @property
    def enough(self) -> bool:
        return self.signals >= MIN_SIGNALS and self.episodes >= MIN_EPISODES

    def as_dict(self) -> dict:
        return asdict(self) | {"enough": self.enough}


def trade_returns(open_, close, horizon: int, entry: str = DEFAULT_ENTRY) -> np.ndarray:
    """For each bar t, the gross return of entering after bar t and exiting at the close
    of bar t + horizon; NaN where the data ends first.

    ``next_open`` enters at open[t + 1]; ``close`` enters at close[t].
    """
    if entry not in ENTRIES:
        raise ValueError(f"entry must be one of {ENTRIES}, got {entry!r}")
    close = np.asarray(close, dtype=np.float64)
    price_in = close if entry == "close" else np.asarray(open_, dtype=np.float64)
    shift = 0 if entry == "close" else 1
    out = np.full(len(close), np.nan)
    ended = len(close) - horizon  # bars t < ended have a close `horizon` bars later
    if horizon >= 1 and ended > 0:
        out[:ended] = close[horizon:] / price_in[shift : shift + ended] - 1.0
    return out


def forward_returns(close, horizon: int) -> np.ndarray:
    """close[t + horizon] / close[t] − 1 (the signal-close entry)."""
    return trade_returns(None, close, horizon, "close")


def signal_stats(
    open_,
    close,
    signal_days: Sequence[int] | np.ndarray,
    horizons: Sequence[int] = HORIZONS,
    costs: Costs = Costs(),  # noqa: B008 (frozen, so one shared default is safe)
    n_boot: int = 2000,
    seed: int = 0,
    direction: int = 1,
    *,
    entry: str = DEFAULT_ENTRY,
    start: int = 0,
    draws: dict | None = None,
) -> list[HorizonStats]:
    """One HorizonStats per horizon for the signals at bar indices `signal_days`.

    `draws` may be a dict shared by calls on the same series (every signal kind of a
    panel): the base days and their resamples do not depend on the kind.
    """
    close = np.asarray(close, dtype=np.float64)
    days = np.unique(np.asarray(signal_days, dtype=np.int64))
    days = days[(days >= start) & (days < len(close))]
    draws = {} if draws is None else draws
    return [
        _horizon_stats(open_, close, days, h, costs, n_boot, seed, direction, entry, start, draws)
        for h in horizons
    ]


def _horizon_stats(open_, close, days, horizon, costs, n_boot, seed, direction, entry, start, memo):
    """The figures for one horizon; `days` are unique signal bars at or after `start`."""
    eligible, draws, total = _base_days(open_, close, horizon, entry, start, n_boot, seed, memo)
    signal = signal_mask(days, start, len(eligible))
    picked = eligible[signal]
    episodes = _episodes(np.flatnonzero(signal), horizon)
    if len(picked) >= MIN_SIGNALS and episodes >= MIN_EPISODES:
        resampled = _bootstrap(eligible, signal, draws, total)
    else:  # too few to judge: no interval or p-value, and no time spent resampling
        difference = _mean(picked) - _mean(eligible) if len(picked) else np.nan
        resampled = replace(NOTHING, difference=difference)
    base_mean = _mean(eligible)
    return HorizonStats(
        horizon=horizon,
        entry=entry,
        signals=len(picked),
        episodes=episodes,
        rise_share=_share_positive(picked),
        mean=_mean(picked),
        median=_median(picked),
        base_days=len(eligible),
        base_rise_share=_share_positive(eligible),
        base_mean=base_mean,
        base_median=_median(eligible),
        difference=resampled.difference,
        ci_low=resampled.ci_low,
        ci_high=resampled.ci_high,
        p_value=resampled.p_value,
        net_mean=direction * _mean(picked) - costs.round_trip,
        base_net_mean=direction * base_mean - costs.round_trip,
    )


def eligible_returns(open_, close, horizon: int, entry: str, start: int) -> np.ndarray:
    """The trade return of every eligible day: from `start` (after the warm-up) to the
    last bar whose trade has ended within the data."""
    returns = trade_returns(open_, close, horizon, entry)
    return returns[start : max(len(returns) - horizon, start)]


def signal_mask(days, start: int, size: int) -> np.ndarray:
    """Which of the `size` eligible days from `start` are signal days."""
    mask = np.zeros(size, dtype=bool)
    local = np.asarray(days, dtype=np.int64) - start
    mask[local[(local >= 0) & (local < size)]] = True
    return mask


def _base_days(open_, close, horizon, entry, start, n_boot, seed, memo):
    """Every eligible day's trade return, the block draws and their resampled sums.

    They depend on the series, not on the signal kind, so `memo` keeps them for the
    other kinds of the same series.
    """
    key = (horizon, entry, start, n_boot, seed)
    if key not in memo:
        eligible = eligible_returns(open_, close, horizon, entry, start)
        if len(eligible):
            draws = BlockDraws(len(eligible), block_length(horizon, len(eligible)), n_boot, seed)
            memo[key] = (eligible, draws, draws.sums(eligible))
        else:
            memo[key] = (eligible, None, None)
    return memo[key]


def _episodes(days: np.ndarray, horizon: int) -> int:
    """Signals with no earlier signal within `horizon` days: separate market episodes."""
    return int(np.count_nonzero(np.diff(days, prepend=-horizon - 1) > horizon)) if len(days) else 0


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else np.nan


def _median(values: np.ndarray) -> float:
    return float(np.median(values)) if len(values) else np.nan


def _share_positive(values: np.ndarray) -> float:
    return float(np.count_nonzero(values > 0) / len(values)) if len(values) else np.nan
