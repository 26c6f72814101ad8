"""The one shape of a JSON error, whoever answers it: the indicator API, the view beacon,
comments.js's endpoints, the editor's upload, and the site-wide error handlers."""

from django.http import JsonResponse


def json_error(
    message: str, /, status: int = 400, param: str | None = None, **extra
) -> JsonResponse:
    """`{"error": {"param": …, "message": …}}`, the Chinese written as is (not \\u escapes).

    `param` names the query parameter or form field at fault; it is left out when None
    (the indicator API sends "" for an error that concerns no one parameter). `extra` adds
    top-level keys that some callers also read: comments.js shows `message` and the
    per-field `errors` (so `message` is positional only here).
    """
    error = {"message": message} if param is None else {"param": param, "message": message}
    return JsonResponse(
        {"error": error, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )
