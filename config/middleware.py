import logging
import re
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from config import errors
from core.http import json_error

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is in requirements.txt
    RedisError = ConnectionError

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware:
    """Send the configured Content-Security-Policy and Permissions-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": settings.CONTENT_SECURITY_POLICY,
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for header, policy in self.headers.items():
            if policy and header not in response:
                response[header] = policy
        return response


# What PostgreSQL cannot store in text (NUL) or psycopg cannot encode (lone surrogates).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "请求中含有不允许的字符（如空字符），请检查链接或填写的内容。"


def _pieces(request):
    """(field name or None, text) for every piece of the request a view may pass on."""
    yield None, request.path_info
    yield from _fields(request.GET)
    # The session key is looked up in the database; a quoted cookie can carry a NUL as
    # "\000". Other cookies (say, another app's on the same domain) never reach a query,
    # so they cannot lock a browser out of the site.
    yield None, request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
        yield from _fields(request.POST)
        for name, files in request.FILES.lists():
            yield None, name
            yield from ((name, upload.name or "") for upload in files)


def _fields(query):
    for key, values in query.lists():
        yield None, key
        yield from ((key, value) for value in values)


class RefuseUnstorableInputMiddleware:
    """Refuse, in one place, requests carrying characters the database cannot hold.

    A NUL in a URL, a query or form field, or the session cookie would otherwise reach a
    query and make PostgreSQL raise DataError: a 500 instead of a 400. JSON endpoints
    are told which field was at fault, as their own validation would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for field, text in _pieces(request):
            if _UNSTORABLE.search(text):
                return errors.error_response(request, 400, UNSTORABLE_MESSAGE, param=field)
        return self.get_response(request)


class JsonMethodNotAllowedMiddleware:
    """Django answers a wrong method with an empty 405; give it the site's error body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            allow = response.get("Allow")
            response = errors.error_response(request, 405)
            if allow:
                response["Allow"] = allow
        return response


OUTAGE_MESSAGE = "服务暂时不可用：数据库无法访问，请稍后再试。"
CACHE_OUTAGE_MESSAGE = "服务暂时不可用：缓存服务无法访问，请稍后再试。"
RETRY_AFTER_SECONDS = 30


def is_database_outage(exc: BaseException) -> bool:
    """Connection lost, refused or locked, or a read-only database: not a bug in a view."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    # PostgreSQL in recovery or set read-only (SQLSTATE 25006) refuses every write.
    return isinstance(exc, DatabaseError) and getattr(exc.__cause__, "sqlstate", "") == "25006"


def is_cache_outage(exc: BaseException) -> bool:
    """Redis down, hung, full (a refused write is a RedisError too) or marked down.

    Not every OSError: a missing file or a full disk elsewhere is no cache outage.
    """
    return isinstance(exc, RedisError | ConnectionError | TimeoutError)


def is_outage(exc: BaseException) -> bool:
    return is_database_outage(exc) or is_cache_outage(exc)


def outage_response(request, exc: BaseException) -> HttpResponse:
    """The 503 for an outage: JSON for JSON callers, else a self-contained Chinese page."""
    message = OUTAGE_MESSAGE if is_database_outage(exc) else CACHE_OUTAGE_MESSAGE
    logger.error("Dependency unavailable at %s", request.path, exc_info=exc)
    wants_json = errors.is_json_endpoint(request) or (
        request.accepts("application/json") and not request.accepts("text/html")
    )
    if wants_json:
        response = json_error(message, 503, message=message)
    else:
        # A page of its own: base.html's widgets would query the database again.
        page = render_to_string("503.html", {"SITE_NAME": settings.SITE_NAME})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseOutageMiddleware:
    """An outage of the database or the cache inside a view answers 503, not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            return outage_response(request, exception)
        return None


_OUTAGE_ATTR = "_dependency_outage"


@receiver(got_request_exception)
def _remember_outage(sender, request=None, **kwargs):
    """Django sends this while handling any uncaught exception, middleware's included."""
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and is_outage(exc):
        setattr(request, _OUTAGE_ATTR, exc)


class OutageMiddleware:
    """First in MIDDLEWARE: an outage that escaped as a 500 anywhere below becomes a 503,
    and every 503 carries Retry-After.

    An exception raised by a middleware (the page cache reading Redis, sessions reading
    the database) never reaches a view's process_exception: Django turns it into the 500
    page right there. got_request_exception tells us what it was, so the 500 is replaced.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        exc = getattr(request, _OUTAGE_ATTR, None)
        if response.status_code == 500 and exc is not None:
            return outage_response(request, exc)
        if response.status_code == 503 and not response.has_header("Retry-After"):
            # Any view's own 503 (a beacon that could not count, say) says when to retry.
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
