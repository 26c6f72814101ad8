"""Benchmark the indicator formulas against their TA-Lib equivalents.

Run from the project root::

    python bench/indicators.py [--bars N] [--repeats R]

``bench_formulas()`` returns one row per (indicator, convention); ``main()`` prints them,
then the JSON API's latency and the signal statistics' bootstrap time.
Further sections (e.g. API latency) can add their own ``bench_*()`` and a call in ``main()``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

# Run as a script, sys.path[0] is bench/, where this very file would shadow the
# `indicators` package; put the project root first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import talib  # noqa: E402

from indicators import formulas  # noqa: E402

MAX_RATIO = 2.0


def make_bars(size: int, seed: int = 20240815) -> dict[str, np.ndarray]:
    """Random-walk daily bars with valid high/low around open/close."""
    rng = np.random.default_rng(seed)
    close = 100.0 * np.exp(np.cumsum(rng.normal(0.0, 0.015, size)))
    open_ = np.r_[close[0], close[:-1]] * np.exp(rng.normal(0.0, 0.004, size))
    top = np.maximum(open_, close)
    bottom = np.minimum(open_, close)
    high = top * (1.0 + rng.uniform(0.0, 0.01, size))
    low = bottom * (1.0 - rng.uniform(0.0, 0.01, size))
    return {"open": open_, "high": high, "low": low, "close": close}


def _bias_reference(close: np.ndarray, n: int) -> np.ndarray:
    ma = talib.SMA(close, n)
    return (close - ma) / ma * 100.0


def _cases(bars: dict[str, np.ndarray]):
    """(indicator, our call taking a convention, TA-Lib reference call) with default params."""
    h, lo, c = bars["high"], bars["low"], bars["close"]
    return [
        ("cci", lambda cv: formulas.cci(h, lo, c, 14, cv), lambda: talib.CCI(h, lo, c, 14)),
        ("bias", lambda cv: formulas.bias(c, 6, cv), lambda: _bias_reference(c, 6)),
        ("macd", lambda cv: formulas.macd(c, 12, 26, 9, cv), lambda: talib.MACD(c, 12, 26, 9)),
        ("wr", lambda cv: formulas.williams_r(h, lo, c, 14, cv), lambda: talib.WILLR(h, lo, c, 14)),
        ("rsi", lambda cv: formulas.rsi(c, 14, cv), lambda: talib.RSI(c, 14)),
        (
            "kdj",
            lambda cv: formulas.kdj(h, lo, c, 9, 3, 3, cv),
            lambda: talib.STOCH(h, lo, c, 9, 3, 0, 3, 0),
        ),
        (
            "boll",
            lambda cv: formulas.boll(c, 20, 2.0, cv),
            lambda: talib.BBANDS(c, 20, 2.0, 2.0, 0),
        ),
    ]


def _median_times(calls, repeats: int) -> list[float]:
    """Median seconds per call; calls are interleaved so load spikes hit all of them."""
    for call in calls:  # warm-up: first-touch page faults, lazy imports
        call()
    samples: list[list[float]] = [[] for _ in calls]
    for _ in range(repeats):
        for call, bucket in zip(calls, samples, strict=True):
            start = time.perf_counter()
            call()
            bucket.append(time.perf_counter() - start)
    return [statistics.median(bucket) for bucket in samples]


def bench_formulas(bars: int = 1_000_000, repeats: int = 7, seed: int = 20240815) -> list[dict]:
    """Time every formula in both conventions against TA-Lib on ``bars`` random-walk bars."""
    data = make_bars(bars, seed)
    rows = []
    for name, ours, reference in _cases(data):
        ref_s, cn_s, intl_s = _median_times(
            [reference, lambda o=ours: o("cn"), lambda o=ours: o("intl")], repeats
        )
        for convention, ours_s in (("cn", cn_s), ("intl", intl_s)):
            rows.append(
                {
                    "indicator": name,
                    "convention": convention,
                    "ours_ms": ours_s * 1e3,
                    "talib_ms": ref_s * 1e3,
                    "ratio": ours_s / ref_s,
                }
            )
    return rows


def print_formula_table(rows: list[dict], bars: int) -> bool:
    """Print the table; return True when every ratio is within MAX_RATIO."""
    print(f"Indicator formulas, {bars:,} bars (median ms; ratio = ours / TA-Lib)")
    print(f"{'indicator':<10}{'conv':<6}{'ours ms':>10}{'talib ms':>10}{'ratio':>8}")
    for row in rows:
        flag = "" if row["ratio"] <= MAX_RATIO else "  <-- over"
        print(
            f"{row['indicator']:<10}{row['convention']:<6}{row['ours_ms']:>10.2f}"
            f"{row['talib_ms']:>10.2f}{row['ratio']:>8.2f}{flag}"
        )
    ok = all(row["ratio"] <= MAX_RATIO for row in rows)
    worst = max(rows, key=lambda r: r["ratio"])
    verdict = "yes" if ok else "NO"
    print(
        f"All ratios <= {MAX_RATIO:.1f}: {verdict} "
        f"(worst {worst['indicator']}/{worst['convention']} {worst['ratio']:.2f})"
    )
    return ok


API_BARS = 5000
API_TARGET_MS = 20.0


def bench_api(requests: int = 60) -> dict:
    """Median latency of a 5,000-bar API request, through Django's full request stack."""
    from bench.django_env import ensure_series, median_ms, setup_django

    # One client asks many times: lift the per-address limit (a 429 would be timed).
    os.environ.setdefault("API_RATE_PER_MINUTE", "1000000")
    setup_django()
    from django.test import Client

    series = ensure_series("ORCL", "甲骨文", "orcl-1995-2014.csv")
    start = str(series.table().dates[-API_BARS])
    client = Client()
    url = f"/api/indicators/macd/?symbol=ORCL&start={start}"
    first = client.get(url)
    assert first.status_code == 200 and len(first.json()["dates"]) == API_BARS
    assert client.get(url).status_code == 200
    etag = first["ETag"]
    row = {
        "full_ms": median_ms(lambda: client.get(url), requests),
        "not_modified_ms": median_ms(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag), requests),
        # The floor: the same stack answering a view that does nothing.
        "floor_ms": median_ms(lambda: client.get("/healthz"), requests),
        "bytes": len(first.content),
    }
    row["ratio"] = row["full_ms"] / row["floor_ms"]
    return row


def print_api(row: dict) -> bool:
    ok = row["full_ms"] <= API_TARGET_MS
    print(f"\nJSON API, MACD on {API_BARS:,} ORCL bars ({row['bytes'] / 1024:.0f} KiB), median ms")
    print(
        f"  full response          {row['full_ms']:8.2f}   (target <= {API_TARGET_MS:.0f}: "
        f"{'yes' if ok else 'NO'})"
    )
    print(f"  repeat with ETag (304) {row['not_modified_ms']:8.2f}")
    print(f"  /healthz (floor)       {row['floor_ms']:8.2f}   full / floor = {row['ratio']:.1f}x")
    return ok


STATS_BARS = 5000
STATS_RESAMPLES = 2000
STATS_TARGET_MS = 50.0  # one stats request: every signal kind of an indicator × 3 horizons


def _arch_difference_spread(returns, signal, block, reps, seed):
    """The reference: arch's CircularBlockBootstrap, resampling day by day."""
    from arch.bootstrap import CircularBlockBootstrap

    def difference(r, s):
        return r[s].mean() - r.mean() if s.any() else np.nan

    return CircularBlockBootstrap(block, returns, signal, seed=seed).apply(difference, reps)


def bench_signal_stats(repeats: int = 11) -> list[dict]:
    """The statistics of one stats request (every signal kind × 5/10/20 days) on the last
    5,000 real ORCL bars, against arch's day-by-day block bootstrap of one kind."""
    from indicators.library.crossings import detect
    from indicators.library.registry import INDICATORS, compute, indicator_settings
    from indicators.library.resampling import block_length
    from indicators.library.stats import HORIZONS, signal_stats, trade_returns
    from indicators.prices import read_csv

    table = read_csv(Path(__file__).resolve().parent.parent / "indicators/data/orcl-1995-2014.csv")
    ohlc = {key: values[-STATS_BARS:] for key, values in table.ohlc().items()}
    open_, close = ohlc["open"], ohlc["close"]
    rows = []
    for name in INDICATORS:
        settings = indicator_settings(name)
        events = detect(settings, None, close, compute(settings, ohlc))
        kinds = [
            (kind, np.array([e["index"] for e in events if e["kind"] == kind.kind], dtype=int))
            for kind in settings.spec.signals
        ]

        def request(kinds=kinds, start=settings.warmup):
            memo = {}  # shared by the kinds, as build_stats_payload shares it
            for kind, days in kinds:
                signal_stats(
                    open_, close, days, HORIZONS, n_boot=STATS_RESAMPLES, seed=1,
                    direction=kind.direction, start=start, draws=memo,
                )  # fmt: skip

        (ours,) = _median_times([request], repeats)
        rows.append(
            {
                "indicator": name,
                "kinds": len(kinds),
                "signals": sum(len(days) for _, days in kinds),
                "ms": ours * 1e3,
            }
        )
    # The reference, once: one kind at one horizon, day-by-day resampling by arch.
    days = kinds[0][1]
    returns = trade_returns(open_, close, 10)[: STATS_BARS - 10]
    signal = np.zeros(len(returns), dtype=bool)
    signal[days[days < len(returns)]] = True
    block = block_length(10, len(returns))
    began = time.perf_counter()
    _arch_difference_spread(returns, signal, block, STATS_RESAMPLES, 1)
    arch_ms = (time.perf_counter() - began) * 1e3
    (one,) = _median_times(
        [lambda: signal_stats(open_, close, days, (10,), n_boot=STATS_RESAMPLES, seed=1)], repeats
    )
    rows.append({"reference_ms": arch_ms, "ours_one_ms": one * 1e3})
    return rows


def print_signal_stats(rows: list[dict]) -> bool:
    *requests, reference = rows
    print(
        f"\nSignal statistics per stats request: every signal kind x horizons 5/10/20, "
        f"{STATS_RESAMPLES:,} block-bootstrap resamples, last {STATS_BARS:,} ORCL bars (median)"
    )
    print(f"{'indicator':<12}{'kinds':>6}{'signals':>9}{'ms':>9}")
    for row in requests:
        print(f"{row['indicator']:<12}{row['kinds']:>6}{row['signals']:>9}{row['ms']:>9.1f}")
    worst = max(requests, key=lambda r: r["ms"])
    ok = worst["ms"] <= STATS_TARGET_MS
    print(
        f"Every request within {STATS_TARGET_MS:.0f} ms: {'yes' if ok else 'NO'} "
        f"(slowest {worst['indicator']} {worst['ms']:.1f} ms)"
    )
    print(
        f"One kind, one horizon: ours {reference['ours_one_ms']:.1f} ms, arch "
        f"CircularBlockBootstrap day by day {reference['reference_ms']:.0f} ms "
        f"(ratio {reference['ours_one_ms'] / reference['reference_ms']:.4f})"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bars", type=int, default=1_000_000, help="bars per series")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per call")
    args = parser.parse_args(argv)
    if args.bars < 300 or args.repeats < 1:
        parser.error("--bars must be >= 300 and --repeats >= 1")
    rows = bench_formulas(args.bars, args.repeats)
    ok = print_formula_table(rows, args.bars)
    ok = print_api(bench_api()) and ok
    ok = print_signal_stats(bench_signal_stats()) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
