"""The luck check and the reveal: random traders on a hand-built window, the verdict's
wording, buy-and-hold and the textbook rule traded with the same fills and costs."""

import numpy as np
import pytest

from indicators.formulas import compute
from indicators.library.crossings import detect
from indicators.library.registry import indicator_settings
from indicators.library.stats import Costs
from practice import engine, luck, market, rounds
from practice.market import CONTEXT_BARS, HISTORY_BARS
from tests.practice_helpers import HOST, make_series, post, round_on, turn

FREE = Costs(market="us", commission=0.0, stamp_duty=0.0, transfer_fee=0.0)


def step_bars(m: int, jump: int):
    """Day 0 and `m` tradable days after it; every open from tradable day `jump` on is
    110 instead of 100."""
    opens = np.where(np.arange(m + 1) > jump, 110.0, 100.0)
    return engine.Bars.build(opens, opens, opens, opens, prev_close=100.0, limit=None)


def test_the_percentile_matches_the_hand_computed_share_of_random_traders():
    """A share a·b / C(m, 2) of two-fill traders catch the jump; +10% sits at the mid-rank."""
    m, jump = 60, 30
    bars = step_bars(m, jump)
    rules = engine.Rules.from_costs(FREE, None)
    others = luck.random_returns(bars, 0, 2, rules, 4000, seed=7)
    assert set(np.round(others, 9)) == {0.0, 0.1}
    lucky = jump * (m - jump) / (m * (m - 1) / 2)
    assert np.mean(np.isclose(others, 0.1)) == pytest.approx(lucky, abs=0.03)
    expected = 100 * ((1 - lucky) + lucky / 2)
    assert luck.percentile(0.1, others) == pytest.approx(expected, abs=2.0)
    assert luck.percentile(0.0, others) == pytest.approx(100 * (1 - lucky) / 2, abs=2.0)


def test_random_traders_pay_the_same_costs_and_hold_an_odd_fill_to_the_end():
    """Flat prices: a round trip, or one fill held to the end, loses exactly the costs."""
    bars = step_bars(40, 100)  # no jump: flat at 100
    costs = Costs(market="cn", commission=0.001, stamp_duty=0.002, transfer_fee=0.0)
    rules = engine.Rules.from_costs(costs, None)
    two = luck.random_returns(bars, 0, 2, rules, 500, seed=1)
    assert np.allclose(two, (1 - 0.003) / (1 + 0.001) - 1)
    one = luck.random_returns(bars, 0, 1, rules, 500, seed=1)
    assert np.allclose(one, (1 - 0.003) / (1 + 0.001) - 1)
    assert np.array_equal(luck.random_returns(bars, 0, 0, rules, 10, seed=1), np.zeros(10))


def test_random_traders_are_seeded():
    """The same round shows the same distribution every time."""
    bars = step_bars(60, 20)
    rules = engine.Rules.from_costs(FREE, None)
    first = luck.random_returns(bars, 0, 4, rules, 1000, seed=3)
    assert np.array_equal(first, luck.random_returns(bars, 0, 4, rules, 1000, seed=3))


@pytest.mark.parametrize("pct", [50.0, 71.0, 95.0])
def test_a_result_luck_gives_often_is_never_called_skill(pct):
    """Up to the 95th percentile the sentence says luck often gives as much."""
    text = luck.sentence(0.082, pct, 0.121, -0.034, "MACD", 4)
    assert f"好于 {pct:.0f}% 的随机交易者" in text and "运气常常就能给" in text
    assert "不常见" not in text and "本事" not in text
    assert "同期持有不动 +12.1%" in text and "MACD 机械交易 −3.4%" in text


def test_only_a_rare_result_is_called_unlikely_luck_and_still_only_one_round():
    """Above the 95th percentile: luck rarely gives it, and it is still only one round."""
    text = luck.sentence(0.3, 97.5, 0.05, 0.01, "RSI", 6)
    assert "单靠运气不常见" in text and "只是一局" in text


@pytest.mark.django_db
def test_the_reveal_shows_the_stock_buy_and_hold_and_the_textbook_rule(client):
    """The reveal names stock and dates; buying at once equals buy-and-hold; the lab link fits."""
    rng = np.random.default_rng(5)
    size = HISTORY_BARS + CONTEXT_BARS + 60
    closes = 20 * np.cumprod(1 + rng.normal(0.001, 0.02, size))
    series = make_series(closes, symbol="600001", name="测试股份")
    settings = indicator_settings("macd", {}, "cn")
    round_ = round_on(series, settings=settings)
    turn(client, round_.id, 1, "buy")
    body = post(client, f"/practice/api/rounds/{round_.id}/stop/", {}).json()
    reveal = body["reveal"]
    assert (reveal["symbol"], reveal["name"]) == ("600001", "测试股份")
    dates = series.table().dates[HISTORY_BARS : HISTORY_BARS + CONTEXT_BARS + 1]
    assert reveal["dates"] == [str(d) for d in dates]
    # Stopped after one turn: reader and buy-and-hold bought at the same open.
    assert reveal["reader"]["return"] == pytest.approx(reveal["hold"]["return"])
    assert reveal["lab_url"] == "/indicators/lab/?signal=macd.golden_cross"
    assert "你的收益" in reveal["luck"]["sentence"] and reveal["luck"]["traders"] >= 1000


@pytest.mark.django_db
def test_the_textbook_rule_buys_and_sells_at_the_open_after_its_signals(client):
    """Each rule trade fills the day after a MACD cross, with the round's costs."""
    settings = indicator_settings("macd", {}, "cn")
    start = market.first_start(settings)
    days = np.arange(start + CONTEXT_BARS + 120)
    closes = 50 + 8 * np.sin(days / 5.0) + days * 0.01
    series = make_series(closes, symbol="600002")
    round_ = round_on(series, length=120, settings=settings, start=start)
    for number in range(1, 121):
        turn(client, round_.id, number, "hold")
    reveal = client.get(f"/practice/api/rounds/{round_.id}/reveal/", **HOST).json()
    trades = reveal["rule"]["trades"]
    assert len(trades) >= 4
    dealt = rounds.dealt_of(rounds.live(round_.id))
    outputs = compute(settings, dealt.history)
    crosses = {
        s["index"] - start: s["kind"]
        for s in detect(settings, None, dealt.history["close"], outputs)
    }
    for trade in trades:
        kind = crosses.get(trade["day"] - 1)
        assert kind, trade
        assert (trade["side"], kind) in {("buy", "golden_cross"), ("sell", "death_cross")}
        assert trade["price"] == dealt.bars.open[trade["day"]]
    assert reveal["reader"]["trades"] == [] and "全程观望" in reveal["luck"]["sentence"]


def test_many_exact_ties_never_make_a_result_look_rare():
    """7% of random traders tie the reader exactly and none beat them: the percentile (ties
    half) is above 95, yet luck matched the result 7% of the time, so it is not called rare."""
    others = np.concatenate([np.full(930, -0.02), np.full(70, 0.05)])
    pct = luck.percentile(0.05, others)
    assert pct > luck.RARE_PERCENTILE
    as_good = luck.share_as_good(0.05, others)
    assert as_good == pytest.approx(7.0)
    text = luck.sentence(0.05, pct, 0.0, 0.0, "MACD", 2, as_good, luck.share_as_bad(0.05, others))
    assert "不常见" not in text and "约 7% 做得一样好或更好" in text


def test_random_traders_meet_the_limits_only_on_the_refused_side():
    """An opening limit-down refuses a sale, not a purchase; a limit-up refuses a purchase,
    not a sale. Random two-fill traders are spread evenly over exactly the allowed pairs."""
    rng = np.random.default_rng(11)
    opens = np.round(100 + rng.normal(0, 3, 9), 3)  # day 0 and eight fill days
    down = np.zeros(9, dtype=bool)
    up = np.zeros(9, dtype=bool)
    down[3], up[6] = True, True
    bars = engine.Bars(opens, opens, opens, opens, up, down)
    rules = engine.Rules.from_costs(FREE, 0.1)
    allowed = {
        round(opens[sell] / opens[buy] - 1, 9)
        for buy in range(1, 9)
        for sell in range(buy + 1, 9)
        if not up[buy] and not down[sell]
    }
    # 28 pairs, less two sales on day 3 and two purchases on day 6; buying on day 3 and
    # selling on day 6 stay allowed.
    assert len(allowed) == 24
    others = np.round(luck.random_returns(bars, 0, 2, rules, 20_000, seed=5), 9)
    values, counts = np.unique(others, return_counts=True)
    assert set(values) == allowed
    assert counts.min() / len(others) == pytest.approx(1 / len(allowed), rel=0.2)
    assert counts.max() / len(others) == pytest.approx(1 / len(allowed), rel=0.2)
