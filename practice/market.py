"""The bars a round is dealt: where windows may start, rebasing, limits, the indicator.

Nothing here leaves the server as is: the public state (practice.rounds) takes only the
rebased bars up to the current day, and the reveal adds the symbol and dates.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from indicators.formulas import compute
from indicators.library.crossings import detect
from indicators.library.registry import indicator_settings
from indicators.library.spec import IndicatorSettings
from indicators.models import PriceSeries
from indicators.payloads import market_costs
from practice import ticks
from practice.engine import Bars, Rules

HISTORY_BARS = 120  # at least this many bars before the window: the indicator's warm-up
CONTEXT_BARS = 20  # visible before the first decision, so the chart is not one candle
VOLUME_BASE_BARS = 20  # volume is shown relative to the mean of the bars before the window
LENGTHS = (60, 120)
PRICE_DECIMALS = 3
# 科创板 (688/689) always, 创业板 (300/301) since its reform: 20% limits.
_TWENTY_PERCENT_BOARDS = re.compile(r"(688|689|300|301)\d{3}")
_CHINEXT_REFORM = np.datetime64("2020-08-24")


@dataclass(frozen=True, kw_only=True)
class RoundSettings(IndicatorSettings):
    """An indicator's checked settings, with the warm-up worked out once: signal detection
    asks for it once per crossing, and a turn scans thousands of bars."""

    @cached_property
    def warmup(self) -> int:
        return self.spec.warmup(self.params, self.convention)


def checked_settings(indicator: str, params=None, convention: str = "cn") -> RoundSettings:
    """The indicator API's own validation (ParamError on a bad value)."""
    return indicator_settings(indicator, params, convention, cls=RoundSettings)


def first_start(settings) -> int:
    """The earliest window start for an indicator (None: the textbook rule's MACD): enough
    history for its warm-up, so its values and signals in the window are settled."""
    from practice.reveal import rule_settings_for  # the rule traded when none is shown

    return max(HISTORY_BARS, rule_settings_for(settings).warmup)


def bars_needed(length: int, start: int = HISTORY_BARS) -> int:
    return start + CONTEXT_BARS + length


@lru_cache(maxsize=32)
def _table(series_id: int, digest: str):
    """The series' bars, kept per process: a turn must not unpack the blob again."""
    return PriceSeries.objects.get(pk=series_id, digest=digest).table()


def table_of(series_id: int, digest: str):
    """The bars the round was dealt, or None when the series has changed since."""
    try:
        return _table(series_id, digest)
    except PriceSeries.DoesNotExist:
        return None


@lru_cache(maxsize=32)
def _dithered(series_id: int, digest: str) -> dict:
    return ticks.dithered(_table(series_id, digest), HISTORY_BARS)


def daily_limit(symbol: str, market: str, table, start: int) -> float | None:
    """The A股 daily limit for a window starting at bar `start`: the board's rule where the
    symbol names the board, else read from the moves before the window (two or more
    closes beyond ±10.5% mean a 20% board)."""
    if market == "us":
        return None
    if _TWENTY_PERCENT_BOARDS.fullmatch(symbol):
        chinext = symbol.startswith("3")
        return 0.2 if not chinext or table.dates[start] >= _CHINEXT_REFORM else 0.1
    close = table.close[: start + 1]
    moves = np.abs(close[1:] / close[:-1] - 1.0)
    return 0.2 if np.count_nonzero((moves > 0.105) & (moves < 0.21)) >= 2 else 0.1


@dataclass(frozen=True)
class Dealt:
    """A round's window, rebased so that its first close is 100."""

    start: int
    size: int  # bars in the window: CONTEXT_BARS + length
    scale: float  # rebased = absolute × scale
    rules: Rules
    bars: Bars
    volume: np.ndarray  # relative units (mean of the bars before the window = 1)
    history: dict  # rebased open/high/low/close from the series' first bar to the window's end


def deal(round_) -> Dealt | None:
    """The window of a stored round, or None when its prices have changed since."""
    table = table_of(round_.series_id, round_.digest)
    if table is None:
        return None
    series = round_.series  # loaded without its bars (rounds.live defers them)
    size = CONTEXT_BARS + round_.length
    prices = _dithered(round_.series_id, round_.digest)
    return deal_table(table, series.symbol, series.trading_market, round_.start, size, prices)


def deal_table(table, symbol: str, market: str, start: int, size: int, prices=None) -> Dealt:
    """`size` bars of `table` from bar `start`, rebased, with the market's rules. The
    prices shown and traded are `prices` (practice.ticks: the table's, off the tick grid);
    which opens sat at a price limit is read from the table's own."""
    end = start + size
    prices = prices or table.ohlc()
    scale = 100.0 / float(prices["close"][start])
    history = {key: np.round(v[:end] * scale, PRICE_DECIMALS) for key, v in prices.items()}
    base = table.volume[max(start - VOLUME_BASE_BARS, 0) : start]
    base = float(np.nanmean(base)) if np.isfinite(base).any() else np.nan
    volume = table.volume[start:end] / base if base and np.isfinite(base) else np.full(size, np.nan)
    limit = daily_limit(symbol, market, table, start)
    exact = {key: values[start - 1 : end] for key, values in table.ohlc().items()}
    flags = Bars.build(**_renamed(exact), prev_close=np.nan, limit=limit)
    window = {key: values[start:end] for key, values in history.items()}
    bars = dataclasses.replace(
        flags,
        **window,
        limit_up_open=flags.limit_up_open[1:],
        limit_down_open=flags.limit_down_open[1:],
    )
    rules = Rules.from_costs(market_costs(market), limit)
    return Dealt(start, size, scale, rules, bars, np.round(volume, 3), history)


def _renamed(window: dict) -> dict:
    return {
        "open_": window["open"],
        "high": window["high"],
        "low": window["low"],
        "close": window["close"],
    }


def indicator_view(settings, dealt: Dealt, day: int) -> tuple[dict, list[dict]]:
    """The indicator's values and signals for window days 0..day, computed on every bar
    from the series' start up to `day` and none after (warm-up is real; no peeking)."""
    upto = dealt.start + day + 1
    known = {key: values[:upto] for key, values in dealt.history.items()}
    outputs = compute(settings, known)
    found = detect(settings, None, known["close"], outputs)
    values = {key: np.round(series[dealt.start : upto], 4) for key, series in outputs.items()}
    signals = [
        {"day": s["index"] - dealt.start, "kind": s["kind"], "text": s["text"]}
        for s in found
        if s["index"] >= dealt.start
    ]
    return values, signals
