"""What every public page shares: cache headers, and a place in the page cache."""

from core.pagecache.headers import patch_public_headers


class PublicPageMixin:
    """A page that is the same for every anonymous reader.

    Such pages are served from the shared page cache (core.pagecache) to anonymous
    readers, and say that nginx or a CDN may share them (core.pagecache.headers).
    Signed-in users get a private, uncached page.
    """

    # Query parameters that change the page; any others are left out of the cache key.
    page_cache_params = ()

    def dispatch(self, request, *args, **kwargs):
        return patch_public_headers(request, super().dispatch(request, *args, **kwargs))
