"""信号实验室: one signal, every stored price series, a few parameter choices, one table.

Each row runs the indicator over a whole series and compares the result of acting on its
signals with acting on every day of that series (``library.stats``). The page is one
family of tests: its rows are judged after Holm's correction (``library.verdicts``), and
each series also gets Hansen's SPA test of "the best of these settings beats random entry"
(``library.snooping``). Rows are cached by the prices' digests and the cost settings, so
the page is computed once per change of data.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache

from core.cache_errors import CACHE_ERRORS
from indicators.formulas import INDICATORS, compute
from indicators.library.crossings import detect
from indicators.library.registry import indicator_settings
from indicators.library.snooping import spa_p_value
from indicators.library.spec import IndicatorSpec, ParamError, SignalKind
from indicators.library.stats import (
    DEFAULT_ENTRY,
    HorizonStats,
    eligible_returns,
    signal_mask,
    signal_stats,
)
from indicators.library.verdicts import holm, judge_family, luck_text
from indicators.models import PriceSeries
from indicators.payloads import STATS_SEED, market_costs, stats_config

CACHE_SECONDS = 24 * 3600
LAB_VERSION = "7"
# Integer parameters (periods) are tried at half and at twice their default.
SCALES = (1.0, 0.5, 2.0)


@dataclass(frozen=True)
class LabSignal:
    """One signal kind of one indicator, named in URLs as ``macd.golden_cross``."""

    spec: IndicatorSpec
    kind: SignalKind

    @property
    def key(self) -> str:
        return f"{self.spec.name}.{self.kind.kind}"


@dataclass(frozen=True)
class LabRow:
    series: PriceSeries
    params: dict
    is_default: bool
    stats: HorizonStats
    direction: int
    judged: dict  # the stats as the API shows them, with p_adjusted, verdict and summary

    @property
    def verdict(self) -> str:
        return self.judged["verdict"]

    @property
    def params_text(self) -> str:
        return "，".join(f"{name}={value}" for name, value in self.params.items())


@dataclass(frozen=True)
class SeriesTest:
    """Hansen's SPA over every setting of the signal on one series, and its p after Holm
    across the page's series (a page tries the signal on every stored stock)."""

    series: PriceSeries
    p_value: float
    p_adjusted: float = np.nan


def all_signals() -> list[LabSignal]:
    """Every cn signal kind (cn RSI and WR: one per line), with the cn parameters to vary."""
    in_cn = [spec.for_convention("cn") for spec in INDICATORS.values()]
    return [LabSignal(spec, kind) for spec in in_cn for kind in spec.signals]


def find_signal(key: str) -> LabSignal | None:
    return next((signal for signal in all_signals() if signal.key == key), None)


def variants(spec: IndicatorSpec) -> list[dict]:
    """The default parameters, then every integer one halved, then doubled (when valid);
    the cn convention's parameters (cn RSI: n1/n2/n3)."""
    spec = spec.for_convention("cn")
    found = []
    for scale in SCALES:
        values = {
            p.name: max(p.min, min(p.max, round(p.default * scale))) if p.integer else p.default
            for p in spec.params
        }
        try:
            params = indicator_settings(spec.name, values).params
        except ParamError:  # e.g. a halved period below its minimum, or fast >= slow
            continue
        if params not in found:
            found.append(params)
    return found


def lab_rows(signal: LabSignal, horizon: int, entry: str = DEFAULT_ENTRY) -> list[LabRow]:
    """One row per stored series and parameter choice, for `horizon` trading days."""
    rows, _ = lab_page(signal, horizon, entry)
    return rows


def lab_page(signal: LabSignal, horizon: int, entry: str = DEFAULT_ENTRY):
    """(rows, SPA tests per series): the rows are judged as one Holm family, the page's."""
    every_series = list(PriceSeries.objects.defer("data").order_by("symbol"))
    config = stats_config()
    key = _cache_key(signal, horizon, entry, every_series, config)
    choices = variants(signal.spec)
    computed = _cache_get(key)
    if computed is None:
        # The bars are read only when the rows are not cached yet.
        computed = [
            _series_rows(signal, series, choices, horizon, entry, config[1])
            for series in every_series
        ]
        _cache_set(key, computed)
    by_pk = {series.pk: series for series in every_series}
    flat = [(pk, params, stats) for pk, found, _ in computed for params, stats in found]
    direction = signal.kind.direction
    judged = judge_family([(stats, direction) for _, _, stats in flat])
    rows = [
        LabRow(by_pk[pk], params, params == choices[0], stats, direction, row)
        for (pk, params, stats), row in zip(flat, judged, strict=True)
    ]
    adjusted = holm([spa for _, _, spa in computed])
    tests = [
        SeriesTest(by_pk[pk], spa, p) for (pk, _, spa), p in zip(computed, adjusted, strict=True)
    ]
    return rows, tests


def verdict(rows: list[LabRow], tests: list[SeriesTest] = ()) -> dict:
    """What the table says, in words: how many settings beat random entry, if any."""
    tested = [row for row in rows if np.isfinite(row.judged["p_adjusted"])]
    winners = [row for row in rows if row.verdict == "better"]
    return {
        "rows": len(rows),
        "comparable": len(tested),
        "winners": winners,
        "losers": [row for row in rows if row.verdict == "worse"],
        "none_beat": bool(tested) and not winners,
        "too_few": not tested,  # no row has enough signals to say anything
        "luck_text": luck_text(len(tested), "本页"),
        "spa": [test for test in tests if np.isfinite(test.p_value)],
    }


def _series_rows(signal, series, choices, horizon, entry, resamples):
    """(pk, [(params, stats)], SPA p-value) for one series, its bars unpacked once.

    Every setting is judged from the same first bar, the latest warm-up among them, so
    that the settings compete on the same days.
    """
    table = series.table()
    bars = table.ohlc()
    costs = market_costs(series.trading_market)
    direction = signal.kind.direction
    every = [indicator_settings(signal.spec.name, params) for params in choices]
    start = min(max(settings.warmup for settings in every), len(table))
    found, masks, memo = [], [], {}
    for settings in every:
        days = _signal_days(signal, table, settings)
        (stats,) = signal_stats(
            bars["open"], bars["close"], days, (horizon,), costs, resamples, STATS_SEED,
            direction, entry=entry, start=start, draws=memo,
        )  # fmt: skip
        found.append((settings.params, stats))
        masks.append(days)
    eligible = eligible_returns(bars["open"], bars["close"], horizon, entry, start)
    # Only settings with enough signals to judge take part: a handful of trades would make
    # the test's resampled distribution degenerate, and its p-value meaningless.
    signals = [
        signal_mask(days, start, len(eligible))
        for days, (_, stats) in zip(masks, found, strict=True)
        if stats.enough
    ]
    spa = spa_p_value(eligible, signals, direction, horizon, resamples // 2, STATS_SEED)
    return series.pk, found, spa


def _signal_days(signal, table, settings) -> list[int]:
    outputs = compute(settings, table.ohlc())
    return [
        event["index"]
        for event in detect(settings, None, table.close, outputs)
        if event["kind"] == signal.kind.kind
    ]


def _cache_get(key):
    try:
        return cache.get(key)
    except CACHE_ERRORS:  # the shared cache is down: compute, as without a cache
        return None


def _cache_set(key, value) -> None:
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(key, value, CACHE_SECONDS)


def _cache_key(signal, horizon, entry, every_series, config) -> str:
    # Rows refer to series by pk: a series deleted and imported again (same bars, new pk)
    # must not find the old rows.
    series = [(s.pk, s.digest, s.market) for s in every_series]
    data = repr((LAB_VERSION, signal.key, horizon, entry, series, config))
    return "indicators:lab:" + hashlib.sha256(data.encode()).hexdigest()[:32]
