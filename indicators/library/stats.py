"""How prices moved after a signal, against every day of the same series (pure numpy).

For each horizon h (trading days) the signal's forward returns are compared with the *base
rate*: the forward returns of every day of the series that has a close h days later. The
question a reader asks ("does this signal work?") becomes: is the signal's mean return
different from the mean of all days, by more than luck would give?

Two resamplings answer that, both seeded and therefore repeatable:
* a bootstrap of the signal days (drawn with replacement) gives a 95% percentile interval
  for the difference "signal mean − base mean";
* random entry days, as many as there were signals and drawn from the same days as the
  base rate, give the distribution of that difference when the timing carries no
  information. The two-sided p-value is the share of random draws at least as far from
  the base mean as the signal was (Brock, Lakonishok & LeBaron 1992 compare rule returns
  with simulated null series in the same spirit; here the null keeps the real series and
  only the timing is random).

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
DEFAULT_HORIZON = 10  # the one the panel and the lab show first
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
    bits = _RandomBits(seed, n_boot, len(days))
    return [_horizon_stats(close, days, h, costs, direction, bits) for h in horizons]


class _RandomBits:
    """The random numbers behind every resampling, as (signals, n_boot) 32-bit halves.

    Row i serves the i-th signal slot of every resample. Rows come from one generator in
    order, so the first `count` rows are the same however many signals there are: a
    horizon's figures do not depend on which other horizons are asked for (the panel asks
    for three, the lab for one), nor on signals its horizon cannot judge. One 64-bit draw
    gives both halves: the high one picks bootstrap positions, the low one random entry
    days, mapped onto 0..size-1 by Lemire's multiply-and-shift (bias under size / 2**32).

    Two work buffers are reused by every resampling of the call: fresh arrays of this size
    would each cost more in page faults than the arithmetic done on them.
    """

    def __init__(self, seed: int, n_boot: int, rows: int):
        raw = np.random.default_rng(seed).bit_generator.random_raw((max(rows, 1), n_boot))
        # The two 32-bit halves of each draw, as views (little- or big-endian alike: the
        # halves are equally random, so which one is "high" does not matter).
        halves = raw.view(np.uint32).reshape(*raw.shape, 2)
        self.high, self.low = halves[..., 1], halves[..., 0]
        self.positions = np.empty_like(raw)
        self.taken = np.empty(raw.shape)

    def resampled_means(self, half: str, population: np.ndarray, draws: int) -> np.ndarray:
        """Means of n_boot resamples, each of `draws` values taken with replacement from
        `population`: signal returns ("boot") or every eligible day ("entry")."""
        bits = (self.high if half == "boot" else self.low)[:draws]
        positions, taken = self.positions[:draws], self.taken[:draws]
        np.multiply(bits, np.uint64(len(population)), out=positions)
        positions >>= np.uint64(32)
        # Positions are in range by construction; "clip" only spares numpy's buffering.
        np.take(population, positions.view(np.int64), out=taken, mode="clip")
        return np.add.reduce(taken, axis=0) / draws


def _horizon_stats(close, days, horizon, costs, direction, bits) -> HorizonStats:
    returns = forward_returns(close, horizon)
    eligible = returns[: max(len(close) - horizon, 0)]
    picked = returns[days[days < len(eligible)]]
    base_mean = float(eligible.mean()) if len(eligible) else np.nan
    difference = float(picked.mean()) - base_mean if len(picked) else np.nan
    ci_low, ci_high, p_value = _resampled(picked, eligible, difference, bits)
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


def _resampled(picked, eligible, difference, bits):
    """(ci_low, ci_high, p_value) from the bootstrap and the random-entry draws."""
    count = len(picked)
    if count == 0 or len(eligible) == 0:
        return np.nan, np.nan, np.nan
    base_mean = eligible.mean()
    boot = bits.resampled_means("boot", picked, count) - base_mean
    tail = (1 - CONFIDENCE) / 2
    low, high = np.quantile(boot, [tail, 1 - tail])
    null = bits.resampled_means("entry", eligible, count) - base_mean
    # Counting the observed draw itself keeps p above zero (Davison & Hinkley's +1 rule).
    extreme = np.count_nonzero(np.abs(null) >= abs(difference) - 1e-15)
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
