"""From figures to a verdict a statistician would sign, in one plain sentence.

A page that runs many tests will find "winners" by luck. Every page therefore names its
family of tests and corrects for it with Holm's step-down method, which keeps the chance
of even one false verdict in the family at or below 5% whatever the tests' dependence.

A row is ``better`` only when all three hold:
* its 95% interval excludes zero on the signal's side (a buy signal followed by more rise
  than the average day, a sell signal by more fall);
* its Holm-adjusted p-value is below 5%;
* acting on it still gains after costs.
It is ``worse`` when the interval and the adjusted p show the opposite side, ``too_few``
below MIN_SIGNALS signals, and ``no_edge`` otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from indicators.library.stats import MIN_EPISODES, MIN_SIGNALS, SIGNIFICANCE, HorizonStats

VERDICTS = ("better", "worse", "no_edge", "too_few")
# "better" is one side of a two-sided 5% test. With no edge a false "better" comes up about
# half as often as that (2.5%) on average, but h-day returns are skewed, so for some rules
# (sell signals over 20 days) nearly every false rejection falls on the "better" side:
# the level a page can promise for one test is the whole 5% (bench/calibration.py).
TYPICAL_FALSE_BETTER = SIGNIFICANCE / 2
NOMINAL_FALSE_BETTER = SIGNIFICANCE


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (NaN stays NaN and is not counted)."""
    p = np.asarray(p_values, dtype=np.float64)
    tested = np.flatnonzero(np.isfinite(p))
    adjusted = np.full(len(p), np.nan)
    if len(tested) == 0:
        return adjusted.tolist()
    order = tested[np.argsort(p[tested], kind="stable")]
    size = len(order)
    steps = p[order] * (size - np.arange(size))
    adjusted[order] = np.minimum(np.maximum.accumulate(steps), 1.0)
    return adjusted.tolist()


def verdict(stats: HorizonStats, direction: int, p_adjusted: float) -> str:
    if not stats.enough or not np.isfinite(p_adjusted):
        return "too_few" if not stats.enough else "no_edge"
    low, high = sorted((direction * stats.ci_low, direction * stats.ci_high))
    if p_adjusted < SIGNIFICANCE and low > 0 and stats.net_mean > 0:
        return "better"
    if p_adjusted < SIGNIFICANCE and high < 0:
        return "worse"
    return "no_edge"


def summary(verdict_name: str, stats: HorizonStats, direction: int) -> str:
    """One sentence a reader can act on, worded by the signal's side (no sign puzzles)."""
    act = "买入" if direction > 0 else "卖出"
    if verdict_name == "too_few" and stats.signals >= MIN_SIGNALS:
        return (
            f"样本太少，无法下结论：{stats.signals} 次信号扎堆落在 {stats.episodes} 段行情里，"
            f"至少要 {MIN_EPISODES} 段互不重叠的行情。"
        )
    if verdict_name == "too_few":
        return f"样本太少，无法下结论（只有 {stats.signals} 次信号，至少要 {MIN_SIGNALS} 次）。"
    if verdict_name == "better":
        return (
            f"在这只股票的这段历史里，见到信号就{act}好于随便哪天{act}（扣费后），"
            "但这只说明过去，不代表将来。"
        )
    if verdict_name == "worse":
        return f"在这只股票的这段历史里，见到信号就{act}反而不如随便哪天{act}。"
    if direction * stats.difference > 0 and stats.p_value < SIGNIFICANCE:
        return (
            f"单看这一项，p 值较小，但经多重检验校正或扣除成本后不成立：没有证据表明它比"
            f"随便哪天{act}更好。"
        )
    return f"没有证据表明它比随便哪天{act}更好。"


def judged(stats: HorizonStats, direction: int, p_adjusted: float, family_size: int) -> dict:
    """The row as the API and the pages show it."""
    name = verdict(stats, direction, p_adjusted)
    return stats.as_dict() | {
        "p_adjusted": p_adjusted,
        "family_size": family_size,
        "verdict": name,
        "summary": summary(name, stats, direction),
    }


def judge_family(rows: Sequence[tuple[HorizonStats, int]]) -> list[dict]:
    """Holm over every row with enough signals; each row judged at its adjusted p.

    `rows` are (stats, direction) pairs. Rows with too few signals are not tests.
    """
    tested = [s.p_value if s.enough else np.nan for s, _ in rows]
    adjusted = holm(tested)
    size = family_size(rows)
    return [
        judged(stats, direction, p, size)
        for (stats, direction), p in zip(rows, adjusted, strict=True)
    ]


def family_size(rows: Sequence[tuple[HorizonStats, int]]) -> int:
    return sum(1 for s, _ in rows if s.enough and np.isfinite(s.p_value))


def luck_text(size: int, what: str) -> str:
    """How many tests a page ran and what luck alone would give, for the test used."""
    if size == 0:
        return f"{what}没有一项的信号次数够做检验。"
    typical, most = size * TYPICAL_FALSE_BETTER, size * NOMINAL_FALSE_BETTER
    return (
        f"{what}共做了 {size} 项检验。若信号全都无效，不加校正时平均约 {typical:.1f} 项会碰巧"
        f"显得“更好”（收益分布偏斜时至多约 {most:.1f} 项）；这里已按 Holm 方法校正，"
        f"全部 {size} 项中出现任何一个误判的机会不超过 {SIGNIFICANCE:.0%}。"
    )
