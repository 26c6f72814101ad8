"""Error answers in the site's language and format: JSON for JSON endpoints, else HTML.

Django's handler400/403/404/500 and CSRF_FAILURE_VIEW all come here, so every error a
visitor can meet is Chinese, and a script calling a JSON endpoint can always parse it.
"""

import re

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from core.http import json_error

# Paths answered in JSON: the indicator API, comments.js's endpoints, the view beacon and
# the editor's image upload. Unknown paths under these prefixes get JSON errors too.
_JSON_PATHS = re.compile(r"^/(?:api/|comments/(?:csrf|submit)/|ckeditor5/|articles/[^/]+/view/$)")

HEADINGS = {
    400: "请求无效",
    403: "无法访问",
    404: "没有找到这个页面",
    405: "请求方式不支持",
    500: "服务暂时不可用",
}
MESSAGES = {
    400: "请求无效，请检查链接或提交的内容。",
    403: "没有权限执行这个操作。",
    404: "没有找到这个页面。",
    405: "不支持这种请求方式。",
    500: "服务器出错了，我们已经记录，请稍后重试。",
}
CSRF_MESSAGE = "页面已过期或安全校验失败，请刷新页面后再试。"


def is_json_endpoint(request) -> bool:
    return bool(_JSON_PATHS.match(request.path_info))


def field_error(message: str, status: int, param: str | None = None) -> JsonResponse:
    """A JSON error; with `param` (the field at fault) it also carries `errors`, the
    per-field map comments.js shows beside each field."""
    if param is None:
        return json_error(message, status)
    return json_error(message, status, param, errors={param: [message]})


def error_response(
    request, status: int, message: str | None = None, param: str | None = None
) -> HttpResponse:
    message = message or MESSAGES[status]
    if is_json_endpoint(request):
        return field_error(message, status, param)
    if status == 500:
        # Rendered without context processors or the base template: the fault may be the
        # database that they read.
        return HttpResponse(loader.render_to_string("500.html"), status=500)
    context = {"heading": HEADINGS[status], "message": message}
    return render(request, [f"{status}.html", "error_page.html"], context, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(request, 403, CSRF_MESSAGE)
