"""The JSON bodies of the indicator API: a demo's series, and its signal statistics.

Both compute the indicator over the whole stored history (so warm-up never eats into the
reader's window) and then keep only the requested window.
"""

import numpy as np
from django.conf import settings as django_settings

from indicators.formulas import compute
from indicators.library.crossings import detect
from indicators.library.stats import (
    CONFIDENCE,
    HORIZONS,
    MIN_SIGNALS,
    Costs,
    report_by_kind,
)
from indicators.library.warmup import window_warmup
from indicators.models import PriceSeries
from indicators.params import DemoSettings, ParamError

DECIMALS = 4
STATS_SEED = 20250101  # fixed: the same settings always show the same numbers


def window(table, settings: DemoSettings) -> tuple[int, int]:
    """Bar indices [lo, hi) of the requested start..end; ParamError when it holds no bar."""
    lo = (
        0
        if settings.start is None
        else int(np.searchsorted(table.dates, np.datetime64(settings.start)))
    )
    hi = (
        len(table)
        if settings.end is None
        else int(np.searchsorted(table.dates, np.datetime64(settings.end), side="right"))
    )
    if lo >= hi:
        raise ParamError("start", f"{settings.start or ''}~{settings.end or ''} 之间没有行情数据")
    return lo, hi


def _computed(settings: DemoSettings, series: PriceSeries):
    """The bars, the indicator over all of them, the requested window [lo, hi) and the
    signals that fall inside it."""
    table = series.table()
    outputs = compute(settings, table.ohlc())
    lo, hi = window(table, settings)
    found = detect(settings, None, table.close, outputs)
    return table, outputs, lo, hi, [s for s in found if lo <= s["index"] < hi]


def build_payload(settings: DemoSettings, series: PriceSeries) -> dict:
    table, outputs, lo, hi, found = _computed(settings, series)
    dates = np.datetime_as_string(table.dates[lo:hi]).tolist()
    signals = [
        {"date": dates[s["index"] - lo], "kind": s["kind"], "text": s["text"]} for s in found
    ]
    spec = settings.spec
    return {
        **_heading(settings, series),
        "overlay": spec.overlay,
        "outputs": [
            {"name": o, "label": label}
            for o, label in zip(spec.outputs, spec.output_labels, strict=True)
        ],
        "spec": spec.as_dict(),
        "dates": dates,
        "bars": {key: values[lo:hi] for key, values in table.ohlc().items()},
        # NaN (warm-up) and any non-finite value become null in the JSON.
        "series": {key: np.round(values[lo:hi], DECIMALS) for key, values in outputs.items()},
        "signals": signals,
        "warmup": window_warmup(table.dates, settings.warmup, lo, hi),
    }


def stats_config() -> tuple[Costs, int]:
    """The costs and resample count from settings (part of the API's cache key)."""
    costs = Costs(
        commission=django_settings.SIGNAL_COMMISSION_RATE,
        stamp_duty=django_settings.SIGNAL_STAMP_DUTY_RATE,
    )
    return costs, django_settings.SIGNAL_STATS_RESAMPLES


def costs_text(costs: Costs) -> str:
    """How the panel names the costs, e.g. 佣金 0.025%（买卖各收一次）+ 印花税 0.05%（卖出时）."""
    return (
        f"佣金 {_percent(costs.commission)}（买卖各收一次）+ 印花税 {_percent(costs.stamp_duty)}"
        f"（卖出时），一买一卖合计 {_percent(costs.round_trip)}"
    )


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.4f}".rstrip("0").rstrip(".") + "%"


def build_stats_payload(settings: DemoSettings, series: PriceSeries) -> dict:
    table, _, lo, hi, found = _computed(settings, series)
    events = [(s["index"] - lo, s["kind"]) for s in found]
    costs, resamples = stats_config()
    dates = np.datetime_as_string(table.dates[[lo, hi - 1]]).tolist()
    kinds = report_by_kind(
        settings.spec.signals,
        table.close[lo:hi],
        events,
        horizons=HORIZONS,
        costs=costs,
        n_boot=resamples,
        seed=STATS_SEED,
    )
    return {
        **_heading(settings, series),
        "first_date": dates[0],
        "last_date": dates[1],
        "bars": hi - lo,
        "horizons": list(HORIZONS),
        "min_signals": MIN_SIGNALS,
        "confidence": CONFIDENCE,
        "resamples": resamples,
        "costs": {
            "commission": costs.commission,
            "stamp_duty": costs.stamp_duty,
            "round_trip": costs.round_trip,
            "text": costs_text(costs),
        },
        "kinds": kinds,
    }


def _heading(settings: DemoSettings, series: PriceSeries) -> dict:
    return {
        "indicator": settings.indicator,
        "label": settings.spec.label,
        "symbol": series.symbol,
        "name": series.name,
        "convention": settings.convention,
        "params": settings.params,
    }
