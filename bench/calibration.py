"""Calibration of the signal statistics: do their p-values, verdicts and intervals keep
their promises on data where the truth is known?

* No-edge series that keep real volatility: the real daily moves of NVDA and ORCL (gap
  and intraday move of each day, and the day's high/low excursions), the gap's and the
  body's signs flipped at random and independently. Simple returns are flipped, so every
  future move has mean exactly zero whatever came before: no signal can have an edge, yet
  signals still fire in the same volatile stretches as on the real stock.
* iid random walks (normal daily moves), the textbook null.
* The same real-volatility series with a planted edge of known size: a drift added to the
  intraday moves of the days after each signal. The true difference "after a signal −
  any day" is then known exactly, and the 95% interval should cover it 95% of the time.

For every signal kind of every indicator (default settings, cn convention) and every
horizon it prints the rate of p < 0.05 (target 5% ± 2%), the rate of a `better` verdict
for a single test (target at or below its nominal 5%; about 2.5% on average, but skewed
returns put most false rejections of some rules on one side) and the interval's coverage
with the planted edge (target 95% ± 2.5%).

Run: python bench/calibration.py [--series 800] [--iid 400] [--entry next_open]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators.library.crossings import detect  # noqa: E402
from indicators.library.registry import INDICATORS, compute, indicator_settings  # noqa: E402
from indicators.library.stats import HORIZONS, MIN_SIGNALS, Costs, signal_stats  # noqa: E402
from indicators.library.verdicts import (
    NOMINAL_FALSE_BETTER,  # noqa: E402
    verdict,  # noqa: E402
)
from indicators.prices import read_csv  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "indicators" / "data"
LENGTH = 2400  # bars per test series, about the audit's
PLANTED_DRIFT = 0.002  # added to each intraday move inside a signal's holding window
N_BOOT = 1000
NO_COSTS = Costs(commission=0.0, stamp_duty=0.0, transfer_fee=0.0)


def real_moves(path: Path) -> dict[str, np.ndarray]:
    """A stock's daily moves as simple returns: gap, intraday, and high/low excursions."""
    bars = read_csv(path).ohlc()
    open_, close = bars["open"], bars["close"]
    top, bottom = np.maximum(open_, close), np.minimum(open_, close)
    return {
        "gap": open_[1:] / close[:-1] - 1,
        "intraday": close[1:] / open_[1:] - 1,
        "up": bars["high"][1:] / top[1:] - 1,
        "down": 1 - bars["low"][1:] / bottom[1:],
    }


def flipped_parts(moves, rng, length) -> tuple[np.ndarray, ...]:
    """gap, intraday, up, down for `length` bars of a random stretch, signs flipped."""
    begin = rng.integers(0, len(moves["gap"]) - length + 1)
    part = {k: v[begin : begin + length] for k, v in moves.items()}
    # The gap and the body get signs of their own: one shared sign would make
    # E[(1 + s·gap)(1 + s·body)] = 1 + gap·body, a small drift where both are large.
    gap_sign, body_sign = rng.choice((-1.0, 1.0), size=(2, length))
    rising = body_sign > 0
    return (
        gap_sign * part["gap"],
        body_sign * part["intraday"],
        np.where(rising, part["up"], part["down"]),
        np.where(rising, part["down"], part["up"]),
    )


def iid_parts(rng, length) -> tuple[np.ndarray, ...]:
    up, down = np.abs(rng.normal(0, 0.006, (2, length)))
    return rng.normal(0, 0.004, length), rng.normal(0, 0.018, length), up, down


def build(parts, drift=None) -> dict[str, np.ndarray]:
    """OHLC bars from daily moves; `drift` is added to the intraday moves."""
    gap, intraday, up, down = parts
    if drift is not None:
        intraday = intraday + drift
    growth = (1 + np.maximum(gap, -0.9)) * (1 + np.maximum(intraday, -0.9))
    close = 100 * np.cumprod(growth)
    before = np.concatenate([[100.0], close[:-1]])
    open_ = before * (1 + np.maximum(gap, -0.9))
    top, bottom = np.maximum(open_, close), np.minimum(open_, close)
    return {
        "open": open_,
        "high": top * (1 + up),
        "low": bottom * (1 - np.minimum(down, 0.9)),
        "close": close,
    }


def rules(only=None):
    """(settings, kind) for every signal kind at default settings, or those named in `only`
    (e.g. {"rsi.oversold"})."""
    for spec in INDICATORS.values():
        settings = indicator_settings(spec.name, {})
        for kind in settings.spec.signals:
            if only is None or f"{spec.name}.{kind.kind}" in only:
                yield settings, kind


def signal_days(settings, ohlc) -> dict[str, np.ndarray]:
    outputs = compute(settings, ohlc)
    days: dict[str, list[int]] = {}
    for event in detect(settings, None, ohlc["close"], outputs):
        days.setdefault(event["kind"], []).append(event["index"])
    return {k: np.asarray(v) for k, v in days.items()}


def planted(days, horizon, length):
    """The drift array for one horizon: PLANTED_DRIFT on days t+1..t+h after each signal."""
    drift = np.zeros(length)
    for t in days:
        drift[t + 1 : t + 1 + horizon] = PLANTED_DRIFT
    return drift


def true_difference(drift, days, horizon, start, length):
    """Expected result after a signal − expected result on any eligible day."""
    growth = np.log1p(drift)
    cumulative = np.concatenate([[0.0], np.cumsum(growth)])
    t = np.arange(start, length - horizon)
    expected = np.expm1(cumulative[t + horizon + 1] - cumulative[t + 1])
    on_signal = expected[np.isin(t, days)]
    return on_signal.mean() - expected.mean()


def one_series(parts, entry, n_boot, seed, tally, only=None):
    """Every rule and horizon on one series: no-edge p and verdict, planted coverage."""
    ohlc = build(parts)
    length = len(ohlc["close"])
    for settings, kind in rules(only):
        found = signal_days(settings, ohlc).get(kind.kind, np.array([], dtype=int))
        start = settings.warmup
        found = found[found >= start]
        name = f"{settings.spec.name}.{kind.kind}"

        def stats_on(bars, horizons, found=found, kind=kind, start=start):
            return signal_stats(
                bars["open"], bars["close"], found, horizons, NO_COSTS, n_boot, seed,
                kind.direction, entry=entry, start=start,
            )  # fmt: skip

        null = stats_on(ohlc, HORIZONS)
        for stats in null:
            row = tally.setdefault((name, stats.horizon), _empty())
            if stats.signals < MIN_SIGNALS or not np.isfinite(stats.p_value):
                row["skipped"] += 1
                continue
            row["tests"] += 1
            row["rejected"] += stats.p_value < 0.05
            row["better"] += verdict(stats, kind.direction, stats.p_value) == "better"
            drift = planted(found, stats.horizon, length)
            (with_edge,) = stats_on(build(parts, drift), (stats.horizon,))
            truth = true_difference(drift, found, stats.horizon, start, length)
            row["covered"] += with_edge.ci_low <= truth <= with_edge.ci_high


def _empty():
    return {"tests": 0, "rejected": 0, "better": 0, "covered": 0, "skipped": 0}


def run(series: int, entry: str, n_boot: int, iid: int, seed: int = 7, only=None):
    """Tallies by (rule, horizon) on real-volatility series and on iid random walks."""
    rng = np.random.default_rng(seed)
    sources = [real_moves(DATA / "nvda-1999-2014.csv"), real_moves(DATA / "orcl-1995-2014.csv")]
    real, walks = {}, {}
    for i in range(series):
        one_series(flipped_parts(sources[i % 2], rng, LENGTH), entry, n_boot, i, real, only)
    for i in range(iid):
        one_series(iid_parts(rng, LENGTH), entry, n_boot, i, walks, only)
    return real, walks


def rates(row) -> tuple[float, float, float]:
    """(share p < 0.05, share judged better, interval coverage with the planted edge)."""
    n = row["tests"]
    return row["rejected"] / n, row["better"] / n, row["covered"] / n


def misses(tally, errors: float = 2.0) -> list[str]:
    """The rule-horizon pairs outside the targets: the band (5% ± 2%, at most 5%, 95% ±
    2.5%) widened by `errors` Monte Carlo standard errors of the cell; 0 for the bare band."""
    found = []
    for (name, h), row in sorted(tally.items()):
        n = row["tests"]
        if n == 0:
            continue
        p, better, cover = rates(row)
        level = NOMINAL_FALSE_BETTER
        if abs(p - 0.05) > 0.02 + errors * np.sqrt(0.05 * 0.95 / n):
            found.append(f"{name} h={h}: p<0.05 in {p:.1%}")
        if better > level + errors * np.sqrt(level * (1 - level) / n):
            found.append(f"{name} h={h}: better in {better:.1%}")
        if abs(cover - 0.95) > 0.025 + errors * np.sqrt(0.05 * 0.95 / n):
            found.append(f"{name} h={h}: coverage {cover:.1%}")
    return found


def print_table(title, tally) -> bool:
    print(f"\n{title}")
    print(f"{'rule':<28}{'h':>4}{'tests':>7}{'p<.05':>8}{'better':>8}{'cover':>8}")
    for (name, h), row in sorted(tally.items()):
        if row["tests"] == 0:
            print(f"{name:<28}{h:>4}{0:>7}   (too few signals on every series)")
            continue
        p, better, cover = rates(row)
        print(f"{name:<28}{h:>4}{row['tests']:>7}{p:>8.1%}{better:>8.1%}{cover:>8.1%}")
    outside, bare = misses(tally), misses(tally, errors=0.0)
    print(
        "Targets: p<0.05 in 5% ± 2%, better at most its nominal 5% (2.5% on average), coverage "
        "95% ± 2.5%, each within two Monte Carlo errors: "
        + ("all met" if not outside else "MISSED: " + "; ".join(outside))
    )
    print("Outside the bare band (no Monte Carlo allowance): " + ("; ".join(bare) or "none"))
    return not outside


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=800)
    parser.add_argument("--iid", type=int, default=400)
    parser.add_argument("--entry", default="next_open")
    parser.add_argument("--resamples", type=int, default=N_BOOT)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    real, walks = run(args.series, args.entry, args.resamples, args.iid)
    ok = print_table(f"Real volatility, random signs: {args.series} series of {LENGTH} bars", real)
    ok = print_table(f"iid random walks: {args.iid} series", walks) and ok
    print(f"\n{time.perf_counter() - began:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
