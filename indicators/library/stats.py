"""How prices moved after a signal, against every day of the same series (pure numpy).

For each horizon h (trading days) the signal's forward returns are compared with the *base
rate*: the forward returns of every day of the series that has a close h days later. The
question a reader asks ("does this signal work?") becomes: is the signal's mean return
different from the mean of all days, by more than luck would give?

Two resamplings answer that, both seeded and therefore repeatable:
* a bootstrap of the signal days (drawn with replacement) gives a 95% percentile interval
  for the difference "signal mean − base mean";
* random entry days, as many as there were signals, give the distribution of that
  difference when the timing carries no information. They are drawn from the days that
  every horizon can judge (all but the last max(h)), so one set of draws serves all
  horizons. The two-sided p-value is the share of random draws at least as far from those
  days' mean as the signal was (Brock, Lakonishok & LeBaron 1992 compare rule returns with simulated
  null series in the same spirit; here the null keeps the real series and only the timing
  is random).

Forward returns of nearby days overlap, so neither resampling is exact; both err the same
way for signal and random days, which is what the comparison needs.

Costs turn a gross return into the result of acting on the signal. A buy-side signal
(direction +1) buys at the close and sells h days later; a sell-side one (direction −1)
sells at the close and buys back h days later, so its result is the fall it avoided. Either
way one purchase and one sale are paid for: commission on both, stamp duty on the sale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

HORIZONS = (5, 10, 20)
MIN_SIGNALS = 20  # below this the panel says 样本太少，无法下结论 instead of percentages
CONFIDENCE = 0.95
SIGNIFICANCE = 0.05


@dataclass(frozen=True, kw_only=True)
class Costs:
    """A-share trading costs as fractions of the traded amount."""

    commission: float = 0.00025  # 佣金, charged on the purchase and on the sale
    stamp_duty: float = 0.0005  # 印花税, charged on the sale only

    @property
    def round_trip(self) -> float:
        return 2 * self.commission + self.stamp_duty


@dataclass(frozen=True, kw_only=True)
class HorizonStats:
    """Every figure the 信号统计 panel shows for one horizon. Returns are fractions."""

    horizon: int
    signals: int  # signal days with a close `horizon` days later
    rise_share: float  # share of those followed by a higher close
    mean: float
    median: float
    base_days: int
    base_rise_share: float
    base_mean: float
    base_median: float
    difference: float  # mean − base_mean
    ci_low: float  # 95% bootstrap interval of the difference
    ci_high: float
    p_value: float  # two-sided, against random entry days
    net_mean: float  # mean result of acting on the signal, after costs
    base_net_mean: float  # the same action on every day, after costs

    @property
    def enough(self) -> bool:
        return self.signals >= MIN_SIGNALS

    def beats_base(self, direction: int) -> bool:
        """Enough signals, better than random days beyond luck, and still ahead of costs.

        "Better" follows the signal's direction: a buy signal should be followed by more
        rise than the average day, a sell signal by more fall.
        """
        return (
            self.enough
            and self.p_value < SIGNIFICANCE
            and direction * self.difference > 0
            and self.net_mean > 0
        )

    def as_dict(self, direction: int = 1) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__} | {
            "enough": self.enough,
            "beats_base": self.beats_base(direction),
        }


def forward_returns(close: np.ndarray, horizon: int) -> np.ndarray:
    """close[t + horizon] / close[t] − 1 for each bar t; NaN where the series has ended."""
    close = np.asarray(close, dtype=np.float64)
    out = np.full(len(close), np.nan)
    if horizon < len(close):
        np.divide(close[horizon:], close[:-horizon], out=out[:-horizon])
        out[:-horizon] -= 1.0
    return out


def signal_stats(
    close: np.ndarray,
    signal_days: Sequence[int] | np.ndarray,
    horizons: Sequence[int] = HORIZONS,
    costs: Costs = Costs(),  # noqa: B008 (frozen, so one shared default is safe)
    n_boot: int = 2000,
    seed: int = 0,
    direction: int = 1,
) -> list[HorizonStats]:
    """One HorizonStats per horizon for the signals at bar indices `signal_days`."""
    close = np.asarray(close, dtype=np.float64)
    days = np.unique(np.asarray(signal_days, dtype=np.int64))
    days = days[(days >= 0) & (days < len(close))]
    draws = _Draws(seed, n_boot)
    # Random entry days come from the days every horizon can judge, so one set of draws
    # serves all horizons; each horizon's base rate still uses all of its own days.
    draws.entry_days = max(len(close) - max(horizons, default=0), 0)
    return [_horizon_stats(close, days, h, costs, direction, draws) for h in horizons]


class _Draws:
    """Random positions for resampling, drawn once per (purpose, set size) from one seed.

    Horizons usually share their signal count, so the bootstrap draws are reused, and the
    random entry days are drawn from one population for all horizons. Positions are int64
    (numpy's native index type: np.take on anything narrower converts it first).
    """

    def __init__(self, seed: int, n_boot: int):
        self.rng = np.random.default_rng(seed)
        self.n_boot = n_boot
        self.entry_days = 0
        self.cache: dict[tuple[str, int, int], np.ndarray] = {}

    def positions(self, purpose: str, size: int, count: int) -> np.ndarray:
        key = (purpose, size, count)
        if key not in self.cache:
            self.cache[key] = self.rng.integers(0, size, (self.n_boot, count))
        return self.cache[key]


def _resampled_means(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # np.take with native int64 positions, then a plain row sum: no BLAS threads, which
    # only fight each other inside a multi-threaded web worker.
    return np.add.reduce(np.take(values, positions), axis=1) / positions.shape[1]


def _horizon_stats(close, days, horizon, costs, direction, draws) -> HorizonStats:
    returns = forward_returns(close, horizon)
    eligible = returns[: max(len(close) - horizon, 0)]
    picked = returns[days[days < len(eligible)]]
    base_mean = float(eligible.mean()) if len(eligible) else np.nan
    difference = float(picked.mean()) - base_mean if len(picked) else np.nan
    ci_low, ci_high, p_value = _resampled(picked, eligible, difference, draws)
    return HorizonStats(
        horizon=horizon,
        signals=len(picked),
        rise_share=_share_positive(picked),
        mean=_mean(picked),
        median=float(np.median(picked)) if len(picked) else np.nan,
        base_days=len(eligible),
        base_rise_share=_share_positive(eligible),
        base_mean=base_mean,
        base_median=float(np.median(eligible)) if len(eligible) else np.nan,
        difference=difference,
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=p_value,
        net_mean=direction * _mean(picked) - costs.round_trip,
        base_net_mean=direction * base_mean - costs.round_trip,
    )


def _resampled(picked, eligible, difference, draws) -> tuple[float, float, float]:
    """(ci_low, ci_high, p_value) from the bootstrap and the random-entry draws."""
    count = len(picked)
    if count == 0 or len(eligible) == 0:
        return np.nan, np.nan, np.nan
    base_mean = eligible.mean()
    boot = _resampled_means(picked, draws.positions("boot", count, count)) - base_mean
    tail = (1 - CONFIDENCE) / 2
    low, high = np.quantile(boot, [tail, 1 - tail])
    entries = eligible[: draws.entry_days]
    if len(entries) == 0:
        return float(low), float(high), np.nan
    center = entries.mean()
    null = _resampled_means(entries, draws.positions("null", len(entries), count)) - center
    observed = picked.mean() - center
    # Counting the observed draw itself keeps p above zero (Davison & Hinkley's +1 rule).
    extreme = np.count_nonzero(np.abs(null) >= abs(observed) - 1e-15)
    return float(low), float(high), (extreme + 1) / (len(null) + 1)


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else np.nan


def _share_positive(values: np.ndarray) -> float:
    return float(np.count_nonzero(values > 0) / len(values)) if len(values) else np.nan


def report_by_kind(
    signal_kinds: Iterable,
    close: np.ndarray,
    events: Iterable[tuple[int, str]],
    *,
    horizons: Sequence[int] = HORIZONS,
    costs: Costs = Costs(),  # noqa: B008
    n_boot: int = 2000,
    seed: int = 0,
) -> list[dict]:
    """Statistics for each kind an indicator declares (``SignalKind``), from (bar, kind) events.

    Every declared kind gets a row, a kind that never fired included: "no signals" is an
    answer too.
    """
    days: dict[str, list[int]] = {}
    for index, kind in events:
        days.setdefault(kind, []).append(index)
    return [
        {
            "kind": kind.kind,
            "name": kind.name,
            "label": kind.label,
            "direction": kind.direction,
            "horizons": [
                stats.as_dict(kind.direction)
                for stats in signal_stats(
                    close, days.get(kind.kind, []), horizons, costs, n_boot, seed, kind.direction
                )
            ],
        }
        for kind in signal_kinds
    ]
