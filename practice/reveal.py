"""The reveal of a finished round: the stock and dates, the reader's trades and equity
against buy-and-hold and the indicator's textbook rule, and the luck check."""

from __future__ import annotations

import gzip
import hashlib
from urllib.parse import urlencode

import numpy as np
import orjson
from django.conf import settings
from django.urls import reverse

from indicators import lab
from indicators.formulas import compute
from indicators.library.crossings import detect
from practice import engine, luck, market, shown

# The rule traded when the round showed no indicator: the best-known textbook signal.
DEFAULT_RULE = ("macd", {})


def build(round_, dealt: market.Dealt, account: engine.Account) -> dict:
    from practice.rounds import settings_of

    first = market.CONTEXT_BARS - 1
    last = account.day
    bars, rules = dealt.bars, dealt.rules
    # Buy-and-hold buys at the first fill the reader could have had (none if no turn).
    hold = engine.mechanical(("b" + "h" * (last - first - 1))[: last - first], bars, first, rules)
    rule_settings = rule_settings_for(settings_of(round_))
    rule = engine.mechanical(_rule_actions(rule_settings, dealt, first, last), bars, first, rules)
    fills = len(account.trades)
    result = account.values[-1] - 1.0
    others = luck.random_returns(
        _upto(bars, last), first, fills, rules, settings.PRACTICE_RANDOM_TRADERS, _seed(round_.id)
    )
    pct = luck.percentile(result, others)
    hold_return, rule_return = hold.values[-1] - 1.0, rule.values[-1] - 1.0
    series = round_.series
    dates = np.datetime_as_string(
        market.table_of(series.pk, round_.digest).dates[dealt.start : dealt.start + last + 1]
    )
    return {
        "symbol": series.symbol,
        "name": series.name,
        "first_date": str(dates[0]),
        "last_date": str(dates[-1]),
        "dates": dates.tolist(),
        "scale": dealt.scale,  # absolute price = rebased price / scale
        "first_day": first,
        "last_day": last,
        "reader": _line(account, result),
        "hold": _line(hold, hold_return),
        "rule": _line(rule, rule_return)
        | {"indicator": rule_settings.indicator, "label": _rule_label(rule_settings)},
        "luck": {
            "traders": len(others),
            "fills": fills,
            "percentile": round(pct, 1),
            "histogram": _histogram(others),
            "rare_above": luck.RARE_PERCENTILE,
            "sentence": luck.sentence(
                result,
                pct,
                hold_return,
                rule_return,
                _rule_label(rule_settings),
                fills,
                luck.share_as_good(result, others),
                luck.share_as_bad(result, others),
            ),
        },
        "lab_url": _lab_url(rule_settings),
    }


def _lab_url(s) -> str:
    """The lab page for the rule's buy-side signal (the lab knows the cn signal kinds)."""
    kinds = sorted(s.spec.signals, key=lambda kind: kind.direction < 0)
    found = [lab.find_signal(f"{s.indicator}.{kind.kind}") for kind in kinds]
    signal = next((f for f in found if f is not None), None)
    signal = signal or next(f for f in lab.all_signals() if f.spec.name == s.indicator)
    return f"{reverse('indicators:lab')}?{urlencode({'signal': signal.key})}"


def rule_settings_for(shown_settings):
    """The settings whose textbook rule the reveal trades: the shown indicator's, else
    MACD at its defaults."""
    return shown_settings or market.checked_settings(*DEFAULT_RULE)


def _rule_label(s) -> str:
    return s.spec.label.split(" ")[0]


def _line(account: engine.Account, result: float) -> dict:
    return {
        "return": round(result, 6),
        "equity": [round(v, 6) for v in account.values],
        "trades": [shown.trade(t) for t in account.trades],
    }


def _upto(bars: engine.Bars, last: int) -> engine.Bars:
    """The bars up to the day the round ended (a stopped round ends early)."""
    n = last + 1
    return engine.Bars(
        bars.open[:n],
        bars.high[:n],
        bars.low[:n],
        bars.close[:n],
        bars.limit_up_open[:n],
        bars.limit_down_open[:n],
    )


def _rule_actions(s, dealt: market.Dealt, first: int, last: int) -> str:
    """The textbook rule as turns: buy after a buy-side signal, sell after a sell-side one
    (signals from bars up to the round's end: each one known at its own close)."""
    upto = dealt.start + last + 1
    known = {key: values[:upto] for key, values in dealt.history.items()}
    outputs = compute(s, known)
    direction = {kind.kind: kind.direction for kind in s.spec.signals}
    actions = ["h"] * (last - first)
    for signal in detect(s, None, known["close"], outputs):
        day = signal["index"] - dealt.start
        if first <= day < last:
            actions[day - first] = "b" if direction.get(signal["kind"], 0) > 0 else "s"
    return "".join(actions)


def _histogram(others: np.ndarray, bins: int = 20) -> dict:
    counts, edges = np.histogram(others, bins=bins)
    return {"edges": np.round(edges, 6).tolist(), "counts": counts.tolist()}


def _seed(round_id: str) -> int:
    return int.from_bytes(hashlib.sha256(round_id.encode()).digest()[:8], "big")


def pack(payload: dict) -> bytes:
    return gzip.compress(orjson.dumps(payload, option=orjson.OPT_SERIALIZE_NUMPY), 6)


def unpack(blob) -> dict:
    return orjson.loads(gzip.decompress(bytes(blob)))
