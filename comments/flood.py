"""Flood control: at most settings.COMMENTS_RATE_PER_MINUTE comments a minute per visitor.

A visitor is counted twice over: by the keyed hash of their address (core.visitors,
which ignores a forged X-Forwarded-For) and by their browser (the signed reader cookie
the site already uses, or the account when signed in). Either one over the limit is
enough to refuse. Counts live in the database (comments.FloodCount), shared by every
worker and server, and are checked and bumped under a row lock.

The window slides: the previous minute's count is weighted by how much of it still falls
within the last sixty seconds, so a burst straddling a minute boundary is caught too.
"""

import logging
import time

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F

from comments.models import FloodCount
from core import visitors

logger = logging.getLogger(__name__)

WINDOW = 60


def identities(request) -> list[str]:
    """The keys a request is counted under: always its address, plus browser or account."""
    keys = [f"ip:{visitors.client_ip_hash(request)}"]
    if request.user.is_authenticated:
        keys.append(f"user:{request.user.pk}")
    else:
        reader = visitors.reader_id(request)
        if reader:
            keys.append(f"reader:{reader[:80]}")
    return keys


def allow(keys: list[str], now: float | None = None) -> bool:
    """Count one comment against every key, unless that would exceed the rate for any.

    Check and count are one step: each key's row for this minute is locked (SELECT … FOR
    UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so of N
    parallel requests exactly as many pass as the rate allows.
    """
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    previous_weight = 1 - (now % WINDOW) / WINDOW
    limit = settings.COMMENTS_RATE_PER_MINUTE
    keys = sorted(set(keys))  # one locking order for everyone: no deadlocks
    created_any = False
    with transaction.atomic():
        rows = []
        for identity in keys:
            row, created = FloodCount.objects.select_for_update().get_or_create(
                identity=identity, window=window
            )
            rows.append(row)
            created_any |= created
        previous = dict(
            FloodCount.objects.filter(identity__in=keys, window=window - 1).values_list(
                "identity", "count"
            )
        )
        allowed = all(
            row.count + 1 + previous.get(row.identity, 0) * previous_weight <= limit for row in rows
        )
        if allowed:
            FloodCount.objects.filter(pk__in=[row.pk for row in rows]).update(count=F("count") + 1)
    if created_any:
        _forget_before(window - 1)
    return allowed


def _forget_before(window: int) -> None:
    """Drop counts no estimate reads any more; a failure only postpones it."""
    try:
        with transaction.atomic():
            FloodCount.objects.filter(window__lt=window).delete()
    except DatabaseError:  # e.g. a lock timeout under load: the next new minute retries
        logger.warning("could not prune old flood counts", exc_info=True)
