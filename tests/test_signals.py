"""Indicator signals: exact bars for constructed series, nothing from NaN or touches.

detect() ignores each indicator's warm-up (``settings.warmup`` leading bars), so the
constructed outputs are placed after a flat run of that length (``after_warmup``) and the
reported bars are counted from where they begin. Pure numpy tests: no Django database is
touched.
"""

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from indicators import formulas as fm
from indicators.library.bias import bias_threshold
from indicators.library.crossings import detect

NAN = float("nan")


def arr(*values):
    return np.array(values, dtype=float)


def after_warmup(warmup, *series):
    """Each series behind ``warmup`` copies of its first value (a flat run: no crossing)."""
    return [np.r_[np.full(warmup, s[0]), s] for s in series]


def found(name, outputs, params=None, convention="cn", close=None, **kw):
    """(index, kind) pairs that detect() reports, counted from the end of the warm-up."""
    size = len(next(iter(outputs.values())))
    close = np.full(size, 10.0) if close is None else close
    settings = fm.indicator_settings(name, params, convention)
    w = settings.warmup
    (close,) = after_warmup(w, close)
    outputs = dict(zip(outputs, after_warmup(w, *outputs.values()), strict=True))
    events = detect(settings, None, close, outputs, **kw)
    return [(e["index"] - w, e["kind"]) for e in events]


def found_intl(name, outputs, params=None, **kw):
    """``found`` for the intl convention's one line (cn RSI and WR draw several)."""
    return found(name, outputs, params, "intl", **kw)


def test_rsi_zone_entries_only_at_the_crossing_bar():
    """RSI fires once when it rises through 70 and once when it falls through 30."""
    rsi = arr(50, 65, 71, 75, 80, 69, 40, 29, 25, 20, 31)
    assert found_intl("rsi", {"rsi": rsi}) == [(2, "overbought"), (7, "oversold")]


def test_touching_a_level_is_not_a_cross():
    """Reaching 70 exactly and turning back is no signal; the later break is."""
    assert found_intl("rsi", {"rsi": arr(65, 70, 68, 70, 72)}) == [(4, "overbought")]
    assert found_intl("rsi", {"rsi": arr(75, 70, 75, 70, 75)}) == []


def test_nan_never_produces_signals():
    """A bar next to NaN cannot signal; an all-NaN series gives nothing."""
    rsi = arr(NAN, NAN, 75, 80, NAN, 60, 75)
    assert found_intl("rsi", {"rsi": rsi}) == [(6, "overbought")]
    assert found_intl("rsi", {"rsi": arr(60, NAN, 75)}) == []
    assert found_intl("rsi", {"rsi": np.full(8, NAN)}) == []
    dif, dea = arr(NAN, NAN, -1, 1), arr(NAN, 0, NAN, 0)
    assert found("macd", {"dif": dif, "dea": dea, "hist": dif - dea}) == []


def test_cci_crosses_100_and_minus_100_both_ways():
    """CCI reports entering and leaving both the +100 and the -100 zones."""
    cci = arr(50, 120, 130, 90, -50, -120, -80)
    assert found("cci", {"cci": cci}) == [
        (1, "cross_above_100"),
        (3, "cross_below_100"),
        (5, "cross_below_minus_100"),
        (6, "cross_above_minus_100"),
    ]


def test_macd_golden_and_death_cross():
    """DIF crossing DEA upward is 金叉, downward 死叉; the tied seed bar 0 decides nothing."""
    dif = arr(0, -1, -0.5, 0.5, 1, 0.2)
    dea = arr(0, -0.5, -0.4, 0.0, 0.4, 0.5)
    out = {"dif": dif, "dea": dea, "hist": 2 * (dif - dea)}
    assert found("macd", out) == [(3, "golden_cross"), (5, "death_cross")]
    settings = fm.indicator_settings("macd")
    close, *lines = after_warmup(settings.warmup, np.full(6, 10.0), *out.values())
    texts = [e["text"] for e in detect(settings, None, close, dict(zip(out, lines, strict=True)))]
    assert texts == ["DIF上穿DEA，MACD金叉", "DIF下穿DEA，MACD死叉"]


def test_macd_on_v_shaped_prices_crosses_once():
    """Flat, a fall, then a rise: exactly one golden cross, just after the bottom.

    The flat lead-in is longer than MACD's warm-up, so the cross is a trusted signal.
    """
    lead = 260
    close = np.r_[np.full(lead, 20.0), np.linspace(20, 10, 40), np.linspace(10, 20, 40)[1:]]
    for convention in fm.CONVENTIONS:
        settings = fm.indicator_settings("macd", {}, convention)
        assert settings.warmup < lead
        out = fm.compute(settings, {"close": close})
        events = [(e["index"], e["kind"]) for e in detect(settings, None, close, out)]
        assert len(events) == 1 and events[0][1] == "golden_cross"
        assert events[0][0] - lead in (40, 41)


def test_bias_thresholds_by_period_and_override():
    """BIAS uses ±5/7/11% for n=6/12/24 (nearest period otherwise) unless overridden."""
    assert [bias_threshold(n) for n in (3, 6, 9, 12, 18, 24, 250)] == [5, 5, 7, 7, 11, 11, 11]
    bias = arr(0, 3, 6, 4, -2, -6, -7, 1)
    assert found("bias", {"bias": bias}, {"n": 6}) == [(2, "overbought"), (5, "oversold")]
    assert found("bias", {"bias": bias}, {"n": 12}) == []
    assert found("bias", {"bias": bias}, {"n": 6}, threshold=2.5) == [
        (1, "overbought"),
        (5, "oversold"),
    ]
    with pytest.raises(ValueError):
        found("bias", {"bias": bias}, threshold=-1)


def test_wr_zones_follow_the_convention():
    """cn WR (0..100): below 20 = 超买, above 80 = 超卖; intl %R (-100..0) mirrors it."""
    wr = arr(50, 30, 15, 10, 50, 85, 90)
    expected = [(2, "overbought"), (5, "oversold")]
    assert found("williams_r", {"wr1": wr, "wr2": np.full(len(wr), 50.0)}) == expected
    assert found("williams_r", {"wr": -wr}, convention="intl") == expected
    assert found("williams_r", {"wr": wr}, convention="intl") == []  # positive values: no zone


def test_kdj_crosses_and_j_extremes():
    """K crossing D gives 金叉/死叉; J rising past 100 or falling below 0 gives 超买/超卖."""
    k, d = arr(50, 60, 70, 65, 50), arr(55, 58, 65, 66, 60)
    out = {"k": k, "d": d, "j": 3 * k - 2 * d}
    assert found("kdj", out) == [(1, "golden_cross"), (3, "death_cross")]
    flat = np.full(6, 50.0)
    out = {"k": flat, "d": flat, "j": arr(50, 105, 120, 90, -5, 10)}
    assert found("kdj", out) == [(1, "overbought"), (4, "oversold")]


def test_boll_close_against_the_bands():
    """Close breaking above the upper band or below the lower band; touching is no signal."""
    close = arr(10, 10.5, 11.2, 10.8, 9, 8.5)
    out = {"mid": np.full(6, 10.0), "upper": np.full(6, 11.0), "lower": np.full(6, 9.0)}
    assert found("boll", out, close=close) == [(2, "cross_above_upper"), (5, "cross_below_lower")]


@pytest.mark.parametrize("price", [10.1, 12.34, 0.3, 1351.45])
def test_flat_market_collapsed_bands_give_no_signal(price):
    """A slide into a suspension: bands collapse onto the price, float noise must not signal.

    From bar 58 the 20-bar window is flat and the bands sit a rounding error away from the
    close, on either side; without the tie tolerance that reads as a band break.
    """
    close = np.r_[np.linspace(price * 1.3, price, 40), np.full(60, price)]
    # MACD needs a long flat lead-in so that the suspension lies after its warm-up.
    lead = 260
    for convention in fm.CONVENTIONS:
        boll = fm.indicator_settings("boll", {}, convention)
        out = fm.compute(boll, {"close": close})
        assert detect(boll, None, close, out) == []
        macd = fm.indicator_settings("macd", {}, convention)
        assert macd.warmup < lead + 45
        longer = np.r_[np.full(lead, close[0]), close]
        out = fm.compute(macd, {"close": longer})
        assert [e for e in detect(macd, None, longer, out) if e["index"] > lead + 45] == []


def test_dates_and_validation():
    """Dates become ISO text; mismatched lengths, unknown names and missing outputs raise."""
    rsi_settings = fm.indicator_settings("rsi", None, "intl")
    w = rsi_settings.warmup
    rsi, close = after_warmup(w, arr(50, 75, 20), np.full(3, 10.0))
    first = date(2024, 8, 15)
    days = [first - timedelta(days=w - i) for i in range(w)]
    days += [first, date(2024, 8, 16), date(2024, 8, 19)]
    events = detect(rsi_settings, days, close, {"rsi": rsi})
    assert [(e["index"] - w, e["date"]) for e in events] == [
        (1, "2024-08-16"),
        (2, "2024-08-19"),
    ]
    as_numpy = detect(rsi_settings, np.array(days, dtype="datetime64[D]"), close, {"rsi": rsi})
    assert [e["date"] for e in as_numpy] == ["2024-08-16", "2024-08-19"]
    for call in (
        lambda: detect(rsi_settings, days[:2], close, {"rsi": rsi}),
        lambda: detect(fm.indicator_settings("nope"), None, close, {"rsi": rsi}),
        lambda: detect(fm.indicator_settings("macd"), None, close, {"dif": rsi}),
        lambda: detect(fm.indicator_settings("rsi", None, "us"), None, close, {"rsi": rsi}),
    ):
        with pytest.raises(ValueError):
            call()


def _moutai():
    path = Path("/work/shared/data/ohlc/600519.csv")
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    bars = {k: np.array([float(r[k]) for r in rows]) for k in ("open", "high", "low", "close")}
    return [r["date"] for r in rows], bars


@pytest.mark.parametrize("convention", fm.CONVENTIONS)
@pytest.mark.parametrize("name", list(fm.INDICATORS))
def test_real_series_signals_are_well_formed(name, convention):
    """On Moutai every signal is sorted, dated, sits on finite bars and alternates per pair."""
    dates, bars = _moutai()
    settings = fm.indicator_settings(name, {}, convention)
    out = fm.compute(settings, bars)
    events = detect(settings, dates, bars["close"], out)
    assert events, "a year of real prices should produce some signals"
    assert [e["index"] for e in events] == sorted(e["index"] for e in events)
    for e in events:
        i = e["index"]
        assert i >= 1 and e["date"] == dates[i] and e["text"]
        assert all(np.isfinite(s[i]) and np.isfinite(s[i - 1]) for s in out.values())
    crosses = [e["kind"] for e in events if e["kind"] in ("golden_cross", "death_cross")]
    assert all(a != b for a, b in zip(crosses, crosses[1:], strict=False))


def test_cn_rsi_and_wr_signal_on_every_line_naming_it():
    """cn RSI1/RSI2/RSI3 and WR1/WR2 each fire with their own kind, at their own levels
    (RSI6 at 80/20, RSI12 and RSI24 at 70/30), and the text names the line by its period."""
    rsi1, rsi2 = arr(50, 75, 81, 60, 19), arr(50, 71, 75, 60, 50)
    settings = fm.indicator_settings("rsi")
    outputs = {"rsi1": rsi1, "rsi2": rsi2, "rsi3": arr(50, 50, 50, 50, 29)}
    assert found("rsi", outputs) == [
        (1, "overbought_2"),
        (2, "overbought"),
        (4, "oversold"),
        (4, "oversold_3"),
    ]
    w = settings.warmup
    close = np.full(w + 5, 10.0)
    padded = dict(zip(outputs, after_warmup(w, *outputs.values()), strict=True))
    texts = [e["text"] for e in detect(settings, None, close, padded)]
    assert texts[0].startswith("RSI12 升破 70（71.00）") and texts[1].startswith("RSI6 升破 80")
    assert texts[3].startswith("RSI24 跌破 30")
    wr = {"wr1": arr(50, 50, 85), "wr2": arr(50, 15, 50)}
    assert found("williams_r", wr) == [(1, "overbought_2"), (2, "oversold")]
