"""GET /api/indicators/<name>/stats/: the 信号统计 behind each demo's panel."""

import json
import math

import numpy as np
import pytest
from django.urls import reverse

from indicators import formulas
from indicators.library.crossings import detect
from indicators.library.stats import Costs, signal_stats
from indicators.params import parse_settings
from indicators.payloads import STATS_SEED
from tests.indicator_fixtures import load_series
from tests.test_indicator_api import BAD_REQUESTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def orcl():
    return load_series("ORCL", "甲骨文", "orcl-1995-2014.csv")


def stats(client, name, **params):
    return client.get(reverse("indicators:api-stats", args=[name]), params)


def series(client, name, **params):
    return client.get(reverse("indicators:api", args=[name]), params)


@pytest.mark.parametrize("name", list(formulas.INDICATORS))
def test_every_declared_signal_kind_gets_three_horizons(client, orcl, name):
    body = stats(client, name, symbol="ORCL").json()
    spec = formulas.INDICATORS[name].for_convention("cn")  # cn RSI, WR: kinds for each line
    assert [k["kind"] for k in body["kinds"]] == [s.kind for s in spec.signals]
    assert body["horizons"] == [5, 10, 20] and body["min_signals"] == 20
    for kind in body["kinds"]:
        assert [h["horizon"] for h in kind["horizons"]] == [5, 10, 20]
        for h in kind["horizons"]:
            assert h["base_days"] == body["bars"] - body["warmup_bars"] - h["horizon"]
            assert h["enough"] == (h["signals"] >= 20)
            assert h["entry"] == body["entry"] == "next_open"
            assert h["verdict"] in {"better", "worse", "no_edge", "too_few"}
            assert h["family_size"] == body["family"]["size"]
            assert set(h) >= {"p_value", "p_adjusted", "ci_low", "ci_high", "summary"}


def test_figures_are_the_library_figures_for_the_detected_signals(client, orcl, settings):
    settings.SIGNAL_STATS_RESAMPLES = 500
    body = stats(client, "macd", symbol="ORCL", fast="10", start="2005-01-03").json()
    checked = parse_settings("macd", {"symbol": "ORCL", "fast": "10", "start": "2005-01-03"})
    table = orcl.table()
    outputs = formulas.compute(checked, table.ohlc())
    lo = int(np.searchsorted(table.dates, np.datetime64("2005-01-03")))
    golden = [
        s["index"] - lo
        for s in detect(checked, None, table.close, outputs)
        if s["kind"] == "golden_cross" and s["index"] >= lo
    ]
    bars = table.ohlc()
    start = body["warmup_bars"]
    expected = signal_stats(
        bars["open"][lo:], bars["close"][lo:], golden, n_boot=500, seed=STATS_SEED, start=start
    )
    (row,) = [k for k in body["kinds"] if k["kind"] == "golden_cross"]
    assert body["bars"] == len(table) - lo and body["first_date"] >= "2005-01-03"
    for got, want in zip(row["horizons"], expected, strict=True):
        assert got["signals"] == want.signals > 20
        assert got["mean"] == pytest.approx(want.mean)
        assert got["p_value"] == pytest.approx(want.p_value)
        assert got["ci_low"] == pytest.approx(want.ci_low)


def test_entry_close_is_an_option_and_bad_entries_are_a_400(client, orcl):
    """entry=close enters at the signal's close; anything else is refused by name."""
    at_open = stats(client, "macd", symbol="ORCL").json()
    at_close = stats(client, "macd", symbol="ORCL", entry="close").json()
    assert at_close["entry"] == "close" and "收盘价进场" in at_close["entry_text"]
    assert at_open["entry"] == "next_open" and "开盘价进场" in at_open["entry_text"]
    assert at_close["kinds"][0]["horizons"][0]["mean"] != at_open["kinds"][0]["horizons"][0]["mean"]
    for bad in ("open", "", "NEXT_OPEN", "close;1"):
        response = stats(client, "macd", symbol="ORCL", entry=bad)
        assert response.status_code == 400 and response.json()["error"]["param"] == "entry"


def test_the_panel_is_one_holm_family_and_says_so(client, orcl):
    """Every tested row is adjusted within the panel's family of kinds × horizons."""
    body = stats(client, "cci", symbol="ORCL").json()
    rows = [h for kind in body["kinds"] for h in kind["horizons"]]
    tested = [h for h in rows if h["enough"]]
    assert body["family"]["size"] == len(tested) == 12 and body["family"]["method"] == "holm"
    assert "12 项检验" in body["family"]["text"]
    for h in tested:
        assert h["p_adjusted"] >= h["p_value"]
        if h["verdict"] == "better":
            assert h["p_adjusted"] < 0.05 and "✓" not in h["summary"]


def test_costs_follow_the_market_and_are_named(client, orcl, settings):
    """A股 pay commission, 印花税 and 过户费; 美股 commission only; each rate is a setting."""
    load_series()
    cn = stats(client, "rsi", symbol="600519").json()["costs"]
    us = stats(client, "rsi", symbol="ORCL").json()["costs"]
    assert cn["market"] == "cn" and cn["round_trip"] == pytest.approx(0.00102)
    assert cn["text"] == (
        "按A股成本计：佣金 0.025%（买卖各收一次） + 印花税 0.05%（卖出时） + "
        "过户费 0.001%（买卖各收一次），一买一卖合计 0.102%"
    )
    assert us["market"] == "us" and us["round_trip"] == pytest.approx(0.0002)
    assert us["text"] == "按美股成本计：佣金 0.01%（买卖各收一次），一买一卖合计 0.02%"
    body = stats(client, "rsi", symbol="ORCL").json()
    settings.SIGNAL_US_COMMISSION_RATE = 0.001
    dearer = stats(client, "rsi", symbol="ORCL").json()
    assert "佣金 0.1%" in dearer["costs"]["text"]
    for cheap, dear in zip(body["kinds"], dearer["kinds"], strict=True):
        for a, b in zip(cheap["horizons"], dear["horizons"], strict=True):
            if a["signals"]:
                assert a["net_mean"] - b["net_mean"] == pytest.approx(0.0018)
                assert a["mean"] == b["mean"]


def test_body_is_strict_json_and_few_signals_are_flagged(client):
    load_series()  # one year of Moutai: few signals of each kind
    response = stats(client, "cci", symbol="600519")
    assert response.status_code == 200
    body = json.loads(response.content, parse_constant=pytest.fail)
    assert all(not k["horizons"][0]["enough"] for k in body["kinds"])
    for kind in body["kinds"]:
        for h in kind["horizons"]:
            for value in h.values():
                assert value is None or not isinstance(value, float) or math.isfinite(value)


@pytest.mark.parametrize(("name", "params", "param"), BAD_REQUESTS)
def test_bad_parameters_get_the_same_400_as_the_series(client, name, params, param):
    load_series()
    got, want = stats(client, name, **params), series(client, name, **params)
    assert got.status_code == want.status_code == 400
    assert got.json() == want.json()
    assert got.json()["error"]["param"] == param


def test_repeats_get_304_and_settings_share_one_cache_entry(client, orcl, monkeypatch):
    from indicators import payloads

    calls = []
    original = payloads.build_stats_payload
    monkeypatch.setattr(payloads, "build_stats_payload", lambda *a: calls.append(1) or original(*a))
    first = stats(client, "kdj", symbol="ORCL", n="9")
    again = stats(client, "kdj", symbol="orcl")
    assert again.content == first.content and len(calls) == 1
    assert first["ETag"] != series(client, "kdj", symbol="ORCL")["ETag"]
    assert "max-age" in first["Cache-Control"]
    url = reverse("indicators:api-stats", args=["kdj"]) + "?symbol=ORCL"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_costs_lower_every_kind_by_their_size(client, orcl, settings):
    settings.SIGNAL_US_COMMISSION_RATE = 0
    free = stats(client, "boll", symbol="ORCL").json()
    assert free["costs"]["round_trip"] == 0
    settings.SIGNAL_US_COMMISSION_RATE = 0.0001
    paid = stats(client, "boll", symbol="ORCL").json()
    assert (
        Costs(market="us", commission=0.0001, stamp_duty=0, transfer_fee=0).round_trip
        == (paid["costs"]["round_trip"])
    )
    for a, b in zip(free["kinds"], paid["kinds"], strict=True):
        for x, y in zip(a["horizons"], b["horizons"], strict=True):
            if x["signals"]:
                assert x["net_mean"] - y["net_mean"] == pytest.approx(0.0002, abs=1e-12)


def test_a_new_market_gives_new_costs_and_a_new_etag(client, orcl):
    """The bars are the same, but 美股 → A股 changes the costs: no stale answer, no 304."""
    first = stats(client, "macd", symbol="ORCL")
    assert first.json()["costs"]["market"] == "us"
    orcl.market = "SH"
    orcl.save()
    again = client.get(
        reverse("indicators:api-stats", args=["macd"]),
        {"symbol": "ORCL"},
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert again.json()["costs"]["market"] == "cn"
