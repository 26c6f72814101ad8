"""What every public page shares: one path, cache headers, a place in the page cache."""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from core.pagecache.headers import patch_public_headers


class PublicPageMixin:
    """A page that is the same for every anonymous reader.

    Such pages are served from the shared page cache (core.pagecache) to anonymous
    readers, and say that nginx or a CDN may share them (core.pagecache.headers).
    Signed-in users get a private, uncached page.

    Each page has one path: another spelling of its numbers (`/archive/2026/0011/`) is a
    301 to the canonical path, so spellings multiply neither pages nor cache entries.
    """

    # Query parameters that change the page; any others are left out of the cache key.
    page_cache_params = ()

    def dispatch(self, request, *args, **kwargs):
        canonical = canonical_path(request, kwargs)
        if canonical is not None and canonical != request.path:
            query = request.META.get("QUERY_STRING", "")
            redirect = HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))
            return patch_public_headers(request, redirect)
        return patch_public_headers(request, super().dispatch(request, *args, **kwargs))


def canonical_path(request, kwargs) -> str | None:
    """The path the URL's own name and arguments give, or None when not reached by URL."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return None
    return reverse(match.view_name, args=match.args, kwargs=kwargs)
