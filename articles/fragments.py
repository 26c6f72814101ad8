"""Cached fragments derived from the catalogue: the hot list, the navigation, an
article's previous/next/related links.

Each kind is stored under its current generation. A change turns the generation over at
once and again after its transaction commits, so a fragment rendered from the old rows
in between is stored under a generation nobody reads any more (an edit shows on the
next request, never 24 h later). When the cache fails, fragments are computed from
the database and the failure is logged, never raised into a request.

A turnover can itself be lost: the cache was unreachable at the moment of the edit, and
is back before the fragment it holds expires. So no fragment is kept longer than
FRAGMENT_MAX_SECONDS, which bounds how long such an edit can go unseen.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from core.cache_errors import CACHE_ERRORS
from core.outage import SHARED_CACHE, StoreDown

logger = logging.getLogger(__name__)
# After a failure this process renders fragments from the database for a few seconds,
# instead of waiting on a hung cache for each one.
CACHE_OUTAGE = SHARED_CACHE  # one mark per process for the shared cache (core.outage)


def _generation_key(name: str) -> str:
    return f"fragment-generation:{name}"


def generation(name: str) -> str:
    """The current generation of one kind (created by the first request that asks)."""
    current = cache.get(_generation_key(name))
    if current is None:
        candidate = uuid.uuid4().hex
        if cache.add(_generation_key(name), candidate, None):
            return candidate
        current = cache.get(_generation_key(name)) or candidate  # evicted meanwhile
    return current


def key(name: str, *parts) -> str:
    return ":".join(["fragment", name, generation(name), *map(str, parts)])


def changed(name: str) -> None:
    """What the fragments of this kind show changed: all are stale, now and once the
    change is committed."""
    _turn_over(name)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _turn_over(name))


def _turn_over(name: str) -> None:
    try:
        cache.set(_generation_key(name), uuid.uuid4().hex, None)
    except CACHE_ERRORS:
        logger.error("cached %s fragments could not be marked stale", name, exc_info=True)


def lookup(name: str, *parts) -> tuple[str | None, object]:
    """(key, cached value or None) of a fragment; the key is None when the cache failed,
    and the caller then works from the database alone."""
    try:
        with CACHE_OUTAGE.watch():
            entry_key = key(name, *parts)
            return entry_key, cache.get(entry_key)
    except CACHE_ERRORS as exc:
        if not isinstance(exc, StoreDown):
            logger.warning("%s fragments computed without the cache", name, exc_info=True)
        return None, None


def cached(name: str, parts: tuple, compute, timeout):
    """The fragment `name` for `parts`, computed and stored on a miss; computed from the
    database alone when the cache fails. `timeout` may be a callable (seconds)."""
    entry_key, value = lookup(name, *parts)
    if value is None:
        value = compute()
        if entry_key is not None:
            store(entry_key, value, timeout() if callable(timeout) else timeout)
    return value


def store(entry_key: str, value, timeout, *, shown: bool = True) -> None:
    """Store a fragment (`shown`: readers see it, so its life is capped) or a marker."""
    if shown:
        cap = settings.FRAGMENT_MAX_SECONDS
        timeout = cap if timeout is None else min(timeout, cap)
    try:
        with CACHE_OUTAGE.watch():
            cache.set(entry_key, value, timeout)
    except CACHE_ERRORS as exc:
        if not isinstance(exc, StoreDown):
            logger.warning("fragment %s not stored", entry_key, exc_info=True)
