"""What may be shared (issue 17): public pages tell nginx and CDNs how long they may keep
them; anything personal is private and never public; Host and Accept-Encoding are read
as HTTP says, for cached pages too; HEAD works wherever GET does."""

import gzip

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import reverse

from core.pagecache import PageCacheMiddleware
from core.pagecache.headers import patch_public_headers
from tests.factories import ArticleFactory, AuthorFactory
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db

EMBED = "[[indicator boll symbol=600519 n=20 k=2]]"


@pytest.fixture
def article():
    load_series()
    return ArticleFactory(title="布林带", body_markdown=EMBED)


def public_urls(article):
    month = f"/archive/{article.published_at:%Y}/{article.published_at.month}/"
    return ["/", article.get_absolute_url(), "/search/?q=布林", month, "/archive/",
            "/sitemap.xml", "/feed/rss/", "/indicators/"]  # fmt: skip


@pytest.mark.parametrize(("max_age", "shared"), [(0, 1), (30, 5)])
def test_public_pages_say_how_long_shared_caches_may_keep_them(
    client, settings, article, max_age, shared
):
    """Anonymous public pages: public, max-age, s-maxage and a surrogate key, on the
    first render and on a cached copy alike."""
    settings.PUBLIC_PAGE_MAX_AGE, settings.SHARED_CACHE_SECONDS = max_age, shared
    for url in public_urls(article):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Cache-Control"] == f"public, max-age={max_age}, s-maxage={shared}"
            assert response["Surrogate-Key"] == "pages"


def _assert_personal(response):
    cache_control = response.get("Cache-Control", "")
    assert "public" not in cache_control and "s-maxage" not in cache_control
    assert "private" in cache_control and "no-store" in cache_control
    assert not response.has_header("Surrogate-Key")


def test_signed_in_pages_are_private(client, article):
    """A signed-in author's view of a public page is private, no-store."""
    client.force_login(AuthorFactory())
    for url in public_urls(article):
        _assert_personal(client.get(url))


def test_admin_post_answers_and_the_beacon_are_private(admin_client, client, article):
    """The admin, a POST's answer and the view beacon (which sets a cookie) are private."""
    _assert_personal(admin_client.get(reverse("admin:index")))
    _assert_personal(admin_client.get(reverse("admin:articles_article_changelist")))
    _assert_personal(client.get(reverse("admin:login")))
    beacon = client.post(reverse("articles:record_view", args=[article.slug]))
    assert beacon.status_code == 204
    _assert_personal(beacon)
    comment = client.post(
        reverse("comments:submit", args=[article.slug]), {"name": "读者", "body": "好文"}
    )
    _assert_personal(comment)


def test_a_response_that_sets_a_cookie_is_never_public(rf):
    """Whatever a view said, a response setting a cookie goes out private, no-store."""

    def public_view_setting_a_cookie(request):
        response = patch_public_headers(request, HttpResponse("hello"))
        response.set_cookie("flavour", "plain")
        return response

    request = rf.get("/")
    request.user = AnonymousUser()
    _assert_personal(PageCacheMiddleware(public_view_setting_a_cookie)(request))
    request = rf.get("/", HTTP_COOKIE="sessionid=abc")
    request.user = AnonymousUser()
    vary_cookie = patch_public_headers(request, HttpResponse("hello"))
    vary_cookie["Vary"] = "Cookie"
    _assert_personal(PageCacheMiddleware(lambda request: vary_cookie)(request))


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "evil.example:8000"])
def test_a_cached_page_is_not_served_to_a_host_outside_allowed_hosts(client, article, host):
    """ALLOWED_HOSTS is checked before the cache answers: 400, cached or not."""
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now from the cache
    assert client.get(url, HTTP_HOST=host).status_code == 400


@pytest.mark.parametrize(
    ("accept", "gzipped"),
    [
        ("gzip;q=0", False),
        ("gzip; q=0.000", False),
        ("nogzip", False),
        ("identity", False),
        ("br, deflate", False),
        ("*;q=0", False),
        ("gzip;q=0, *", False),
        ("gzip;q=zero", False),
        ("gzip", True),
        ("GZIP;Q=0.5", True),
        ("deflate, gzip;q=1.0", True),
        ("*", True),
        ("identity;q=0, *;q=0.1", True),
    ],
)
def test_accept_encoding_q_values_are_honoured(client, article, accept, gzipped):
    """Pages (fresh and cached) and API payloads are gzipped only when the client allows."""
    api = reverse("indicators:api", args=["boll"]) + "?symbol=600519"
    for url in [article.get_absolute_url(), article.get_absolute_url(), api, api]:
        response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
        assert response.status_code == 200
        assert (response.get("Content-Encoding") == "gzip") is gzipped, url
        if gzipped:
            assert gzip.decompress(response.content)


def test_head_works_wherever_get_does(client, article):
    """HEAD answers as GET does (QR code, API, pages), with no body."""
    qr = reverse("articles:qr", args=[article.slug])
    api = reverse("indicators:api", args=["boll"]) + "?symbol=600519"
    stats = reverse("indicators:api-stats", args=["boll"]) + "?symbol=600519"
    urls = [qr, f"{qr}?d1.n=30", api, stats, "/robots.txt", "/healthz", *public_urls(article)]
    for url in urls:
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"]
        assert head.content == b""
