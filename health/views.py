from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from health.probe import DOWN, OK, cache_state, database_ok


@never_cache
@require_safe
def healthz(request):
    """For load balancers and monitors: 200 while pages can be served, else 503.

    Pages need the database; without the shared cache they are only slower (rendered
    afresh), so a cache that is down or slow makes the site "degraded", still 200. The
    JSON body says which part is at fault: {"status", "database", "cache"}.
    """
    database_up = database_ok()
    cache = cache_state(database_up)
    if not database_up:
        status = DOWN
    else:
        status = OK if cache == OK else "degraded"
    response = JsonResponse(
        {"status": status, "database": OK if database_up else DOWN, "cache": cache},
        status=200 if database_up else 503,
    )
    if not database_up:
        response["Retry-After"] = str(settings.HEALTH_CHECK_CACHE_SECONDS)
    return response
