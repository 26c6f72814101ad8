"""The game's rules, as pure functions of the bars and the letters of the turns taken.

A turn is decided on day d, after its close, and fills at the open of day d + 1: the
first price anyone could have acted on. Purchases are all in, sales all out; fractional
shares (the result is a return, not a number of lots).

What is checked when the reader asks (nothing changes on a refusal): buying while
holding, selling with nothing held, and A股 T+1 (a sale must fill on a later day than the
purchase it sells; it is checked on fill days, so it holds for any fill timing).
What is judged at the fill, because the open is not yet known when the order is given:
an A股 purchase into an opening limit-up, or a sale into an opening limit-down, does not
fill. The day still passes: refusing at once would tell the reader tomorrow's open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

BUY, SELL, HOLD = "b", "s", "h"
ACTIONS = {"buy": BUY, "sell": SELL, "hold": HOLD}
ACTION_NAMES = {letter: name for name, letter in ACTIONS.items()}
ACTION_LABELS = {BUY: "买入", SELL: "卖出", HOLD: "观望"}
# Adjusted prices rarely land on the exact limit price (rounded to 分): an open within
# this fraction of the limit counts as at the limit.
LIMIT_TOLERANCE = 0.002


@dataclass(frozen=True)
class Rules:
    """How the series' market trades: "cn" (A股) or "us" (美股)."""

    market: str
    buy_cost: float  # fraction of the amount, on a purchase
    sell_cost: float  # fraction of the amount, on a sale
    t_plus_one: bool = False
    limit: float | None = None  # daily price limit (0.1 or 0.2), None where there is none

    @classmethod
    def from_costs(cls, costs, limit: float | None) -> Rules:
        """The rules of `costs.market`, with the same rates the signal statistics charge."""
        buy = costs.commission + costs.transfer_fee
        sell = costs.commission + costs.stamp_duty + costs.transfer_fee
        if costs.market == "us":
            return cls(market="us", buy_cost=buy, sell_cost=sell)
        return cls(market="cn", buy_cost=buy, sell_cost=sell, t_plus_one=True, limit=limit)


@dataclass(frozen=True)
class Bars:
    """A window's rebased bars, and which opens sat at a price limit."""

    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    limit_up_open: np.ndarray  # bool per bar: opened at the limit-up price
    limit_down_open: np.ndarray

    @classmethod
    def build(cls, open_, high, low, close, prev_close: float, limit: float | None) -> Bars:
        """`prev_close` is the close before the first bar, for the first bar's limit."""
        before = np.concatenate(([prev_close], close[:-1]))
        move = open_ / before - 1.0
        if limit is None:
            up = down = np.zeros(len(open_), dtype=bool)
        else:
            up = move >= limit - LIMIT_TOLERANCE
            down = move <= -limit + LIMIT_TOLERANCE
        return cls(open_, high, low, close, up, down)

    def __len__(self):
        return len(self.close)


@dataclass(frozen=True)
class Turn:
    number: int  # 1-based
    day: int  # the day the order was given (after its close)
    action: str  # b / s / h
    outcome: str  # "filled", "not_filled" or "hold"
    fill_day: int | None
    price: float | None
    message: str


@dataclass(frozen=True)
class Trade:
    day: int  # the fill day
    side: str  # "buy" / "sell"
    price: float
    cost: float  # fraction of the amount


@dataclass
class Account:
    """The state after some turns; `values[i]` is the value on day first_day + i."""

    first_day: int
    cash: float = 1.0
    shares: float = 0.0
    bought_day: int | None = None  # fill day of the position held
    turns: list[Turn] = field(default_factory=list)
    trades: list[Trade] = field(default_factory=list)
    values: list[float] = field(default_factory=list)

    @property
    def holding(self) -> bool:
        return self.shares > 0

    @property
    def day(self) -> int:
        """The current day: the last one whose bar is known."""
        return self.first_day + len(self.turns)


class Refusal(Exception):
    """An order refused before anything changed; `code` names the rule."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def refusal(account: Account, action: str, rules: Rules) -> Refusal | None:
    """Why `action` cannot be ordered now, or None."""
    if action == BUY and account.holding:
        return Refusal("holding", "你已经全仓持有，不能再买入（每次买入都用全部资金）。")
    if action == SELL and not account.holding:
        return Refusal("no_position", "你现在没有持仓，不能卖出。")
    if action == SELL and rules.t_plus_one and account.day + 1 <= account.bought_day:
        return Refusal(
            "t_plus_one",
            f"A股实行 T+1：第 {account.bought_day + 1} 天买入的股票，当天不能卖出，"
            "要到下一个交易日才能卖。",
        )
    return None


def value(account: Account, bars: Bars, day: int, rules: Rules) -> float:
    """What the account would be worth sold at `day`'s close, after the sale's costs."""
    return account.cash + account.shares * bars.close[day] * (1.0 - rules.sell_cost)


def open_account(bars: Bars, first_day: int, rules: Rules) -> Account:
    account = Account(first_day=first_day)
    account.values.append(value(account, bars, first_day, rules))
    return account


def step(account: Account, action: str, bars: Bars, rules: Rules) -> Turn:
    """Take one turn: check, fill at the next open, move to the next day. Raises Refusal."""
    day = account.day
    if day + 1 >= len(bars):
        raise Refusal("finished", "这一局已经走完最后一天。")
    if problem := refusal(account, action, rules):
        raise problem
    fill = day + 1
    number = len(account.turns) + 1
    if action == HOLD:
        turn = Turn(number, day, action, "hold", None, None, f"第 {fill + 1} 天：观望。")
    else:
        turn = _fill(account, action, fill, bars, rules, number)
    account.turns.append(turn)
    account.values.append(value(account, bars, fill, rules))
    return turn


def _fill(account: Account, action: str, fill: int, bars: Bars, rules: Rules, number) -> Turn:
    price = float(bars.open[fill])
    day = fill - 1
    if action == BUY and bars.limit_up_open[fill]:
        text = f"第 {fill + 1} 天开盘即涨停，买单没有成交（涨停板上排队买不进）。"
        return Turn(number, day, action, "not_filled", fill, None, text)
    if action == SELL and bars.limit_down_open[fill]:
        text = f"第 {fill + 1} 天开盘即跌停，卖单没有成交（跌停板上排队卖不出）。"
        return Turn(number, day, action, "not_filled", fill, None, text)
    if action == BUY:
        account.shares = account.cash / (price * (1.0 + rules.buy_cost))
        account.cash = 0.0
        account.bought_day = fill
        account.trades.append(Trade(fill, "buy", price, rules.buy_cost))
        text = f"第 {fill + 1} 天以开盘价 {price:.2f} 买入成交。"
    else:
        account.cash = account.shares * price * (1.0 - rules.sell_cost)
        account.shares = 0.0
        account.bought_day = None
        account.trades.append(Trade(fill, "sell", price, rules.sell_cost))
        text = f"第 {fill + 1} 天以开盘价 {price:.2f} 卖出成交。"
    return Turn(number, day, action, "filled", fill, price, text)


def replay(actions: str, bars: Bars, first_day: int, rules: Rules) -> Account:
    """The account after the stored turns (each was checked when it was taken)."""
    account = open_account(bars, first_day, rules)
    for action in actions:
        step(account, action, bars, rules)
    return account


def mechanical(actions: str, bars: Bars, first_day: int, rules: Rules) -> Account:
    """Like replay, but an order the rules refuse is simply not given (a mechanical
    rule's buy signal while holding, say)."""
    account = open_account(bars, first_day, rules)
    for action in actions:
        try:
            step(account, action, bars, rules)
        except Refusal:
            step(account, HOLD, bars, rules)
    return account
