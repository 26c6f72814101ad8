"""indicators.stats: forward returns, base rates, bootstrap interval, random-entry p-value."""

import numpy as np
import pytest

from indicators.library.stats import MIN_SIGNALS, Costs, forward_returns, signal_stats


def random_walk(size, seed, drift=0.0):
    rng = np.random.default_rng(seed)
    return 50.0 * np.exp(np.cumsum(rng.normal(drift, 0.015, size)))


def ma_cross_up_days(close, n=20):
    """Days where the close crosses above its n-day average: a signal with no edge on noise."""
    average = np.convolve(close, np.ones(n) / n, mode="full")[: len(close)]
    above = close > average
    above[: n - 1] = False
    return np.flatnonzero(above[1:] & ~above[:-1]) + 1


def test_forward_returns_by_hand_on_ten_bars():
    close = np.array([10, 11, 12, 11, 10, 10, 12, 15, 15, 9], dtype=float)
    expected_h1 = [0.1, 1 / 11, -1 / 12, -1 / 11, 0.0, 0.2, 0.25, 0.0, -0.4]
    np.testing.assert_allclose(forward_returns(close, 1)[:9], expected_h1)
    assert np.isnan(forward_returns(close, 1)[9])
    h3 = forward_returns(close, 3)
    np.testing.assert_allclose(h3[:7], [0.1, -1 / 11, -1 / 6, 1 / 11, 0.5, 0.5, -0.25])
    assert np.isnan(h3[7:]).all()
    assert np.isnan(forward_returns(close, 10)).all()
    assert np.isnan(forward_returns(close, 25)).all()


def test_hand_computed_figures_for_one_horizon():
    close = np.array([10, 11, 12, 11, 10, 10, 12, 15, 15, 9], dtype=float)
    (stats,) = signal_stats(close, [0, 4, 8, 9], horizons=[1], n_boot=200)
    # Day 9 has no next close, so three signals count: +10%, 0%, -40%.
    assert stats.signals == 3
    assert stats.mean == pytest.approx((0.1 + 0.0 - 0.4) / 3)
    assert stats.median == pytest.approx(0.0)
    assert stats.rise_share == pytest.approx(1 / 3)
    assert stats.base_days == 9
    base = [0.1, 1 / 11, -1 / 12, -1 / 11, 0.0, 0.2, 0.25, 0.0, -0.4]
    assert stats.base_mean == pytest.approx(np.mean(base))
    assert stats.base_median == pytest.approx(0.0)
    assert stats.base_rise_share == pytest.approx(4 / 9)
    assert stats.difference == pytest.approx(stats.mean - stats.base_mean)
    assert stats.ci_low <= stats.difference <= stats.ci_high
    assert not stats.enough


def test_no_edge_random_walk_is_not_significant_in_nine_of_ten_seeds():
    quiet = 0
    for seed in range(100):
        close = random_walk(1500, seed)
        days = ma_cross_up_days(close)
        (stats,) = signal_stats(close, days, horizons=[10], n_boot=1000, seed=seed)
        assert stats.enough
        quiet += stats.p_value > 0.05
    assert quiet >= 90


def test_a_series_that_rewards_the_signal_is_significant():
    rng = np.random.default_rng(7)
    steps = rng.normal(0.0, 0.01, 3000)
    days = np.arange(40, 2900, 60)
    for day in days:  # each signal is followed by five up days of 1%
        steps[day + 1 : day + 6] += 0.01
    close = 20.0 * np.exp(np.cumsum(steps))
    (stats,) = signal_stats(close, days, horizons=[5])
    assert stats.signals == len(days) >= MIN_SIGNALS
    assert stats.difference > 0.03
    assert stats.ci_low > 0
    assert stats.p_value < 0.01


@pytest.mark.parametrize("direction", [1, -1])
def test_costs_lower_the_result_by_exactly_their_size(direction):
    close = random_walk(800, 3)
    days = ma_cross_up_days(close)
    costs = Costs(commission=0.00025, stamp_duty=0.0005)
    free = signal_stats(close, days, costs=Costs(commission=0, stamp_duty=0), direction=direction)
    paid = signal_stats(close, days, costs=costs, direction=direction)
    assert costs.round_trip == pytest.approx(0.001)
    for before, after in zip(free, paid, strict=True):
        assert before.net_mean - after.net_mean == pytest.approx(0.001, abs=1e-15)
        assert before.base_net_mean - after.base_net_mean == pytest.approx(0.001, abs=1e-15)
        assert after.net_mean == pytest.approx(direction * after.mean - 0.001)
        # Gross figures do not depend on costs.
        assert (before.mean, before.p_value) == (after.mean, after.p_value)


def test_same_seed_same_numbers_and_results_per_horizon():
    close = random_walk(2000, 11)
    days = ma_cross_up_days(close)
    first = signal_stats(close, days, seed=5)
    assert first == signal_stats(close, days, seed=5)
    assert [s.horizon for s in first] == [5, 10, 20]
    assert [s.base_days for s in first] == [1995, 1990, 1980]


def test_fewer_than_twenty_signals_is_not_enough():
    close = random_walk(500, 1)
    stats = signal_stats(close, [30, 90, 150], horizons=[5])[0]
    assert stats.signals == 3 and not stats.enough
    assert stats.as_dict()["enough"] is False


def test_no_signals_and_out_of_range_days_give_empty_figures():
    close = random_walk(100, 2)
    (stats,) = signal_stats(close, [-3, 100, 250], horizons=[5])
    assert stats.signals == 0
    assert np.isnan(stats.mean) and np.isnan(stats.p_value)
    assert stats.base_days == 95


def test_a_horizon_gives_the_same_figures_alone_or_with_the_others():
    """The panel asks for 5, 10 and 20 days at once, the lab for one: they must agree."""
    close = random_walk(1200, 21)
    days = ma_cross_up_days(close)
    days = np.append(days, [1195, 1198])  # late signals only the short horizons can judge
    together = signal_stats(close, days)
    for alone_h, joint in zip([5, 10, 20], together, strict=True):
        assert signal_stats(close, days, horizons=[alone_h]) == [joint]


def test_no_edge_is_quiet_on_every_default_horizon():
    """The panel's own path (all three horizons in one call) is calibrated too."""
    quiet = {5: 0, 10: 0, 20: 0}
    for seed in range(60):
        close = random_walk(1500, 1000 + seed)
        for stats in signal_stats(close, ma_cross_up_days(close), n_boot=1000, seed=seed):
            quiet[stats.horizon] += stats.p_value > 0.05
    assert min(quiet.values()) >= 52, quiet
