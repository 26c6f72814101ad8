"""Remembering, per process, that a shared store has just failed.

A hung Redis costs a socket timeout on every call, and a page makes several. After one
failure a process leaves that store alone for a few seconds (pages render without it,
reads come from the database, a beacon is refused at once) and then tries it again. The
mark is per process and short: each worker pays for at most one timeout per window, and
recovery needs no restart.

SHARED_CACHE is the one mark for the shared cache (settings.CACHES["default"]): the Redis
connections themselves set and obey it (core.cache_breaker), and so do the page cache and
the fragments. The counts Redis has its own (articles.view_buffer).
"""

import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError

from core.cache_errors import CACHE_ERRORS

# What Redis itself raises (CACHE_ERRORS less the database's): a database error met while
# flushing says nothing about Redis.
REDIS_ERRORS = tuple(error for error in CACHE_ERRORS if not issubclass(error, DatabaseError))


class StoreDown(ConnectionError):
    """Raised instead of calling a store that failed moments ago (one of CACHE_ERRORS)."""


class Outage:
    """One store's recent failure. `seconds` None: settings.CACHE_DOWN_SECONDS."""

    def __init__(self, name: str, errors=CACHE_ERRORS, seconds: float | None = None):
        self.name = name
        self.errors = errors
        self.seconds = seconds
        self._until = 0.0

    def is_down(self) -> bool:
        return time.monotonic() < self._until

    def mark_down(self) -> None:
        seconds = settings.CACHE_DOWN_SECONDS if self.seconds is None else self.seconds
        self._until = time.monotonic() + seconds

    @contextmanager
    def watch(self):
        """Run a block against the store: skipped while it is known to be down, and any
        of `errors` marks it down for `seconds` before being raised as it was."""
        if self.is_down():
            raise StoreDown(f"{self.name} failed moments ago")
        try:
            yield
        except self.errors:
            self.mark_down()
            raise

    def forget(self) -> None:
        self._until = 0.0


SHARED_CACHE = Outage("the shared cache")
