"""Caching what visitors can vary without end, in a bounded amount of space.

A search query, an API request's settings or a QR code's demo state can be spelt in
more ways than any cache can hold, and every new spelling used to add an entry. A kind of
such values gets a fixed number of slots (`BOUNDED_CACHE_SLOTS`): each value goes to the
slot its digest names, and a slot holds one value, tagged with the digest it belongs to,
so a value met in another's slot is a miss. However many distinct values arrive, a kind
never holds more than its slots (plus one small marker each).

An empty slot takes the first value that comes. A slot already holding another value
gives it up only to a value asked for a second time: the first request leaves its digest
in the slot's marker, the next request for the same value (with no other request for
that slot in between) replaces the old one. One-off requests, the bulk of anything
hostile, cannot push out what readers keep asking for; they only rewrite markers.
"""

import hashlib

from django.conf import settings

from core.cache_errors import CACHE_ERRORS
from core.pagecache import outage

# A marker waits this long for the second request that admits its value.
MARKER_SECONDS = 3600


def slots(kind: str) -> int:
    return max(1, settings.BOUNDED_CACHE_SLOTS[kind])


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def slot_of(kind: str, value_digest: str) -> int:
    return int(value_digest[:12], 16) % slots(kind)


def admit(cache, key: str, value_digest: str) -> bool:
    """Whether the value may be stored under `key`: the slot is empty, or the value was
    asked for before. Otherwise remember that it was asked for once (in the marker)."""
    marker = key + ":seen"
    found = cache.get_many([key, marker])
    if key not in found or found.get(marker) == value_digest:
        return True
    cache.set(marker, value_digest, MARKER_SECONDS)
    return False


class BoundedCache:
    """Values of one kind in its slots: `get()` a value or None, `offer()` one to keep.

    They live in the page cache's shared cache. A failing cache counts as a miss, and an
    offer to it is dropped: callers compute the value instead, and never see the error.
    """

    def __init__(self, kind: str, prefix: str, timeout: int):
        self.kind = kind
        self.prefix = prefix
        self.timeout = timeout

    @property
    def cache(self):
        from core.pagecache.version import shared_cache

        return shared_cache()

    def key(self, value_digest: str) -> str:
        return f"{self.prefix}:{slot_of(self.kind, value_digest)}"

    def get(self, name: str):
        if outage.cache_is_down():
            return None
        value_digest = digest(name)
        try:
            found = self.cache.get(self.key(value_digest))
        except CACHE_ERRORS:
            outage.note_failure(self.kind)
            return None
        if isinstance(found, tuple) and len(found) == 2 and found[0] == value_digest:
            return found[1]
        return None

    def offer(self, name: str, value) -> bool:
        """Store the value if it was asked for before; True if it was stored."""
        if outage.cache_is_down():
            return False
        value_digest = digest(name)
        key = self.key(value_digest)
        try:
            if not admit(self.cache, key, value_digest):
                return False
            self.cache.set(key, (value_digest, value), self.timeout)
        except CACHE_ERRORS:
            outage.note_failure(self.kind)
            return False
        return True
