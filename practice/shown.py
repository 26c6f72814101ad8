"""The parts of a round's public state (practice.rounds.public_state builds it): each
takes only what the reader may see, up to the current day."""

from indicators.payloads import MARKET_LABELS, costs_dict, market_costs
from practice import engine, market


def market_rules(dealt) -> dict:
    rules = dealt.rules
    return {
        "code": rules.market,
        "label": MARKET_LABELS[rules.market],
        "t_plus_one": rules.t_plus_one,
        "limit": rules.limit,
        "costs": costs_dict(market_costs(rules.market)),
    }


def bars(dealt, day: int) -> dict:
    upto = day + 1
    b = dealt.bars
    return {
        "open": b.open[:upto],
        "high": b.high[:upto],
        "low": b.low[:upto],
        "close": b.close[:upto],
        "volume": dealt.volume[:upto],
    }


def indicator(settings, dealt, day: int) -> dict | None:
    s = settings
    if s is None:
        return None
    values, signals = market.indicator_view(s, dealt, day)
    spec = s.spec
    return {
        "name": s.indicator,
        "label": spec.label,
        "convention": s.convention,
        "params": s.params,
        "overlay": spec.overlay,
        "outputs": [
            {"name": o, "label": lab}
            for o, lab in zip(spec.outputs, spec.output_labels, strict=True)
        ],
        "spec": spec.as_dict(s.params),
        "series": values,
        "signals": signals,
        "warmup_done": dealt.start >= s.warmup,
    }


def account(account: engine.Account, dealt) -> dict:
    refusals = {
        name: (
            problem.message if (problem := engine.refusal(account, letter, dealt.rules)) else None
        )
        for name, letter in (("buy", engine.BUY), ("sell", engine.SELL))
    }
    value = account.values[-1]
    return {
        "holding": account.holding,
        "bought_day": account.bought_day,
        "value": round(value, 6),
        "return": round(value - 1.0, 6),
        "can_buy": refusals["buy"] is None,
        "can_sell": refusals["sell"] is None,
        "refusals": refusals,
    }


def turn(t: engine.Turn) -> dict:
    return {
        "turn": t.number,
        "day": t.day,
        "action": engine.ACTION_NAMES[t.action],
        "outcome": t.outcome,
        "fill_day": t.fill_day,
        "price": t.price,
        "message": t.message,
    }


def trade(t: engine.Trade) -> dict:
    return {"day": t.day, "side": t.side, "price": t.price, "cost": t.cost}
