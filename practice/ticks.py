"""Hide the price grid, which would otherwise give the absolute price away.

Quotes move in ticks (分, cents), so rebased prices of a ¥12.34 stock are all multiples
of 100 / 12.34 to within rounding: trying every first close in cents finds the one that
puts the whole window back on the grid, and with it the absolute price (we measured it
recovering the first close exactly for stocks up to about ¥60). Every price but the
first close therefore gets up to half a tick of noise, fixed per series and bar by a
keyed seed: the same on every server and in every window, so it cannot be averaged away
over many rounds. The seed is read from the series' first bars, which precede every
window, so the noise of a day never depends on the bars after it. The game is played on
these prices throughout (fills, the textbook rule and the random traders alike).
Percentage moves change by at most half a tick.
"""

from __future__ import annotations

import numpy as np
from django.utils.crypto import salted_hmac

TICK = 0.01  # the quote step of both markets, in the series' price units


def dithered(table, head: int) -> dict[str, np.ndarray]:
    """The table's open/high/low/close, each moved by a keyed uniform ±TICK/2, with high
    and low widened again to contain the bar's open and close. `head`: how many first
    bars seed the noise (no window starts before them)."""
    key = table.dates[:head].tobytes() + table.close[:head].tobytes()
    seed = int(salted_hmac("practice.ticks", key, algorithm="sha256").hexdigest()[:16], 16)
    noise = np.random.default_rng(seed).uniform(-TICK / 2, TICK / 2, size=(4, len(table.close)))
    exact = table.ohlc()
    moved = {key: exact[key] + noise[i] for i, key in enumerate(("open", "high", "low", "close"))}
    body = np.maximum(moved["open"], moved["close"])
    moved["high"] = np.maximum(moved["high"], body)
    moved["low"] = np.minimum(moved["low"], np.minimum(moved["open"], moved["close"]))
    # Prices stay positive however small the quote.
    return {key: np.maximum(values, TICK / 10) for key, values in moved.items()}
