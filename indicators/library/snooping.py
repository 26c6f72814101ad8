"""Data snooping: does the best of several settings beat random entry on one series?

Trying a signal at several settings and reporting the best one finds "edges" by luck.
Hansen's test for Superior Predictive Ability (SPA, 2005), the refinement of White's
Reality Check that Sullivan, Timmermann & White (1999) applied to technical trading rules,
answers the question for the whole set at once. arch's implementation does the work.

Each setting k becomes a series whose mean is its edge over random entry: on signal days
d · (r_t − r̄) · T / N_k, zero elsewhere (d the signal's side, r_t the trade's return,
r̄ the mean over every eligible day, N_k the setting's signal count). The benchmark,
random entry, has no edge by construction. The series are summed over non-overlapping
periods as long as the holding horizon: means are kept, overlapping trades no longer sit
in neighbouring rows, and the test runs in milliseconds instead of seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from arch.bootstrap import SPA


def edge_columns(returns: np.ndarray, signals: Sequence[np.ndarray], direction: int):
    """(T, k) matrix of each setting's per-day edge over random entry (NaN-free)."""
    centred = direction * (returns - returns.mean())
    columns = []
    for mask in signals:
        count = int(mask.sum())
        columns.append(np.where(mask, centred, 0.0) * (len(returns) / count if count else 0.0))
    return np.column_stack(columns)


def spa_p_value(
    returns: np.ndarray,
    signals: Sequence[np.ndarray],
    direction: int,
    horizon: int,
    reps: int,
    seed: int,
) -> float:
    """Hansen's consistent SPA p-value for "the best setting has no edge".

    `returns` are every eligible day's trade returns, `signals` one boolean mask per
    setting over the same days. NaN when no setting has a signal.
    """
    if not signals or not any(mask.any() for mask in signals) or len(returns) < 4 * horizon:
        return np.nan
    edges = edge_columns(returns, signals, direction)
    periods = len(edges) // horizon
    summed = edges[: periods * horizon].reshape(periods, horizon, -1).sum(axis=1)
    if not np.isfinite(summed).all() or not (summed.std(axis=0) > 0).any():
        return np.nan  # nothing varies (or a price is missing): no test to run
    test = SPA(
        np.zeros(periods),
        -summed,  # losses: a setting with an edge has a lower loss than random entry
        block_size=max(2, round(periods ** (1 / 3))),
        reps=reps,
        bootstrap="circular",
        seed=seed,
    )
    test.compute()
    return float(test.pvalues["consistent"])
