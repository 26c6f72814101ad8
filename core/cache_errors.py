"""What a failing shared cache raises, in one place.

Redis (when REDIS_URL is set) raises RedisError subclasses, or plain socket errors before a
connection exists; the database cache raises DatabaseError. Code that reads or writes the
cache catches CACHE_ERRORS and degrades instead of answering 500.
"""

from django.db import DatabaseError

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is in requirements.txt
    RedisError = ConnectionError

CACHE_ERRORS = (DatabaseError, RedisError, ConnectionError, TimeoutError, OSError)
