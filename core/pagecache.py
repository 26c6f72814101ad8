"""A shared cache of whole public pages for anonymous readers.

Pages opt in: a class-based view with `PublicPageMixin`, or a function view wrapped in
`public_page()`. `PageCacheMiddleware` sits just inside WhiteNoise, so a hit is answered
before sessions, CSRF, authentication or URL dispatch to the view run at all.

Freshness. Every entry records the content version it was rendered under. One
`bump()` after any event that changes what readers see (an article saved, a comment
approved, prices imported …) makes every entry stale at once. The version also knows
when the next scheduled article goes live, and turns itself over at that moment, so a
scheduled article appears without any event. An entry is also stale after
PAGE_CACHE_SECONDS, which bounds how far the 阅读 and 评论 numbers can lag.

Local copies. Each process also keeps the entries it served lately. A local copy is used
only when it carries the current content version and is young enough, exactly as a shared
entry would be; a hit then reads just the small version record from the shared cache,
not the page. Losing these copies (a restart, another server) costs nothing but a read.

No dog-pile. A stale entry is re-rendered by the one request that wins a short lock in
the shared cache; the others meanwhile get the stale copy. With no entry at all, the
losers wait briefly for the winner's copy instead of all rendering at once.

Nothing personal. Requests with a session or messages cookie bypass the cache (staff,
authors, logged-in readers), and a response is stored only when it is a 200 that set no
cookie and did not use a CSRF token.
"""

import contextlib
import gzip
import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from core.cache_errors import CACHE_ERRORS

logger = logging.getLogger(__name__)
STATE_KEY = "pagecache:state"
# Bump the "v" when Entry changes shape, so a new release never reads an old entry.
ENTRY_PREFIX = "pagecache:v3:page:"
LOCK_PREFIX = "pagecache:lock:"
# Stale copies are kept this long so that they can be served while a fresh one renders.
ENTRY_KEEP_SECONDS = 24 * 3600
# A renderer holding the lock longer than this is presumed dead; another may take over.
LOCK_SECONDS = 20
# How long a request without any copy to serve waits for another request's render.
COLD_WAIT_SECONDS = 2.0
_SKIPPED_HEADERS = {"set-cookie", "date", "content-length", "etag", "last-modified"}
# Entries each process keeps (about 10 KB each, gzipped; 30 KB plain).
LOCAL_ENTRIES = 512


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# --- Content version --------------------------------------------------------------------
# Apps tell the cache about changes that come with time rather than with an event:
# `schedules` return the Unix time of the next such change they know of (a scheduled
# article going live); `refreshers` run every so many seconds and return True when they
# changed what pages show (the hot list). Both are registered once, in AppConfig.ready().
_schedules = []
_refreshers = []


def register_schedule(next_change_at) -> None:
    _schedules.append(next_change_at)


def register_refresher(refresh, every_seconds: int) -> None:
    _refreshers.append((refresh, every_seconds))


@dataclass(frozen=True)
class State:
    token: str
    change_at: float | None  # when a scheduled change turns the version over
    refresh_at: float  # when the refreshers are due


def _new_state(now: float) -> State:
    changes = [t for t in (schedule() for schedule in _schedules) if t is not None]
    every = min((seconds for _, seconds in _refreshers), default=3600)
    return State(uuid.uuid4().hex, min(changes, default=None), now + every)


def current_version(state: State | None = None) -> str:
    """The content version in force, turned over when a scheduled time has passed or a
    due refresher changed something."""
    cache = _cache()
    state = state or cache.get(STATE_KEY)
    now = timezone.now().timestamp()
    if not isinstance(state, State):  # none yet (or left by an older release)
        cache.add(STATE_KEY, _new_state(now), None)  # the first request wins a race
        return cache.get(STATE_KEY).token
    scheduled = state.change_at is not None and now >= state.change_at
    if not (scheduled or now >= state.refresh_at):
        return state.token
    if not cache.add(f"pagecache:turnover:{state.token}", 1, LOCK_SECONDS):
        return state.token  # another request is turning it over
    changed = [refresh() for refresh, _ in _refreshers]
    new = _new_state(now)
    if not (scheduled or any(changed)):
        new = State(state.token, new.change_at, new.refresh_at)
    cache.set(STATE_KEY, new, None)
    return new.token


def bump() -> None:
    """Mark every cached page stale; call it when what readers see has changed.

    Inside a transaction it turns the version over now and again after the commit: a page
    rendered in between (from data not yet committed) is then stale as soon as it is
    stored, and the change shows on the next request either way.
    """
    _set_new_state()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_set_new_state)


def _set_new_state():
    _cache().set(STATE_KEY, _new_state(timezone.now().timestamp()), None)


# --- Entries ---------------------------------------------------------------------------


@dataclass
class Entry:
    """One stored representation of a page: plain, or gzipped for the clients that
    accept it (nearly every browser). Each is kept under its own key, so a request
    fetches and sends its bytes as they are, with no compression work."""

    version: str
    created: float
    status: int
    headers: list
    body: bytes
    etag: str
    encoding: str = field(default="")

    def is_fresh(self, version: str, now: float) -> bool:
        return self.version == version and now - self.created < settings.PAGE_CACHE_SECONDS

    def response(self, request) -> HttpResponse:
        if _not_modified(request, self.etag, self.created):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(self.body, status=self.status)
            response["Content-Length"] = str(len(self.body))
            if self.encoding:
                response["Content-Encoding"] = self.encoding
        for name, value in self._served_headers:
            response[name] = value
        return response

    @cached_property
    def _served_headers(self) -> list[tuple[str, str]]:
        """The stored headers plus Vary, ETag and Last-Modified, worked out once."""
        probe = HttpResponse()
        for name, value in self.headers:
            probe[name] = value
        patch_vary_headers(probe, ["Accept-Encoding"])
        probe["ETag"] = self.etag
        probe["Last-Modified"] = http_date(self.created)
        return list(probe.items())


class _LocalEntries:
    """The entries this process served lately, least recently used dropped first."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


local_entries = _LocalEntries(LOCAL_ENTRIES)


def _not_modified(request, etag: str, created: float) -> bool:
    match = request.headers.get("If-None-Match")
    if match is not None:
        return etag in [tag.strip().removeprefix("W/") for tag in match.split(",")]
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(created) <= since


def _entries_from(response, version: str) -> tuple[Entry, Entry]:
    """The plain and the gzipped representation, each with its own strong ETag."""
    body = response.content
    headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
    etag = hashlib.blake2b(body, digest_size=16).hexdigest()
    created = time.time()
    # mtime=0: the same page always compresses to the same bytes.
    packed = gzip.compress(body, compresslevel=6, mtime=0)
    return (
        Entry(version, created, response.status_code, headers, body, f'"{etag}"'),
        Entry(version, created, response.status_code, headers, packed, f'"{etag}-gz"', "gzip"),
    )


def _accepts_gzip(request) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not _is_signed_in(request)
    )


def _is_signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


# --- Which requests and views -------------------------------------------------------------


def public_page(query_params=()):
    """Mark a function view's GET responses as cacheable for anonymous readers.

    `query_params` are the only query parameters that change the page; any others are
    ignored in the cache key (so `?utm_source=…` cannot bust the cache).
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from core.views import patch_public_headers

            return patch_public_headers(request, view(request, *args, **kwargs))

        wrapped.page_cache_params = tuple(query_params)
        return wrapped

    return decorate


def _view_params(request):
    return _params_for_path(request.path_info, get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=4096)
def _params_for_path(path: str, urlconf: str):
    """The query parameters of the view a path resolves to, or None if not cacheable.

    Memoised: which view a path goes to depends only on the code, and URL resolution
    would otherwise be most of the cost of a cache hit.
    """
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return None
    return getattr(getattr(view, "view_class", view), "page_cache_params", None)


def _canonical_query(request, params) -> str | None:
    """The parameters that matter, normalised; None for values no page can have."""
    parts = []
    for name in sorted(params):
        value = request.GET.get(name)
        if value is None:
            continue
        if name == "page":
            if value != "last" and not (value.isascii() and value.isdigit()):
                return None  # the view answers 404: leave it to the view, uncached
            value = value if value == "last" else str(int(value))
        parts.append(f"{name}={value}")
    return "&".join(parts)


def _bypasses(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies  # django.contrib.messages' cookie storage
        or "HTTP_AUTHORIZATION" in request.META
    )


def _entry_key(request, query: str) -> str:
    """The key of the page; its gzipped representation is stored under key + ":gz"."""
    raw = f"{request.path_info}?{query}"
    return ENTRY_PREFIX + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or _bypasses(request):
            return self.get_response(request)
        params = _view_params(request)
        query = None if params is None else _canonical_query(request, params)
        if query is None:
            return self.get_response(request)
        return self._serve(request, _entry_key(request, query))

    def _serve(self, request, page_key):
        cache = _cache()
        gzipped = _accepts_gzip(request)
        key = page_key + (":gz" if gzipped else "")
        try:
            version, entry = self._lookup(cache, key)
            if entry is not None and entry.is_fresh(version, time.time()):
                local_entries.put(key, entry)
                return entry.response(request)
            lock = LOCK_PREFIX + page_key
            locked = cache.add(lock, 1, LOCK_SECONDS)
        except CACHE_ERRORS:
            # The cache (the database, by default) is down: let the view answer, which
            # gives the outage page rather than a 500 from here.
            logger.warning("page cache unavailable for %s", request.path, exc_info=True)
            return self.get_response(request)
        if not locked:
            # Someone else is rendering this page right now.
            if entry is not None:
                return entry.response(request)
            entry = self._wait_for(key)
            if entry is not None:
                return entry.response(request)
            return self._render(request, page_key, version, store=False)
        try:
            return self._render(request, page_key, version, store=True)
        finally:
            with contextlib.suppress(*CACHE_ERRORS):
                cache.delete(lock)

    @staticmethod
    def _lookup(cache, key):
        """(content version, best entry known): this process's copy when it is still
        fresh, which costs only the version record, else the shared one."""
        local = local_entries.get(key)
        if local is not None:
            version = current_version(cache.get(STATE_KEY))
            if local.is_fresh(version, time.time()):
                return version, local
            return version, cache.get(key)
        found = cache.get_many([STATE_KEY, key])
        return current_version(found.get(STATE_KEY)), found.get(key)

    def _wait_for(self, key):
        deadline = time.monotonic() + COLD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.02)
            entry = _cache().get(key)
            if entry is not None:
                return entry
        return None

    def _render(self, request, page_key, version, store):
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        plain, packed = _entries_from(response, version)
        if store:
            with contextlib.suppress(*CACHE_ERRORS):
                _cache().set_many({page_key: plain, page_key + ":gz": packed}, ENTRY_KEEP_SECONDS)
                local_entries.put(page_key, plain)
                local_entries.put(page_key + ":gz", packed)
        return (packed if _accepts_gzip(request) else plain).response(request)
