"""What every public page shares: cache headers, and a place in the page cache."""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PublicPageMixin:
    """A page that is the same for every anonymous reader.

    Such pages are served from the shared page cache (core.pagecache) to anonymous
    readers. Browsers may keep a copy but must revalidate it, which the cache answers
    with a 304 when nothing changed. Signed-in users get a private, uncached page.
    """

    # Query parameters that change the page; any others are left out of the cache key.
    page_cache_params = ()

    def dispatch(self, request, *args, **kwargs):
        return patch_public_headers(request, super().dispatch(request, *args, **kwargs))


def patch_public_headers(request, response):
    """Public and revalidated for anonymous readers; private for anyone signed in."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(
            response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE, must_revalidate=True
        )
    return response
