"""GET /api/indicators/<name>/: real numbers, clear 400s, cheap repeats."""

import gzip
import json
import math

import numpy as np
import pytest
from django.urls import reverse

from indicators import formulas
from indicators.prices import read_csv
from tests.indicator_fixtures import DATA, load_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def moutai():
    return load_series()


def api(client, name, **params):
    return client.get(reverse("indicators:api", args=[name]), params)


@pytest.mark.parametrize("name", list(formulas.INDICATORS))
def test_every_indicator_answers_with_bars_series_and_signals(client, moutai, name):
    """Each indicator returns dates, OHLC bars, every output series and its signals."""
    response = api(client, name, symbol="600519")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    table = moutai.table()
    assert data["dates"][0] == "2024-08-15" and len(data["dates"]) == len(table)
    assert data["bars"]["close"] == table.close.tolist()
    spec = formulas.INDICATORS[name].for_convention("cn")
    assert set(data["series"]) == set(spec.outputs)
    for values in data["series"].values():
        assert len(values) == len(table)
    assert all({"date", "kind", "text"} == set(s) for s in data["signals"])


def test_series_equal_the_formulas_with_null_warm_up(client, moutai):
    """Values are the formula's, rounded to 4 places; warm-up NaN is JSON null."""
    data = api(client, "cci", symbol="600519", n="20", convention="intl").json()
    table = moutai.table()
    expected = formulas.cci(table.high, table.low, table.close, 20, "intl")
    got = data["series"]["cci"]
    assert got[:19] == [None] * 19
    np.testing.assert_allclose(got[19:], expected[19:], atol=5e-5)


def test_body_is_strict_json_without_nan_or_infinity(client, moutai):
    """No NaN or Infinity tokens: browsers' JSON.parse must accept it."""
    body = api(client, "kdj", symbol="600519").content.decode()
    json.loads(body, parse_constant=lambda token: pytest.fail(f"non-standard {token}"))


def test_conventions_differ_where_the_textbooks_do(client, moutai):
    """The cn MACD bars are twice the intl histogram's scale; WR flips sign."""
    cn = api(client, "macd", symbol="600519").json()["series"]
    intl = api(client, "macd", symbol="600519", convention="intl").json()["series"]
    last_cn, last_intl = cn["hist"][-1], intl["hist"][-1]
    assert math.isclose(last_cn, 2 * (cn["dif"][-1] - cn["dea"][-1]), abs_tol=2e-4)
    assert math.isclose(last_intl, intl["dif"][-1] - intl["dea"][-1], abs_tol=2e-4)
    wr_cn = api(client, "williams_r", symbol="600519", n1="14").json()["series"]["wr1"][-1]
    wr_intl = api(client, "williams_r", symbol="600519", convention="intl").json()["series"]
    assert math.isclose(wr_cn, -wr_intl["wr"][-1], abs_tol=1e-3)


def test_date_window_keeps_full_history_warm_up(client, moutai):
    """start/end trim the answer but the indicator is computed on the whole history."""
    full = api(client, "bias", symbol="600519", n="6").json()
    part = api(client, "bias", symbol="600519", n="6", start="2025-01-02", end="2025-01-31").json()
    first = full["dates"].index(part["dates"][0])
    assert part["dates"][0] >= "2025-01-02" and part["dates"][-1] <= "2025-01-31"
    assert part["series"]["bias"] == full["series"]["bias"][first : first + len(part["dates"])]
    assert part["series"]["bias"][0] is not None  # no fresh warm-up inside the window


def test_signals_mark_the_textbook_events(client, moutai):
    """MACD signals are golden and death crosses on dates inside the answer."""
    data = api(client, "macd", symbol="600519").json()
    kinds = {s["kind"] for s in data["signals"]}
    assert kinds == {"golden_cross", "death_cross"}
    assert all(s["date"] in data["dates"] for s in data["signals"])
    assert any("金叉" in s["text"] for s in data["signals"])


def test_repeat_requests_get_304_from_the_etag(client, moutai, django_assert_num_queries, settings):
    """A client holding the ETag gets 304 after one small query (and, without Redis, the
    rate-limit upsert); settings change the tag."""
    first = api(client, "rsi", symbol="600519", n1="14")
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, max-age=3600"
    url = reverse("indicators:api", args=["rsi"])
    with django_assert_num_queries(1 if settings.REDIS_URL else 2):
        again = client.get(url, {"symbol": "600519", "n1": "14"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert api(client, "rsi", symbol="600519", n1="6")["ETag"] != etag


def test_new_data_changes_the_etag(client, moutai):
    """Re-importing prices changes the digest, so stale caches are not reused."""
    etag = api(client, "cci", symbol="600519")["ETag"]
    table = moutai.table()
    table.volume[-1] += 1
    moutai.set_table(table)
    moutai.save()
    assert api(client, "cci", symbol="600519")["ETag"] != etag


BAD_REQUESTS = [
    ("nope", {"symbol": "600519"}, "indicator"),
    ("cci", {}, "symbol"),
    ("cci", {"symbol": "999999"}, "symbol"),
    ("cci", {"symbol": "<script>"}, "symbol"),
    ("cci", {"symbol": "600519", "n": "0"}, "n"),
    ("cci", {"symbol": "600519", "n": "-5"}, "n"),
    ("cci", {"symbol": "600519", "n": "14.5"}, "n"),
    ("cci", {"symbol": "600519", "n": "abc"}, "n"),
    ("cci", {"symbol": "600519", "n": ""}, "n"),
    ("cci", {"symbol": "600519", "n": "NaN"}, "n"),
    ("cci", {"symbol": "600519", "n": "inf"}, "n"),
    ("cci", {"symbol": "600519", "n": "1e3"}, "n"),
    ("cci", {"symbol": "600519", "n": "99999999999999999999"}, "n"),
    ("cci", {"symbol": "600519", "n": "251"}, "n"),
    ("cci", {"symbol": "600519", "n": "1"}, "n"),
    ("boll", {"symbol": "600519", "k": "0"}, "k"),
    ("boll", {"symbol": "600519", "k": "-1"}, "k"),
    ("boll", {"symbol": "600519", "k": "nan"}, "k"),
    ("boll", {"symbol": "600519", "k": "11"}, "k"),
    ("macd", {"symbol": "600519", "fast": "26", "slow": "12"}, "fast"),
    ("macd", {"symbol": "600519", "fast": "12", "slow": "12"}, "fast"),
    ("macd", {"symbol": "600519", "signal": "0"}, "signal"),
    ("kdj", {"symbol": "600519", "m1": "0"}, "m1"),
    ("cci", {"symbol": "600519", "convention": "us"}, "convention"),
    ("cci", {"symbol": "600519", "start": "2025-13-01"}, "start"),
    ("cci", {"symbol": "600519", "end": "yesterday"}, "end"),
    ("cci", {"symbol": "600519", "start": "2025-06-01", "end": "2025-01-01"}, "start"),
    ("cci", {"symbol": "600519", "start": "2030-01-01"}, "start"),
    ("cci", {"symbol": "600519", "fast": "12"}, "fast"),
    ("rsi", {"symbol": "600519", "n": "14\x00", "convention": "intl"}, "n"),
    # cn RSI and WR take 通达信's periods; intl's n is refused by name, and the reverse
    ("rsi", {"symbol": "600519", "n": "14"}, "n"),
    ("rsi", {"symbol": "600519", "n1": "6", "convention": "intl"}, "n1"),
    ("rsi", {"symbol": "600519", "n3": "1"}, "n3"),
    ("williams_r", {"symbol": "600519", "n2": "251"}, "n2"),
    ("williams_r", {"symbol": "600519", "n": "14"}, "n"),
]


@pytest.mark.parametrize(("name", "params", "param"), BAD_REQUESTS)
def test_bad_parameters_get_400_naming_the_parameter(client, moutai, name, params, param):
    """Every bad value is a 400 JSON error that names the parameter, never a 500."""
    response = api(client, name, **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["param"] == param and error["message"]


def test_repeated_parameter_is_refused(client, moutai):
    """`n=14&n=20` is ambiguous: a 400 naming n."""
    response = client.get(reverse("indicators:api", args=["cci"]) + "?symbol=600519&n=14&n=20")
    assert response.status_code == 400 and response.json()["error"]["param"] == "n"


def test_only_get_and_head(client, moutai):
    """Writes are refused; HEAD works for caches."""
    url = reverse("indicators:api", args=["cci"]) + "?symbol=600519"
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


def test_payload_is_computed_once_per_settings_and_data_version(client, moutai, monkeypatch):
    """Repeated requests for the same canonical settings reuse the stored payload; new
    prices (a new digest) compute afresh."""
    from indicators import payloads

    calls = []
    original = payloads.build_payload
    monkeypatch.setattr(payloads, "build_payload", lambda *a: calls.append(1) or original(*a))
    url = reverse("indicators:api", args=["macd"])
    first = client.get(url, {"symbol": "600519", "fast": "12"}, HTTP_ACCEPT_ENCODING="gzip")
    again = client.get(url, {"fast": "12", "symbol": "600519"})  # same settings, reordered
    assert len(calls) == 1
    assert first["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.content) == again.content
    moutai.set_table(read_csv(DATA / "nvda-1999-2014.csv"))  # new prices, new digest
    moutai.save()
    client.get(url, {"symbol": "600519", "fast": "12"})
    assert len(calls) == 2


def test_api_rate_limit_answers_429_with_json_and_retry_after(client, moutai, settings):
    """Past API_RATE_PER_MINUTE an address gets a JSON 429 naming when to come back."""
    settings.API_RATE_PER_MINUTE = 5
    url = reverse("indicators:api", args=["cci"])
    statuses = [client.get(url, {"symbol": "600519"}).status_code for _ in range(5)]
    assert statuses == [200] * 5
    refused = client.get(url, {"symbol": "600519"})
    assert refused.status_code == 429
    assert "请求太频繁" in refused.json()["error"]["message"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    other = client.get(url, {"symbol": "600519"}, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


def test_cn_rsi_draws_three_lines_and_intl_one(client, moutai):
    """cn RSI is 通达信's RSI1/RSI2/RSI3 (6/12/24), each line's signals named by its period;
    intl stays one RSI(14). A parameter of the other convention gets a Chinese 400."""
    cn = api(client, "rsi", symbol="600519").json()
    assert cn["params"] == {"n1": 6, "n2": 12, "n3": 24}
    assert set(cn["series"]) == {"rsi1", "rsi2", "rsi3"}
    assert [o["label"] for o in cn["spec"]["outputs"]] == ["RSI1", "RSI2", "RSI3"]
    assert cn["signals"] and all(
        s["text"].startswith(("RSI6 ", "RSI12 ", "RSI24 ")) for s in cn["signals"]
    )
    intl = api(client, "rsi", symbol="600519", convention="intl").json()
    assert intl["params"] == {"n": 14} and set(intl["series"]) == {"rsi"}
    assert all(s["text"].startswith("RSI(14) ") for s in intl["signals"])
    wrong = api(client, "rsi", symbol="600519", n="14").json()["error"]
    assert wrong["param"] == "n" and "国内口径下的参数是 n1、n2、n3" in wrong["message"]
    stats = client.get(reverse("indicators:api-stats", args=["williams_r"]), {"symbol": "600519"})
    kinds = stats.json()["kinds"]
    assert [(k["kind"], k["line"]) for k in kinds] == [
        ("overbought", "WR1"),
        ("oversold", "WR1"),
        ("overbought_2", "WR2"),
        ("oversold_2", "WR2"),
    ]
