"""A Redis that failed a moment ago is taken as down, without waiting on it again.

With a hung Redis every cache call would wait out its socket timeout, and a page makes
several: seconds per request. So the first connection error or timeout in a process marks
the cache down for settings.CACHE_DOWN_SECONDS; until then every command fails at once
with redis.ConnectionError, which callers catch (core.cache_errors.CACHE_ERRORS) and
degrade. After the window the next command tries the server again, so recovery needs no
restart. The mark is per process: each worker pays for at most one timeout per window.
"""

import socket
import time

from django.conf import settings
from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

DOWN_MESSAGE = "Redis marked down after a recent failure"
_FAILURES = (RedisConnectionError, RedisTimeoutError, socket.timeout, OSError)

# Monotonic time until which the cache counts as down (0: not down).
_down_until = 0.0


def is_down() -> bool:
    return time.monotonic() < _down_until


def mark_down() -> None:
    global _down_until
    _down_until = time.monotonic() + settings.CACHE_DOWN_SECONDS


def reset() -> None:
    """Forget a failure (tests, or after a known repair)."""
    global _down_until
    _down_until = 0.0


class BreakerConnection(Connection):
    """A redis-py connection that refuses at once while the cache is marked down."""

    def connect_check_health(self, *args, **kwargs):
        self._refuse_if_down()
        return self._watch(super().connect_check_health, *args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        self._refuse_if_down()
        return self._watch(super().send_packed_command, *args, **kwargs)

    def read_response(self, *args, **kwargs):
        return self._watch(super().read_response, *args, **kwargs)

    def _refuse_if_down(self):
        if is_down():
            self.disconnect()
            raise RedisConnectionError(DOWN_MESSAGE)

    @staticmethod
    def _watch(call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except _FAILURES:
            mark_down()
            raise


class BreakerConnectionPool(ConnectionPool):
    """django-redis builds its pool with this class (CONNECTION_POOL_CLASS in settings)."""

    def __init__(self, connection_class=BreakerConnection, **kwargs):
        super().__init__(connection_class=connection_class, **kwargs)
