"""QR codes of canonical article URLs, drawn on the server as SVG and cached: the view
answering /articles/<slug>/qr.svg, and the drawing.

An article's own code is kept under its URL: there is one per article. A code with a
reader's demo state (`?d1.n=20`) is one of endless states, so those share a bounded set of
slots and are stored only when asked for twice (core.pagecache.bounded). Either way a
failing cache only means drawing the code again.
"""

import hashlib
import io

import segno
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles.models import Article
from core.cache_errors import CACHE_ERRORS
from core.http import json_error
from core.pagecache import outage, shared_cache
from core.pagecache.bounded import BoundedCache
from indicators.embeds import demo_state_query
from indicators.params import ParamError, single_values

QR_CACHE_SECONDS = 7 * 24 * 3600
state_codes = BoundedCache("qr", "qr:v2:state", QR_CACHE_SECONDS)


@require_safe
def qr_code(request, slug):
    """The QR image of an article's canonical URL, never of anything a client supplies.

    A reader who changed a live demo may ask for that state (`?d1.n=20`): it is checked
    against the article's own demos and re-encoded, so the code can hold the canonical
    URL plus valid demo settings, and nothing else.
    """
    article = get_object_or_404(Article.objects.published().only("slug", "demos"), slug=slug)
    try:
        state = demo_state_query(article.demos, single_values(request.GET))
    except ParamError as exc:
        return json_error(exc.message, param=exc.param)
    url = article.get_canonical_url() + (f"?{state}" if state else "")
    response = HttpResponse(qr_svg(url, with_state=bool(state)), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=24 * 3600)  # errors are not cached
    return response


def draw(url: str) -> str:
    buffer = io.BytesIO()
    # Error level M survives a smudged or partly covered screen; border 4 is the
    # quiet zone the standard asks for, which phone scanners rely on.
    segno.make(url, error="m", micro=False).save(
        buffer,
        kind="svg",
        scale=4,
        border=4,
        dark="#111",
        light="#fff",
        xmldecl=False,
        title="扫码在手机阅读",
    )
    return buffer.getvalue().decode()


def qr_svg(url: str, with_state: bool = False) -> str:
    """The code of `url`; `with_state` when the URL carries a reader's demo state."""
    if with_state:
        svg = state_codes.get(url)
        if svg is None:
            svg = draw(url)
            state_codes.offer(url, svg)
        return svg
    if outage.cache_is_down():
        return draw(url)
    key = "qr:v1:" + hashlib.sha256(url.encode()).hexdigest()
    svg = None
    try:
        svg = shared_cache().get(key)
        if svg is None:
            svg = draw(url)
            shared_cache().set(key, svg, QR_CACHE_SECONDS)
    except CACHE_ERRORS:
        outage.note_failure("qr")
        return svg if svg is not None else draw(url)
    return svg
