"""A round of K线训练营 and the weekly challenge's results.

A round stores only what cannot be recomputed: which bars (series and start), the
reader's choices, and one letter per turn taken. Everything else (fills, equity, the
reveal) is replayed from those by practice.engine, so a round is a few hundred bytes
until it is revealed, and its past turns cannot be rewritten.
"""

import secrets

from django.db import models

from indicators.models import PriceSeries


def new_round_id() -> str:
    """128 random bits, URL-safe: the round's only key, so it must not be guessable."""
    return secrets.token_urlsafe(16)


class Status(models.TextChoices):
    ACTIVE = "active", "进行中"
    FINISHED = "finished", "已揭晓"


class Round(models.Model):
    id = models.CharField(primary_key=True, max_length=32, default=new_round_id, editable=False)
    series = models.ForeignKey(PriceSeries, on_delete=models.CASCADE, related_name="+")
    # The digest of the bars the round was dealt: new prices make the round void.
    digest = models.CharField(max_length=64)
    start = models.PositiveIntegerField()  # index of the first visible bar in the series
    length = models.PositiveSmallIntegerField()  # turns to play (60 or 120)
    indicator = models.CharField(max_length=20, blank=True)  # "" = none
    convention = models.CharField(max_length=8, default="cn")
    params = models.JSONField(default=dict, blank=True)
    # One letter per turn taken: b(uy), s(ell), h(old). The turn number is its length.
    actions = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    week = models.CharField(max_length=10, blank=True)  # "2026-W49" for weekly rounds
    # Weekly rounds only: keyed digest of the reader cookie, so a reader counts once.
    reader = models.CharField(max_length=64, blank=True)
    counted = models.BooleanField(default=False)  # its result entered the week's histogram
    # Weekly rounds only, until they finish: keyed digest of the address (never the
    # address), so that a client throwing its cookie away counts a bounded number of times.
    address = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set at the reveal: the result and the revealed payload (gzipped JSON), so share
    # pages read it instead of recomputing the luck check.
    result = models.FloatField(null=True, blank=True)
    percentile = models.FloatField(null=True, blank=True)
    reveal_blob = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "训练营对局"
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"训练营 {self.id}"

    @property
    def turn(self) -> int:
        """Turns taken so far."""
        return len(self.actions)

    @property
    def finished(self) -> bool:
        return self.status == Status.FINISHED


class WeeklyEntry(models.Model):
    """One reader's counted result in one ISO week's challenge (the first they finished)."""

    week = models.CharField(max_length=10)
    reader = models.CharField(max_length=64)  # keyed digest of the signed reader cookie
    address = models.CharField(max_length=64, blank=True)  # keyed digest, as Round's
    result = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["week", "reader"], name="practice_weekly_once")
        ]
        indexes = [
            models.Index(fields=["week", "result"]),
            models.Index(fields=["week", "address"]),
        ]


class WeeklySummary(models.Model):
    """A past week, summarised once its per-reader rows are pruned: the histogram only."""

    week = models.CharField(max_length=10, primary_key=True)
    players = models.PositiveIntegerField()
    histogram = models.JSONField()  # counts per bin of practice.weekly.BINS

    class Meta:
        ordering = ["-week"]
