"""Textbook signals for the indicators in :mod:`indicators.formulas`.

``detect()`` returns one dict per event, ``{"index", "kind", "text"}`` (plus ``"date"`` when
dates are given), ordered by bar. A signal fires only on the bar where a line crosses a
level or another line, never on every bar inside a zone, and never from NaN: both the bar
and the one before it must hold numbers.

Crossing rule: each bar is classed as above (+1) or below (-1) the reference. A bar within a
tiny tolerance of it (a touch, or float noise such as a flat market's collapsed Bollinger
bands) keeps the previous class, so touching a level and turning back is not a cross, and a
cross is reported on the first bar strictly beyond the level. This is 通达信's CROSS() with
ties resolved by the last decided side.

Kinds are stable identifiers: ``golden_cross`` / ``death_cross`` (MACD, KDJ), ``overbought``
/ ``oversold`` (entering the zone: BIAS, WR, RSI, KDJ's J), ``cross_above_100`` /
``cross_below_100`` / ``cross_below_minus_100`` / ``cross_above_minus_100`` (CCI), and
``cross_above_upper`` / ``cross_below_lower`` (BOLL, close against the bands).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from indicators.formulas import INDICATORS, resolve_params

# BIAS alert levels (percent) commonly quoted by Chinese trading texts, by MA period.
BIAS_THRESHOLDS = {6: 5.0, 12: 7.0, 24: 11.0}

_OSC_TOL = 1e-7  # for 0..100 oscillators and CCI: far below any displayed digit
_REL_TOL = 1e-9  # relative to price, for price-scale lines (MACD, BOLL)


def bias_threshold(n: int) -> float:
    """Alert level for BIAS(n): the table value of the nearest of 6/12/24 (by ratio)."""
    nearest = min(BIAS_THRESHOLDS, key=lambda period: abs(np.log(n / period)))
    return BIAS_THRESHOLDS[nearest]


def _sides(diff: np.ndarray, tol: float) -> np.ndarray:
    """+1 / -1 for above / below zero; ties carry the last side; NaN (and before) is 0."""
    valid = np.isfinite(diff)
    raw = np.zeros(len(diff), dtype=np.int8)
    raw[valid & (diff > tol)] = 1
    raw[valid & (diff < -tol)] = -1
    decided = (raw != 0) | ~valid  # a NaN also resets the side
    last = np.maximum.accumulate(np.where(decided, np.arange(len(diff)), -1))
    return np.where(last >= 0, raw[np.maximum(last, 0)], 0)


def _crossings(diff: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Bar indices where ``diff`` turns positive, and where it turns negative."""
    side = _sides(np.asarray(diff, dtype=np.float64), tol)
    prev, cur = side[:-1], side[1:]
    changed = (prev != 0) & (cur != 0) & (prev != cur)
    return np.flatnonzero(changed & (cur > 0)) + 1, np.flatnonzero(changed & (cur < 0)) + 1


def _level_rules(series, rules, tol):
    """rules: (level, "up" | "down", kind, text template using {v}) -> events."""
    events = []
    for level, direction, kind, template in rules:
        ups, downs = _crossings(series - level, tol)
        for i in ups if direction == "up" else downs:
            events.append((int(i), kind, template.format(v=series[i])))
    return events


def _line_rules(fast, slow, tol, golden_text, death_text):
    ups, downs = _crossings(fast - slow, tol)
    return [(int(i), "golden_cross", golden_text) for i in ups] + [
        (int(i), "death_cross", death_text) for i in downs
    ]


def _cci(out, close, p, conv, threshold):
    label = f"CCI({p['n']})"
    return _level_rules(
        out["cci"],
        [
            (100.0, "up", "cross_above_100", label + "上穿+100（{v:.2f}），进入超买区"),
            (100.0, "down", "cross_below_100", label + "跌破+100（{v:.2f}），离开超买区"),
            (-100.0, "down", "cross_below_minus_100", label + "跌破-100（{v:.2f}），进入超卖区"),
            (-100.0, "up", "cross_above_minus_100", label + "上穿-100（{v:.2f}），离开超卖区"),
        ],
        _OSC_TOL,
    )


def _price_tol(close: np.ndarray) -> float:
    return _REL_TOL * float(np.abs(close[np.isfinite(close)]).max(initial=0.0))


def _macd(out, close, p, conv, threshold):
    tol = _price_tol(close)
    return _line_rules(out["dif"], out["dea"], tol, "DIF上穿DEA，MACD金叉", "DIF下穿DEA，MACD死叉")


def _bias(out, close, p, conv, threshold):
    level = bias_threshold(p["n"]) if threshold is None else float(threshold)
    label = f"BIAS({p['n']})"
    return _level_rules(
        out["bias"],
        [
            (level, "up", "overbought", label + f"升破+{level:g}%" + "（{v:.2f}%），正乖离过大"),
            (-level, "down", "oversold", label + f"跌破-{level:g}%" + "（{v:.2f}%），负乖离过大"),
        ],
        _OSC_TOL,
    )


def _wr(out, close, p, conv, threshold):
    label = f"WR({p['n']})"
    if conv == "cn":  # 0..100, small = near the high
        rules = [
            (20.0, "down", "overbought", label + "跌破20（{v:.2f}），进入超买区"),
            (80.0, "up", "oversold", label + "升破80（{v:.2f}），进入超卖区"),
        ]
    else:  # -100..0
        rules = [
            (-20.0, "up", "overbought", label + "升破-20（{v:.2f}），进入超买区"),
            (-80.0, "down", "oversold", label + "跌破-80（{v:.2f}），进入超卖区"),
        ]
    return _level_rules(out["wr"], rules, _OSC_TOL)


def _rsi(out, close, p, conv, threshold):
    label = f"RSI({p['n']})"
    return _level_rules(
        out["rsi"],
        [
            (70.0, "up", "overbought", label + "升破70（{v:.2f}），进入超买区"),
            (30.0, "down", "oversold", label + "跌破30（{v:.2f}），进入超卖区"),
        ],
        _OSC_TOL,
    )


def _kdj(out, close, p, conv, threshold):
    crosses = _line_rules(
        out["k"], out["d"], _OSC_TOL, "K线上穿D线，KDJ金叉", "K线下穿D线，KDJ死叉"
    )
    extremes = _level_rules(
        out["j"],
        [
            (100.0, "up", "overbought", "J值升破100（{v:.2f}），超买"),
            (0.0, "down", "oversold", "J值跌破0（{v:.2f}），超卖"),
        ],
        _OSC_TOL,
    )
    return crosses + extremes


def _boll(out, close, p, conv, threshold):
    tol = _price_tol(close)
    ups, _ = _crossings(close - out["upper"], tol)
    _, downs = _crossings(close - out["lower"], tol)
    return [(int(i), "cross_above_upper", "收盘价上穿布林线上轨") for i in ups] + [
        (int(i), "cross_below_lower", "收盘价跌破布林线下轨") for i in downs
    ]


_DETECTORS = {
    "cci": _cci,
    "macd": _macd,
    "bias": _bias,
    "williams_r": _wr,
    "rsi": _rsi,
    "kdj": _kdj,
    "boll": _boll,
}


def _date_text(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def detect(
    name: str,
    dates: Sequence | None,
    close,
    outputs: Mapping[str, np.ndarray],
    params: Mapping | None = None,
    convention: str = "cn",
    *,
    threshold: float | None = None,
) -> list[dict]:
    """Signals for indicator ``name`` from its computed ``outputs`` (as formulas.compute gives).

    ``close`` is the price series the indicator was computed on (BOLL compares it with the
    bands; MACD uses its scale for the tie tolerance). ``params`` are the indicator's
    parameters (defaults filled in); ``threshold`` overrides the BIAS alert level in percent.
    Returns dicts ``{"index": i, "kind": ..., "text": ...}`` sorted by index, with
    ``"date"`` (ISO text) added when ``dates`` is given.
    """
    if name not in INDICATORS:
        raise ValueError(f"unknown indicator {name!r}; expected one of {list(INDICATORS)}")
    if convention not in ("cn", "intl"):
        raise ValueError(f"unknown convention {convention!r}")
    if threshold is not None and not (np.isfinite(threshold) and threshold > 0):
        raise ValueError(f"threshold must be a positive number, got {threshold!r}")
    close = np.asarray(close, dtype=np.float64)
    missing = [key for key in INDICATORS[name].outputs if key not in outputs]
    if missing:
        raise ValueError(f"{name} outputs missing: {missing}")
    series = {key: np.asarray(outputs[key], dtype=np.float64) for key in INDICATORS[name].outputs}
    lengths = {len(close), *(len(s) for s in series.values())}
    if dates is not None:
        lengths.add(len(dates))
    if len(lengths) > 1:
        raise ValueError("dates, close and outputs must have the same length")
    if len(close) < 2:
        return []
    found = _DETECTORS[name](series, close, resolve_params(name, params), convention, threshold)
    found.sort(key=lambda event: event[0])  # stable: same-bar events keep rule order
    signals = []
    for index, kind, text in found:
        signal = {"index": index, "kind": kind, "text": text}
        if dates is not None:
            signal["date"] = _date_text(dates[index])
        signals.append(signal)
    return signals
