"""Check what a reader sends to start a round or take a turn; every failure is a
ParamError naming the field, answered as a 400."""

from __future__ import annotations

import re

import orjson

from indicators.library.registry import get_spec
from indicators.params import ParamError, parse_number
from practice import engine, market
from practice.rounds import Choice

_START_FIELDS = {"indicator", "convention", "length", "weekly", "params"}
_NO_INDICATOR = {"", "none"}
_TURN = re.compile(r"[0-9]{1,4}")


def body_of(request) -> dict:
    """The request's fields: a JSON object, or form fields."""
    if request.content_type == "application/json":
        try:
            data = orjson.loads(request.body or b"{}")
        except orjson.JSONDecodeError:
            raise ParamError("", "请求体不是有效的 JSON。") from None
        if not isinstance(data, dict):
            raise ParamError("", "请求体应当是一个 JSON 对象。")
        return data
    return {key: request.POST.get(key) for key in request.POST}


def start_choice(data: dict) -> tuple[Choice, bool]:
    """(the round's settings, whether it is the weekly challenge)."""
    weekly = _flag(data.get("weekly", False))
    length = _length(data.get("length", market.LENGTHS[0]))
    indicator = str(data.get("indicator") or "").strip().lower()
    if indicator in _NO_INDICATOR:
        return Choice(length=length), weekly
    spec = get_spec(indicator)
    params = data.get("params")
    if params is None:  # form fields: every other field is a parameter
        params = {k: v for k, v in data.items() if k not in _START_FIELDS}
    if not isinstance(params, dict):
        raise ParamError("params", "params 应当是参数名到数值的对象。")
    names = {p.name: p for p in spec.params}
    values = {
        key: parse_number(names[key], _text(key, value)) if key in names else value
        for key, value in params.items()
    }
    convention = str(data.get("convention") or "cn").strip()
    settings = market.checked_settings(spec.name, values, convention)
    return Choice(length=length, settings=settings), weekly


def _text(key: str, value) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ParamError(key, f"参数 {key} 应当是数值。")
    return str(value)


def _length(raw) -> int:
    text = str(raw).strip()
    if text not in {str(n) for n in market.LENGTHS}:
        raise ParamError("length", "length 只能是 60 或 120（交易日）。")
    return int(text)


def _flag(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw or "").strip().lower()
    if text in {"1", "true", "on", "yes"}:
        return True
    if text in {"", "0", "false", "off", "no"}:
        return False
    raise ParamError("weekly", "weekly 只能是 true 或 false。")


def turn_choice(data: dict) -> tuple[int, str]:
    """(turn number, action name) of a turn request."""
    raw_turn = data.get("turn")
    if isinstance(raw_turn, bool) or not _TURN.fullmatch(str(raw_turn or "").strip()):
        raise ParamError("turn", "turn 应当是要走的回合序号（正整数，见 next_turn）。")
    number = int(str(raw_turn).strip())
    if not 1 <= number <= max(market.LENGTHS):
        raise ParamError("turn", f"turn 应在 1 到 {max(market.LENGTHS)} 之间。")
    action = str(data.get("action") or "").strip().lower()
    if action not in engine.ACTIONS:
        raise ParamError("action", "action 只能是 buy（买入）、sell（卖出）或 hold（观望）。")
    return number, action
