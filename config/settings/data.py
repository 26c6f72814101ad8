"""Database and cache settings."""

import dj_database_url

from config.env import env_float, env_int, env_str
from config.settings.base import BASE_DIR

# SQLite by default. WAL lets readers proceed while one writer writes; the busy timeout
# makes a second writer wait instead of failing; IMMEDIATE transactions take the write
# lock up front, so a read-then-write transaction can never deadlock into
# "database is locked".
# Connections are kept between requests (one per worker thread): opening SQLite and
# setting its pragmas, or a PostgreSQL handshake, would otherwise cost every request.
CONN_MAX_AGE = env_int("DJANGO_CONN_MAX_AGE", 600)
_SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}

# PostgreSQL limits (issue 17): without them a hung server holds every worker for good.
# connect_timeout bounds a new connection (libpq's minimum is 2 s); statement_timeout makes
# the server cancel a runaway query. Neither helps when the server itself is frozen: for
# that, config.hang_guard cuts a web request's database wait after DATABASE_HANG_SECONDS.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 2)
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 5000)
DATABASE_HANG_SECONDS = env_float("DATABASE_HANG_SECONDS", 2.0, minimum=0.0, maximum=3600.0)
# After a hang or a failed connection, requests fail at once for this long (per process).
DATABASE_DOWN_SECONDS = env_float("DATABASE_DOWN_SECONDS", 2.0, minimum=0.0, maximum=3600.0)
_POSTGRES_OPTIONS = {
    "connect_timeout": DATABASE_CONNECT_TIMEOUT,
    "options": f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}",
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(_SQLITE_OPTIONS)
    elif "postgresql" in DATABASES["default"]["ENGINE"]:
        DATABASES["default"]["OPTIONS"] = {
            **_POSTGRES_OPTIONS,
            **DATABASES["default"].get("OPTIONS", {}),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / env_str("SQLITE_PATH", "db.sqlite3"),
            "OPTIONS": dict(_SQLITE_OPTIONS),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            # A file, not :memory:, so concurrency tests exercise real locking and WAL.
            "TEST": {"NAME": BASE_DIR / env_str("SQLITE_TEST_PATH", ".local/test-db.sqlite3")},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set. Otherwise the database cache: unlike the local-memory
# cache it is shared by every worker process, so view de-duplication and the hot list
# stay correct with several gunicorn workers or servers.
# A Redis that is down or hung must cost a request little (issue 17): each connect and
# each reply has a deadline, and after a failure core.cache_breaker answers "down" at once
# for CACHE_DOWN_SECONDS, in this process, instead of waiting on every cache call again.
REDIS_URL = env_str("REDIS_URL")
REDIS_CONNECT_TIMEOUT = env_float("REDIS_CONNECT_TIMEOUT", 0.5, minimum=0.01, maximum=60.0)
REDIS_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", 1.0, minimum=0.01, maximum=60.0)
CACHE_DOWN_SECONDS = env_float("CACHE_DOWN_SECONDS", 5.0, minimum=0.0, maximum=3600.0)
# /healthz calls the cache "slow" when its probe takes longer than this.
CACHE_SLOW_SECONDS = env_float("CACHE_SLOW_SECONDS", 0.1, minimum=0.001, maximum=60.0)


def redis_cache(url: str) -> dict:
    """The Redis cache entry for CACHES (also used by the fault tests' private Redis)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kx"),
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": REDIS_CONNECT_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
            # Raw clients (get_redis_connection) share this pool, so its limits too.
            "CONNECTION_POOL_CLASS": "core.cache_breaker.BreakerConnectionPool",
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kx"),
            # View de-duplication keeps one small key per reader and article.
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        }
    }
