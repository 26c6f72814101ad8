"""Fixed-window rate limits that hold under parallel requests, on any deployment.

With Redis, one INCR (atomic) per hit. Without it, one upsert on core.RateCounter
(atomic in SQLite and PostgreSQL alike). Either way every worker and server shares the
count, and nothing is kept in process memory. When the store fails, the limit lets
requests through (fails open) rather than answering 500.
"""

import logging
import math
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from core.cache_errors import CACHE_ERRORS
from core.models import RateCounter

logger = logging.getLogger(__name__)

# Without Redis, about one hit in this many also deletes windows that have ended.
PRUNE_ONE_IN = 1000

_INCR = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int  # seconds until the window ends


def hit(key: str, limit: int, window_seconds: int) -> Decision:
    """Count one hit against `key`; refused once more than `limit` fall in this window."""
    now = time.time()
    window = int(now // window_seconds)
    count = _incr_redis if settings.REDIS_URL else _incr_database
    try:
        hits = count(key, window, window_seconds)
    except CACHE_ERRORS:
        # Fail open: a limit that cannot count lets the request through, never a 500.
        logger.warning("rate limit %s unavailable", key.split(":")[0], exc_info=True)
        return Decision(allowed=True, retry_after=0)
    retry_after = max(1, math.ceil((window + 1) * window_seconds - now))
    return Decision(allowed=hits <= limit, retry_after=retry_after)


def _incr_redis(key, window, window_seconds) -> int:
    from django_redis import get_redis_connection

    prefix = settings.CACHES["default"].get("KEY_PREFIX", "kx")
    name = f"{prefix}:rate:{key}:{window}"
    return int(get_redis_connection("default").eval(_INCR, 1, name, window_seconds + 1))


def _incr_database(key, window, window_seconds) -> int:
    table, key_col, window_col, hits_col = (
        connection.ops.quote_name(name)
        for name in (RateCounter._meta.db_table, "key", "window", "hits")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_col}, {window_col}, {hits_col}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({key_col}, {window_col}) "
            f"DO UPDATE SET {hits_col} = {table}.{hits_col} + 1 RETURNING {hits_col}",
            [key, window],
        )
        hits = cursor.fetchone()[0]
    if random.randrange(PRUNE_ONE_IN) == 0:
        RateCounter.objects.filter(window__lt=window - 1).delete()
    return hits
