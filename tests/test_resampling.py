"""indicators.library.resampling: the fast block bootstrap against arch's reference one."""

import numpy as np
from arch.bootstrap import CircularBlockBootstrap

from indicators.library.resampling import BlockDraws, block_length, bootstrap_difference


def clustered_data(seed=0, days=1500):
    """Volatility in regimes, and signals that fire mostly in the volatile ones."""
    rng = np.random.default_rng(seed)
    scale = np.repeat(rng.choice([0.01, 0.04], size=days // 50), 50)
    returns = rng.normal(0, scale)
    signal = rng.random(days) < np.where(scale > 0.02, 0.08, 0.01)
    return returns, signal


def test_block_sums_equal_the_day_by_day_sums():
    """A resample's sum over its blocks is the sum over the days those blocks cover."""
    values = np.arange(10, dtype=float) ** 2
    draws = BlockDraws(10, 3, 5, seed=1)
    for row, starts in enumerate(draws.starts.T):
        days = np.concatenate([(start + np.arange(3)) % 10 for start in starts])
        assert draws.sums(values)[row] == values[days].sum()


def test_spread_matches_arch_circular_block_bootstrap():
    """The difference's resampled spread agrees with arch's CircularBlockBootstrap."""
    returns, signal = clustered_data()
    block = block_length(10, len(returns))

    def difference(r, s):
        return r[s].mean() - r.mean()

    reference = CircularBlockBootstrap(block, returns, signal, seed=3)
    arch_spread = reference.apply(difference, 2000).std()
    draws = BlockDraws(len(returns), block, 2000, seed=3)
    n_signal = draws.sums(signal.astype(float))
    ours = draws.sums(returns * signal) / n_signal - draws.sums(returns) / draws.length
    assert abs(ours.std() / arch_spread - 1) < 0.08


def test_the_null_is_wider_for_signals_that_seek_volatility():
    """Uniform random days would understate the noise of volatility-seeking signals."""
    returns, signal = clustered_data(seed=4)
    draws = BlockDraws(len(returns), 20, 2000, seed=5)
    result = bootstrap_difference(returns, signal, draws, draws.sums(returns))
    half_width = (result.ci_high - result.ci_low) / 2
    uniform = returns.std() / np.sqrt(signal.sum()) * 1.96
    assert half_width > 1.3 * uniform


def test_draws_are_seeded_by_the_shape_alone():
    """The same days, block and seed give the same starts; another seed does not."""
    first, again = BlockDraws(500, 10, 50, seed=9), BlockDraws(500, 10, 50, seed=9)
    assert (first.starts == again.starts).all()
    assert not (first.starts == BlockDraws(500, 10, 50, seed=8).starts).all()
