"""Bounded storage: expired unfinished rounds, old finished ones, old weeks' rows."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from practice import weekly
from practice.models import Round, Status
from practice.rounds import expired_before


def prune() -> dict:
    """Delete what has expired and summarise past weeks; returns what was done."""
    expired, _ = Round.objects.filter(
        status=Status.ACTIVE, created_at__lt=expired_before()
    ).delete()
    keep = timezone.now() - timedelta(days=settings.PRACTICE_FINISHED_KEEP_DAYS)
    old, _ = Round.objects.filter(status=Status.FINISHED, finished_at__lt=keep).delete()
    weeks = weekly.summarise_before(weekly.week_of())
    return {"expired": expired, "old": old, "weeks": weeks}
