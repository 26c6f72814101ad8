"""A failing shared cache (Redis stopped or hung) never turns a page, a search, a QR code
or an API answer into a 500: they are computed without the cache (issue 17, item 3)."""

import socket
import threading
import time
from contextlib import closing

import pytest
from django.urls import reverse

from articles.models import Article
from core import pagecache
from tests.factories import ArticleFactory
from tests.indicator_fixtures import load_series
from tests.pages import main_content
from tests.qr_helpers import decode_svg

pytestmark = pytest.mark.django_db
pytest.importorskip("django_redis")

EMBED = "[[indicator boll symbol=600519 n=20 k=2]]"


def _closed_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the probe closes


def _redis_cache_at(settings, port: int):
    """The page cache on a real Redis client at 127.0.0.1:port; the rest untouched."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.3, "SOCKET_TIMEOUT": 0.3},
        },
    }
    settings.PAGE_CACHE_ALIAS = "shared"


@pytest.fixture
def stopped_cache(settings):
    _redis_cache_at(settings, _closed_port())


@pytest.fixture
def hung_cache(settings):
    """A server that accepts connections and never answers, like a SIGSTOPped Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    _redis_cache_at(settings, server.getsockname()[1])
    yield
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def _reader_urls():
    load_series()
    article = ArticleFactory(title="布林带入门", body_markdown=EMBED)
    qr = reverse("articles:qr", args=[article.slug])
    api = reverse("indicators:api", args=["boll"])
    return article, [
        "/",
        article.get_absolute_url(),
        "/search/?q=布林",
        f"/archive/{article.published_at:%Y}/{article.published_at.month}/",
        "/sitemap.xml",
        qr,
        f"{qr}?d1.n=30",
        f"{api}?symbol=600519",
        f"{api}?symbol=600519&n=30&end=2099-01-01",
    ]


def test_a_stopped_cache_serves_every_kind_of_page(client, stopped_cache):
    """Redis refusing connections: every page, search, QR code and API answer is a 200,
    twice over (the second time the cache is skipped for a moment)."""
    article, urls = _reader_urls()
    assert client.get("/").status_code == 200
    assert pagecache.outage.cache_is_down()  # the failure was met, and noted
    for _ in range(2):
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            assert response.status_code == 200, url
    assert "布林带入门" in main_content(client.get(article.get_absolute_url()))
    svg = client.get(reverse("articles:qr", args=[article.slug])).content.decode()
    assert decode_svg(svg) == [article.get_canonical_url()]


def test_an_edit_with_the_cache_down_is_saved_and_shows(client, stopped_cache):
    """Saving an article while the cache is down succeeds, and readers see the change."""
    article, _ = _reader_urls()
    article.title = "改过的标题"
    article.save()  # bump() cannot reach the cache: logged, not raised
    assert Article.objects.get(pk=article.pk).title == "改过的标题"
    assert "改过的标题" in main_content(client.get(article.get_absolute_url()))


def test_a_hung_cache_costs_one_timeout_not_one_per_request(client, hung_cache):
    """A cache that never answers: pages still come, and after the first timeout this
    process leaves the cache alone for a while instead of waiting on every request."""
    _, urls = _reader_urls()
    started = time.monotonic()
    for url in urls * 2:
        assert client.get(url).status_code == 200, url
    elapsed = time.monotonic() - started
    # 18 requests; waiting on each would take 18 x 0.3 s at least.
    assert elapsed < 3.0, elapsed


def test_the_cache_is_used_again_once_it_is_back(client, settings):
    """After the pause, a working cache stores pages again."""
    article = ArticleFactory()
    pagecache.outage.note_failure("test")
    client.get(article.get_absolute_url())
    pagecache.outage.reset()
    assert not _stored(article)  # served during the pause, and not stored
    client.get(article.get_absolute_url())
    assert _stored(article)


def _stored(article) -> bool:
    from django.test import RequestFactory

    request = RequestFactory().get(article.get_absolute_url())
    return pagecache.shared_cache().get(pagecache.entry_key(request, "")) is not None
