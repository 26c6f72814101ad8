"""The luck check: the reader's result among random traders who trade as often.

A random trader makes the same number of fills as the reader, on fill days drawn at
random from the window's days after the first (all distinct, so T+1 always holds),
alternately buying all in and selling all out, with the same costs; a position still
open at the end is valued sold at the last close, after costs, as the reader's is.
The A股 limits bind them as they bind the reader, and no more: no purchase fills at an
opening limit-up and no sale at an opening limit-down, but a purchase at an opening
limit-down (or a sale at a limit-up) does. Each trader's fill days are drawn uniformly
from every sequence those rules allow, by counting the allowed ways to finish from each
day. numpy, seeded per round, so a reveal always shows the same distribution.
"""

from __future__ import annotations

import numpy as np

# Only past this percentile (or below its mirror) is a result one luck rarely gives
# (a one-sided 5% test); in between, luck gives it often and the text says so.
RARE_PERCENTILE = 95.0


def random_returns(bars, first_day: int, fills: int, rules, n: int, seed: int) -> np.ndarray:
    """The final return of each of `n` random traders making `fills` fills."""
    days = np.arange(first_day + 1, len(bars))
    fills = min(fills, len(days))
    ways = _ways(bars, days, fills)
    if fills == 0 or ways[0, 0] == 0:
        return np.zeros(n)
    chosen = days[_draw(ways, n, np.random.default_rng(seed))]
    prices = bars.open[chosen]
    buys = prices[:, 0::2] * (1.0 + rules.buy_cost)
    sells = prices[:, 1::2] * (1.0 - rules.sell_cost)
    if fills % 2:  # still holding: valued at the last close, after the sale's costs
        last = np.full((n, 1), bars.close[-1] * (1.0 - rules.sell_cost))
        sells = np.concatenate((sells, last), axis=1)
    return np.prod(sells / buys, axis=1) - 1.0


def _ways(bars, days: np.ndarray, fills: int) -> np.ndarray:
    """ways[j, i]: how many allowed ways there are to make fills j.. on days[i:]. Even
    fills buy (refused at a limit-up open), odd ones sell (refused at a limit-down open).

    Counted as floats (up to C(140, 70) ~ 1e41): a suffix sum per fill, so the counts of
    late starts, which are tiny next to early ones, keep their precision.
    """
    allowed = (~bars.limit_up_open[days], ~bars.limit_down_open[days])  # buy, sell
    ways = np.zeros((fills + 1, len(days) + 1))
    ways[fills] = 1.0
    for j in range(fills - 1, -1, -1):
        here = allowed[j % 2] * ways[j + 1, 1:]
        ways[j, :-1] = np.cumsum(here[::-1])[::-1]
    return ways


def _draw(ways: np.ndarray, n: int, rng) -> np.ndarray:
    """Indices into `days` of each trader's fills, uniform over all allowed sequences.

    Fill j goes on day i (from the trader's next free day p on) with probability
    allowed(i) * ways[j + 1, i + 1] / ways[j, p]: ways[j] is nonincreasing, so the day is
    the last i whose ways[j, i] reaches a uniform point of (0, ways[j, p]].
    """
    fills = len(ways) - 1
    chosen = np.empty((n, fills), dtype=np.intp)
    free = np.zeros(n, dtype=np.intp)
    for j in range(fills):
        point = (1.0 - rng.random(n)) * ways[j, free]
        # searchsorted needs ascending values: the negated, nonincreasing counts.
        day = np.searchsorted(-ways[j, :-1], -point, side="right") - 1
        chosen[:, j] = day
        free = day + 1
    return chosen


def percentile(result: float, others: np.ndarray) -> float:
    """Share of random traders the result beats, in percent; ties count half."""
    if len(others) == 0:
        return 50.0
    worse = np.count_nonzero(others < result - 1e-12)
    tied = np.count_nonzero(np.abs(others - result) <= 1e-12)
    return float(100.0 * (worse + 0.5 * tied) / len(others))


def share_as_good(result: float, others: np.ndarray) -> float:
    """Percent of random traders who did at least as well (ties count fully): what the
    verdict is decided on, so that many exact ties never make a result look rare."""
    if len(others) == 0:
        return 100.0
    return float(100.0 * np.count_nonzero(others >= result - 1e-12) / len(others))


def share_as_bad(result: float, others: np.ndarray) -> float:
    """Percent of random traders who did at most as well (ties count fully)."""
    if len(others) == 0:
        return 100.0
    return float(100.0 * np.count_nonzero(others <= result + 1e-12) / len(others))


def signed_percent(value: float) -> str:
    return f"{value * 100:+.1f}%".replace("-", "−")


def sentence(result, pct, hold, rule, rule_label, fills, as_good=None, as_bad=None) -> str:
    """The reveal's verdict, which never calls a result skill when luck gives it often.

    `as_good`/`as_bad`: percent of random traders at least / at most as good (ties count
    fully); the verdict is decided on them, not on the percentile, where ties count half.
    """
    as_good = 100 - pct if as_good is None else as_good
    as_bad = pct if as_bad is None else as_bad
    parts = [f"你的收益 {signed_percent(result)}"]
    if fills == 0:
        parts.append("你全程观望，没有交易，无从和随机交易者比较")
    else:
        parts.append(f"好于 {pct:.0f}% 的随机交易者")
    parts.append(f"同期持有不动 {signed_percent(hold)}")
    parts.append(f"{rule_label} 机械交易 {signed_percent(rule)}")
    text = "，".join(parts[:2]) + "；" + "；".join(parts[2:]) + "。"
    if fills == 0:
        return text
    if as_good < 100 - RARE_PERCENTILE:
        return text + (
            f"随机交易者里只有约 {as_good:.0f}% 做得一样好或更好，单靠运气不常见；"
            "但这只是一局，要多练几局才看得出是不是真本事。"
        )
    if as_bad < 100 - RARE_PERCENTILE:
        return text + "比绝大多数随机交易者都差；不过也只是一局，先看看哪几笔拖累了结果。"
    return text + (
        f"随机交易者中有约 {as_good:.0f}% 做得一样好或更好：这样的结果运气常常就能给，"
        "还说明不了水平。"
    )
