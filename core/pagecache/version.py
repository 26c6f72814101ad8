"""The content version: one token that every cached page records and that any event
changing what readers see turns over (`bump()`), so every copy is stale at once.

The version also knows when the next scheduled article goes live, and turns itself over
at that moment, so a scheduled article appears without any event.
"""

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from core.cache_errors import CACHE_ERRORS

logger = logging.getLogger(__name__)
# Versioned like the entries: State is pickled, and a release that changes or moves it
# must not read the old objects.
STATE_KEY = "pagecache:state:v2"
# A renderer holding a lock longer than this is presumed dead; another may take over.
LOCK_SECONDS = 20


def shared_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# Apps tell the cache about changes that come with time rather than with an event:
# `schedules` return the Unix time of the next such change they know of (a scheduled
# article going live); `refreshers` run every so many seconds and return True when they
# changed what pages show (the hot list). Both are registered once, in AppConfig.ready().
_schedules = []
_refreshers = []


def register_schedule(next_change_at) -> None:
    _schedules.append(next_change_at)


def register_refresher(refresh, every_seconds: int) -> None:
    _refreshers.append((refresh, every_seconds))


@dataclass(frozen=True)
class State:
    token: str
    change_at: float | None  # when a scheduled change turns the version over
    refresh_at: float  # when the refreshers are due


def _new_state(now: float) -> State:
    changes = [t for t in (schedule() for schedule in _schedules) if t is not None]
    every = min((seconds for _, seconds in _refreshers), default=3600)
    return State(uuid.uuid4().hex, min(changes, default=None), now + every)


def current_version(state: State | None = None) -> str:
    """The content version in force, turned over when a scheduled time has passed or a
    due refresher changed something."""
    cache = shared_cache()
    state = state or cache.get(STATE_KEY)
    now = timezone.now().timestamp()
    if not isinstance(state, State):  # none yet (or left by an older release)
        cache.add(STATE_KEY, _new_state(now), None)  # the first request wins a race
        return cache.get(STATE_KEY).token
    scheduled = state.change_at is not None and now >= state.change_at
    if not (scheduled or now >= state.refresh_at):
        return state.token
    if not cache.add(f"pagecache:turnover:{state.token}", 1, LOCK_SECONDS):
        return state.token  # another request is turning it over
    changed = [refresh() for refresh, _ in _refreshers]
    new = _new_state(now)
    if not (scheduled or any(changed)):
        new = State(state.token, new.change_at, new.refresh_at)
    cache.set(STATE_KEY, new, None)
    return new.token


def bump() -> None:
    """Mark every cached page stale; call it when what readers see has changed.

    Inside a transaction it turns the version over now and again after the commit: a page
    rendered in between (from data not yet committed) is then stale as soon as it is
    stored, and the change shows on the next request either way.
    """
    _set_new_state()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_set_new_state)


def _set_new_state():
    try:
        shared_cache().set(STATE_KEY, _new_state(timezone.now().timestamp()), None)
    except CACHE_ERRORS:
        # The change itself is saved; pages are rendered without the cache while it is
        # down, and a copy older than PAGE_CACHE_SECONDS is never served.
        logger.error("page cache version could not be turned over", exc_info=True)
