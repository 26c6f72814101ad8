"""Warm-up: after ``settings.warmup`` bars, where a series starts changes no value or signal."""

import numpy as np
import pytest
from django.urls import reverse

from indicators import formulas as fm
from indicators.library.crossings import detect
from indicators.prices import read_csv
from tests.indicator_fixtures import DATA, load_series

# Besides the defaults, two settings per indicator: short and long periods, uneven chains.
OTHER_SETTINGS = {
    "macd": [{"fast": 5, "slow": 35, "signal": 5}, {"fast": 3, "slow": 10, "signal": 16}],
    # cn RSI and WR draw 通达信's lines (n1, n2…), intl one line of period n
    "rsi": {"cn": [{"n1": 3, "n2": 9, "n3": 30}, {"n1": 24}], "intl": [{"n": 6}, {"n": 24}]},
    "kdj": [{"n": 5, "m1": 5, "m2": 2}, {"n": 20, "m1": 1, "m2": 9}],
    "cci": [{"n": 5}, {"n": 30}],
    "bias": [{"n": 12}, {"n": 24}],
    "williams_r": {"cn": [{"n1": 3, "n2": 30}, {"n1": 14}], "intl": [{"n": 3}, {"n": 30}]},
    "boll": [{"n": 10, "k": 1.5}, {"n": 40, "k": 2.5}],
}
DISPLAYED = 0.005  # the chart and the signal texts show two decimals
CUTS = 30  # start bars per history, spread over it


def _history(filename):
    table = read_csv(DATA / filename)
    return table.dates, table.ohlc()


HISTORIES = [_history("orcl-1995-2014.csv"), _history("nvda-1999-2014.csv")]


def _other_settings(name, convention):
    found = OTHER_SETTINGS[name]
    return found[convention] if isinstance(found, dict) else found


def _signals(settings, dates, ohlc):
    outputs = fm.compute(settings, ohlc)
    return outputs, {
        (e["date"], e["kind"]) for e in detect(settings, dates, ohlc["close"], outputs)
    }


def test_every_indicator_has_settings_to_check():
    """A new indicator must be added to OTHER_SETTINGS, so the cut test covers it."""
    assert set(OTHER_SETTINGS) == set(fm.INDICATORS)


@pytest.mark.parametrize("convention", fm.CONVENTIONS)
@pytest.mark.parametrize("name", list(fm.INDICATORS))
def test_cutting_the_history_changes_nothing_after_the_warm_up(name, convention):
    """From many start bars of ORCL and NVDA: same signals and values (to 2 decimals) as the
    long history on every date after the cut series' warm-up."""
    for params in [None, *_other_settings(name, convention)]:
        settings = fm.indicator_settings(name, params, convention)
        w = settings.warmup
        for dates, ohlc in HISTORIES:
            full, full_signals = _signals(settings, dates, ohlc)
            for start in np.linspace(1, len(dates) - w - 2, CUTS).astype(int):
                cut = {key: values[start:] for key, values in ohlc.items()}
                outputs, signals = _signals(settings, dates[start:], cut)
                first = str(dates[start + w])
                assert signals == {s for s in full_signals if s[0] >= first}, (params, start)
                for key, values in outputs.items():
                    np.testing.assert_allclose(
                        values[w:], full[key][start + w :], rtol=0, atol=DISPLAYED
                    )


@pytest.mark.parametrize("convention", fm.CONVENTIONS)
def test_plain_windows_warm_up_for_their_length(convention):
    """MA, HHV/LLV and rolling-STD indicators need exactly their window; the property agrees."""
    for name in ("cci", "bias", "williams_r", "boll"):
        for n in (1 if name in ("bias", "williams_r") else 2, 14, 250):
            lines = name == "williams_r" and convention == "cn"  # WR1, WR2: the longer
            params = {"n1": n, "n2": 1} if lines else {"n": n}
            settings = fm.indicator_settings(name, params, convention)
            assert settings.warmup == n == settings.spec.warmup(settings.params, convention)


def test_smoothings_settle_over_many_time_constants_and_chains_add_up():
    """Recursive averages wait 12 time constants; chains add up; intl adds TA-Lib's lookback.

    The 1/14 smoothing's time constant is -1/ln(13/14) = 13.49 bars, EMA(26)'s 13.0, EMA(9)'s
    4.48 and SMA(X,3,1)'s 2.47; 12 of them round up to 162, 156, 54 and 30 bars.
    """
    rsi = fm.indicator_settings("rsi", {"n": 14}, "intl").warmup
    assert rsi == 14 + 162 + 1
    fourteens = {"n1": 14, "n2": 14, "n3": 14}
    assert fm.indicator_settings("rsi", fourteens, "cn").warmup == 1 + 162 + 1
    # cn RSI1/RSI2/RSI3 (6, 12, 24): the slowest line, 1/24's 23.5 bars × 12 = 282, decides
    assert fm.indicator_settings("rsi").warmup == 1 + 282 + 1
    macd = {c: fm.indicator_settings("macd", None, c).warmup for c in fm.CONVENTIONS}
    assert macd == {"cn": 156 + 54 + 1, "intl": 25 + 156 + 8 + 54 + 1}
    assert fm.indicator_settings("macd", {"signal": 1}).warmup == 156 + 1  # DEA = DIF
    kdj = {c: fm.indicator_settings("kdj", None, c).warmup for c in fm.CONVENTIONS}
    assert kdj == {"cn": 8 + 30 + 30 + 1, "intl": 9 + 3 + 3 - 2}
    assert fm.indicator_settings("kdj", {"m1": 1, "m2": 1}).warmup == 9  # no smoothing


def _moutai():
    table = read_csv(DATA / "600519.csv")
    return table, table.ohlc()


MOUTAI_EARLY = [
    ("rsi", {"n1": 14}, {(6, "overbought")}),
    ("macd", None, {(3, "death_cross"), (11, "golden_cross"), (12, "death_cross")}),
]


@pytest.mark.parametrize(("name", "params", "dropped"), MOUTAI_EARLY)
def test_600519_first_bars_give_no_signal(name, params, dropped):
    """600519 starts 2024-08-15: RSI(14)'s 超买 at bar 6 and MACD's crosses at 3/11/12 are
    gone."""
    table, ohlc = _moutai()
    settings = fm.indicator_settings(name, params)
    outputs = fm.compute(settings, ohlc)
    raw = settings.spec.rules(outputs, table.close, settings.params, "cn", None)
    early = {(i, kind) for i, kind, _ in raw if i <= 12}
    assert dropped <= early  # the rules alone still fire on the unsettled start
    events = detect(settings, None, table.close, outputs)
    assert events and min(e["index"] for e in events) >= settings.warmup > 12


@pytest.mark.django_db
def test_series_api_reports_the_warm_up_inside_the_window(client):
    """``warmup`` counts the window's unsettled bars and dates the first trusted one."""
    load_series()
    table, _ = _moutai()
    dates = np.datetime_as_string(table.dates).tolist()
    url = reverse("indicators:api", args=["rsi"])
    w = fm.indicator_settings("rsi").warmup
    whole = client.get(url, {"symbol": "600519"}).json()
    assert whole["warmup"] == {"bars": w, "until": dates[w], "length": w}
    assert whole["series"]["rsi1"][1] is not None  # values are still drawn, only shaded
    assert min(s["date"] for s in whole["signals"]) >= dates[w]
    inside = client.get(url, {"symbol": "600519", "start": dates[10]}).json()
    assert inside["warmup"]["bars"] == w - 10 and inside["dates"][0] == dates[10]
    later = client.get(url, {"symbol": "600519", "start": dates[w + 5]}).json()
    assert later["warmup"] == {"bars": 0, "until": dates[w], "length": w}
    long = {"symbol": "600519", "n3": 250}  # never settles within 600519's 365 bars
    never = client.get(url, long).json()
    assert never["warmup"] == {
        "bars": len(dates),
        "until": None,
        "length": never["warmup"]["length"],
    }
    assert never["warmup"]["length"] > len(dates) and never["signals"] == []
