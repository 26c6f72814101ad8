"""Signal detection: when a line crosses a level or another line.

The per-indicator rules (which line, which level, what to call it) live with each
indicator in ``indicators/library``; this module holds the crossing machinery they share
and ``detect()``, which runs an indicator's rules over its computed outputs.

A signal fires only on the bar where a line crosses a level or another line, never on
every bar inside a zone, and never from NaN: both the bar and the one before it must hold
numbers.

Crossing rule: each bar is classed as above (+1) or below (-1) the reference. A bar within a
tiny tolerance of it (a touch, or float noise such as a flat market's collapsed Bollinger
bands) keeps the previous class, so touching a level and turning back is not a cross, and a
cross is reported on the first bar strictly beyond the level. This is 通达信's CROSS() with
ties resolved by the last decided side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

MINUS = "\u2212"  # the one minus sign in Chinese text: 跌破 −100, never a hyphen

OSC_TOL = 1e-7  # for 0..100 oscillators and CCI: far below any displayed digit
_REL_TOL = 1e-9  # relative to price, for price-scale lines (MACD, BOLL)


def _sides(diff: np.ndarray, tol: float) -> np.ndarray:
    """+1 / -1 for above / below zero; ties carry the last side; NaN (and before) is 0."""
    valid = np.isfinite(diff)
    raw = np.zeros(len(diff), dtype=np.int8)
    raw[valid & (diff > tol)] = 1
    raw[valid & (diff < -tol)] = -1
    decided = (raw != 0) | ~valid  # a NaN also resets the side
    last = np.maximum.accumulate(np.where(decided, np.arange(len(diff)), -1))
    return np.where(last >= 0, raw[np.maximum(last, 0)], 0)


def crossings(diff: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Bar indices where ``diff`` turns positive, and where it turns negative."""
    side = _sides(np.asarray(diff, dtype=np.float64), tol)
    prev, cur = side[:-1], side[1:]
    changed = (prev != 0) & (cur != 0) & (prev != cur)
    return np.flatnonzero(changed & (cur > 0)) + 1, np.flatnonzero(changed & (cur < 0)) + 1


def number_text(value: float, digits: int = 2) -> str:
    """A number in a sentence: U+2212 for minus (−85.23), as the site writes it everywhere."""
    return f"{value:.{digits}f}".replace("-", MINUS)


def level_rules(series, rules, tol=OSC_TOL):
    """rules: (level, "up" | "down", kind, text template using {v}) -> events."""
    events = []
    for level, direction, kind, template in rules:
        ups, downs = crossings(series - level, tol)
        for i in ups if direction == "up" else downs:
            events.append((int(i), kind, template.format(v=number_text(series[i]))))
    return events


def line_rules(fast, slow, tol, golden_text, death_text):
    """金叉 where ``fast`` crosses above ``slow``, 死叉 where it crosses below."""
    ups, downs = crossings(fast - slow, tol)
    return [(int(i), "golden_cross", golden_text) for i in ups] + [
        (int(i), "death_cross", death_text) for i in downs
    ]


def price_tol(close: np.ndarray) -> float:
    """Tie tolerance for lines on the price scale."""
    return _REL_TOL * float(np.abs(close[np.isfinite(close)]).max(initial=0.0))


def _date_text(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def detect(
    settings,
    dates: Sequence | None,
    close,
    outputs: Mapping[str, np.ndarray],
    *,
    threshold: float | None = None,
) -> list[dict]:
    """Signals from an indicator's computed ``outputs`` (as ``compute(settings, …)`` gives).

    ``settings`` are checked settings (``registry.indicator_settings`` or
    ``params.parse_settings``). ``close`` is the price series the indicator was computed on
    (BOLL compares it with the bands; MACD uses its scale for the tie tolerance);
    ``threshold`` overrides the BIAS alert level in percent. Returns dicts ``{"index": i,
    "kind": ..., "text": ...}`` sorted by index, with ``"date"`` (ISO text) added when
    ``dates`` is given. Bars before ``settings.warmup`` give no signal: their values still
    depend on where the series happens to start (see ``library/warmup.py``).
    """
    if threshold is not None and not (np.isfinite(threshold) and threshold > 0):
        raise ValueError(f"threshold must be a positive number, got {threshold!r}")
    spec = settings.spec
    close = np.asarray(close, dtype=np.float64)
    missing = [key for key in spec.outputs if key not in outputs]
    if missing:
        raise ValueError(f"{spec.name} outputs missing: {missing}")
    series = {key: np.asarray(outputs[key], dtype=np.float64) for key in spec.outputs}
    lengths = {len(close), *(len(s) for s in series.values())}
    if dates is not None:
        lengths.add(len(dates))
    if len(lengths) > 1:
        raise ValueError("dates, close and outputs must have the same length")
    if len(close) < 2:
        return []
    found = spec.rules(series, close, settings.params, settings.convention, threshold)
    found = [event for event in found if event[0] >= settings.warmup]
    found.sort(key=lambda event: event[0])  # stable: same-bar events keep rule order
    signals = []
    for index, kind, text in found:
        signal = {"index": index, "kind": kind, "text": text}
        if dates is not None:
            signal["date"] = _date_text(dates[index])
        signals.append(signal)
    return signals
