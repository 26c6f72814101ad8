"""indicators.library.stats: tradeable returns, base rates, block-bootstrap interval and p-value."""

import numpy as np
import pytest

from indicators.library.stats import (
    MIN_SIGNALS,
    Costs,
    forward_returns,
    signal_stats,
    trade_returns,
)


def random_walk(size, seed, drift=0.0):
    """(open, close) of a random walk whose opens gap a little from the previous close."""
    rng = np.random.default_rng(seed)
    close = 50.0 * np.exp(np.cumsum(rng.normal(drift, 0.015, size)))
    before = np.concatenate([[50.0], close[:-1]])
    return before * np.exp(rng.normal(0, 0.003, size)), close


def ma_cross_up_days(close, n=20):
    """Days where the close crosses above its n-day average: a signal with no edge on noise."""
    average = np.convolve(close, np.ones(n) / n, mode="full")[: len(close)]
    above = close > average
    above[: n - 1] = False
    return np.flatnonzero(above[1:] & ~above[:-1]) + 1


CLOSE = np.array([10, 11, 12, 11, 10, 10, 12, 15, 15, 9], dtype=float)
OPEN = np.array([9, 10, 12, 12, 11, 10, 11, 14, 16, 10], dtype=float)


def test_trade_returns_by_hand_for_both_entries():
    """next_open enters at the next bar's open, close at the signal's close; both exit h later."""
    np.testing.assert_allclose(
        forward_returns(CLOSE, 3)[:7], [0.1, -1 / 11, -1 / 6, 1 / 11, 0.5, 0.5, -0.25]
    )
    by_close = trade_returns(OPEN, CLOSE, 3, "close")
    np.testing.assert_allclose(by_close[:7], forward_returns(CLOSE, 3)[:7])
    nxt = trade_returns(OPEN, CLOSE, 3, "next_open")
    # Signal on bar 0: in at open[1] = 10, out at close[3] = 11.
    np.testing.assert_allclose(
        nxt[:7],
        [11 / 10 - 1, 10 / 12 - 1, 10 / 12 - 1, 12 / 11 - 1, 15 / 10 - 1, 15 / 11 - 1, 9 / 14 - 1],
    )
    assert np.isnan(nxt[7:]).all() and np.isnan(by_close[7:]).all()
    assert np.isnan(trade_returns(OPEN, CLOSE, 10)).all()
    with pytest.raises(ValueError):
        trade_returns(OPEN, CLOSE, 3, "tomorrow")


def test_hand_computed_figures_for_one_horizon():
    """Counts, means, medians and base rates follow the chosen entry."""
    (stats,) = signal_stats(OPEN, CLOSE, [0, 4, 8, 9], horizons=[1], n_boot=200)
    # Each trade runs from open[t + 1] to close[t + 1]; bar 9 has no next bar.
    returns = [11 / 10, 12 / 12, 11 / 12, 10 / 11, 10 / 10, 12 / 11, 15 / 14, 15 / 16, 9 / 10]
    returns = [r - 1 for r in returns]
    assert stats.entry == "next_open"
    assert stats.signals == 3
    assert stats.mean == pytest.approx((returns[0] + returns[4] + returns[8]) / 3)
    assert stats.base_days == 9
    assert stats.base_mean == pytest.approx(np.mean(returns))
    assert stats.difference == pytest.approx(stats.mean - stats.base_mean)
    # Too few signals to judge: no interval or p-value is made up for them.
    assert not stats.enough
    assert np.isnan(stats.ci_low) and np.isnan(stats.ci_high) and np.isnan(stats.p_value)


def test_no_edge_random_walk_is_not_significant_in_nine_of_ten_seeds():
    """On noise, p < 0.05 stays near its nominal rate."""
    quiet = 0
    for seed in range(100):
        open_, close = random_walk(1500, seed)
        (stats,) = signal_stats(open_, close, ma_cross_up_days(close), [10], n_boot=1000, seed=seed)
        assert stats.enough
        quiet += stats.p_value > 0.05
    assert 90 <= quiet <= 99


def test_a_series_that_rewards_the_signal_is_significant():
    """Five planted up days after every signal give a clear, significant difference."""
    rng = np.random.default_rng(7)
    steps = rng.normal(0.0, 0.01, 3000)
    days = np.arange(40, 2900, 60)
    for day in days:
        steps[day + 1 : day + 6] += 0.01
    close = 20.0 * np.exp(np.cumsum(steps))
    (stats,) = signal_stats(close, close, days, horizons=[5], entry="close")
    assert stats.signals == len(days) >= MIN_SIGNALS
    assert stats.difference > 0.03
    assert stats.ci_low > 0
    assert stats.p_value < 0.01


def test_entering_at_the_next_open_misses_the_signal_bars_own_gap():
    """An edge that is all in the next bar's opening gap vanishes for a reader who enters then."""
    rng = np.random.default_rng(3)
    close = 30 * np.exp(np.cumsum(rng.normal(0, 0.01, 2000)))
    open_ = np.concatenate([[30.0], close[:-1]])
    days = np.arange(30, 1950, 40)
    for day in days:  # the whole next day is a 3% gap up at the open, kept to the close
        close[day + 1 :] *= 1.03
        open_[day + 1 :] *= 1.03
    (at_close,) = signal_stats(open_, close, days, [5], entry="close")
    (next_open,) = signal_stats(open_, close, days, [5], entry="next_open")
    assert at_close.ci_low > 0 and at_close.p_value < 0.01
    assert abs(next_open.mean) < 0.01  # the gap is gone before the reader can buy
    assert next_open.difference < at_close.difference - 0.025


@pytest.mark.parametrize("direction", [1, -1])
def test_costs_lower_the_result_by_exactly_their_size(direction):
    """A股: commission both ways, 印花税 on the sale, 过户费 both ways; 美股: commission."""
    open_, close = random_walk(800, 3)
    days = ma_cross_up_days(close)
    cn = Costs(market="cn", commission=0.00025, stamp_duty=0.0005, transfer_fee=0.00001)
    us = Costs(market="us", commission=0.0001, stamp_duty=0.0, transfer_fee=0.0)
    free = Costs(commission=0, stamp_duty=0, transfer_fee=0)
    assert cn.round_trip == pytest.approx(0.00102)
    assert us.round_trip == pytest.approx(0.0002)
    base = signal_stats(open_, close, days, costs=free, direction=direction)
    for costs in (cn, us):
        paid = signal_stats(open_, close, days, costs=costs, direction=direction)
        for before, after in zip(base, paid, strict=True):
            assert before.net_mean - after.net_mean == pytest.approx(costs.round_trip, abs=1e-15)
            assert before.base_net_mean - after.base_net_mean == pytest.approx(
                costs.round_trip, abs=1e-15
            )
            assert after.net_mean == pytest.approx(direction * after.mean - costs.round_trip)
            assert (before.mean, before.p_value) == (after.mean, after.p_value)


def test_same_seed_same_numbers_and_results_per_horizon():
    """Figures are repeatable for a seed; each horizon keeps the days its trade can end in."""
    open_, close = random_walk(2000, 11)
    days = ma_cross_up_days(close)
    first = signal_stats(open_, close, days, seed=5)
    assert first == signal_stats(open_, close, days, seed=5)
    assert [s.horizon for s in first] == [5, 10, 20]
    assert [s.base_days for s in first] == [1995, 1990, 1980]


def test_warm_up_bars_are_neither_signals_nor_base_days():
    """Days before `start` count for nothing."""
    open_, close = random_walk(600, 4)
    days = ma_cross_up_days(close)
    (cut,) = signal_stats(open_, close, days, [5], start=100)
    assert cut.base_days == 600 - 5 - 100
    assert cut.signals == np.count_nonzero((days >= 100) & (days < 595))


def test_fewer_than_twenty_signals_is_not_enough():
    open_, close = random_walk(500, 1)
    stats = signal_stats(open_, close, [30, 90, 150], horizons=[5])[0]
    assert stats.signals == 3 and not stats.enough
    assert stats.as_dict()["enough"] is False


def test_no_signals_and_out_of_range_days_give_empty_figures():
    open_, close = random_walk(100, 2)
    (stats,) = signal_stats(open_, close, [-3, 100, 250], horizons=[5])
    assert stats.signals == 0
    assert np.isnan(stats.mean) and np.isnan(stats.p_value)
    assert stats.base_days == 95


def test_a_horizon_gives_the_same_figures_alone_or_with_the_others():
    """The panel asks for 5, 10 and 20 days at once, the lab for one: they must agree."""
    open_, close = random_walk(1200, 21)
    days = np.append(ma_cross_up_days(close), [1195, 1198])
    together = signal_stats(open_, close, days)
    for alone_h, joint in zip([5, 10, 20], together, strict=True):
        assert signal_stats(open_, close, days, horizons=[alone_h]) == [joint]


def test_interval_excludes_zero_exactly_when_p_is_below_five_percent():
    """One resampling gives both, so they agree up to the resolution of 500 resamples."""
    for seed in range(40):
        open_, close = random_walk(1000, 500 + seed, drift=0.0005 * (seed % 3))
        for stats in signal_stats(open_, close, ma_cross_up_days(close), n_boot=500, seed=seed):
            excludes = stats.ci_low > 0 or stats.ci_high < 0
            assert excludes == (stats.p_value < 0.05) or abs(stats.p_value - 0.05) < 0.01


def test_bunched_signals_count_as_the_episodes_they_are():
    """Three bursts of eight signals in a row are three episodes: too few to judge."""
    open_, close = random_walk(1500, 8)
    days = np.concatenate([start + np.arange(8) for start in (200, 600, 1000)])
    (stats,) = signal_stats(open_, close, days, [10])
    assert stats.signals == 24 and stats.episodes == 3
    assert not stats.enough and np.isnan(stats.p_value)
    spread = signal_stats(open_, close, np.arange(100, 1400, 50), [10])[0]
    assert spread.episodes == spread.signals == 26 and spread.enough
