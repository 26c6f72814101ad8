"""What a round is dealt: rebased prices, relative volume, the board's price limit."""

import numpy as np
import pytest

from indicators.prices import PriceTable
from practice import market
from practice.market import CONTEXT_BARS, HISTORY_BARS, daily_limit


def table(closes, first="2021-01-04", volume=None):
    closes = np.asarray(closes, dtype=float)
    dates = np.busday_offset(np.datetime64(first), np.arange(len(closes)), roll="forward")
    return PriceTable(
        dates=dates.astype("datetime64[D]"),
        open=closes.copy(),
        high=closes * 1.01,
        low=closes * 0.99,
        close=closes,
        volume=np.full(len(closes), 5000.0) if volume is None else np.asarray(volume, float),
    )


@pytest.mark.parametrize(
    ("symbol", "first", "limit"),
    [
        ("688001", "2019-08-01", 0.2),  # 科创板: 20% from its start
        ("300750", "2020-09-01", 0.2),  # 创业板 after its reform
        ("300750", "2019-09-02", 0.1),  # 创业板 before it
        ("600519", "2021-01-04", 0.1),  # 主板
    ],
)
def test_the_board_decides_the_limit(symbol, first, limit):
    """科创板 and reformed 创业板 symbols trade within 20%, the main board within 10%."""
    assert daily_limit(symbol, "cn", table(np.full(300, 10.0), first), 150) == limit


def test_without_a_board_symbol_the_moves_reveal_a_twenty_percent_board():
    """Two closes beyond ±10.5% before the window can only be a 20% board."""
    closes = np.full(300, 10.0)
    closes[50], closes[80] = 11.6, 13.5  # +16% and +16.4%
    assert daily_limit("ABC", "cn", table(closes), 150) == 0.2
    assert daily_limit("ABC", "cn", table(np.full(300, 10.0)), 150) == 0.1


def test_us_series_have_no_limit():
    """美股 have no daily price limit."""
    assert daily_limit("NVDA", "us", table(np.full(300, 10.0)), 150) is None


def test_prices_are_rebased_to_100_and_moves_kept():
    """The first visible close is 100; each bar keeps its percentage move."""
    rng = np.random.default_rng(2)
    closes = 37.5 * np.cumprod(1 + rng.normal(0, 0.02, 300))
    t = table(closes)
    dealt = market.deal_table(t, "600000", "cn", HISTORY_BARS, CONTEXT_BARS + 60)
    assert dealt.bars.close[0] == 100.0
    moves = dealt.bars.close[1:] / dealt.bars.close[:-1]
    real = closes[HISTORY_BARS + 1 : HISTORY_BARS + 80] / closes[HISTORY_BARS : HISTORY_BARS + 79]
    assert np.allclose(moves, real, rtol=1e-4)


def test_volume_is_relative_to_the_bars_before_the_window():
    """Volume shows as a multiple of the mean volume of the 20 bars before the window."""
    volume = np.full(300, 2000.0)
    volume[HISTORY_BARS + 3] = 5000.0
    dealt = market.deal_table(
        table(np.full(300, 10.0), volume=volume), "600000", "cn", HISTORY_BARS, 80
    )
    assert dealt.volume[0] == 1.0 and dealt.volume[3] == 2.5
    no_volume = market.deal_table(
        table(np.full(300, 10.0), volume=np.full(300, np.nan)), "600000", "cn", HISTORY_BARS, 80
    )
    assert np.isnan(no_volume.volume).all()


def _first_closes_on_the_grid(rebased: np.ndarray) -> np.ndarray:
    """The attack: every first close from ¥1.00 to ¥300.00 that maps all the rebased
    prices back onto whole 分 (to within the rebasing's own rounding)."""
    candidates = np.arange(100, 30001) / 100
    fen = np.outer(candidates, rebased)  # rebased × close / 100 yuan = × close 分
    return candidates[np.abs(fen - np.round(fen)).max(axis=1) < 0.06]


@pytest.mark.django_db
@pytest.mark.parametrize("first_close", [1.87, 3.27, 12.34, 57.8, 180.5])
@pytest.mark.parametrize("board", ["600000", "AAPL"])
def test_the_tick_grid_does_not_give_the_absolute_price_away(first_close, board):
    """Prices quoted in whole 分/cents: no first close puts the shown window back on the
    grid, so the absolute price cannot be solved for."""
    from tests.practice_helpers import make_series, round_on

    rng = np.random.default_rng(int(first_close * 100))
    closes = np.round(first_close * np.cumprod(1 + rng.normal(0, 0.015, 300)), 2)
    closes[HISTORY_BARS] = first_close
    market_code = "US" if board == "AAPL" else "SH"
    series = make_series(closes, symbol=board, market=market_code)
    t = series.table()  # make_series widens high and low off the grid: back on it
    t.high[:], t.low[:] = np.round(t.high, 2), np.round(t.low, 2)
    series.set_table(t)
    series.save()
    dealt = market.deal(round_on(series))
    shown = np.concatenate([dealt.bars.open, dealt.bars.high, dealt.bars.low, dealt.bars.close])
    assert dealt.bars.close[0] == 100.0
    assert first_close not in _first_closes_on_the_grid(shown)
    assert len(_first_closes_on_the_grid(shown)) == 0
