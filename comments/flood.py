"""Flood control: at most settings.COMMENTS_RATE_PER_MINUTE comments a minute per visitor.

A visitor is counted twice over: by the keyed hash of their address (config.client_ip,
which ignores a forged X-Forwarded-For) and by their browser (the signed reader cookie
the site already uses, or the account when signed in). Either one over the limit is
enough to refuse. Counts live in the shared cache, so every worker process sees them.

The window slides: the previous minute's count is weighted by how much of it still falls
within the last sixty seconds, so a burst straddling a minute boundary is caught too.
"""

import time

from django.conf import settings
from django.core.cache import cache

from articles import counting
from config.client_ip import client_ip_hash

WINDOW = 60
_PREFIX = "comments:rate"


def identities(request) -> list[str]:
    """The keys a request is counted under: always its address, plus browser or account."""
    keys = [f"ip:{client_ip_hash(request)}"]
    if request.user.is_authenticated:
        keys.append(f"user:{request.user.pk}")
    else:
        reader = counting.reader_id(request)
        if reader:
            keys.append(f"reader:{reader}")
    return keys


def _key(identity: str, window: int) -> str:
    return f"{_PREFIX}:{identity}:{window}"


def _estimate(counts: dict, identity: str, window: int, now: float) -> float:
    previous_weight = 1 - (now % WINDOW) / WINDOW
    current = counts.get(_key(identity, window), 0)
    previous = counts.get(_key(identity, window - 1), 0)
    return current + previous * previous_weight


def is_limited(keys: list[str], now: float | None = None) -> bool:
    """True when one more comment would exceed the rate for any of `keys`."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    wanted = [_key(k, w) for k in keys for w in (window, window - 1)]
    counts = cache.get_many(wanted)
    limit = settings.COMMENTS_RATE_PER_MINUTE
    return any(_estimate(counts, k, window, now) + 1 > limit for k in keys)


def record(keys: list[str], now: float | None = None) -> None:
    """Count one comment against every key (atomic on Redis; near enough on the DB cache)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    for identity in keys:
        key = _key(identity, window)
        cache.add(key, 0, 2 * WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 2 * WINDOW)
