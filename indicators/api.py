"""GET /api/indicators/<name>/ (bars, indicator series and textbook signals) and
GET /api/indicators/<name>/stats/ (signal statistics), as JSON.

Everything a client sends is validated by indicators.params; any bad value is a 400
naming the parameter. Responses carry a strong ETag built from the data's digest and the
settings, so a repeat request costs one small query and a 304.
"""

import dataclasses
import gzip
import hashlib

import orjson
from django.conf import settings as django_settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from core import compute_budget, ratelimit
from core.http import json_error
from core.pagecache.bounded import BoundedCache
from core.pagecache.headers import accepts, gzip_when_accepted
from core.visitors import client_ip_hash
from indicators import payloads
from indicators.models import PriceSeries
from indicators.params import DemoSettings, ParamError, parse_settings, single_values

CACHE_SECONDS = 3600
PAYLOAD_CACHE_SECONDS = 24 * 3600
# Bump when formulas or the payload change, so cached responses are not reused.
PAYLOAD_VERSION = "6"
# Settings are endless (every date range, every k): payloads share a bounded set of
# slots, and one is stored only when asked for twice (core.pagecache.bounded).
payload_cache = BoundedCache("api", "api:payload:v3", PAYLOAD_CACHE_SECONDS)


def _etag(endpoint: str, settings: DemoSettings, digest: str, market: str) -> str:
    # The market decides the statistics' costs: editing it must change the answer.
    key = repr((endpoint, PAYLOAD_VERSION, digest, market, settings, payloads.stats_config()))
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def rate_limited(request):
    """A 429 with a JSON error once an address exceeds API_RATE_PER_MINUTE, else None."""
    decision = ratelimit.hit(
        f"api:{client_ip_hash(request)}", django_settings.API_RATE_PER_MINUTE, 60
    )
    if decision.allowed:
        return None
    response = json_error("请求太频繁，请稍后再试。", 429, param="")
    response["Retry-After"] = str(decision.retry_after)
    return response


@require_safe
@gzip_when_accepted  # errors; payloads are stored and served already compressed
def indicator_data(request, name):
    """Bars, indicator series and signals for one demo's settings."""
    return _serve(request, name, "series", payloads.build_payload)


@require_safe
@gzip_when_accepted
def indicator_stats(request, name):
    """信号统计: how prices moved after each kind of signal, against every day (base rate).

    Same parameters, validation and caching as the series endpoint.
    """
    return _serve(request, name, "stats", payloads.build_stats_payload)


def _serve(request, name, endpoint, build):
    if limited := rate_limited(request):
        return limited
    try:
        settings = parse_settings(name, single_values(request.GET))
    except ParamError as exc:
        return json_error(exc.message, param=exc.param)
    found = (
        PriceSeries.objects.filter(symbol=settings.symbol)
        .values_list("pk", "digest", "first_date", "last_date", "market")
        .first()
    )
    if found is None:
        return json_error(f"没有代码为 {settings.symbol} 的行情数据", param="symbol")
    settings = clamped(settings, found[2], found[3])
    etag = _etag(endpoint, settings, found[1], found[4])
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            body = _cached_body(etag, build, settings, found[0], client_ip_hash(request))
        except ParamError as exc:
            return json_error(exc.message, param=exc.param)
        except compute_budget.Refused as refused:
            response = json_error(refused.message, refused.status, param="")
            response["Retry-After"] = str(refused.retry_after)
            return response
        response = _payload_response(request, body)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def clamped(settings: DemoSettings, first_date, last_date) -> DemoSettings:
    """The same window, spelt one way: a start on or before the first bar is no start, an
    end on or after the last bar is no end (the same bars, so the same payload and key)."""
    changes = {}
    if settings.start is not None and settings.start <= first_date:
        changes["start"] = None
    if settings.end is not None and settings.end >= last_date:
        changes["end"] = None
    return dataclasses.replace(settings, **changes) if changes else settings


def _cached_body(etag: str, build, settings: DemoSettings, series_pk: int, client: str) -> bytes:
    """The gzipped JSON for these settings and this version of the prices.

    The ETag already names both (canonical settings and the data's digest), so it is the
    cache key: new prices give new keys, and old entries simply expire. A failing cache
    is a miss.
    """
    body = payload_cache.get(etag)
    if body is None:
        payload = compute_budget.compute(
            client,
            lambda: PriceSeries.objects.get(pk=series_pk),
            lambda series: build(settings, series),
        )
        body = gzip.compress(orjson.dumps(payload, option=orjson.OPT_SERIALIZE_NUMPY), 6)
        payload_cache.offer(etag, body)
    return body


def _payload_response(request, gzipped: bytes) -> HttpResponse:
    if accepts(request, "gzip"):
        response = HttpResponse(gzipped, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(gzipped), content_type="application/json")
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
