"""The reader's pages of K线训练营: the trainer, and the share page of a finished round.

The game itself runs in static/js/practice/ against the JSON API (practice/API.md);
these views render the page around it, and a revealed round for anyone with its link.
"""

import orjson
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles import meta
from articles.qr import qr_svg
from core import seo
from indicators.library.registry import INDICATORS
from practice import rounds
from practice.templatetags.practice_tags import practice_url, short_name

LENGTHS = (60, 120)
ROUND_PLACEHOLDER = "ROUND_ID"  # the scripts put a round's id here


def indicator_choices() -> list[dict]:
    """Each indicator with its parameters, for the setup form (defaults filled in)."""
    return [
        {
            "name": spec.name,
            "short": short_name(spec.name),
            "label": spec.label,
            "params": [
                {
                    "name": p.name,
                    "label": p.label,
                    "default": p.default,
                    "min": p.min,
                    "max": p.max,
                    "step": 1 if p.integer else p.step,
                }
                for p in spec.for_convention("cn").params  # rounds use the cn convention
            ],
        }
        for spec in INDICATORS.values()
    ]


def _round_url(name: str) -> str:
    return reverse(name, args=[ROUND_PLACEHOLDER])


@require_safe
def trainer(request):
    """/practice/: the setup form, and the empty stage the script plays a round on.

    `?indicator=macd` (an explainer's link) preselects an indicator; anything else is
    ignored rather than refused: a stale link should still open the trainer.
    """
    wanted = request.GET.get("indicator", "")
    config = {
        "api": {"start": reverse("practice:api-start"), "round": _round_url("practice:api-round")},
        "share": _round_url("practice:share"),
    }
    return render(
        request,
        "practice/trainer.html",
        {
            "indicators": indicator_choices(),
            "selected": wanted if wanted in INDICATORS else "",
            "lengths": LENGTHS,
            "page_config": config,
        },
    )


class NotShareable(Exception):
    """No page for this round: unknown, expired, or still being played."""


def finished_round(round_id: str):
    """The finished round, else NotShareable with the reason. A round in play has no
    page, so its link cannot show anyone the bars or the stock before the reveal."""
    try:
        round_ = rounds.live(round_id)
    except rounds.RoundGone as exc:
        raise NotShareable(exc.message) from None
    if not round_.finished:
        raise NotShareable("这一局还在进行中：只有结束并揭晓后的对局才能分享。")
    return round_


def _not_shareable(request, exc: NotShareable):
    """404 with the reason in words, and the way back to the trainer."""
    context = {"message": str(exc), "again_url": practice_url()}
    response = render(request, "practice/share_missing.html", context, status=404)
    patch_cache_control(response, no_cache=True)  # the round may be finished in a minute
    return response


def _chart_data(round_, revealed: dict) -> dict:
    """What share.js draws: the revealed bars and indicator, and the reveal."""
    try:
        state = rounds.public_state(round_)
    except rounds.RoundGone:  # the prices were replaced since: the figures remain
        return {"bars": None, "indicator": None, "reveal": revealed}
    indicator = state["indicator"]
    if indicator is not None:
        indicator = {k: indicator[k] for k in ("label", "overlay", "series")} | {
            "outputs": indicator["spec"]["outputs"]
        }
    data = {"bars": state["bars"], "indicator": indicator, "reveal": revealed}
    # The state holds numpy arrays: as plain lists, as the API sends them.
    return orjson.loads(orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY))


def weekly_bars(weekly: dict, result: float) -> list[dict]:
    """The week's histogram as bars: height in % of the tallest, the reader's bin marked
    (the outer bins hold everything beyond them)."""
    edges, counts = weekly["edges"], weekly["counts"]
    most = max(1, *counts)
    mine = sum(1 for edge in edges[1:-1] if result >= edge)
    return [
        {
            "height": max(1, round(100 * count / most)),
            "count": count,
            "low": edges[i],
            "high": edges[i + 1],
            "is_reader": i == mine,
        }
        for i, count in enumerate(counts)
    ]


def _trades(revealed: dict) -> list[dict]:
    dates = revealed["dates"]
    return [trade | {"date": dates[trade["day"]]} for trade in revealed["reader"]["trades"]]


@require_safe
def share(request, round_id):
    """/practice/r/<id>/: a finished round's window, trades and three results; no one's
    name, cookie or address is on it. An unfinished round answers 404."""
    try:
        round_ = finished_round(round_id)
    except NotShareable as exc:
        return _not_shareable(request, exc)
    revealed = rounds.reveal(round_)
    if revealed.get("weekly"):  # whether its player was counted is theirs, not the page's
        revealed["weekly"].pop("counted", None)
        revealed["weekly"].pop("note", None)
    canonical_url = meta.absolute_url(reverse("practice:share", args=[round_.id]))
    title = f"K线训练营：{revealed['name']}（{revealed['symbol']}）这一局"
    response = render(
        request,
        "practice/share.html",
        {
            "revealed": revealed,
            "played_days": revealed["last_day"] - revealed["first_day"],
            "trades": _trades(revealed),
            "weekly_bars": (
                weekly_bars(revealed["weekly"], revealed["reader"]["return"])
                if revealed.get("weekly")
                else None
            ),
            "chart_data": _chart_data(round_, revealed),
            "canonical_url": canonical_url,
            "share_title": title,
            "meta_description": revealed["luck"]["sentence"],
            "share_image": seo.default_image()["url"],
            "share_qr_url": reverse("practice:share-qr", args=[round_.id]),
            "again_url": practice_url(round_.indicator),
        },
    )
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def share_qr(request, round_id):
    """The QR code of a finished round's share page (its canonical URL, nothing else)."""
    try:
        round_ = finished_round(round_id)
    except NotShareable:
        raise Http404("没有可以分享的这一局") from None
    url = meta.absolute_url(reverse("practice:share", args=[round_.id]))
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response
