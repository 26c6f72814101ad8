"""No response of a round ever holds a bar after the current day, nor the stock's identity.

Every body of a full round is scanned, and each is compared with what the server answers
when every bar after that day is replaced by other prices: identical answers prove that
nothing from the future went into them.
"""

import re

import orjson
import pytest

from indicators.models import PriceSeries
from practice import rounds
from practice.market import CONTEXT_BARS
from practice.models import Round
from tests.indicator_fixtures import load_series
from tests.practice_helpers import HOST, post, turn

pytestmark = pytest.mark.django_db
NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")


def _play(client, indicator):
    """Play a whole round through the API; every body with the day it shows."""
    first = post(client, "/practice/api/rounds/", {"indicator": indicator, "length": 60})
    state = first.json()
    bodies = [(state["day"], first.content)]
    for number in range(1, 61):
        wanted = ("buy", "hold", "hold", "sell", "sell", "hold")[number % 6]
        response = turn(client, state["id"], number, wanted)
        if response.status_code == 400:  # a refusal: nothing changed, body scanned too
            bodies.append((state["day"], response.content))
            response = turn(client, state["id"], number, "hold")
        assert response.status_code == 200, response.content
        state = response.json()
        bodies.append((state["day"], response.content))
        if number % 10 == 0:
            got = client.get(f"/practice/api/rounds/{state['id']}/", **HOST)
            bodies.append((got.json()["day"], got.content))
    return state, bodies


def _identity_tokens(series, round_):
    """What must never show before the reveal: symbol, name, dates and absolute prices of
    the dealt window (volume is checked to be relative by the caller)."""
    table = series.table()
    window = slice(round_.start, round_.start + CONTEXT_BARS + round_.length)
    words = [series.symbol.encode(), series.name.encode()]
    words += [str(d).encode() for d in table.dates[: window.stop]]
    numbers = {
        f"{p:.2f}".encode()
        for key in ("open", "high", "low", "close")
        for p in getattr(table, key)[window]
    }
    return words, numbers


def _twin(series, round_, day, n):
    """The same round on a copy of the series whose bars after `day` are other prices."""
    table = series.table()
    cut = round_.start + day + 1
    for key in ("open", "high", "low", "close", "volume"):
        values = getattr(table, key)
        values[cut:] = values[cut:] * 1.37 + 1.0
    twin = PriceSeries(symbol=f"T{n}", name="孪生", market=series.market)
    twin.set_table(table)
    twin.save()
    copy = Round.objects.get(pk=round_.pk)
    copy.pk, copy.series, copy.digest, copy.status = f"twin{n}", twin, twin.digest, "active"
    copy.save(force_insert=True)
    return rounds.live(copy.pk)


def _comparable(body: bytes) -> dict:
    state = orjson.loads(body)
    for key in ("id", "expires_at", "last", "reveal"):
        state.pop(key, None)
    return state


@pytest.mark.parametrize("indicator", ["macd", "boll", ""])
def test_no_response_of_a_full_round_holds_a_future_bar(client, indicator):
    """Every body stops at its day, names nothing, and is unchanged when the future is."""
    series = load_series()
    final, bodies = _play(client, indicator)
    round_ = Round.objects.get(pk=final["id"])
    words, numbers = _identity_tokens(series, round_)
    assert final["status"] == "finished" and final["reveal"]["symbol"] == series.symbol
    unrevealed = [(day, body) for day, body in bodies if b'"status":"finished"' not in body]
    assert len(unrevealed) >= 61
    for day, body in unrevealed:
        state = orjson.loads(body)
        assert [w for w in words if w in body] == [], body[:300]
        assert numbers & set(NUMBER.findall(body)) == set()
        if "error" in state:
            continue
        assert {len(v) for v in state["bars"].values()} == {day + 1}
        # Relative volume: the shipped file's volumes are all in the hundreds or more.
        assert max(state["bars"]["volume"]) < 20 < series.table().volume.min()
        if state["indicator"]:
            assert {len(v) for v in state["indicator"]["series"].values()} == {day + 1}
            assert all(s["day"] <= day for s in state["indicator"]["signals"])
        assert all(t["day"] <= day for t in state["trades"])
        assert len(state["equity"]) == day - CONTEXT_BARS + 2
    for n, (day, body) in enumerate(unrevealed):
        state = orjson.loads(body)
        if "error" in state:
            continue
        twin = _twin(series, round_, day, n)
        twin_body = orjson.dumps(
            rounds.public_state(twin, turns=state["turn"]), option=orjson.OPT_SERIALIZE_NUMPY
        )
        assert _comparable(twin_body) == _comparable(body), f"day {day} depends on the future"
