"""When Redis or PostgreSQL fail for real (stopped, killed, frozen), no request 500s or hangs.

The lighter half of the fault suite (bin/faults runs the rest against two gunicorn nodes).
Each test fails a private redis-server or PostgreSQL on loopback, never the suite's own,
so it runs in the PostgreSQL + Redis leg of bin/test and skips where the binaries are
missing.
"""

import os
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from comments.models import Comment
from config.settings.data import redis_cache
from core import cache_breaker
from health import probe
from tests.comment_helpers import post_comment
from tests.factories import ArticleFactory
from tests.fault_cluster import BOUND_SECONDS, READER_PATHS, SLUG
from tests.indicator_fixtures import load_series
from tests.servers import RedisServer, redis_binary

PORT = int(os.environ.get("FAULTS_PORT", "27020"))

pytestmark = [
    pytest.mark.skipif(
        not (django_settings.REDIS_URL and redis_binary()),
        reason="fault tests run in the PostgreSQL + Redis leg (REDIS_URL and redis-server)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def private_redis():
    server = RedisServer(PORT).start()
    yield server
    server.stop()


@pytest.fixture
def redis(private_redis, settings):
    """The site's cache pointed at the private Redis, running and empty."""
    settings.CACHES = {"default": redis_cache(private_redis.url)}
    settings.REDIS_URL = private_redis.url
    settings.CACHE_DOWN_SECONDS = 0.5
    cache_breaker.reset()
    cache.clear()
    yield private_redis
    private_redis.resume()
    if private_redis.process.poll() is not None:
        private_redis.start()
    cache_breaker.reset()


def _fail(server, how):
    if how == "stopped":
        server.stop()
    else:
        server.pause()


@pytest.fixture
def site():
    load_series()
    return ArticleFactory(slug=SLUG)


def _read_everything(client):
    """(path, status, seconds) for every reader path, GET or POST."""
    rows = []
    for method, path in READER_PATHS:
        started = time.monotonic()
        response = getattr(client, method)(path)
        rows.append((path, response, time.monotonic() - started))
    return rows


@pytest.mark.parametrize("how", ["stopped", "hung"])
def test_reader_paths_serve_or_answer_503_without_redis(client, site, redis, how):
    """Redis stopped or frozen: every page and endpoint is 2xx/3xx or a 503 with
    Retry-After, never a 500, and none waits longer than the bound."""
    client.get("/")  # warm: a cached copy exists, and the connection pool is open
    _fail(redis, how)
    for path, response, seconds in _read_everything(client):
        assert response.status_code != 500, path
        if response.status_code == 503:
            assert response["Retry-After"], path
        assert seconds < BOUND_SECONDS, (path, seconds)


@pytest.mark.parametrize("how", ["stopped", "hung"])
def test_healthz_reports_the_cache_down_but_stays_200(client, redis, how):
    """Pages still serve without the cache: 200, "degraded", and the cache named down."""
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    _fail(redis, how)
    probe.forget()
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < BOUND_SECONDS
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "down"}


def test_healthz_recovers_when_redis_returns(client, redis):
    """After a restart the cache is "ok" again within CACHE_DOWN_SECONDS, no restart of ours."""
    redis.kill()
    probe.forget()
    assert client.get("/healthz").json()["cache"] == "down"
    redis.start()
    time.sleep(django_settings.CACHE_DOWN_SECONDS + 0.1)
    probe.forget()
    assert client.get("/healthz").json()["cache"] == "ok"


def test_healthz_calls_a_slow_cache_slow(client, redis, settings):
    """A cache that answers, but later than CACHE_SLOW_SECONDS, is reported "slow"."""
    settings.CACHE_SLOW_SECONDS = 0.1
    assert probe.cache_state() == "ok"
    probe.forget()
    redis.pause()
    # Thawed while the probe waits: it answers late (within the socket timeout), but answers.
    threading.Timer(0.3, redis.resume).start()
    assert probe.cache_state() == "slow"
    response = client.get("/healthz")  # the answer is remembered for a moment
    assert response.status_code == 200 and response.json()["status"] == "degraded"


def test_a_stored_comment_is_answered_as_stored_with_redis_down(client, site, redis):
    """The cache refresh after saving fails: still 201, and a retry stores nothing twice."""
    redis.stop()
    first = post_comment(client, site, body="缓存挂了也要能评论。")
    assert first.status_code == 201
    again = post_comment(client, site, body="缓存挂了也要能评论。")
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert Comment.objects.filter(article=site).count() == 1


def test_flood_control_holds_with_redis_down(client, site, redis, settings):
    """Comment rate limits are database rows: a dead cache lets no flood through."""
    settings.COMMENTS_RATE_PER_MINUTE = 2
    redis.stop()
    statuses = [post_comment(client, site, body=f"第{i}条评论。").status_code for i in range(4)]
    assert statuses == [201, 201, 429, 429]


class ReadsTheCache:
    """A middleware that reads the cache before any view runs (as the page cache does)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cache.get("anything")
        return self.get_response(request)


@pytest.mark.parametrize(("path", "kind"), [("/", "text/html"), ("/api/x/", "application/json")])
def test_a_cache_error_escaping_a_middleware_is_a_503(client, redis, settings, path, kind):
    """Raised outside any view, a cache outage still answers 503 with Retry-After."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.ReadsTheCache"]
    redis.stop()
    client.raise_request_exception = False  # answer as a server would, not re-raise
    response = client.get(path)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response["Content-Type"].startswith(kind)
    assert "服务暂时不可用" in response.content.decode()


def test_timeouts_are_settings_with_sane_defaults():
    """Every limit comes from the environment and defaults to something short but safe."""
    options = redis_cache("redis://127.0.0.1:1/0")["OPTIONS"]
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] <= 2 and 0 < options["SOCKET_TIMEOUT"] <= 2
    assert options["CONNECTION_POOL_CLASS"] == "core.cache_breaker.BreakerConnectionPool"
    assert reverse("healthz") == "/healthz"
    assert 2 <= django_settings.DATABASE_CONNECT_TIMEOUT <= 10
    assert 1000 <= django_settings.DATABASE_STATEMENT_TIMEOUT_MS <= 60_000
    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        opts = django_settings.DATABASES["default"]["OPTIONS"]
        assert opts["connect_timeout"] == django_settings.DATABASE_CONNECT_TIMEOUT
        assert "statement_timeout" in opts["options"]


def test_the_navigation_renders_from_the_database_with_redis_down(site, redis):
    """The 栏目 bar needs no cache: with Redis down it is built from the categories."""
    from articles import navigation

    redis.stop()
    assert site.category.name in navigation.nav_html("/")
    navigation.invalidate()  # logs, and does not raise


def test_raw_redis_clients_share_the_timeouts_and_the_breaker(redis, settings):
    """get_redis_connection (the view buffer, the rate limiter) gets the same limits."""
    from django_redis import get_redis_connection
    from redis.exceptions import RedisError

    client = get_redis_connection("default")
    kwargs = client.connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] == settings.REDIS_SOCKET_TIMEOUT
    assert kwargs["socket_connect_timeout"] == settings.REDIS_CONNECT_TIMEOUT
    client.ping()
    redis.pause()
    for _ in range(3):  # one socket timeout, then refused at once
        started = time.monotonic()
        with pytest.raises(RedisError):
            client.incr("faults:raw")
        assert time.monotonic() - started < settings.REDIS_SOCKET_TIMEOUT + 0.5
    assert cache_breaker.is_down()
