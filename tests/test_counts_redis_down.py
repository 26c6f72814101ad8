"""Redis down or hung: pages show the database's 阅读, the beacon answers a JSON 503
with Retry-After, fragments come from the database; never a 500, never a hung worker."""

import io
import time
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from articles import hot, navigation, neighbours, view_buffer
from tests.factories import ArticleFactory
from tests.redis_servers import redis_server  # noqa: F401  (fixture)
from tests.test_counting import BROWSER

pytestmark = pytest.mark.django_db

# With 0.5 s timeouts, a request waits for a handful of them at most (counts and fragments
# one each, then the process leaves Redis alone), never for a hung server.
QUICK_SECONDS = 5.0


def redis_cache(url):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "kx",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }


@pytest.fixture(params=["stopped", "hung"])
def broken_redis(request, redis_server, settings):  # noqa: F811
    """Counts and fragments in a Redis that is then stopped, or hung with SIGSTOP."""
    settings.REDIS_COUNTS_URL = redis_server.url
    settings.PAGE_CACHE_SECONDS = 0  # the page cache's own outage handling is not tested here
    article = ArticleFactory(view_count=7)
    view_buffer.counts_client().set(view_buffer.FLUSH_DUE, 1)
    assert beacon(article).status_code == 204  # working: one view buffered
    settings.CACHES = redis_cache(redis_server.url)

    @contextmanager
    def broken():
        if request.param == "stopped":
            redis_server.stop()
            yield
        else:
            with redis_server.hung():
                yield

    with broken():
        yield article


def beacon(article):
    return Client(HTTP_USER_AGENT=BROWSER).post(
        reverse("articles:record_view", args=[article.slug])
    )


@contextmanager
def quickly():
    started = time.monotonic()
    yield
    assert time.monotonic() - started < QUICK_SECONDS


def test_article_page_shows_the_database_count(broken_redis, client):
    """The article page renders, with 阅读 and its fragments from the database."""
    with quickly():
        response = client.get(broken_redis.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-role="view-count">7<' in html
    assert "热门文章" in html and broken_redis.category.name in html


def test_pending_views_are_empty_not_an_error(broken_redis):
    """view_buffer.pending() never raises into a request."""
    with quickly():
        assert view_buffer.pending([broken_redis.pk]) == {}


def test_beacon_answers_503_with_retry_after(broken_redis):
    """A view that cannot be stored is refused in JSON, with when to try again."""
    with quickly():
        response = beacon(broken_redis)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "阅读数暂时无法记录" in response.json()["error"]["message"]
    assert "no-store" in response["Cache-Control"]


def test_fragments_come_from_the_database(broken_redis):
    """The hot list, navigation and neighbours' links render without the cache."""
    with quickly():
        assert [item["title"] for item in hot.hot_articles(5)] == [broken_redis.title]
        assert broken_redis.title in hot.sidebar_html(5)
        assert broken_redis.category.name in navigation.nav_html("/")
        assert neighbours.links_for(broken_redis)["related"] == []


def test_flush_command_fails_clearly(broken_redis):
    """`manage.py flush_views` says the views wait in Redis, rather than a traceback."""
    with quickly(), pytest.raises(CommandError, match="下次运行会重试"):
        call_command("flush_views", stdout=io.StringIO())


def test_a_full_counts_redis_refuses_views_and_evicts_none(redis_server, settings, client):  # noqa: F811
    """At maxmemory (noeviction) beacons get 503; pages and flushes still work; none is lost."""
    settings.REDIS_COUNTS_URL = redis_server.url
    settings.PAGE_CACHE_SECONDS = 0
    settings.VIEW_BATCH_SETTLE_SECONDS = 0
    article = ArticleFactory(view_count=7)
    counts = view_buffer.counts_client()
    counts.set(view_buffer.FLUSH_DUE, 1)
    assert beacon(article).status_code == 204
    counts.config_set("maxmemory", 1)  # below what Redis already uses: writes are refused
    try:
        assert beacon(article).status_code == 503
        view_buffer.COUNTS_OUTAGE.forget()
        assert 'data-role="view-count">8<' in client.get(article.get_absolute_url()).text
        call_command("flush_views", stdout=io.StringIO())  # a flush frees memory
        article.refresh_from_db()
        assert article.view_count == 8
    finally:
        counts.config_set("maxmemory", 0)
    view_buffer.COUNTS_OUTAGE.forget()
    assert beacon(article).status_code == 204
    call_command("flush_views", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.view_count == 9


def test_the_counts_redis_fails_alone(settings):
    """The counts Redis keeps its own outage mark: its failure never marks the page cache down."""
    if not settings.REDIS_COUNTS_URL:
        pytest.skip("needs REDIS_URL (the counts Redis defaults to its next database)")
    from core.cache_breaker import BreakerConnectionPool
    from core.outage import SHARED_CACHE

    assert not isinstance(view_buffer.counts_client().connection_pool, BreakerConnectionPool)
    view_buffer.COUNTS_OUTAGE.mark_down()
    try:
        assert not SHARED_CACHE.is_down()
    finally:
        view_buffer.COUNTS_OUTAGE.forget()
