"""The article page's view beacon: one POST per page load, counted at most once per reader."""

import logging

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles import counting
from core import visitors
from core.http import json_error

logger = logging.getLogger(__name__)
NOT_COUNTED_MESSAGE = "阅读数暂时无法记录，请稍后再试。"
# With Redis down a view is refused, not written to the database: the database could not
# tell a returning reader from a new one, and 阅读 would no longer be exact.
NOT_COUNTED_RETRY_SECONDS = 30


@csrf_exempt  # A counter beacon carries no user data; cross-site calls are refused below.
@require_POST
def record_view(request, slug):
    """The article page's script calls this once per load.

    Answers 204 whether or not the view counted (a bot or a repeat learns nothing), and
    503 when the count could not be written, so nobody is told it counted when it didn't.
    """
    article_id = counting.live_article_id(slug)
    if article_id is None:
        raise Http404("文章不存在")
    response = HttpResponse(status=204)
    patch_cache_control(response, no_store=True)
    cross_site = request.headers.get("Sec-Fetch-Site", "same-origin") not in (
        "same-origin",
        "none",
    )
    if cross_site or counting.is_bot(request) or counting.is_prefetch(request):
        return response
    reader = visitors.reader_id(request)
    new_reader = reader is None
    if new_reader:
        reader = visitors.new_reader_id()
    try:
        counting.record_view(article_id, reader, visitors.client_ip_hash(request))
    except counting.STORE_ERRORS:
        logger.exception("view of article %s could not be recorded", article_id)
        response = json_error(NOT_COUNTED_MESSAGE, 503)
        response["Retry-After"] = str(NOT_COUNTED_RETRY_SECONDS)
        patch_cache_control(response, no_store=True)
    # A new reader gets their id even with a 503: a timed-out write may still have
    # counted, and the page's retry must then be recognised as the same reader.
    if new_reader:
        visitors.set_reader_cookie(response, reader)
    return response
