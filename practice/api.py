"""The trainer's JSON API (see practice/API.md for the contract).

Responses are never cached (each is one reader's round). Errors use the site's one JSON
shape (core.http.json_error), with a `code` where the client must tell cases apart.
"""

from __future__ import annotations

import dataclasses
import random

import orjson
from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from core import ratelimit
from core.http import json_error
from core.visitors import client_ip_hash, new_reader_id, reader_id, set_reader_cookie
from indicators.params import ParamError
from practice import choices, pruning, rounds, weekly
from practice.engine import Refusal

PRUNE_ONE_IN = 200  # about one new round in this many also deletes expired ones


def _json(payload: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        orjson.dumps(payload, option=orjson.OPT_SERIALIZE_NUMPY),
        content_type="application/json",
        status=status,
    )
    patch_cache_control(response, no_store=True)
    return response


def _error(message: str, status: int = 400, param: str = "", **extra) -> HttpResponse:
    response = json_error(message, status, param=param, **extra)
    patch_cache_control(response, no_store=True)
    return response


def _cross_site(request) -> bool:
    return request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none")


def _gone(exc: rounds.RoundGone) -> HttpResponse:
    code = {404: "not_found", 410: "expired"}.get(exc.status, "unavailable")
    return _error(exc.message, exc.status, code=code)


def _full_state(round_) -> dict:
    state = rounds.public_state(round_)
    state["reveal"] = rounds.reveal(round_)
    return state


@csrf_exempt  # a round id is the capability; cross-site requests are refused below
@require_POST
def start(request):
    """Deal a new round: 201 with its public state."""
    if _cross_site(request):
        return _error("不接受来自其他网站的请求。", 403)
    decision = ratelimit.hit(
        f"practice:{client_ip_hash(request)}", settings.PRACTICE_ROUNDS_PER_MINUTE, 60
    )
    if not decision.allowed:
        response = _error("请求太频繁，请稍后再试。", 429)
        response["Retry-After"] = str(decision.retry_after)
        return response
    reader = reader_id(request) or new_reader_id()
    try:
        choice, is_weekly = choices.start_choice(choices.body_of(request))
        round_ = _deal(choice, is_weekly, reader, client_ip_hash(request))
    except ParamError as exc:
        return _error(exc.message, param=exc.param)
    except rounds.RoundGone as exc:
        return _gone(exc)
    if random.randrange(PRUNE_ONE_IN) == 0:
        pruning.prune()
    response = _json(rounds.public_state(round_), 201)
    if is_weekly and reader_id(request) is None:
        set_reader_cookie(response, reader)
    return response


def _deal(choice, is_weekly: bool, reader: str, address: str):
    """A new round: this week's window for the weekly challenge, else a random one."""
    if not is_weekly:
        return rounds.start_round(choice)
    week = weekly.week_of()
    window = weekly.window(week)
    if window is None:
        raise rounds.RoundGone("还没有足够长的行情数据，暂时无法开局。", 503)
    return rounds.start_round(
        dataclasses.replace(choice, length=weekly.LENGTH),
        week=week,
        window=window,
        reader=weekly.reader_key(reader),
        address=address,
    )


@require_safe
def state(request, round_id):
    """The round as the reader may see it now; finished rounds add `reveal`."""
    try:
        return _json(_full_state(rounds.live(round_id)))
    except rounds.RoundGone as exc:
        return _gone(exc)


@csrf_exempt
@require_POST
def turn(request, round_id):
    """Take one turn: {"turn": n, "action": "buy" | "sell" | "hold"}."""
    if _cross_site(request):
        return _error("不接受来自其他网站的请求。", 403)
    try:
        number, action = choices.turn_choice(choices.body_of(request))
        payload = rounds.take_turn(round_id, number, action)
    except ParamError as exc:
        return _error(exc.message, param=exc.param)
    except rounds.RoundGone as exc:
        return _gone(exc)
    except rounds.TurnConflict as exc:
        return _error(exc.message, 409, param="turn", code=exc.code)
    except Refusal as exc:
        return _error(exc.message, 400, param="action", code=exc.code)
    payload["last"] = payload["turns"][number - 1]
    if payload["status"] == "finished":
        payload["reveal"] = rounds.reveal(rounds.live(round_id))
    return _json(payload)


@csrf_exempt
@require_POST
def stop(request, round_id):
    """Stop now and reveal (stopping a finished round changes nothing)."""
    if _cross_site(request):
        return _error("不接受来自其他网站的请求。", 403)
    try:
        return _json(_full_state(rounds.stop(round_id)))
    except rounds.RoundGone as exc:
        return _gone(exc)


@require_safe
def reveal(request, round_id):
    """The reveal alone; 409 while the round is still being played."""
    try:
        round_ = rounds.live(round_id)
    except rounds.RoundGone as exc:
        return _gone(exc)
    payload = rounds.reveal(round_)
    if payload is None:
        return _error("这一局还没有结束，结束后才能揭晓。", 409, code="unfinished")
    return _json(payload)


@require_safe
def weekly_standing(request):
    """This week's challenge: how many played, and the anonymous histogram."""
    return _json(weekly.standing(weekly.week_of()))
