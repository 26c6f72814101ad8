"""Are the database and the shared cache usable? Cheap probes, remembered for a moment."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone

from config import hang_guard
from core import cache_breaker
from core.cache_errors import CACHE_ERRORS
from health.models import Heartbeat

logger = logging.getLogger(__name__)

OK, SLOW, DOWN = "ok", "slow", "down"
CACHE_PROBE_KEY = "health:probe"

# The last answers of this process, as {name: (monotonic expiry, answer)}. They only
# spare the database and cache from probes that several load balancers may send many
# times a second: losing them (a restart, another worker) costs one probe, never a wrong
# answer for longer than HEALTH_CHECK_CACHE_SECONDS. The shared cache is no place for
# them: it is one of the parts under test.
_last: dict[str, tuple[float, object]] = {}


def _remembered(name, probe):
    now = time.monotonic()
    expiry, answer = _last.get(name, (0.0, None))
    if now < expiry:
        return answer
    answer = probe()
    _last[name] = (now + settings.HEALTH_CHECK_CACHE_SECONDS, answer)
    return answer


def database_ok() -> bool:
    if hang_guard.database_down():
        return False  # this process saw it fail a moment ago: no need to wait on it again
    return _remembered("database", _probe_database)


def cache_state(database_up: bool = True) -> str:
    """ "ok", "slow" (answered, but later than CACHE_SLOW_SECONDS) or "down".

    The database cache (no REDIS_URL) shares the database's fate: with the database down
    it is down too, and probing it would only wait on the database again.
    """
    if not database_up and settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        return DOWN
    if cache_breaker.is_down():
        return DOWN
    return _remembered("cache", _probe_cache)


def _probe_database() -> bool:
    try:
        with transaction.atomic():
            # select_for_update + UPDATE (or INSERT the first time): a read and a write.
            Heartbeat.objects.update_or_create(pk=1, defaults={"beat_at": timezone.now()})
    except DatabaseError:
        logger.exception("Health check: the database cannot be read or written")
        return False
    return True


def _probe_cache() -> str:
    started = time.monotonic()
    try:
        cache.set(CACHE_PROBE_KEY, started, 30)
        cache.get(CACHE_PROBE_KEY)
    except CACHE_ERRORS:
        logger.warning("Health check: the shared cache cannot be read or written", exc_info=True)
        return DOWN
    return SLOW if time.monotonic() - started > settings.CACHE_SLOW_SECONDS else OK


def forget() -> None:
    """Drop the remembered answers (tests, or after a known change)."""
    _last.clear()
