import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware:
    """Send the configured Content-Security-Policy header on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


# Views whose callers read JSON: an outage there answers in JSON, not with a page.
JSON_VIEWS = {
    "indicators:api",
    "comments:csrf",
    "comments:submit",
    "articles:record_view",
    "ck_editor_5_upload_file",
}
OUTAGE_MESSAGE = "服务暂时不可用：数据库无法访问，请稍后再试。"


def is_database_outage(exc: BaseException) -> bool:
    """Connection lost, refused or locked, or a read-only database: not a bug in a view."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    # PostgreSQL in recovery or set read-only (SQLSTATE 25006) refuses every write.
    return isinstance(exc, DatabaseError) and getattr(exc.__cause__, "sqlstate", "") == "25006"


class DatabaseOutageMiddleware:
    """A database outage answers 503 (Chinese page, or JSON for JSON callers), not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.error("Database unavailable at %s", request.path, exc_info=exception)
        match = request.resolver_match
        wants_json = (match and match.view_name in JSON_VIEWS) or (
            request.accepts("application/json") and not request.accepts("text/html")
        )
        if wants_json:
            message = {"message": OUTAGE_MESSAGE, "error": {"message": OUTAGE_MESSAGE}}
            response = JsonResponse(message, status=503, json_dumps_params={"ensure_ascii": False})
        else:
            # A page of its own: base.html's widgets would query the database again.
            page = render_to_string("503.html", {"SITE_NAME": settings.SITE_NAME})
            response = HttpResponse(page, status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
