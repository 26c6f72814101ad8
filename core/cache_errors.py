"""What a failing shared cache raises, in one place.

Redis (when REDIS_URL is set) raises RedisError subclasses, or plain socket errors before a
connection exists; the database cache raises DatabaseError. Code that reads or writes the
cache catches CACHE_ERRORS and degrades instead of answering 500.
"""

import pickle

from django.db import DatabaseError

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is in requirements.txt
    RedisError = ConnectionError

CACHE_ERRORS = (DatabaseError, RedisError, ConnectionError, TimeoutError, OSError)

# An entry written by another release can name a class that has since moved or changed:
# unpickling it fails. Reading such an entry is a failed read (the caller renders or
# computes without the cache), never a 500. Keys whose values are objects also carry a
# version, bumped when the class changes, so a new release never meets old objects.
UNREADABLE_ENTRY = (pickle.UnpicklingError, AttributeError, ImportError, EOFError)
CACHE_READ_ERRORS = CACHE_ERRORS + UNREADABLE_ENTRY
