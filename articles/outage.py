"""Remembering, per process, that a shared store has just failed.

A hung Redis costs a socket timeout on every call, and a page makes several. After one
failure a process leaves that store alone for a few seconds (reads then come from the
database, a beacon is refused at once) and then tries it again.
"""

import time
from contextlib import contextmanager

from django.db import DatabaseError

from core.cache_errors import CACHE_ERRORS

RETRY_AFTER_SECONDS = 5.0
# What Redis itself raises (CACHE_ERRORS less the database's): a database error met while
# flushing says nothing about Redis.
REDIS_ERRORS = tuple(error for error in CACHE_ERRORS if not issubclass(error, DatabaseError))


class StoreDown(ConnectionError):
    """Raised instead of calling a store that failed moments ago (one of CACHE_ERRORS)."""


class Outage:
    def __init__(self, name: str, errors=CACHE_ERRORS, seconds: float = RETRY_AFTER_SECONDS):
        self.name = name
        self.errors = errors
        self.seconds = seconds
        self._until = 0.0

    @contextmanager
    def watch(self):
        """Run a block against the store: skipped while it is known to be down, and any
        of `errors` marks it down for `seconds` before being raised as it was."""
        if time.monotonic() < self._until:
            raise StoreDown(f"{self.name} failed less than {self.seconds:g} s ago")
        try:
            yield
        except self.errors:
            self._until = time.monotonic() + self.seconds
            raise

    def forget(self) -> None:
        self._until = 0.0
