"""每周挑战: one window per ISO week for everyone, each reader counted once.

The window is drawn from a seed that is a keyed digest of the week (the site's secret
key): the same on every server, but not computable from the source code. Results are
kept one row per reader for weeks not yet summarised; ``summarise_before`` folds a past
week into a histogram and deletes its rows, so storage stays bounded.
"""

from __future__ import annotations

import random
from datetime import date

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from indicators.library.registry import INDICATORS
from practice import market, rounds
from practice.models import WeeklyEntry, WeeklySummary

LENGTH = 60
# Result bins: 5-point steps from −50% to +50%; the outer bins hold everything beyond.
EDGES = [round(-0.5 + 0.05 * i, 2) for i in range(21)]


def week_of(day: date | None = None) -> str:
    year, week, _ = (day or timezone.localdate()).isocalendar()
    return f"{year}-W{week:02d}"


def first_start() -> int:
    """Late enough for every indicator's warm-up at its defaults: whichever a reader
    picks, the week's window is the same and its signals are settled."""
    return max(market.first_start(market.checked_settings(name)) for name in INDICATORS)


def window(week: str):
    """(series pk, digest, start) of the week's window, or None without data."""
    first = first_start()
    candidates = rounds.eligible(LENGTH, first)
    if not candidates:
        return None
    seed = int(salted_hmac("practice.weekly", week, algorithm="sha256").hexdigest()[:16], 16)
    return rounds.pick_window(candidates, LENGTH, first, random.Random(seed))


def reader_key(reader: str) -> str:
    return salted_hmac("practice.weekly.reader", reader, algorithm="sha256").hexdigest()


# What record() decided, and what the reader is told when their round did not count.
COUNTED = "counted"
NOT_COUNTED = {
    "repeat": "每位读者每周只计第一局的成绩：这一局没有再计入排名。",
    "address": "同一网络本周计入排名的人数已到上限：这一局没有计入排名。",
    "full": "本周计入排名的人数已满：这一局没有计入排名。",
    "unknown": "这一局没有计入排名。",
}


def record(round_) -> str:
    """Count a finished weekly round once per reader and week, and at most
    PRACTICE_WEEKLY_PER_ADDRESS readers per address and week: COUNTED, or the key of
    NOT_COUNTED that says why not."""
    if not round_.reader or round_.result is None:
        return "unknown"
    entries = WeeklyEntry.objects.filter(week=round_.week)
    if entries.count() >= settings.PRACTICE_WEEKLY_MAX_ENTRIES:
        return "full"
    if entries.filter(reader=round_.reader).exists():
        return "repeat"
    if (
        round_.address
        and entries.filter(address=round_.address).count() >= settings.PRACTICE_WEEKLY_PER_ADDRESS
    ):
        return "address"
    try:
        with transaction.atomic():
            WeeklyEntry.objects.create(
                week=round_.week,
                reader=round_.reader,
                address=round_.address,
                result=round_.result,
            )
    except IntegrityError:  # this reader's other round counted a moment ago
        return "repeat"
    return COUNTED


def bin_of(result: float) -> int:
    return int(np.clip(np.searchsorted(EDGES, result, side="right") - 1, 0, len(EDGES) - 2))


def _counts(entries) -> list[int]:
    """Results per bin, counted by the database in one pass (the outer bins open-ended)."""
    inner = len(EDGES) - 2
    bins = {}
    for i in range(inner + 1):
        rule = Q()
        if i > 0:
            rule &= Q(result__gte=EDGES[i])
        if i < inner:
            rule &= Q(result__lt=EDGES[i + 1])
        bins[f"b{i}"] = Count("pk", filter=rule)
    found = entries.aggregate(**bins)
    return [found[f"b{i}"] for i in range(inner + 1)]


def standing(week: str, result: float | None = None) -> dict:
    """The week's anonymous histogram, and where `result` ranks in it (the share of
    counted results below it, in percent)."""
    summary = WeeklySummary.objects.filter(week=week).first()
    entries = WeeklyEntry.objects.filter(week=week)
    counts = summary.histogram if summary is not None else _counts(entries)
    players = sum(counts)
    rank = None
    if result is not None and players:
        if summary is None:
            below = entries.filter(result__lt=result).count()
        else:  # summarised: place it within its bin
            b = bin_of(result)
            below = sum(counts[:b]) + counts[b] / 2
        rank = round(100.0 * below / players, 1)
    return {"week": week, "players": players, "edges": EDGES, "counts": counts, "better_than": rank}


def summarise_before(week: str) -> int:
    """Fold every week before `week` into a WeeklySummary; returns weeks summarised."""
    done = 0
    for old in WeeklyEntry.objects.filter(week__lt=week).values_list("week", flat=True).distinct():
        with transaction.atomic():
            counts = np.array(_counts(WeeklyEntry.objects.filter(week=old)))
            earlier = WeeklySummary.objects.filter(week=old).first()
            if earlier is not None:  # late finishers of a week already summarised
                counts += np.array(earlier.histogram)
            WeeklySummary.objects.update_or_create(
                week=old, defaults={"players": int(counts.sum()), "histogram": counts.tolist()}
            )
            WeeklyEntry.objects.filter(week=old).delete()
        done += 1
    return done
