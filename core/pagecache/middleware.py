"""PageCacheMiddleware: answers anonymous readers' public pages from the shared cache.

It sits just inside WhiteNoise, so a hit is answered before sessions, CSRF,
authentication or URL dispatch run at all. On the way out it also marks every personal
response private (core.pagecache.headers), whether or not the page was cacheable.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost

from core.cache_errors import CACHE_ERRORS, UNREADABLE_ENTRY
from core.pagecache import outage
from core.pagecache.bounded import admit
from core.pagecache.entries import entries_from, local_entries, storable
from core.pagecache.headers import accepts, mark_personal
from core.pagecache.keys import (
    LOCK_PREFIX,
    bypasses,
    canonical_query,
    entry_key,
    identity,
    view_policy,
)
from core.pagecache.version import LOCK_SECONDS, STATE_KEY, current_version, shared_cache

logger = logging.getLogger(__name__)

# Stale copies are kept this long so that they can be served while a fresh one renders.
ENTRY_KEEP_SECONDS = 24 * 3600
# How long a request without any copy to serve waits for another request's render.
COLD_WAIT_SECONDS = 2.0


def _same_page(entry, page_identity: str):
    """The entry if it is this page's (a bounded kind's slot may hold another page's)."""
    return entry if entry is not None and entry.identity == page_identity else None


def _host_allowed(request) -> bool:
    try:
        request.get_host()
    except DisallowedHost:
        return False  # the view path refuses it with a 400, as for any uncached page
    return True


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return mark_personal(request, self._respond(request))

    def _respond(self, request):
        if not settings.PAGE_CACHE_SECONDS or bypasses(request) or outage.cache_is_down():
            return self.get_response(request)
        policy = view_policy(request)
        query = None if policy is None else canonical_query(request, policy.params)
        if query is None or not _host_allowed(request):
            return self.get_response(request)
        key = entry_key(request, query, policy.bounded)
        return self._serve(request, key, identity(request, query), policy.bounded)

    def _serve(self, request, page_key, page_identity="", bounded=None):
        key = page_key + (":gz" if accepts(request, "gzip") else "")
        try:
            cache = shared_cache()
            version, entry = self._readable_lookup(cache, key, page_identity)
            if entry is not None and entry.is_fresh(version, time.time()):
                local_entries.put(key, entry)
                return entry.response(request)
            # A bounded kind stores a page on its second request only.
            store = bounded is None or entry is not None or admit(cache, page_key, page_identity)
            locked = store and cache.add(LOCK_PREFIX + page_key, 1, LOCK_SECONDS)
        except CACHE_ERRORS:
            # Render without the cache: a reader gets the page (or the view's own outage
            # page), never a 500 from here.
            outage.note_failure(request.path)
            return self.get_response(request)
        if not locked:
            if store and entry is not None:
                return entry.response(request)  # someone else is rendering it right now
            if store and (entry := self._wait_for(key, page_identity)) is not None:
                return entry.response(request)
            return self._render(request, page_key, version, page_identity, store=False)
        try:
            return self._render(request, page_key, version, page_identity, store=True)
        finally:
            with contextlib.suppress(*CACHE_ERRORS):
                cache.delete(LOCK_PREFIX + page_key)

    def _readable_lookup(self, cache, key, page_identity):
        """_lookup, with records another release left behind (objects that no longer
        unpickle) dropped and looked up again: a miss, not an outage and not a 500."""
        try:
            return self._lookup(cache, key, page_identity)
        except UNREADABLE_ENTRY:
            logger.warning("unreadable page cache records dropped: %s", key, exc_info=True)
            cache.delete_many([STATE_KEY, key])
            return self._lookup(cache, key, page_identity)

    @staticmethod
    def _lookup(cache, key, page_identity):
        """(content version, best entry known): this process's copy when it is still
        fresh, which costs only the version record, else the shared one."""
        local = _same_page(local_entries.get(key), page_identity)
        if local is not None:
            version = current_version(cache.get(STATE_KEY))
            if local.is_fresh(version, time.time()):
                return version, local
            return version, _same_page(cache.get(key), page_identity)
        found = cache.get_many([STATE_KEY, key])
        return current_version(found.get(STATE_KEY)), _same_page(found.get(key), page_identity)

    def _wait_for(self, key, page_identity):
        deadline = time.monotonic() + COLD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.02)
            try:
                entry = _same_page(shared_cache().get(key), page_identity)
            except CACHE_ERRORS:
                outage.note_failure(key)
                return None
            if entry is not None:
                return entry
        return None

    def _render(self, request, page_key, version, page_identity, store):
        response = self.get_response(request)
        if not storable(request, response):
            return response
        plain, packed = entries_from(response, version, page_identity)
        if store:
            try:
                shared_cache().set_many(
                    {page_key: plain, page_key + ":gz": packed}, ENTRY_KEEP_SECONDS
                )
            except CACHE_ERRORS:
                outage.note_failure(page_key)
            else:
                local_entries.put(page_key, plain)
                local_entries.put(page_key + ":gz", packed)
        return (packed if accepts(request, "gzip") else plain).response(request)
