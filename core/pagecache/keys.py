"""Which requests the page cache answers, and under which key.

A key names the canonical form of everything a page depends on: the path and the query
parameters its view declares, each normalised (`?page=02` is `?page=2`, a search query is
cut and folded as the search itself does). Parameters a view does not declare
(`?utm_source=…`) are left out, so they cannot multiply entries.
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.urls import Resolver404, get_urlconf, resolve

from core.pagecache.bounded import slot_of
from core.pagecache.headers import carries_identity, patch_public_headers

# Bump the "v" when Entry changes shape, so a new release never reads an old entry.
ENTRY_PREFIX = "pagecache:v4:page:"
LOCK_PREFIX = "pagecache:lock:"


def page_number(value: str) -> str | None:
    """`2`, `02`, `002` → "2"; anything but digits or "last" → None."""
    if value == "last":
        return value
    if not (value.isascii() and value.isdigit()):
        return None  # the view answers 404: leave it to the view, uncached
    return value.lstrip("0") or "0"  # no int(): 5,000 digits would raise


# How each parameter is normalised unless its view says otherwise.
DEFAULT_NORMALISERS = {"page": page_number, "p": page_number}


@dataclass(frozen=True)
class CachePolicy:
    """What a view's pages depend on. `params` maps each query parameter that changes the
    page to its normaliser. `bounded` names a kind whose pages visitors can vary without
    end (search queries): it gets a fixed number of slots (core.pagecache.bounded)."""

    params: dict
    bounded: str | None = None


def policy_of(params, bounded=None) -> CachePolicy:
    """A CachePolicy from a view's `page_cache_params`: names, or {name: normaliser}."""
    if not isinstance(params, dict):
        params = {name: DEFAULT_NORMALISERS.get(name) for name in params}
    return CachePolicy(dict(params), bounded)


def public_page(query_params=()):
    """Mark a function view's GET responses as cacheable for anonymous readers.

    `query_params` are the only query parameters that change the page; any others are
    ignored in the cache key (so `?utm_source=…` cannot bust the cache).
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return patch_public_headers(request, view(request, *args, **kwargs))

        wrapped.page_cache_params = tuple(query_params)
        return wrapped

    return decorate


def view_policy(request) -> CachePolicy | None:
    return _policy_for_path(request.path_info, get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=4096)
def _policy_for_path(path: str, urlconf: str) -> CachePolicy | None:
    """The cache policy of the view a path resolves to, or None if not cacheable.

    Memoised: which view a path goes to depends only on the code, and URL resolution
    would otherwise be most of the cost of a cache hit.
    """
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return None
    owner = getattr(view, "view_class", view)
    params = getattr(owner, "page_cache_params", None)
    if params is None:
        return None
    return policy_of(params, getattr(owner, "page_cache_bounded", None))


def canonical_query(request, params: dict) -> str | None:
    """The parameters that matter, normalised; None for values no page can have."""
    parts = []
    for name in sorted(params):
        value = request.GET.get(name)
        if value is None:
            continue
        normalise = params[name]
        if normalise is not None:
            value = normalise(value)
            if value is None:
                return None
        if value != "":
            parts.append(f"{name}={value}")
    return "&".join(parts)


def identity(request, query: str) -> str:
    """A digest of the page's canonical path and query."""
    raw = f"{request.path_info}?{query}"
    return hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def entry_key(request, query: str, bounded: str | None = None) -> str:
    """The key of the page; its gzipped representation is stored under key + ":gz".

    A bounded kind shares a fixed set of keys, one per slot, so however many distinct
    pages visitors ask for, the kind never holds more than its slots.
    """
    digest = identity(request, query)
    if bounded is None:
        return ENTRY_PREFIX + digest
    return f"{ENTRY_PREFIX}{bounded}:{slot_of(bounded, digest)}"


def bypasses(request) -> bool:
    """Requests the cache never answers: unsafe methods, and anyone who may be someone
    (a session, messages or credentials)."""
    return request.method not in ("GET", "HEAD") or carries_identity(request)
