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
    spec = formulas.INDICATORS[name]
    assert [k["kind"] for k in body["kinds"]] == [s.kind for s in spec.signals]
    assert body["horizons"] == [5, 10, 20] and body["min_signals"] == 20
    for kind in body["kinds"]:
        assert [h["horizon"] for h in kind["horizons"]] == [5, 10, 20]
        for h in kind["horizons"]:
            assert h["base_days"] == body["bars"] - h["horizon"]
            assert h["enough"] == (h["signals"] >= 20)


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
    expected = signal_stats(table.close[lo:], golden, n_boot=500, seed=STATS_SEED)
    (row,) = [k for k in body["kinds"] if k["kind"] == "golden_cross"]
    assert body["bars"] == len(table) - lo and body["first_date"] >= "2005-01-03"
    for got, want in zip(row["horizons"], expected, strict=True):
        assert got["signals"] == want.signals > 20
        assert got["mean"] == pytest.approx(want.mean)
        assert got["p_value"] == pytest.approx(want.p_value)
        assert got["ci_low"] == pytest.approx(want.ci_low)


def test_costs_come_from_settings_and_are_named(client, orcl, settings):
    body = stats(client, "rsi", symbol="ORCL").json()
    assert body["costs"]["round_trip"] == pytest.approx(0.001)
    assert body["costs"]["text"] == (
        "佣金 0.025%（买卖各收一次）+ 印花税 0.05%（卖出时），一买一卖合计 0.1%"
    )
    settings.SIGNAL_STAMP_DUTY_RATE = 0.001
    dearer = stats(client, "rsi", symbol="ORCL").json()
    assert "印花税 0.1%" in dearer["costs"]["text"]
    for cheap, dear in zip(body["kinds"], dearer["kinds"], strict=True):
        for a, b in zip(cheap["horizons"], dear["horizons"], strict=True):
            if a["signals"]:
                assert a["net_mean"] - b["net_mean"] == pytest.approx(0.0005)
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
    settings.SIGNAL_COMMISSION_RATE = settings.SIGNAL_STAMP_DUTY_RATE = 0
    free = stats(client, "boll", symbol="ORCL").json()
    assert free["costs"]["round_trip"] == 0
    settings.SIGNAL_COMMISSION_RATE, settings.SIGNAL_STAMP_DUTY_RATE = 0.00025, 0.0005
    paid = stats(client, "boll", symbol="ORCL").json()
    assert Costs().round_trip == paid["costs"]["round_trip"]
    for a, b in zip(free["kinds"], paid["kinds"], strict=True):
        for x, y in zip(a["horizons"], b["horizons"], strict=True):
            if x["signals"]:
                assert x["net_mean"] - y["net_mean"] == pytest.approx(0.001, abs=1e-12)
