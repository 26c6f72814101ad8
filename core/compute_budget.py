"""Budget expensive work by what it costs, not by how many requests ask for it.

Two limits guard every uncached computation (an indicator payload or its signal
statistics), so that a burst of requests with fresh parameters cannot take the workers
that serve pages:

- Each client address has a bucket of CPU seconds (API_CPU_SECONDS_PER_MINUTE), refilled
  evenly over a minute. A computation may start while the bucket is not empty; the CPU
  time it took is then charged. An empty bucket answers 429 with Retry-After until it
  refills. The bucket lives in the shared cache (every worker and server charges the
  same one); when that cache fails, computations go ahead uncharged: a limit never turns
  into a 500.
- At most API_COMPUTE_SLOTS computations run at once on this machine, whatever process
  or thread runs them: the rest wait at most API_COMPUTE_WAIT_SECONDS for a slot and are
  then answered 503 with Retry-After, so a burst cannot hold the workers that serve
  pages. Slots are file locks, which the operating system releases when a process dies,
  so a crash never leaks one.

The bucket is stored as one number, the time at which it will be full again ("full_at").
Charging c CPU seconds moves it c x 60 / budget seconds later; the bucket is empty while
full_at is more than a minute ahead.
"""

import contextlib
import fcntl
import functools
import hashlib
import logging
import math
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from core import low_priority
from core.cache_errors import CACHE_ERRORS

SLOT_POLL_SECONDS = 0.01
logger = logging.getLogger(__name__)
WINDOW = 60.0  # seconds in which a full bucket refills

# ARGV: now and the seconds to add, both in milliseconds. Returns the new full_at.
_CHARGE = """
local now = tonumber(ARGV[1])
local full_at = tonumber(redis.call('GET', KEYS[1]) or now)
if full_at < now then full_at = now end
full_at = full_at + tonumber(ARGV[2])
redis.call('SET', KEYS[1], full_at, 'PX', math.ceil(full_at - now) + 1000)
return full_at
"""


class Refused(Exception):
    """A computation was not started: answer `status` with `message` and Retry-After."""

    def __init__(self, status: int, message: str, retry_after: int):
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


def _key(client: str) -> str:
    return f"cpu:{client}"


def _redis():
    if not settings.REDIS_URL:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _full_at(client: str) -> float:
    """When the client's bucket is full again (Unix seconds; 0 for a full bucket)."""
    redis = _redis()
    if redis is None:
        return float(cache.get(_key(client)) or 0)
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "kx")
    value = redis.get(f"{prefix}:{_key(client)}")
    return float(value) / 1000 if value is not None else 0.0


def check_budget(client: str) -> None:
    """Refused (429) while the client's bucket is empty; fails open if the cache does."""
    try:
        ahead = _full_at(client) - time.time()
    except CACHE_ERRORS:
        logger.warning("CPU budget unreadable: computing without it", exc_info=True)
        return
    if ahead > WINDOW:
        retry = max(1, math.ceil(ahead - WINDOW))
        raise Refused(429, "计算请求太多，请稍后再试。", retry)


def charge(client: str, cpu_seconds: float) -> None:
    """Take `cpu_seconds` from the client's bucket (uncharged if the cache fails)."""
    delay = cpu_seconds * WINDOW / settings.API_CPU_SECONDS_PER_MINUTE
    try:
        redis = _redis()
        if redis is not None:
            prefix = settings.CACHES["default"].get("KEY_PREFIX", "kx")
            now_ms = int(time.time() * 1000)
            redis.eval(_CHARGE, 1, f"{prefix}:{_key(client)}", now_ms, math.ceil(delay * 1000))
            return
        # The database cache has no atomic update: parallel charges may lose one another,
        # which the slots below bound to API_COMPUTE_SLOTS at a time.
        now = time.time()
        full_at = max(float(cache.get(_key(client)) or 0), now) + delay
        cache.set(_key(client), full_at, math.ceil(full_at - now) + 1)
    except CACHE_ERRORS:
        logger.warning("CPU budget not charged", exc_info=True)


def _slot_dir() -> Path:
    return _made_slot_dir(settings.API_COMPUTE_SLOT_DIR, str(settings.BASE_DIR))


@functools.lru_cache(maxsize=8)
def _made_slot_dir(parent: str, base_dir: str) -> Path:
    # One folder per installation, so two sites on one machine do not share slots.
    tag = hashlib.blake2b(base_dir.encode(), digest_size=6).hexdigest()
    folder = Path(parent or tempfile.gettempdir()) / f"kxian-slots-{tag}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open_lock(name: str) -> int:
    flags = os.O_RDWR | os.O_CREAT
    try:
        return os.open(_slot_dir() / f"{name}.lock", flags, 0o600)
    except FileNotFoundError:  # the folder was cleaned away (a tmp cleaner): make it again
        _made_slot_dir.cache_clear()
        return os.open(_slot_dir() / f"{name}.lock", flags, 0o600)


def _free_lock(names) -> int | None:
    """The file descriptor of the first of `names` locked now, or None if all are taken."""
    for name in names:
        fd = _open_lock(name)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return fd
    return None


@contextlib.contextmanager
def admitted():
    """Hold one of API_COMPUTE_ADMITTED machine-wide tickets, or raise Refused (503) at once.

    Waiting for a slot holds a worker as surely as computing does. Without this bound a
    burst of requests with fresh parameters has every worker waiting in slot() below,
    and pages queue behind them; with it, at most this many workers are ever busy with
    uncached computations (by default half of them), and the rest serve pages.
    """
    try:
        fd = _free_lock(f"ticket-{n}" for n in range(settings.API_COMPUTE_ADMITTED))
    except OSError:
        logger.warning("computation tickets unusable: admitting without one", exc_info=True)
        yield
        return
    if fd is None:
        raise Refused(503, "服务器正忙，请稍后再试。", 1)
    try:
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def slot():
    """Hold one of API_COMPUTE_SLOTS machine-wide slots, waiting at most
    API_COMPUTE_WAIT_SECONDS for one, or raise Refused (503).

    A reader's page with two demos asks for four computations at once: they queue for
    the few tens of milliseconds each takes rather than fail. A burst that keeps every
    slot busy longer than the wait is refused, and the workers go back to serving pages.
    If the slots cannot be used at all (an unwritable folder), the work runs without one.
    """
    deadline = time.monotonic() + settings.API_COMPUTE_WAIT_SECONDS
    while True:
        try:
            fd = _free_lock(str(n) for n in range(settings.API_COMPUTE_SLOTS))
        except OSError:
            logger.warning("computation slots unusable: computing without one", exc_info=True)
            yield
            return
        if fd is not None:
            break
        if time.monotonic() >= deadline:
            raise Refused(503, "服务器正忙，请稍后再试。", 1)
        time.sleep(SLOT_POLL_SECONDS)
    try:
        yield
    finally:
        os.close(fd)  # closing releases the lock


def compute(client: str, load, work):
    """work(load()) as one uncached computation for `client`: within both limits, and in
    this process's low-priority thread (core.low_priority), its CPU time charged to the
    client. load() runs first, in the caller's thread, and is where the database is read:
    the computation's thread has no connection.
    """
    check_budget(client)
    with admitted(), slot():
        loaded = load()
        try:
            value, cpu = low_priority.run(lambda: work(loaded))
        except Exception as exc:
            charge(client, getattr(exc, "cpu_seconds", 0.0))
            raise
    charge(client, cpu)
    return value


@contextlib.contextmanager
def costed(client: str):
    """Run one uncached computation for `client` within both limits, charging its CPU,
    in the caller's thread (for work that needs the database; see compute())."""
    check_budget(client)
    with admitted(), slot():
        started = time.thread_time()
        try:
            yield
        finally:
            charge(client, time.thread_time() - started)
