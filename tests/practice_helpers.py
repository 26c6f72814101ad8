"""Hand-built price series and API shortcuts for the K线训练营 tests."""

import json

import numpy as np

from indicators.models import PriceSeries
from indicators.prices import PriceTable
from practice import rounds
from practice.market import CONTEXT_BARS, HISTORY_BARS

HOST = {"HTTP_HOST": "127.0.0.1"}


def make_series(closes, *, opens=None, symbol="600000", name="测试银行", market="SH", volume=None):
    """A PriceSeries from closes (opens default to the previous close), business days
    from 2015-01-05."""
    closes = np.asarray(closes, dtype=np.float64)
    opens = (
        np.concatenate(([closes[0]], closes[:-1])) if opens is None else np.asarray(opens, float)
    )
    dates = np.busday_offset(np.datetime64("2015-01-05"), np.arange(len(closes)), roll="forward")
    table = PriceTable(
        dates=dates.astype("datetime64[D]"),
        open=opens,
        high=np.maximum(opens, closes) * 1.004,
        low=np.minimum(opens, closes) * 0.996,
        close=closes,
        volume=np.full(len(closes), 12345.0) if volume is None else np.asarray(volume, float),
    )
    series = PriceSeries(symbol=symbol, name=name, market=market)
    series.set_table(table)
    series.save()
    return series


def flat_window(length=60, price=10.0):
    """Closes for history + context + `length` bars, all at `price`."""
    return np.full(HISTORY_BARS + CONTEXT_BARS + length, price)


def round_on(series, *, length=60, settings=None, start=HISTORY_BARS):
    """A round dealt at a chosen window of `series`."""
    choice = rounds.Choice(length=length, settings=settings)
    return rounds.start_round(choice, window=(series.pk, series.digest, start))


def bar_index(day: int, start=HISTORY_BARS) -> int:
    """The series index of window day `day`."""
    return start + day


def post(client, path, data, **extra):
    return client.post(
        path, data=json.dumps(data), content_type="application/json", **HOST, **extra
    )


def turn(client, round_id, number, action):
    return post(
        client, f"/practice/api/rounds/{round_id}/turn/", {"turn": number, "action": action}
    )
