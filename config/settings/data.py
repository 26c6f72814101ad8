"""Database and cache settings."""

import dj_database_url

from config.env import env_int, env_str
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
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(_SQLITE_OPTIONS)
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
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kx"),
        }
    }
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
