"""Rounds as the views use them: deal one, show it, take a turn, stop, reveal.

Every state that leaves the server is built by ``public_state``: rebased bars, relative
volume and the indicator, up to the current day and never beyond, and no symbol, name or
date until the round is finished (``reveal``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from indicators.models import PriceSeries
from indicators.params import ParamError
from practice import engine, market, shown
from practice.models import Round, Status

_system_random = random.SystemRandom()


class RoundGone(Exception):
    """No such round, or it expired; `status` is 404 or 410."""

    def __init__(self, message: str, status: int = 404):
        super().__init__(message)
        self.message, self.status = message, status


class TurnConflict(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Choice:
    """What a reader chose for a new round (already checked)."""

    length: int = 60
    settings: object | None = None  # IndicatorSettings, or None for no indicator


def eligible(length: int, first: int) -> list[tuple[int, str, int]]:
    """(pk, digest, bar_count) of every series long enough for a window of `length`
    starting at bar `first` or later."""
    return list(
        PriceSeries.objects.filter(bar_count__gte=market.bars_needed(length, first))
        .order_by("symbol")
        .values_list("pk", "digest", "bar_count")
    )


def pick_window(candidates, length: int, first: int, rng) -> tuple[int, str, int]:
    """A window drawn uniformly over every possible start (from bar `first`) of every
    series."""
    needed = market.bars_needed(length, first)
    weights = [count - needed + 1 for _, _, count in candidates]
    pk, digest, count = rng.choices(candidates, weights=weights)[0]
    return pk, digest, first + rng.randrange(count - needed + 1)


def start_round(
    choice: Choice, *, week: str = "", window=None, reader: str = "", address: str = ""
) -> Round:
    """A new round on a random window (or on `window`, the weekly one)."""
    if window is None:
        first = market.first_start(choice.settings)
        candidates = eligible(choice.length, first)
        if not candidates and first > market.first_start(None):
            raise ParamError(
                "params",
                f"这组参数的预热期要 {first} 根K线，现有行情不够长，请把周期调小一些。",
            )
        if not candidates:
            raise RoundGone("还没有足够长的行情数据，暂时无法开局。", 503)
        window = pick_window(candidates, choice.length, first, _system_random)
    series_id, digest, start = window
    s = choice.settings
    return Round.objects.create(
        series_id=series_id,
        digest=digest,
        start=start,
        length=choice.length,
        indicator=s.indicator if s else "",
        convention=s.convention if s else "cn",
        params=s.params if s else {},
        week=week,
        reader=reader,
        address=address,
    )


def expired_before():
    return timezone.now() - timedelta(hours=settings.PRACTICE_ROUND_TTL_HOURS)


def live(round_id: str, *, for_update: bool = False) -> Round:
    """The round, its series loaded without the bars; RoundGone when unknown or expired."""
    rounds = Round.objects.select_related("series").defer("series__data", "reveal_blob")
    if for_update:
        rounds = rounds.select_for_update(of=("self",))
    round_ = rounds.filter(pk=str(round_id)[:32]).first()
    if round_ is None:
        raise RoundGone("没有这一局（链接有误，或已被清理）。")
    if not round_.finished and round_.created_at < expired_before():
        raise RoundGone("这一局已过期：未完成的对局只保留一天，请重新开一局。", 410)
    return round_


def settings_of(round_: Round):
    if not round_.indicator:
        return None
    return market.checked_settings(round_.indicator, round_.params, round_.convention)


def dealt_of(round_: Round) -> market.Dealt:
    dealt = market.deal(round_)
    if dealt is None:
        raise RoundGone("这一局用到的行情数据已经更新，对局作废，请重新开一局。", 410)
    return dealt


def account_of(round_: Round, dealt: market.Dealt, turns: int | None = None) -> engine.Account:
    actions = round_.actions if turns is None else round_.actions[:turns]
    return engine.replay(actions, dealt.bars, market.CONTEXT_BARS - 1, dealt.rules)


def take_turn(round_id: str, number: int, action: str) -> dict:
    """Take turn `number` (the request names it, so a replay is recognised). Returns the
    state after it; a replay of a turn already taken returns that same state."""
    letter = engine.ACTIONS[action]
    with transaction.atomic():
        round_ = live(round_id, for_update=True)
        taken = round_.turn
        if number <= taken:
            if round_.actions[number - 1] != letter:
                done = engine.ACTION_LABELS[round_.actions[number - 1]]
                raise TurnConflict(
                    "turn_taken", f"第 {number} 回合已经操作过（{done}），不能更改。"
                )
            return public_state(round_, turns=number)
        if round_.finished:
            raise TurnConflict("finished", "这一局已经结束，不能再操作；请查看揭晓结果。")
        if number != taken + 1:
            raise TurnConflict(
                "turn_ahead", f"下一回合是第 {taken + 1} 回合，不是第 {number} 回合。"
            )
        dealt = dealt_of(round_)
        account = account_of(round_, dealt)
        engine.step(account, letter, dealt.bars, dealt.rules)  # Refusal: nothing is saved
        round_.actions += letter
        if round_.turn >= round_.length:
            _finish(round_, dealt, account)
        else:
            round_.save(update_fields=["actions"])
    return public_state(round_, dealt=dealt, account=account)


def stop(round_id: str) -> Round:
    """Finish a round now (the reader stops); finishing twice changes nothing."""
    with transaction.atomic():
        round_ = live(round_id, for_update=True)
        if not round_.finished:
            dealt = dealt_of(round_)
            _finish(round_, dealt, account_of(round_, dealt))
    return round_


def _finish(round_: Round, dealt: market.Dealt, account: engine.Account) -> None:
    from practice import reveal, weekly  # the reveal needs this module's helpers

    round_.status = Status.FINISHED
    round_.finished_at = timezone.now()
    revealed = reveal.build(round_, dealt, account)
    round_.result = revealed["reader"]["return"]
    round_.percentile = revealed["luck"]["percentile"]
    if round_.week:
        outcome = weekly.record(round_)
        round_.counted = outcome == weekly.COUNTED
        revealed["weekly_note"] = weekly.NOT_COUNTED.get(outcome, "")  # for its player only
    round_.address = ""  # needed only to count the week's entry: not kept with the round
    round_.reveal_blob = reveal.pack(revealed)
    round_.save()


def reveal(round_: Round) -> dict | None:
    """The revealed round (None while unfinished), with the weekly standing as of now."""
    from practice import reveal as revealing
    from practice import weekly

    if not round_.finished:
        return None
    payload = revealing.unpack(round_.reveal_blob)  # deferred by live(): one query
    note = payload.pop("weekly_note", "")
    if round_.week:
        payload["weekly"] = weekly.standing(round_.week, round_.result) | {
            "counted": round_.counted,
            "note": "" if round_.counted else note or weekly.NOT_COUNTED["unknown"],
        }
    return payload


def public_state(round_: Round, *, dealt=None, account=None, turns: int | None = None) -> dict:
    """What the reader may see of the round after `turns` turns (default: all taken)."""
    dealt = dealt or dealt_of(round_)
    if account is None or turns is not None:
        account = account_of(round_, dealt, turns)
    taken = len(account.turns)
    day = account.day
    # A replay of the last turn answers as that turn did: finished.
    finished = round_.finished and (turns is None or turns >= round_.length)
    return {
        "id": round_.id,
        "status": Status.FINISHED.value if finished else Status.ACTIVE.value,
        "weekly": round_.week or None,
        "length": round_.length,
        "context": market.CONTEXT_BARS,
        "days": dealt.size,
        "day": day,
        "turn": taken,
        "next_turn": None if finished or taken >= round_.length else taken + 1,
        "turns_left": 0 if finished else round_.length - taken,
        "market": shown.market_rules(dealt),
        "bars": shown.bars(dealt, day),
        "indicator": shown.indicator(settings_of(round_), dealt, day),
        "account": shown.account(account, dealt),
        "turns": [shown.turn(t) for t in account.turns],
        "trades": [shown.trade(t) for t in account.trades],
        "equity": [round(v, 6) for v in account.values],
        "expires_at": None if finished else (round_.created_at + _ttl()).isoformat(),
    }


def _ttl():
    return timedelta(hours=settings.PRACTICE_ROUND_TTL_HOURS)
