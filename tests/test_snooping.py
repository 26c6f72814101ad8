"""indicators.library.snooping: Hansen's SPA over a signal's settings, through arch."""

import numpy as np

from indicators.library.snooping import edge_columns, spa_p_value


def test_edge_columns_average_to_each_settings_difference():
    """A column's mean is the signal's mean return minus every day's, in its direction."""
    rng = np.random.default_rng(1)
    returns = rng.normal(0, 0.02, 500)
    mask = rng.random(500) < 0.1
    (column,) = edge_columns(returns, [mask], -1).T
    assert abs(column.mean() + (returns[mask].mean() - returns.mean())) < 1e-12


def test_no_edge_is_not_significant_and_a_planted_one_is():
    """Noise gives a large p; one setting with a real edge among three gives a small one."""
    rng = np.random.default_rng(2)
    returns = rng.normal(0, 0.03, 3000)
    masks = [rng.random(3000) < 0.05 for _ in range(3)]
    assert spa_p_value(returns, masks, 1, 10, 500, 3) > 0.1
    edged = returns.copy()
    edged[masks[1]] += 0.03
    assert spa_p_value(edged, masks, 1, 10, 500, 3) < 0.01
    # The same edge is no edge for a sell signal.
    assert spa_p_value(edged, masks, -1, 10, 500, 3) > 0.1


def test_nothing_to_test_gives_nan():
    returns = np.zeros(100)
    assert np.isnan(spa_p_value(returns, [], 1, 5, 100, 0))
    assert np.isnan(spa_p_value(returns, [np.zeros(100, dtype=bool)], 1, 5, 100, 0))
