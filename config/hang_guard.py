"""Cut a request's database wait when PostgreSQL has frozen, so the worker answers 503.

statement_timeout is enforced by the server and connect_timeout only covers connecting:
a server that is stopped (SIGSTOP, a frozen VM, a dead network path that still ACKs)
leaves a worker blocked in the driver for good, on a connection it already holds. A
watchdog thread in each worker process looks at the requests in flight; one that has sat
inside the PostgreSQL driver for settings.DATABASE_HANG_SECONDS gets its connection's
socket shut down. The driver then fails with OperationalError, which the outage
middleware turns into the Chinese or JSON 503, and Django drops the broken connection.

Only a wait inside the driver is cut: slow Python, or a slow but answering server, are
left to statement_timeout and gunicorn's own worker timeout.

After a cut, or a connection attempt that failed (connect_timeout), the process takes
PostgreSQL as down for DATABASE_DOWN_SECONDS: requests then fail at once instead of each
waiting out connect_timeout again, and the first request after the window tries anew.
"""

import logging
import os
import socket
import sys
import threading
import time

from django.conf import settings
from django.db import OperationalError, connections

logger = logging.getLogger(__name__)

_DRIVER_DIR = os.sep + "psycopg" + os.sep
_TICK = 0.1
DOWN_MESSAGE = "PostgreSQL marked down after it stopped answering"

# Monotonic time until which this process takes PostgreSQL as down (0: not down).
_down_until = 0.0


def database_down() -> bool:
    return time.monotonic() < _down_until


def mark_down() -> None:
    global _down_until
    _down_until = time.monotonic() + settings.DATABASE_DOWN_SECONDS


def reset() -> None:
    global _down_until
    _down_until = 0.0


class _Watchdog:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = {}  # thread id -> the thread's PostgreSQL connection wrappers
        self.waits = {}  # thread id -> (driver frame, monotonic time first seen)
        self.pid = None

    def ensure_running(self) -> None:
        # Started lazily in each worker: a thread started before gunicorn forks is lost.
        if self.pid == os.getpid():
            return
        with self.lock:
            if self.pid != os.getpid():
                self.requests.clear()
                self.waits.clear()
                self.pid = os.getpid()
                threading.Thread(target=self.run, name="db-hang-guard", daemon=True).start()

    def watch(self, wrappers) -> int:
        ident = threading.get_ident()
        with self.lock:
            self.requests[ident] = wrappers
        return ident

    def unwatch(self, ident: int) -> None:
        with self.lock:
            self.requests.pop(ident, None)
            self.waits.pop(ident, None)

    def run(self) -> None:
        while True:
            time.sleep(_TICK)
            try:
                self.check(time.monotonic())
            except Exception:  # the guard must outlive any surprise
                logger.exception("database hang guard failed a check")

    def check(self, now: float) -> None:
        frames = sys._current_frames()
        with self.lock:
            watched = list(self.requests.items())
        for ident, wrappers in watched:
            frame = frames.get(ident)
            if frame is None or _DRIVER_DIR not in frame.f_code.co_filename:
                self.waits.pop(ident, None)
                continue
            seen = self.waits.get(ident)
            if seen is None or seen[0] is not frame:
                self.waits[ident] = (frame, now)
            elif now - seen[1] >= settings.DATABASE_HANG_SECONDS:
                self.waits.pop(ident, None)
                for wrapper in wrappers:
                    _cut(wrapper)


def _cut(wrapper) -> None:
    """Shut the socket down under the blocked driver; it then reports a lost connection."""
    mark_down()
    raw = wrapper.connection
    if raw is None:
        return
    try:
        fd = raw.pgconn.socket
    except Exception:  # already closed: nothing waits on it
        return
    logger.error(
        "PostgreSQL did not answer for %s s: cutting the connection", settings.DATABASE_HANG_SECONDS
    )
    with socket.socket(fileno=os.dup(fd)) as sock:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


_watchdog = _Watchdog()


def _guarded_connect(connect):
    """The wrapper's connect(), refused while PostgreSQL is down, marking it down on failure."""

    def guarded():
        if database_down():
            raise OperationalError(DOWN_MESSAGE)
        try:
            connect()
        except Exception:
            mark_down()
            raise

    return guarded


class DatabaseHangGuardMiddleware:
    """Watches each request while it runs (PostgreSQL only), and guards its connecting."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.aliases = [
            alias
            for alias, config in settings.DATABASES.items()
            if "postgresql" in config["ENGINE"]
        ]

    def __call__(self, request):
        if not self.aliases or settings.DATABASE_HANG_SECONDS <= 0:
            return self.get_response(request)
        _watchdog.ensure_running()
        wrappers = [connections[alias] for alias in self.aliases]
        for wrapper in wrappers:
            # On this request's wrapper only (connections are per thread), for its length.
            wrapper.connect = _guarded_connect(type(wrapper).connect.__get__(wrapper))
        ident = _watchdog.watch(wrappers)
        try:
            return self.get_response(request)
        finally:
            _watchdog.unwatch(ident)
            for wrapper in wrappers:
                wrapper.__dict__.pop("connect", None)
