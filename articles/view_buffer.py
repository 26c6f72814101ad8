"""Views buffered in Redis, written to the database in batches that carry an id.

The buffer lives in its own Redis database (settings.REDIS_COUNTS_URL), apart from the
page cache, so no cache eviction or clear can drop a count.

A beacon runs one Lua script, so its checks and increments are atomic:
- skip a reader already counted for the article within the window;
- keep, per article and address, the readers counted in the last hour (a sorted set by
  time) and refuse a new one past settings.VIEW_NEW_READERS_PER_ADDRESS;
- otherwise add one to the article's total and to its count for today in the open batch,
  opening one under a fresh id if there is none.

`flush()` closes the open batch (beacons then open the next one) and writes each batch
closed at least VIEW_BATCH_SETTLE_SECONDS ago, in one transaction that also records its
id (articles.stored_views), then deletes it from Redis. Waiting until the close is on
disk (AOF) means a Redis restart can bring back a written batch but never reopen one:
a batch whose id the database already holds is deleted, not written again. A flusher
that dies anywhere leaves its batch in Redis for the next flush. Nothing is held in
process memory.
"""

import logging
import uuid
from datetime import date

from django.conf import settings
from django.utils import timezone

from articles import stored_views
from core.cache_errors import CACHE_ERRORS
from core.outage import REDIS_ERRORS, Outage, StoreDown

logger = logging.getLogger(__name__)
# After a Redis failure this process refuses beacons and shows database counts for a few
# seconds, instead of waiting on a hung server in every request.
COUNTS_OUTAGE = Outage("the counts Redis", errors=REDIS_ERRORS)

PREFIX = settings.CACHES["default"].get("KEY_PREFIX", "kx") + ":views:"
OPEN = PREFIX + "open"  # the id of the batch beacons add to
CLOSED = PREFIX + "closed"  # sorted set: batch id -> Redis server time of its close
FLUSH_LOCK = PREFIX + "flush-lock"
FLUSH_DUE = PREFIX + "flush-due"
# A flush takes milliseconds. A lock left by a flusher that died (or by a Redis crash
# mid-flush) holds others off this long; pages show the right 阅读 meanwhile, and two
# flushers at once would still write each batch once.
FLUSH_LOCK_SECONDS = 15
# Used only when the cache settings name no timeouts: a hung Redis must never hold a worker.
FALLBACK_TIMEOUTS = {"SOCKET_CONNECT_TIMEOUT": 1.0, "SOCKET_TIMEOUT": 1.0}
# Clocks of Redis and the database hosts may differ; a replay this close to the keep
# period is dropped rather than risked.
CLOCK_MARGIN_SECONDS = 3600

# Scripts declare what a full Redis (maxmemory, noeviction) may run: a beacon is refused
# outright (no flag), while taking the flush lock and closing a batch, which a flush needs
# to free memory, are allowed (allow-oom), and so is deleting a written batch.
_RECORD = """#!lua
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 3600)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
local batch = redis.call('GET', KEYS[3])
if not batch then
  batch = ARGV[7]
  redis.call('SET', KEYS[3], batch)
end
redis.call('SET', KEYS[1], 1, 'EX', ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('EXPIRE', KEYS[2], 3600)
redis.call('HINCRBY', ARGV[8] .. batch .. ':total', ARGV[5], 1)
redis.call('HINCRBY', ARGV[8] .. batch .. ':daily', ARGV[6], 1)
return 1
"""

_LOCK = """#!lua flags=allow-oom
return redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[1])
"""

_CLOSE = """#!lua flags=allow-oom
local batch = redis.call('GET', KEYS[1])
if batch then
  redis.call('ZADD', KEYS[2], redis.call('TIME')[1], batch)
  redis.call('DEL', KEYS[1])
end
return batch
"""

_FORGET = """#!lua flags=allow-oom
redis.call('DEL', KEYS[1], KEYS[2])
return redis.call('ZREM', KEYS[3], ARGV[1])
"""

# Every batch not yet deleted, with its close time (-1 while open), the Redis server's
# time, and each batch's pending total for the articles asked about. Read-only, so it
# still runs when a full Redis (noeviction) refuses writes.
_PENDING = """#!lua flags=no-writes
local batches = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local open = redis.call('GET', KEYS[1])
if open then
  table.insert(batches, open)
  table.insert(batches, '-1')
end
local result = {redis.call('TIME')[1]}
for i = 1, #batches, 2 do
  local values = redis.call('HMGET', ARGV[1] .. batches[i] .. ':total', unpack(ARGV, 2))
  table.insert(result, {batches[i], batches[i + 1], values})
end
return result
"""


def enabled() -> bool:
    return bool(settings.REDIS_COUNTS_URL)


_clients = {}


def counts_client():
    """The client of the counts database, with the cache's connection options (timeouts
    included, as django-redis applies them), one connection pool per process."""
    from django_redis.pool import get_connection_factory

    url = settings.REDIS_COUNTS_URL
    options = {**FALLBACK_TIMEOUTS, **settings.CACHES["default"].get("OPTIONS", {})}
    # Not the shared cache's breaker pool (core.cache_breaker): the counts Redis has its
    # own outage mark (COUNTS_OUTAGE), and its failures must not mark the page cache down.
    options.pop("CONNECTION_POOL_CLASS", None)
    key = (url, repr(sorted(options.items())))
    if key not in _clients:
        _clients[key] = get_connection_factory(options=options).connect(url)
    return _clients[key]


_scripts = {}


def _script(source: str):
    """The Lua script, sent once and then run by its SHA1 (EVALSHA), per client."""
    client = counts_client()
    key = (id(client), source)
    if key not in _scripts:
        _scripts[key] = client.register_script(source)
    return _scripts[key]


def _batch_keys(batch_id: str) -> tuple[str, str]:
    return (f"{PREFIX}{batch_id}:total", f"{PREFIX}{batch_id}:daily")


def record(article_id: int, reader: str, address: str) -> bool:
    """Count one view in Redis (see the module docstring); raises CACHE_ERRORS when Redis
    cannot be reached, so the beacon can say the view was not counted."""
    now = timezone.now()
    keys = [
        f"{PREFIX}seen:{article_id}:{reader}",
        f"{PREFIX}address:{article_id}:{address}",
        OPEN,
    ]
    args = [
        settings.VIEW_DEDUP_SECONDS,
        f"{now.timestamp():.6f}",
        settings.VIEW_NEW_READERS_PER_ADDRESS,
        reader,
        article_id,
        f"{article_id}:{timezone.localdate(now).isoformat()}",
        f"batch:{uuid.uuid4().hex}",
        PREFIX,
    ]
    with COUNTS_OUTAGE.watch():
        counted = _script(_RECORD)(keys=keys, args=args) == 1
    if counted:
        _flush_if_due()
    return counted


def _flush_if_due() -> None:
    # The view is counted whatever happens here: a failing flush is retried later.
    try:
        with COUNTS_OUTAGE.watch():
            due = counts_client().set(FLUSH_DUE, 1, nx=True, ex=settings.VIEW_FLUSH_SECONDS)
        if due:
            flush()
    except CACHE_ERRORS:
        logger.warning("buffered views could not be flushed now", exc_info=True)


def pending(article_ids) -> dict[int, int]:
    """Views counted in Redis and not yet in the database, by article: the open batch and
    closed ones, less any the database already holds (a flusher that died after its
    commit). Empty when Redis fails: pages then show the database figure."""
    ids = list(article_ids)
    if not ids:
        return {}
    try:
        return _pending(ids)
    except CACHE_ERRORS as exc:
        if not isinstance(exc, StoreDown):
            logger.warning("pending views unavailable; showing database counts", exc_info=True)
        return {}


def _pending(ids: list[int]) -> dict[int, int]:
    with COUNTS_OUTAGE.watch():
        now, *batches = _script(_PENDING)(keys=[OPEN, CLOSED], args=[PREFIX, *ids])
    settled_before = int(now) - settings.VIEW_BATCH_SETTLE_SECONDS
    # Only a settled batch can have been written; ask the database about those alone.
    writable = [b.decode() for b, closed, _ in batches if 0 <= float(closed) <= settled_before]
    done = stored_views.written(writable)
    totals = dict.fromkeys(ids, 0)
    for batch_id, _, values in batches:
        if batch_id.decode() in done:
            continue
        for article_id, value in zip(ids, values, strict=True):
            totals[article_id] += int(value or 0)
    return totals


def flush() -> int:
    """Close the open batch and write every settled one; returns the views written.
    One flusher at a time; raises CACHE_ERRORS when Redis or the database fails."""
    client = counts_client()
    with COUNTS_OUTAGE.watch():
        if not _script(_LOCK)(keys=[FLUSH_LOCK], args=[FLUSH_LOCK_SECONDS]):
            return 0
    try:
        with COUNTS_OUTAGE.watch():
            _script(_CLOSE)(keys=[OPEN, CLOSED])
            now = client.time()[0]
            settled = client.zrangebyscore(
                CLOSED, "-inf", now - settings.VIEW_BATCH_SETTLE_SECONDS, withscores=True
            )
        views = sum(_write_batch(client, b.decode(), closed, now) for b, closed in settled)
        if settled:
            stored_views.forget_old_batches()
        return views
    finally:
        client.delete(FLUSH_LOCK)


def seconds_until_settled() -> float | None:
    """How long until every batch closed so far may be written; None when none waits."""
    with COUNTS_OUTAGE.watch():
        client = counts_client()
        last = client.zrange(CLOSED, -1, -1, withscores=True)
        if not last:
            return None
        seconds, micros = client.time()
    return max(0.0, last[0][1] + settings.VIEW_BATCH_SETTLE_SECONDS - seconds - micros / 1e6)


def _write_batch(client, batch_id: str, closed_at: float, now: float) -> int:
    if now - closed_at > stored_views.keep_seconds() - CLOCK_MARGIN_SECONDS:
        # The database may have forgotten it was written: dropping it may lose views,
        # writing it might count them twice.
        logger.error("batch %s closed too long ago to tell if it was written; dropped", batch_id)
        _forget_batch(batch_id)
        return 0
    total_key, daily_key = _batch_keys(batch_id)
    totals = {int(k): int(v) for k, v in client.hgetall(total_key).items()}
    daily = {}
    for field, value in client.hgetall(daily_key).items():
        article_id, day = field.decode().split(":")
        daily[(int(article_id), date.fromisoformat(day))] = int(value)
    views = stored_views.write_batch(batch_id, totals, daily)
    _forget_batch(batch_id)
    return views


def _forget_batch(batch_id: str) -> None:
    _script(_FORGET)(keys=[*_batch_keys(batch_id), CLOSED], args=[batch_id])


def configuration_warnings() -> list[str]:
    """What in the counts Redis's configuration could lose or evict a count (empty when
    it cannot be asked: CONFIG may be renamed away)."""
    try:
        with COUNTS_OUTAGE.watch():
            config = counts_client().config_get("maxmemory-policy")
            config |= counts_client().config_get("appendonly")
    except CACHE_ERRORS:
        return []
    warnings = []
    if config.get("maxmemory-policy") != "noeviction":
        warnings.append(f"maxmemory-policy {config.get('maxmemory-policy')} may evict counts")
    if config.get("appendonly") != "yes":
        warnings.append("appendonly no: a restart of Redis loses every pending view")
    return warnings
