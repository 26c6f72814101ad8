"""K线训练营's game rules: next-open fills, costs, T+1 and the A股 price limits."""

import numpy as np
import pytest

from indicators.library.stats import Costs
from indicators.payloads import market_costs
from practice import engine

CN = Costs(market="cn", commission=0.00025, stamp_duty=0.0005, transfer_fee=0.00001)
US = Costs(market="us", commission=0.0001, stamp_duty=0.0, transfer_fee=0.0)


def bars(opens, closes, limit=None, prev_close=None):
    opens, closes = np.asarray(opens, float), np.asarray(closes, float)
    return engine.Bars.build(
        opens,
        np.maximum(opens, closes),
        np.minimum(opens, closes),
        closes,
        prev_close=closes[0] if prev_close is None else prev_close,
        limit=limit,
    )


def test_an_order_fills_at_the_next_bars_open():
    """A buy decided on day 0 fills at day 1's open, not day 0's close or day 1's close."""
    b = bars([10, 11, 12, 13], [10.5, 11.5, 12.5, 13.5])
    rules = engine.Rules.from_costs(
        Costs(market="us", commission=0, stamp_duty=0, transfer_fee=0), None
    )
    account = engine.open_account(b, 0, rules)
    turn = engine.step(account, engine.BUY, b, rules)
    assert (turn.fill_day, turn.price, turn.outcome) == (1, 11.0, "filled")
    engine.step(account, engine.SELL, b, rules)
    assert account.trades[-1].day == 2 and account.trades[-1].price == 12.0
    assert account.values[-1] == pytest.approx(12 / 11)


def test_cn_costs_charge_commission_transfer_fee_and_stamp_duty_on_the_sale():
    """A股: 佣金 and 过户费 both ways, 印花税 on the sale only."""
    b = bars([10, 10, 11, 11], [10, 10, 11, 11])
    rules = engine.Rules.from_costs(CN, 0.1)
    account = engine.replay("bs", b, 0, rules)
    expected = (11 / 10) * (1 - 0.00025 - 0.0005 - 0.00001) / (1 + 0.00025 + 0.00001)
    assert account.values[-1] == pytest.approx(expected, rel=1e-12)
    assert [t.cost for t in account.trades] == [pytest.approx(0.00026), pytest.approx(0.00076)]


def test_us_costs_are_commission_only_and_no_t_plus_one_or_limits():
    """美股: commission only, no T+1, no price limit."""
    rules = engine.Rules.from_costs(US, 0.1)
    assert (rules.buy_cost, rules.sell_cost, rules.t_plus_one, rules.limit) == (
        0.0001,
        0.0001,
        False,
        None,
    )
    b = bars([10, 10, 12, 12], [10, 10, 12, 12])
    account = engine.replay("bs", b, 0, rules)
    assert account.values[-1] == pytest.approx(1.2 * (1 - 0.0001) / (1 + 0.0001))


def test_costs_come_from_the_signal_statistics_settings(settings):
    """The trainer charges exactly what market_costs (the statistics' settings) says."""
    settings.SIGNAL_CN_STAMP_DUTY_RATE = 0.001
    settings.SIGNAL_CN_COMMISSION_RATE = 0.0003
    rules = engine.Rules.from_costs(market_costs("cn"), 0.1)
    assert rules.sell_cost == pytest.approx(0.0003 + 0.001 + 0.00001)
    assert rules.buy_cost == pytest.approx(0.0003 + 0.00001)


def test_t_plus_one_refuses_a_sale_filling_on_the_purchase_day_and_changes_nothing():
    """A sale that would fill on the purchase's fill day is refused (T+1); nothing changes."""
    b = bars([10] * 5, [10] * 5)
    rules = engine.Rules.from_costs(CN, 0.1)
    account = engine.replay("b", b, 0, rules)
    # The engine checks fill days: pretend the purchase filled on the day the sale would.
    account.bought_day = account.day + 1
    before = (account.shares, account.cash, len(account.turns), list(account.values))
    with pytest.raises(engine.Refusal) as refused:
        engine.step(account, engine.SELL, b, rules)
    assert refused.value.code == "t_plus_one" and "T+1" in refused.value.message
    assert (account.shares, account.cash, len(account.turns), account.values) == before


def test_a_sale_ordered_on_the_purchase_fill_day_fills_the_next_day():
    """Bought at day 1's open, sold when ordered on day 1: it fills at day 2, which T+1 allows."""
    b = bars([10, 10, 11, 12], [10, 10, 11, 12])
    rules = engine.Rules.from_costs(CN, 0.1)
    account = engine.replay("bs", b, 0, rules)
    assert [(t.side, t.day) for t in account.trades] == [("buy", 1), ("sell", 2)]


def test_us_allows_what_t_plus_one_forbids():
    """美股 has no T+1: the same sale is allowed."""
    b = bars([10] * 5, [10] * 5)
    rules = engine.Rules.from_costs(US, None)
    account = engine.replay("b", b, 0, rules)
    account.bought_day = account.day + 1
    assert engine.refusal(account, engine.SELL, rules) is None


@pytest.mark.parametrize(
    ("actions", "code"), [("bb", "holding"), ("s", "no_position"), ("bss", "no_position")]
)
def test_refused_orders_change_nothing(actions, code):
    """Buying twice or selling with nothing held is refused with a Chinese reason."""
    b = bars([10] * 6, [10] * 6)
    rules = engine.Rules.from_costs(CN, 0.1)
    account = engine.replay(actions[:-1], b, 0, rules)
    before = (account.shares, account.cash, len(account.turns))
    with pytest.raises(engine.Refusal) as refused:
        engine.step(account, actions[-1], b, rules)
    assert refused.value.code == code and "不能" in refused.value.message
    assert (account.shares, account.cash, len(account.turns)) == before


def test_no_purchase_at_an_opening_limit_up():
    """A buy into a +10% opening limit-up does not fill; the day passes, cash is kept."""
    b = bars([10, 11.0, 11.5], [10, 11.5, 11.5], limit=0.1)
    rules = engine.Rules.from_costs(CN, 0.1)
    account = engine.open_account(b, 0, rules)
    turn = engine.step(account, engine.BUY, b, rules)
    assert turn.outcome == "not_filled" and "涨停" in turn.message
    assert (account.holding, account.cash, account.day) == (False, 1.0, 1)


def test_no_sale_at_an_opening_limit_down():
    """A sale into a −10% opening limit-down does not fill; the position is kept."""
    b = bars([10, 10, 10, 9.0, 9.0], [10, 10, 10, 9.0, 9.0], limit=0.1)
    rules = engine.Rules.from_costs(CN, 0.1)
    account = engine.replay("bh", b, 0, rules)
    turn = engine.step(account, engine.SELL, b, rules)
    assert turn.outcome == "not_filled" and "跌停" in turn.message and account.holding


def test_twenty_percent_boards_allow_what_ten_percent_boards_stop():
    """A +10% open is a limit-up on a 10% board but tradable on a 20% board (科创板/创业板)."""
    assert bars([10, 11.0], [10, 11.0], limit=0.1).limit_up_open[1]
    b20 = bars([10, 11.0, 12.0], [10, 12.0, 12.0], limit=0.2)
    assert not b20.limit_up_open[1]
    assert bars([10, 12.0], [10, 12.0], limit=0.2).limit_up_open[1]
    assert bars([10, 8.0], [10, 8.0], limit=0.2).limit_down_open[1]


def test_stored_turns_replay_to_the_same_account():
    """The account is a pure function of the stored letters: replay twice, same values."""
    rng = np.random.default_rng(1)
    closes = 10 * np.cumprod(1 + rng.normal(0, 0.02, 40))
    b = bars(closes, closes)
    rules = engine.Rules.from_costs(CN, 0.1)
    one = engine.replay("hbhhshbhs" * 3, b, 0, rules)
    two = engine.replay("hbhhshbhs" * 3, b, 0, rules)
    assert one.values == two.values and one.trades == two.trades
