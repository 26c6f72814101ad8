"""Views buffered in Redis, written to the database in batches.

A beacon runs one Lua script, so its checks and increments are atomic:
- skip a reader already counted for the article within the window;
- keep, per article and address, the readers counted in the last hour (a sorted set by
  time) and refuse a new one past settings.VIEW_NEW_READERS_PER_ADDRESS;
- otherwise add one to the article's pending total and to its pending count for today.

`flush()` moves the pending hashes aside under a fresh token (atomically, so beacons
carry on into new hashes), writes them to the database in one transaction that also
records the token, then deletes them. A flusher that dies part-way leaves its batch and
token in Redis; the next flush finds it and writes it once: a token already recorded in
the database was written, so it is only deleted. Nothing is held in process memory.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

PREFIX = settings.CACHES["default"].get("KEY_PREFIX", "kx") + ":views:"
PENDING_TOTAL = PREFIX + "pending:total"
PENDING_DAILY = PREFIX + "pending:daily"
BATCHES = PREFIX + "batches"
FLUSH_LOCK = "views:flush-lock"
FLUSH_DUE = "views:flush-due"

try:
    from redis.exceptions import RedisError

    STORE_ERRORS = (RedisError,)
except ImportError:  # pragma: no cover - redis is in requirements.txt
    STORE_ERRORS = ()

_RECORD = """
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 3600)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[1], 1, 'EX', ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('EXPIRE', KEYS[2], 3600)
redis.call('HINCRBY', KEYS[3], ARGV[5], 1)
redis.call('HINCRBY', KEYS[4], ARGV[6], 1)
return 1
"""

_SWAP = """
local moved = 0
for i = 1, 2 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('RENAME', KEYS[i], KEYS[i + 2])
    moved = 1
  end
end
if moved == 1 then redis.call('SADD', KEYS[5], ARGV[1]) end
return moved
"""


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


_scripts = {}


def _script(source: str):
    """The Lua script, sent once and then run by its SHA1 (EVALSHA), per process."""
    if source not in _scripts:
        _scripts[source] = _redis().register_script(source)
    return _scripts[source]


def _batch_keys(token: str) -> tuple[str, str]:
    return (f"{PREFIX}batch:{token}:total", f"{PREFIX}batch:{token}:daily")


def record(article_id: int, reader: str, address: str) -> bool:
    now = timezone.now()
    keys = [
        f"{PREFIX}seen:{article_id}:{reader}",
        f"{PREFIX}address:{article_id}:{address}",
        PENDING_TOTAL,
        PENDING_DAILY,
    ]
    args = [
        settings.VIEW_DEDUP_SECONDS,
        f"{now.timestamp():.6f}",
        settings.VIEW_NEW_READERS_PER_ADDRESS,
        reader,
        article_id,
        f"{article_id}:{timezone.localdate(now).isoformat()}",
    ]
    counted = _script(_RECORD)(keys=keys, args=args) == 1
    if counted and cache.add(FLUSH_DUE, 1, settings.VIEW_FLUSH_SECONDS):
        flush()
    return counted


def pending(article_ids) -> dict[int, int]:
    """Views counted in Redis and not yet in the database, by article."""
    ids = list(article_ids)
    if not ids:
        return {}
    client = _redis()
    hashes = [PENDING_TOTAL] + [
        _batch_keys(token.decode())[0] for token in client.smembers(BATCHES)
    ]
    pipe = client.pipeline(transaction=False)
    for name in hashes:
        pipe.hmget(name, ids)
    totals = dict.fromkeys(ids, 0)
    for values in pipe.execute():
        for article_id, value in zip(ids, values, strict=True):
            totals[article_id] += int(value or 0)
    return totals


def flush() -> int:
    """Write every buffered view to the database; returns how many. One flusher at a time."""
    if not cache.add(FLUSH_LOCK, 1, 60):
        return 0
    try:
        client = _redis()
        token = uuid.uuid4().hex
        keys = [PENDING_TOTAL, PENDING_DAILY, *_batch_keys(token), BATCHES]
        client.eval(_SWAP, len(keys), *keys, token)
        return sum(_write_batch(client, t.decode()) for t in client.smembers(BATCHES))
    finally:
        cache.delete(FLUSH_LOCK)


def _write_batch(client, token: str) -> int:
    from articles.counting import add_daily_views
    from articles.models import Article, FlushedViewBatch

    total_key, daily_key = _batch_keys(token)
    totals = {int(k): int(v) for k, v in client.hgetall(total_key).items()}
    daily = {}
    for field, value in client.hgetall(daily_key).items():
        article_id, day = field.decode().split(":")
        daily[(int(article_id), date.fromisoformat(day))] = int(value)
    existing = set(Article.objects.filter(pk__in=totals).values_list("pk", flat=True))
    with transaction.atomic():
        _, created = FlushedViewBatch.objects.get_or_create(token=token)
        if created and existing:
            Article.objects.filter(pk__in=existing).update(
                view_count=F("view_count")
                + Case(
                    *[When(pk=pk, then=Value(totals[pk])) for pk in existing],
                    output_field=IntegerField(),
                )
            )
            add_daily_views({key: n for key, n in daily.items() if key[0] in existing})
    _forget_batch(client, token)
    return sum(totals[pk] for pk in existing) if created else 0


def _forget_batch(client, token: str) -> None:
    client.delete(*_batch_keys(token))
    client.srem(BATCHES, token)
