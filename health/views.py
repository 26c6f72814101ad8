from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from health.probe import database_ok


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 while the database can be read and written, else 503."""
    if database_ok():
        return HttpResponse("ok", content_type="text/plain; charset=utf-8")
    return HttpResponse("数据库不可用", status=503, content_type="text/plain; charset=utf-8")
