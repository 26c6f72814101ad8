"""The JSON bodies of the indicator API: a demo's series, and its signal statistics.

Both compute the indicator over the whole stored history (so warm-up never eats into the
reader's window) and then keep only the requested window.
"""

import numpy as np
from django.conf import settings as django_settings

from indicators.formulas import compute
from indicators.library.crossings import detect
from indicators.library.stats import CONFIDENCE, HORIZONS, MIN_SIGNALS, Costs, signal_stats
from indicators.library.verdicts import family_size, judge_family, luck_text
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
        "spec": spec.as_dict(settings.params),  # guide lines for these parameters
        "dates": dates,
        "bars": {key: values[lo:hi] for key, values in table.ohlc().items()},
        # The volume pane under the candles; null where the price file has no volume.
        "volume": table.volume[lo:hi],
        # NaN (warm-up) and any non-finite value become null in the JSON.
        "series": {key: np.round(values[lo:hi], DECIMALS) for key, values in outputs.items()},
        "signals": signals,
        "warmup": window_warmup(table.dates, settings.warmup, lo, hi),
    }


def market_costs(market: str) -> Costs:
    """The trading costs of a market ("cn" or "us"), from settings."""
    s = django_settings
    if market == "us":
        return Costs(
            market="us", commission=s.SIGNAL_US_COMMISSION_RATE, stamp_duty=0.0, transfer_fee=0.0
        )
    return Costs(
        market="cn",
        commission=s.SIGNAL_CN_COMMISSION_RATE,
        stamp_duty=s.SIGNAL_CN_STAMP_DUTY_RATE,
        transfer_fee=s.SIGNAL_CN_TRANSFER_FEE_RATE,
    )


def stats_config() -> tuple[tuple[Costs, ...], int]:
    """Every market's costs and the resample count (part of the API's cache key)."""
    return (market_costs("cn"), market_costs("us")), django_settings.SIGNAL_STATS_RESAMPLES


MARKET_LABELS = {"cn": "A股", "us": "美股"}
ENTRY_TEXTS = {
    # The panel names the horizon (h) it shows next to these.
    "next_open": "信号收盘后才看得到，所以按下一根K线的开盘价进场，信号日后第 h 个交易日收盘离场",
    "close": "按信号当天收盘价进场（实际很难做到，只作对照），信号日后第 h 个交易日收盘离场",
}
METHOD_TEXT = (
    "区间和 p 值来自同一个循环分块自助法（circular block bootstrap，块长至少为持有期的两倍，"
    "保留信号扎堆和波动聚集），各重抽 {n} 次"
)


def costs_text(costs: Costs) -> str:
    """How the pages name the costs, e.g. 佣金 0.025%（买卖各收一次）+ 印花税 0.05%（卖出时）…"""
    parts = [f"佣金 {_percent(costs.commission)}（买卖各收一次）"]
    if costs.stamp_duty:
        parts.append(f"印花税 {_percent(costs.stamp_duty)}（卖出时）")
    if costs.transfer_fee:
        parts.append(f"过户费 {_percent(costs.transfer_fee)}（买卖各收一次）")
    label = MARKET_LABELS[costs.market]
    return f"按{label}成本计：" + " + ".join(parts) + f"，一买一卖合计 {_percent(costs.round_trip)}"


def costs_dict(costs: Costs) -> dict:
    return {
        "market": costs.market,
        "market_label": MARKET_LABELS[costs.market],
        "commission": costs.commission,
        "stamp_duty": costs.stamp_duty,
        "transfer_fee": costs.transfer_fee,
        "round_trip": costs.round_trip,
        "text": costs_text(costs),
    }


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.4f}".rstrip("0").rstrip(".") + "%"


def build_stats_payload(settings: DemoSettings, series: PriceSeries) -> dict:
    table, _, lo, hi, found = _computed(settings, series)
    costs = market_costs(series.trading_market)
    resamples = django_settings.SIGNAL_STATS_RESAMPLES
    start = min(max(settings.warmup - lo, 0), hi - lo)  # warm-up bars inside the window
    days: dict[str, list[int]] = {}
    for s in found:
        days.setdefault(s["kind"], []).append(s["index"] - lo)
    bars = table.ohlc()
    draws: dict = {}
    kinds, rows = settings.spec.signals, []
    for kind in kinds:
        horizons = signal_stats(
            bars["open"][lo:hi],
            bars["close"][lo:hi],
            days.get(kind.kind, []),
            HORIZONS,
            costs,
            resamples,
            STATS_SEED,
            kind.direction,
            entry=settings.entry,
            start=start,
            draws=draws,
        )
        rows += [(stats, kind.direction) for stats in horizons]
    judged = iter(judge_family(rows))
    size = family_size(rows)
    dates = np.datetime_as_string(table.dates[[lo, hi - 1]]).tolist()
    return {
        **_heading(settings, series),
        "first_date": dates[0],
        "last_date": dates[1],
        "bars": hi - lo,
        "warmup_bars": start,
        "horizons": list(HORIZONS),
        "min_signals": MIN_SIGNALS,
        "confidence": CONFIDENCE,
        "resamples": resamples,
        "entry": settings.entry,
        "entry_text": ENTRY_TEXTS[settings.entry],
        "method_text": METHOD_TEXT.format(n=resamples),
        "costs": costs_dict(costs),
        "family": {
            "size": size,
            "method": "holm",
            "text": luck_text(size, f"本面板（{len(kinds)} 种信号 × {len(HORIZONS)} 个持有期）"),
        },
        "kinds": [
            {
                "kind": kind.kind,
                "name": kind.name,
                "label": kind.label,
                "direction": kind.direction,
                "line": kind.line,  # cn RSI and WR: the line whose crossings these are
                "horizons": [next(judged) for _ in HORIZONS],
            }
            for kind in kinds
        ],
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
