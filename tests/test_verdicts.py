"""indicators.library.verdicts: Holm's correction, the three-part verdict and its sentence."""

import math

import numpy as np
import pytest

from indicators.library.stats import HorizonStats
from indicators.library.verdicts import holm, judge_family, luck_text, summary, verdict


def figures(**changes) -> HorizonStats:
    base = {
        "horizon": 10, "entry": "next_open", "signals": 40, "episodes": 30, "rise_share": 0.6,
        "mean": 0.02,
        "median": 0.01, "base_days": 1000, "base_rise_share": 0.5, "base_mean": 0.005,
        "base_median": 0.004, "difference": 0.015, "ci_low": 0.004, "ci_high": 0.026,
        "p_value": 0.004, "net_mean": 0.019, "base_net_mean": 0.004,
    }  # fmt: skip
    return HorizonStats(**(base | changes))


def test_holm_by_hand():
    """Sorted p times the number of remaining tests, kept monotone and capped at 1."""
    assert holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert holm([0.3, 0.9]) == pytest.approx([0.6, 0.9])
    adjusted = holm([0.02, math.nan, 0.01])
    assert math.isnan(adjusted[1]) and adjusted[0] == pytest.approx(0.02)
    assert holm([]) == []


def test_better_needs_the_interval_the_adjusted_p_and_the_costs():
    """Every condition of a "better" verdict is necessary."""
    assert verdict(figures(), 1, 0.01) == "better"
    assert verdict(figures(), 1, 0.06) == "no_edge"  # the correction undoes it
    assert verdict(figures(ci_low=-0.0006), 1, 0.01) == "no_edge"  # interval includes 0
    assert verdict(figures(net_mean=-0.001), 1, 0.01) == "no_edge"  # costs eat it
    assert verdict(figures(signals=19), 1, 0.001) == "too_few"
    bunched = figures(signals=24, episodes=3)  # three bursts of eight days
    assert verdict(bunched, 1, 0.001) == "too_few"
    assert "3 段行情" in summary("too_few", bunched, 1)


def test_a_sell_signal_is_better_when_prices_fell_more():
    """Direction −1: the interval must lie below zero; the same figures are worse for a buy."""
    falling = figures(difference=-0.015, ci_low=-0.026, ci_high=-0.004, net_mean=0.01)
    assert verdict(falling, -1, 0.01) == "better"
    assert verdict(falling, 1, 0.01) == "worse"


def test_sentences_name_the_action_and_avoid_signs():
    """The reader gets plain words: 买入 for a buy signal, 卖出 for a sell signal."""
    assert "卖出" in summary("better", figures(), -1) and "但这只说明过去" in summary(
        "better", figures(), -1
    )
    assert summary("no_edge", figures(p_value=0.4), 1) == "没有证据表明它比随便哪天买入更好。"
    assert "样本太少" in summary("too_few", figures(signals=3), 1)
    assert "校正或扣除成本后不成立" in summary("no_edge", figures(), 1)
    for name in ("worse", "no_edge", "too_few"):  # 好于 only with a "better" verdict
        assert "好于" not in summary(name, figures(), 1)
    for name in ("better", "worse", "no_edge", "too_few"):
        assert "-" not in summary(name, figures(), -1)


def test_a_family_is_judged_at_its_adjusted_p_and_counts_only_real_tests():
    """Rows with too few signals are not tests; the rest share one Holm family."""
    rows = [(figures(p_value=0.02), 1), (figures(p_value=0.03), 1), (figures(signals=5), 1)]
    judged = judge_family(rows)
    assert [row["family_size"] for row in judged] == [2, 2, 2]
    assert judged[0]["p_adjusted"] == pytest.approx(0.04)
    assert judged[1]["p_adjusted"] == pytest.approx(0.04)
    assert np.isnan(judged[2]["p_adjusted"]) and judged[2]["verdict"] == "too_few"
    assert {row["verdict"] for row in judged[:2]} == {"better"}


def test_the_luck_sentence_uses_the_level_of_the_test_used():
    """12 tests: about 0.3 false "better" rows on average (2.5% each), 0.6 at most (5%)."""
    text = luck_text(12, "本面板")
    assert "12 项检验" in text and "平均约 0.3 项" in text and "至多约 0.6 项" in text
    assert "Holm" in text
    assert "没有一项" in luck_text(0, "本页")
