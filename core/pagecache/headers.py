"""What a response tells browsers, nginx and CDNs about sharing it.

The contract (README, "What may be shared"): an anonymous reader's public page says
`Cache-Control: public, max-age=PUBLIC_PAGE_MAX_AGE, s-maxage=SHARED_CACHE_SECONDS` and
`Surrogate-Key: pages`; anything personal says `private, no-store` and is never public.
"""

from functools import cache, wraps

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers

# Every public page carries this surrogate key: a CDN can purge them all at once, which
# is what a content-version bump means.
SURROGATE_KEY = "pages"
PERSONAL_CACHE_CONTROL = "private, no-cache, no-store"
# Besides SESSION_COOKIE_NAME: django.contrib.messages' cookie storage.
IDENTITY_COOKIES = ("messages",)


def patch_public_headers(request, response):
    """Shared for anonymous readers; private for anyone signed in."""
    if request.user.is_authenticated:
        response["Cache-Control"] = PERSONAL_CACHE_CONTROL
        return response
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_PAGE_MAX_AGE,
        s_maxage=settings.SHARED_CACHE_SECONDS,
    )
    response["Surrogate-Key"] = SURROGATE_KEY
    return response


def accepts(request, coding: str) -> bool:
    """Whether Accept-Encoding allows `coding`, q-values and `*` read as RFC 9110 says:
    `gzip;q=0` refuses it, `nogzip` is another coding, `*;q=0.5` allows it."""
    header = request.headers.get("Accept-Encoding", "")
    wildcard = None
    for item in header.split(","):
        name, _, params = item.partition(";")
        name = name.strip().lower()
        quality = _quality(params)
        if name == coding:
            return quality > 0
        if name == "*":
            wildcard = quality > 0
    return bool(wildcard)


def gzip_when_accepted(view):
    """Like Django's gzip_page, but only when Accept-Encoding really allows gzip."""
    compress = GZipMiddleware(lambda request: None).process_response

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if accepts(request, "gzip"):
            return compress(request, response)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapped


def _quality(params: str) -> float:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return 0.0  # a q-value we cannot read allows nothing
            return quality if 0 <= quality <= 1 else 0.0
    return 1.0


def carries_identity(request) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or any(name in cookies for name in IDENTITY_COOKIES)
        or "HTTP_AUTHORIZATION" in request.META
    )


def is_personal(request, response) -> bool:
    """A response no shared cache may keep: it sets a cookie, answers a POST (or any
    unsafe method), belongs to the admin, or was made for a visitor who carries a
    session and may depend on it (it varies on Cookie, or its view did not call it
    public)."""
    if response.cookies or request.method not in ("GET", "HEAD"):
        return True
    if request.path_info.startswith(_admin_prefix()):
        return True
    if carries_identity(request):
        directives = _directives(response)
        return "public" not in directives or "cookie" in _vary(response)
    return False


def mark_personal(request, response):
    """Make sure nothing personal goes out as shareable."""
    if is_personal(request, response):
        response["Cache-Control"] = PERSONAL_CACHE_CONTROL
        if response.has_header("Surrogate-Key"):
            del response["Surrogate-Key"]
    return response


def _directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.split("=", 1)[0].strip().lower() for part in cc_delim_re.split(header)}


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}


@cache
def _admin_prefix() -> str:
    return reverse("admin:index")
