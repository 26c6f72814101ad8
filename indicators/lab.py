"""信号实验室: one signal, every stored price series, a few parameter choices, one table.

Each row runs the indicator over a whole series and compares what followed its signals
with every day of that series (``library.stats``). Rows are cached by the prices' digests
and the cost settings, so the page is computed once per change of data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from indicators.formulas import INDICATORS, compute
from indicators.library.crossings import detect
from indicators.library.registry import indicator_settings
from indicators.library.spec import IndicatorSpec, ParamError, SignalKind
from indicators.library.stats import SIGNIFICANCE, HorizonStats, signal_stats
from indicators.models import PriceSeries
from indicators.payloads import STATS_SEED, stats_config

CACHE_SECONDS = 24 * 3600
LAB_VERSION = "2"
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

    @property
    def beats_base(self) -> bool:
        return self.stats.beats_base(self.direction)

    @property
    def params_text(self) -> str:
        return "，".join(f"{name}={value}" for name, value in self.params.items())


def all_signals() -> list[LabSignal]:
    return [LabSignal(s, kind) for s in INDICATORS.values() for kind in s.signals_for("cn")]


def find_signal(key: str) -> LabSignal | None:
    return next((signal for signal in all_signals() if signal.key == key), None)


def variants(spec: IndicatorSpec) -> list[dict]:
    """The default parameters, then every integer one halved, then doubled (when valid)."""
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


def lab_rows(signal: LabSignal, horizon: int) -> list[LabRow]:
    """One row per stored series and parameter choice, for `horizon` trading days."""
    # The bars are read only when the rows are not cached yet.
    every_series = list(PriceSeries.objects.defer("data").order_by("symbol"))
    costs, resamples = stats_config()
    key = _cache_key(signal, horizon, every_series, (costs, resamples))
    choices = variants(signal.spec)
    computed = cache.get(key)
    if computed is None:
        computed = []
        for series in every_series:
            table = series.table()  # unpacked once for all of its parameter choices
            computed += [
                (series.pk, params, _stats(signal, table, params, horizon, costs, resamples))
                for params in choices
            ]
        cache.set(key, computed, CACHE_SECONDS)
    by_pk = {series.pk: series for series in every_series}
    default = choices[0]
    return [
        LabRow(by_pk[pk], params, params == default, stats, signal.kind.direction)
        for pk, params, stats in computed
    ]


def verdict(rows: list[LabRow]) -> dict:
    """What the table says, in words: how many settings beat the base rate, if any."""
    winners = [row for row in rows if row.beats_base]
    comparable = [row for row in rows if row.stats.enough]
    return {
        "rows": len(rows),
        "comparable": len(comparable),
        "winners": winners,
        "none_beat": bool(comparable) and not winners,
        "too_few": not comparable,  # no row has enough signals to say anything
        # With this many comparisons, about 5% would look significant by luck alone.
        "expected_by_luck": round(len(comparable) * SIGNIFICANCE, 1),
    }


def _stats(signal, table, params, horizon, costs, resamples) -> HorizonStats:
    settings = indicator_settings(signal.spec.name, params)
    outputs = compute(settings, table.ohlc())
    days = [
        event["index"]
        for event in detect(settings, None, table.close, outputs)
        if event["kind"] == signal.kind.kind
    ]
    (stats,) = signal_stats(
        table.close, days, (horizon,), costs, resamples, STATS_SEED, signal.kind.direction
    )
    return stats


def _cache_key(signal, horizon, every_series, config) -> str:
    # Rows refer to series by pk: a series deleted and imported again (same bars, new pk)
    # must not find the old rows.
    series = [(s.pk, s.digest) for s in every_series]
    data = repr((LAB_VERSION, signal.key, horizon, series, config))
    return "indicators:lab:" + hashlib.sha256(data.encode()).hexdigest()[:32]
