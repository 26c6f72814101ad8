"""A Redis that failed a moment ago is taken as down, without waiting on it again.

With a hung Redis every cache call would wait out its socket timeout, and a page makes
several: seconds per request. So the first connection error or timeout in a process marks
the cache down (core.outage.SHARED_CACHE, for settings.CACHE_DOWN_SECONDS); until then
every command fails at once with redis.ConnectionError, which callers catch
(core.cache_errors.CACHE_ERRORS) and degrade. After the window the next command tries
the server again, so recovery needs no restart. The mark is per process: each worker pays
for at most one timeout per window.
"""

import socket

from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.outage import SHARED_CACHE

DOWN_MESSAGE = "Redis marked down after a recent failure"
_FAILURES = (RedisConnectionError, RedisTimeoutError, socket.timeout, OSError)

is_down = SHARED_CACHE.is_down
mark_down = SHARED_CACHE.mark_down
reset = SHARED_CACHE.forget  # forget a failure (tests, or after a known repair)


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
