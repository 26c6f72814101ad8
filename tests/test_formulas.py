"""Indicator formulas: TA-Lib equality (intl), broker formulas (cn), ChartSchool sheets, edges.

Pure numpy tests: no Django database is touched.
"""

import csv
import json
import warnings
from datetime import datetime
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
import talib

from indicators import formulas as fm
from indicators.library._numeric import sma_cn

DATA = Path("/work/shared/data")
SHEETS = DATA / "reference" / "stockcharts"
TIGHT = {"rtol": 1e-10, "atol": 1e-9}


def random_bars(size=600, seed=7):
    rng = np.random.default_rng(seed)
    close = 50.0 * np.exp(np.cumsum(rng.normal(0, 0.02, size)))
    open_ = np.r_[close[0], close[:-1]] * np.exp(rng.normal(0, 0.005, size))
    high = np.maximum(open_, close) * (1 + rng.uniform(0, 0.02, size))
    low = np.minimum(open_, close) * (1 - rng.uniform(0, 0.02, size))
    return {"open": open_, "high": high, "low": low, "close": close}


def moutai():
    with open(DATA / "ohlc" / "600519.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([float(r[k]) for r in rows]) for k in ("open", "high", "low", "close")}


def sheet(name):
    """A ChartSchool table as {column: float array (NaN where blank)}; dates checked."""
    with open(SHEETS / name, newline="") as fh:
        header, *rows = list(csv.reader(fh))
    for row in rows:
        datetime.strptime(row[0], "%d-%b-%y")  # D-Mon-YY
    return {
        col: np.array([float(r[j]) if r[j].strip() else np.nan for r in rows])
        for j, col in enumerate(header)
        if j > 0 and col.strip()  # skip the date and empty trailing columns
    }


BAR_SETS = {"random": random_bars(), "600519": moutai()}


# ----------------------------------------------------------------- intl == TA-Lib


def _intl_pairs(b):
    h, lo, c = b["high"], b["low"], b["close"]
    ma = np.convolve(c, np.ones(6) / 6, "valid")
    return {
        "cci": (fm.cci(h, lo, c, 20, "intl"), talib.CCI(h, lo, c, 20)),
        "bias": (fm.bias(c, 6, "intl"), np.r_[np.full(5, np.nan), (c[5:] - ma) / ma * 100]),
        "macd": (fm.macd(c, 12, 26, 9, "intl"), talib.MACD(c, 12, 26, 9)),
        "wr": (fm.williams_r(h, lo, c, 14, "intl"), talib.WILLR(h, lo, c, 14)),
        "rsi": (fm.rsi(c, 14, "intl"), talib.RSI(c, 14)),
        "kdj": (fm.kdj(h, lo, c, 9, 3, 3, "intl")[:2], talib.STOCH(h, lo, c, 9, 3, 0, 3, 0)),
        "boll": (
            fm.boll(c, 20, 2.0, "intl"),
            np.array(talib.BBANDS(c, 20, 2.0, 2.0, 0))[[1, 0, 2]],
        ),
    }


@pytest.mark.parametrize("bars", BAR_SETS)
@pytest.mark.parametrize("name", ["cci", "bias", "macd", "wr", "rsi", "kdj", "boll"])
def test_intl_equals_talib(bars, name):
    """intl values and NaN warm-up positions equal TA-Lib's on random and real bars."""
    ours, ref = _intl_pairs(BAR_SETS[bars])[name]
    np.testing.assert_allclose(np.array(ours, ndmin=2), np.array(ref, ndmin=2), **TIGHT)


def test_kdj_intl_j_is_3k_minus_2d():
    """intl J is 3K - 2D of the TA-Lib K and D."""
    b = BAR_SETS["600519"]
    k, d, j = fm.kdj(b["high"], b["low"], b["close"], 9, 3, 3, "intl")
    np.testing.assert_allclose(j, 3 * k - 2 * d, **TIGHT)


# ----------------------------------------------------------------- cn == broker formulas


def ref_ema(x, alpha, seed):
    out, y = [], seed
    for v in x:
        y = alpha * v + (1 - alpha) * y
        out.append(y)
    return np.array(out)


def ref_windows(x, n, fn):
    return np.array([fn(x[i - n + 1 : i + 1]) if i >= n - 1 else np.nan for i in range(len(x))])


def ref_cn(b, name):
    """Plain-loop 通达信 formulas, independent of TA-Lib."""
    h, lo, c = b["high"], b["low"], b["close"]
    if name == "macd":
        dif = ref_ema(c, 2 / 13, c[0]) - ref_ema(c, 2 / 27, c[0])
        dea = ref_ema(dif, 2 / 10, dif[0])
        return dif, dea, 2 * (dif - dea)
    hh, ll = ref_windows(h, 9, np.max), ref_windows(lo, 9, np.min)
    if name == "wr":
        return (hh - c) / (hh - ll) * 100
    if name == "kdj":
        rsv = (c - ll) / (hh - ll) * 100
        k = np.r_[np.full(8, np.nan), ref_ema(rsv[8:], 1 / 3, 50.0)]
        d = np.r_[np.full(8, np.nan), ref_ema(k[8:], 1 / 3, 50.0)]
        return k, d, 3 * k - 2 * d
    if name == "rsi":
        diff = np.diff(c)
        up = ref_ema(np.maximum(diff, 0), 1 / 14, max(diff[0], 0))
        total = ref_ema(np.abs(diff), 1 / 14, abs(diff[0]))
        return np.r_[np.nan, up / total * 100]
    if name == "boll":
        mid = ref_windows(c, 20, np.mean)
        sd = ref_windows(c, 20, lambda w: np.std(w, ddof=1))
        return mid, mid + 2 * sd, mid - 2 * sd
    if name == "bias":
        ma = ref_windows(c, 6, np.mean)
        return (c - ma) / ma * 100
    typ = (h + lo + c) / 3
    ma = ref_windows(typ, 14, np.mean)
    md = ref_windows(typ, 14, lambda w: np.mean(np.abs(w - w.mean())))
    return (typ - ma) / (0.015 * md)


CN_CALLS = {
    "macd": lambda b: fm.macd(b["close"]),
    "wr": lambda b: fm.williams_r(b["high"], b["low"], b["close"], 9),
    "kdj": lambda b: fm.kdj(b["high"], b["low"], b["close"]),
    "rsi": lambda b: fm.rsi(b["close"]),
    "boll": lambda b: fm.boll(b["close"]),
    "bias": lambda b: fm.bias(b["close"]),
    "cci": lambda b: fm.cci(b["high"], b["low"], b["close"]),
}


@pytest.mark.parametrize("bars", ["600519", "long"])
@pytest.mark.parametrize("name", CN_CALLS)
def test_cn_equals_broker_formula(bars, name):
    """cn values equal plain-loop broker formulas (3000 bars also cover the MACD fast path)."""
    b = BAR_SETS["600519"] if bars == "600519" else random_bars(3000, seed=11)
    ours, ref = CN_CALLS[name](b), ref_cn(b, name)
    np.testing.assert_allclose(np.array(ours, ndmin=2), np.array(ref, ndmin=2), **TIGHT)


def test_cci_conventions_agree():
    """CCI has one formula, so cn and intl are identical."""
    b = BAR_SETS["random"]
    args = (b["high"], b["low"], b["close"], 14)
    np.testing.assert_array_equal(fm.cci(*args, "cn"), fm.cci(*args, "intl"))


# ----------------------------------------------------------------- hand-computed cn cases

H5 = np.array([10.0, 11, 12, 11, 13])
L5 = np.array([8.0, 9, 10, 9, 10])
C5 = np.array([9.0, 10, 11, 10, 12])
NAN = float("nan")


def test_wr_cn_by_hand():
    """WR(3) = (HHV-C)/(HHV-LLV)*100: 1/4, 2/3, 1/4 of the range."""
    np.testing.assert_allclose(fm.williams_r(H5, L5, C5, 3), [NAN, NAN, 25, 200 / 3, 25])


def test_kdj_cn_by_hand():
    """KDJ(3,3,3) with K and D seeded at 50: RSV 75, 100/3, 75 -> exact fractions."""
    k, d, j = fm.kdj(H5, L5, C5, 3, 3, 3)
    k_exp = [F(175, 3), F(50), F(175, 3)]
    d_exp = [F(475, 9), F(1400, 27), F(4375, 81)]
    np.testing.assert_allclose(k, [NAN, NAN, *map(float, k_exp)], rtol=1e-13)
    np.testing.assert_allclose(d, [NAN, NAN, *map(float, d_exp)], rtol=1e-13)
    j_exp = [float(3 * a - 2 * b) for a, b in zip(k_exp, d_exp, strict=True)]  # 625/9 ...
    np.testing.assert_allclose(j, [NAN, NAN, *j_exp], rtol=1e-13)


def test_macd_cn_by_hand():
    """MACD(2,3,2) seeded from the first close: DIF, DEA and hist = 2*(DIF-DEA) by hand."""
    dif, dea, hist = fm.macd([10.0, 13, 10, 16], 2, 3, 2)
    np.testing.assert_allclose(dif, [0, 0.5, -1 / 12, 61 / 72], atol=1e-13)
    np.testing.assert_allclose(dea, [0, 1 / 3, 1 / 18, 7 / 12], atol=1e-13)
    np.testing.assert_allclose(hist, [0, 1 / 3, -5 / 18, 19 / 36], atol=1e-13)


def test_boll_by_hand_sample_vs_population():
    """BOLL(3,2): cn uses the sample std (ddof=1), intl the population std (ddof=0)."""
    c = np.array([1.0, 2, 3, 5])
    mid, up, low = fm.boll(c, 3, 2.0)
    np.testing.assert_allclose(mid, [NAN, NAN, 2, 10 / 3], rtol=1e-12)
    np.testing.assert_allclose(up, [NAN, NAN, 4, 10 / 3 + 2 * np.sqrt(7 / 3)], rtol=1e-12)
    np.testing.assert_allclose(low, [NAN, NAN, 0, 10 / 3 - 2 * np.sqrt(7 / 3)], atol=1e-12)
    _, up_intl, _ = fm.boll(c, 3, 2.0, "intl")
    np.testing.assert_allclose(up_intl[-1], 10 / 3 + 2 * np.sqrt(14) / 3, rtol=1e-12)


def test_rsi_cn_by_hand():
    """RSI(3) cn, SMAs seeded with the first change: 100, 200/3, 250/3, 250/3."""
    out = fm.rsi([10.0, 11, 10, 12, 12], 3)
    np.testing.assert_allclose(out, [NAN, 100, 200 / 3, 250 / 3, 250 / 3], rtol=1e-12)


def test_bias_by_hand():
    """BIAS(3) = (C - MA3)/MA3*100: 1/11 and 7/38, same in both conventions."""
    for convention in fm.CONVENTIONS:
        out = fm.bias([10.0, 11, 12, 15], 3, convention)
        np.testing.assert_allclose(out, [NAN, NAN, 100 / 11, 700 / 38], rtol=1e-12)


# ----------------------------------------------------------------- ChartSchool sheets


def test_chartschool_cci():
    """CCI(20) equals cs-cci.csv to its 4 printed decimals, in both conventions."""
    s = sheet("cs-cci.csv")
    for convention in fm.CONVENTIONS:
        ours = fm.cci(s["High"], s["Low"], s["Close"], 20, convention)
        np.testing.assert_allclose(ours, s["CCI"], rtol=0, atol=5e-5)


def _fill_close(s):
    # The %R/SO sheets leave Close blank before the first full window; those bars never
    # reach a published value (only the current close enters the formula).
    return np.where(np.isnan(s["Close"]), s["Low"], s["Close"])


def test_chartschool_williams_r():
    """%R(14) equals cs-percentr.csv to 6 decimals (intl); cn is the same number negated."""
    s = sheet("cs-percentr.csv")
    close = _fill_close(s)
    intl = fm.williams_r(s["High"], s["Low"], close, 14, "intl")
    np.testing.assert_allclose(intl, s["Williams_%R"], rtol=0, atol=5e-7)
    cn = fm.williams_r(s["High"], s["Low"], close, 14, "cn")
    np.testing.assert_allclose(cn, -s["Williams_%R"], rtol=0, atol=5e-7)


def test_chartschool_bbands():
    """BOLL(20,2) intl equals cs-bbands.csv to 6 decimals; cn's sample std is wider."""
    s = sheet("cs-bbands.csv")
    mid, up, low = fm.boll(s["Close"], 20, 2.0, "intl")
    for ours, col in ((mid, "MiddleBand"), (up, "HighBand"), (low, "LowBand")):
        np.testing.assert_allclose(ours, s[col], rtol=0, atol=5e-7)
    _, up_cn, _ = fm.boll(s["Close"], 20, 2.0, "cn")
    assert np.all(up_cn[19:] > s["HighBand"][19:] + 1e-3)


def test_chartschool_stochastic():
    """ChartSchool's SO is the fast %K: kdj intl with m1=1 gives SO and SO_SIG (3-SMA)."""
    s = sheet("cs-soo.csv")
    k, d, _ = fm.kdj(s["High"], s["Low"], _fill_close(s), 14, 1, 3, "intl")
    # SO_SIG was averaged from the *printed* SO values, so allow one unit in the 6th decimal.
    for ours, col, atol in ((k, "SO", 5e-7), (d, "SO_SIG", 1e-6)):
        both = ~np.isnan(ours) & ~np.isnan(s[col])
        assert both.sum() >= 14
        np.testing.assert_allclose(ours[both], s[col][both], rtol=0, atol=atol)


MACD_CN_DEA_FROM = 87  # 0-based row of cs-macd.csv (17-Jun-09) from which DEA/hist match


def test_chartschool_macd_rows():
    """cs-macd.csv seeds EMAs with the first close, like cn (not like TA-Lib/intl).

    cn DIF matches every published row (12-Feb-09 .. 07-Aug-09, rows 1-123) to 1e-9 (the
    sheet prints ~10 significant digits). Its signal line starts from an arbitrary seed
    (-0.1291 on 13-Feb-09, row 2) instead of DIF[0] = 0; that gap decays by 0.8 a bar, so
    cn DEA and DIF-DEA match only from row 87 (17-Jun-09) on. intl (= talib.MACD, SMA-seeded
    EMAs starting at row 33) matches no row to 1e-6: its DIF gap shrinks from 7e-2 to 8e-5.
    """
    s = sheet("cs-macd.csv")
    dif, dea, hist = fm.macd(s["Close"], 12, 26, 9, "cn")
    np.testing.assert_allclose(dif[1:], s["MACD_line"][1:], rtol=0, atol=1e-9)
    tail = slice(MACD_CN_DEA_FROM, None)
    np.testing.assert_allclose(dea[tail], s["MACD_signal"][tail], rtol=0, atol=1e-9)
    np.testing.assert_allclose(hist[tail] / 2, s["MACD_diff"][tail], rtol=0, atol=1e-9)
    gap = np.abs(dea - s["MACD_signal"])
    assert gap[MACD_CN_DEA_FROM - 1] > 1e-9 and gap[2] > 0.1  # the sheet's own seed
    i_dif, i_dea, _ = fm.macd(s["Close"], 12, 26, 9, "intl")
    intl_gap = np.abs(i_dif - s["MACD_line"])
    assert np.isnan(i_dif[:33]).all() and np.all(intl_gap[33:] > 1e-6)
    assert intl_gap[-1] < 1e-4 and np.all(np.abs(i_dea - s["MACD_signal"])[33:] > 1e-6)


def test_chartschool_rsi_sheet_is_zero_seeded():
    """cs-rsi.csv starts Wilder's averages from 0 on its first row, not TA-Lib's seed.

    Its Avg Gain/Avg Loss (0.004250 = 0.0595/14 on 16-Dec-09) are SMA(X,14,1) from zero,
    which our smoother reproduces to the printed 6 decimals. TA-Lib (= intl) seeds with the
    mean of the first 14 changes (70.53 on 05-Jan-10 vs the sheet's 71.86) and cn with the
    first change; with 33 rows neither seed has decayed away, so no RSI row of this sheet
    can match a TA-Lib-equal intl RSI.
    """
    s = sheet("cs-rsi.csv")
    change = np.r_[0.0, np.diff(s["Close"])]
    gain = sma_cn(np.maximum(change, 0), 14, 0.0)
    loss = sma_cn(np.maximum(-change, 0), 14, 0.0)
    np.testing.assert_allclose(gain, s["Avg Gain"], rtol=0, atol=5e-7)
    np.testing.assert_allclose(loss, s["Avg Loss"], rtol=0, atol=5e-7)
    rows = ~np.isnan(s["RSI"])
    rsi = 100 * gain[rows] / (gain[rows] + loss[rows])
    np.testing.assert_allclose(rsi, s["RSI"][rows], rtol=0, atol=5e-7)
    intl = fm.rsi(s["Close"], 14, "intl")
    assert abs(intl[14] - 70.5328) < 1e-4 and np.all(np.abs(intl - s["RSI"])[rows] > 0.5)


# ----------------------------------------------------------------- edge cases

ALL_CALLS = {
    "cci": lambda b, cv: [fm.cci(b["high"], b["low"], b["close"], 14, cv)],
    "bias": lambda b, cv: [fm.bias(b["close"], 6, cv)],
    "macd": lambda b, cv: list(fm.macd(b["close"], 12, 26, 9, cv)),
    "wr": lambda b, cv: [fm.williams_r(b["high"], b["low"], b["close"], 14, cv)],
    "rsi": lambda b, cv: [fm.rsi(b["close"], 14, cv)],
    "kdj": lambda b, cv: list(fm.kdj(b["high"], b["low"], b["close"], 9, 3, 3, cv)),
    "boll": lambda b, cv: list(fm.boll(b["close"], 20, 2.0, cv)),
}


def _flat(size, price=12.34):
    return {k: np.full(size, price) for k in ("high", "low", "close")}


@pytest.mark.parametrize("convention", fm.CONVENTIONS)
@pytest.mark.parametrize("name", ALL_CALLS)
@pytest.mark.parametrize("size", [0, 1, 5])
def test_short_series_is_nan_without_error(name, convention, size):
    """Fewer bars than the NaN head: right length, all NaN, no error.

    cn MACD has no NaN head (0 at bar 0) and cn RSI needs only one change (from bar 1);
    both still warm up (settings.warmup) before their values are trusted.
    """
    outs = ALL_CALLS[name]({k: v[:size] for k, v in random_bars(5).items()}, convention)
    early = {("macd", "cn"): 0, ("rsi", "cn"): 1}.get((name, convention))
    for out in outs:
        assert out.dtype == np.float64 and len(out) == size
        assert np.isnan(out[:early]).all()
        assert early is None or np.isfinite(out[early:]).all()
    if early == 0 and size:
        assert outs[0][0] == 0.0


FLAT_VALUES = {"cci": 0, "bias": 0, "wr": 50, "rsi": 50, "kdj": 50}


@pytest.mark.parametrize("convention", fm.CONVENTIONS)
@pytest.mark.parametrize("name", ALL_CALLS)
@pytest.mark.parametrize("price", [12.34, 0.3, 1351.45])
def test_flat_prices_are_defined_without_warnings(name, convention, price):
    """Flat bars: no inf, no RuntimeWarning; WR/KDJ/RSI sit at the mid-point, CCI/BIAS at 0."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        outs = ALL_CALLS[name](_flat(60, price), convention)
    for out in outs:
        assert not np.isinf(out).any() and np.isfinite(out[40:]).all()
    expected = FLAT_VALUES.get(name)
    if name == "wr" and convention == "intl":
        expected = -50
    if expected is not None:
        np.testing.assert_allclose(outs[0][40:], expected, atol=1e-9)
    if name == "boll":
        np.testing.assert_allclose(outs[1][40:], outs[0][40:], rtol=1e-12)


@pytest.mark.parametrize("convention", fm.CONVENTIONS)
def test_flat_window_after_moves_and_price_gap(convention):
    """A limit-up style gap (x3) then a flat stretch: finite, bounded, no warnings."""
    b = random_bars(120, seed=3)
    for key in ("high", "low", "close"):
        b[key][60:] *= 3.0  # price gap
        b[key][90:] = b["close"][89]  # suspended: H = L = C
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        outs = {name: call(b, convention) for name, call in ALL_CALLS.items()}
    for name, series in outs.items():
        for out in series:
            assert np.isfinite(out[40:]).all(), name
    wr = outs["wr"][0][104:]
    np.testing.assert_allclose(wr, 50 if convention == "cn" else -50)
    rsi = outs["rsi"][0]
    assert np.all((rsi[40:] >= 0) & (rsi[40:] <= 100))
    np.testing.assert_allclose(outs["cci"][0][104:], 0.0)


BAD_CALLS = [
    lambda: fm.cci(C5, C5, C5, 1),
    lambda: fm.bias(C5, 0),
    lambda: fm.bias(C5, 2.5),
    lambda: fm.bias(C5, True),
    lambda: fm.macd(C5, 12, 12, 9),
    lambda: fm.macd(C5, 26, 12, 9),
    lambda: fm.macd(C5, 12, 26, 0),
    lambda: fm.williams_r(H5, L5, C5, 0),
    lambda: fm.rsi(C5, 1),
    lambda: fm.kdj(H5, L5, C5, 9, 0, 3),
    lambda: fm.kdj(H5, L5, C5, -1),
    lambda: fm.boll(C5, 1),
    lambda: fm.boll(C5, 20, 0.0),
    lambda: fm.boll(C5, 20, float("nan")),
    lambda: fm.williams_r(H5, L5[:4], C5),
    lambda: fm.cci(H5, L5, C5[:3]),
    lambda: fm.bias(np.ones((3, 3))),
    lambda: fm.rsi(C5, 14, "us"),
    lambda: fm.bias(C5, 6, "CN"),
    lambda: fm.indicator_settings("rsi", {}, "intl2"),
]


@pytest.mark.parametrize("call", BAD_CALLS, ids=range(len(BAD_CALLS)))
def test_bad_input_raises_value_error(call):
    """Bad periods, k, lengths, shapes and unknown conventions raise ValueError."""
    with pytest.raises(ValueError):
        call()


# ----------------------------------------------------------------- registry


def test_registry_describes_every_indicator():
    """Each spec names its outputs, bounds its params (periods <= 250) and is JSON-ready."""
    assert set(fm.INDICATORS) == {"cci", "bias", "macd", "williams_r", "rsi", "kdj", "boll"}
    assert fm.INDICATORS["macd"].outputs == ("dif", "dea", "hist")
    assert fm.INDICATORS["boll"].overlay and not fm.INDICATORS["kdj"].overlay
    for spec in fm.INDICATORS.values():
        json.dumps(spec.as_dict(), ensure_ascii=False)
        for p in spec.params:
            assert p.min <= p.default <= p.max <= 250
        b = random_bars(300)
        for convention in fm.CONVENTIONS:
            settings = fm.indicator_settings(spec.name, {}, convention)
            out = fm.compute(settings, b)
            assert list(out) == list(spec.for_convention(convention).outputs)
            assert all(len(v) == 300 for v in out.values())


def test_settings_check_parameter_bounds():
    """Defaults fill in; out-of-range, non-integer and unknown parameters are rejected."""
    assert fm.indicator_settings("boll", {"k": 10}).params == {"n": 20, "k": 10.0}
    assert fm.indicator_settings("kdj", {"n": 14.0}).params == {"n": 14, "m1": 3, "m2": 3}
    for name, params in [
        ("boll", {"k": 0}),
        ("boll", {"k": 10.5}),
        ("rsi", {"n": 251}),
        ("rsi", {"n": 6.5}),
        ("rsi", {"period": 6}),
        ("cci", {"n": "14"}),
        ("nope", {}),
    ]:
        with pytest.raises(ValueError):
            fm.indicator_settings(name, params)
    with pytest.raises(ValueError, match="needs input"):
        fm.compute(fm.indicator_settings("kdj"), {"close": C5})
