"""Is the database usable? One cheap read and write, remembered for a moment."""

import logging
import time

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from health.models import Heartbeat

logger = logging.getLogger(__name__)

# The last answer of this process, as (monotonic expiry, healthy). It only spares the
# database from probes that several load balancers may send many times a second: losing
# it (a restart, another worker) costs one probe, never a wrong answer for longer than
# HEALTH_CHECK_CACHE_SECONDS. The shared cache is no place for it: by default that cache
# is the very database under test.
_last: tuple[float, bool] = (0.0, False)


def database_ok() -> bool:
    global _last
    now = time.monotonic()
    if now < _last[0]:
        return _last[1]
    healthy = _probe()
    _last = (now + settings.HEALTH_CHECK_CACHE_SECONDS, healthy)
    return healthy


def _probe() -> bool:
    try:
        with transaction.atomic():
            # select_for_update + UPDATE (or INSERT the first time): a read and a write.
            Heartbeat.objects.update_or_create(pk=1, defaults={"beat_at": timezone.now()})
    except DatabaseError:
        logger.exception("Health check: the database cannot be read or written")
        return False
    return True


def forget() -> None:
    """Drop the remembered answer (tests, or after a known change)."""
    global _last
    _last = (0.0, False)
