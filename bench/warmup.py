"""How well each indicator's warm-up holds: cut real histories at many start bars.

Run from the project root::

    python bench/warmup.py [--cuts N]

For every indicator, both conventions and a few settings, each shipped history (ORCL,
NVDA, 600519) is cut at N start bars; after the cut series' warm-up its values are compared
with the long history's on the same dates (worst absolute difference) and its signals with
the long history's (cuts where they differ). The chart shows two decimals, so the worst
difference should stay under 0.005 and no cut should differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # see bench/indicators.py

import numpy as np  # noqa: E402

from indicators.library.crossings import detect  # noqa: E402
from indicators.library.registry import compute, indicator_settings  # noqa: E402
from indicators.prices import read_csv  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "indicators" / "data"
FILES = ("orcl-1995-2014.csv", "nvda-1999-2014.csv", "600519.csv")
SETTINGS = {
    "macd": [None, {"fast": 5, "slow": 35, "signal": 5}, {"fast": 3, "slow": 10, "signal": 16}],
    "rsi": [None, {"n": 2}, {"n": 6}, {"n": 24}],
    "kdj": [None, {"n": 5, "m1": 5, "m2": 2}, {"n": 20, "m1": 1, "m2": 9}],
    "cci": [None, {"n": 30}],
    "bias": [None, {"n": 24}],
    "williams_r": [None, {"n": 3}],
    "boll": [None, {"n": 10, "k": 1.5}],
}


def _signals(settings, ohlc, offset=0):
    outputs = compute(settings, ohlc)
    events = detect(settings, None, ohlc["close"], outputs)
    return outputs, {(e["index"] + offset, e["kind"]) for e in events}


def check(settings, ohlc, cuts: int) -> tuple[float, int, int]:
    """(worst difference after the warm-up, cuts whose signals differ, cuts tried)."""
    w, size = settings.warmup, len(ohlc["close"])
    full, full_signals = _signals(settings, ohlc)
    worst, differ, starts = 0.0, 0, np.unique(np.linspace(1, size - w - 2, cuts).astype(int))
    for start in starts:
        cut = {key: values[start:] for key, values in ohlc.items()}
        outputs, signals = _signals(settings, cut, start)
        for key, values in outputs.items():
            gap = np.abs(values[w:] - full[key][start + w :])
            worst = max(worst, float(np.nanmax(gap, initial=0.0)))
        differ += signals != {s for s in full_signals if s[0] >= start + w}
    return worst, differ, len(starts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cuts", type=int, default=100)
    cuts = parser.parse_args().cuts
    histories = {name.split("-")[0].split(".")[0]: read_csv(DATA / name).ohlc() for name in FILES}
    print(f"{'indicator':<34}{'conv':<6}{'warm-up':>8}{'worst diff':>12}{'signals differ':>16}")
    for name, settings_list in SETTINGS.items():
        for params in settings_list:
            for convention in ("cn", "intl"):
                settings = indicator_settings(name, params, convention)
                rows = [check(settings, ohlc, cuts) for ohlc in histories.values()]
                worst = max(r[0] for r in rows)
                differ = f"{sum(r[1] for r in rows)}/{sum(r[2] for r in rows)}"
                label = f"{name} {params or 'default'}"
                print(f"{label:<34}{convention:<6}{settings.warmup:>8}{worst:>12.2g}{differ:>16}")


if __name__ == "__main__":
    main()
