"""QR share codes, sitemap, health check, settings safety and page query counts."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, CommentFactory
from tests.indicator_fixtures import load_series
from tests.qr_helpers import decode_svg

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = secrets.token_urlsafe(50)


def test_qr_code_scans_to_the_canonical_url(client, settings):
    """A phone scanning the code lands on SITE_URL + the article path, nothing else."""
    settings.SITE_URL = "https://kxian.example.cn"
    article = ArticleFactory(slug="cci-ru-men")
    response = client.get(reverse("articles:qr", args=[article.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert decode_svg(response.content.decode()) == [
        "https://kxian.example.cn/articles/cci-ru-men/"
    ]


def test_qr_code_ignores_the_host_header(client, settings):
    """A forged Host header never changes what is encoded."""
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    settings.SITE_URL = "https://kxian.example.cn"
    article = ArticleFactory(slug="macd")
    response = client.get(reverse("articles:qr", args=[article.slug]), HTTP_HOST="evil.example")
    assert decode_svg(response.content.decode()) == ["https://kxian.example.cn/articles/macd/"]


@pytest.mark.parametrize(
    "query",
    [
        "url=https://evil.example/",
        "d1.n=20",
        "d9.n=20",
        "d1.n=0",
        "d1.n=20&d1.n=21",
        "d1.colour=red",
        "d1.convention=us",
        "d1.n=<script>",
    ],
)
def test_qr_code_refuses_anything_but_valid_demo_state(client, query):
    """Unknown parameters, demos the article lacks and bad values are a 400, never encoded."""
    article = ArticleFactory(slug="plain")  # no demo at all
    load_series()
    with_demo = ArticleFactory(slug="demo", body_markdown="[[indicator cci symbol=600519]]")
    target = with_demo if query.startswith("d1.") and query != "d1.n=20" else article
    response = client.get(reverse("articles:qr", args=[target.slug]) + "?" + query)
    assert response.status_code == 400 and response.json()["error"]["param"]


def test_qr_code_can_carry_the_readers_demo_settings(client, settings):
    """A reader's demo state is validated, normalised and appended to the canonical URL."""
    settings.SITE_URL = "https://kxian.example.cn"
    load_series()
    article = ArticleFactory(
        slug="boll",
        body_markdown="[[indicator boll symbol=600519]]\n\n[[indicator cci symbol=600519]]",
    )
    url = reverse("articles:qr", args=[article.slug]) + "?d2.n=+20&d1.k=2.50&d1.convention=intl"
    decoded = decode_svg(client.get(url).content.decode())
    assert decoded == [
        "https://kxian.example.cn/articles/boll/?d1.convention=intl&d1.k=2.5&d2.n=20"
    ]


def test_qr_code_is_cached(client, monkeypatch):
    """The SVG is drawn once; later requests read it from the cache and say so to browsers."""
    article = ArticleFactory()
    url = reverse("articles:qr", args=[article.slug])
    first = client.get(url)

    def draw_again(*args, **kwargs):
        raise AssertionError("QR code drawn twice")

    monkeypatch.setattr("articles.qr.segno.make", draw_again)
    second = client.get(url)
    assert first.content == second.content
    assert "max-age=86400" in second["Cache-Control"]


def test_qr_code_of_a_draft_is_404(client):
    """Unpublished articles have no shareable code."""
    assert (
        client.get(reverse("articles:qr", args=[ArticleFactory(draft=True).slug])).status_code
        == 404
    )


def test_share_block_offers_copy_link_and_canonical_url(client, settings):
    """The page shows the canonical URL to copy and a copy button for the script."""
    settings.SITE_URL = "https://kxian.example.cn"
    article = ArticleFactory(slug="share-me")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'data-role="copy-link" data-url="https://kxian.example.cn/articles/share-me/"' in html
    assert '<link rel="canonical" href="https://kxian.example.cn/articles/share-me/">' in html


def test_sitemap_lists_every_published_article_only(client, settings):
    """Published articles are in the sitemap, drafts and scheduled ones are not."""
    settings.SITE_URL = "https://kxian.example.cn"
    live = ArticleFactory.create_batch(3)
    draft = ArticleFactory(draft=True)
    scheduled = ArticleFactory(scheduled=True)
    xml = client.get("/sitemap.xml").content.decode()
    for article in live:
        assert f"<loc>https://kxian.example.cn{article.get_absolute_url()}</loc>" in xml
    assert draft.slug not in xml and scheduled.slug not in xml


def test_healthz_answers_200(client):
    """Load balancers get a 200, and the JSON body says every part is well."""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_no_inline_scripts_or_handlers_and_a_strict_csp(client):
    """Pages carry a CSP without 'unsafe-inline' scripts and contain no inline script code."""
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert "<script>" not in html and " onclick=" not in html and " onload=" not in html


@pytest.mark.parametrize("count", [2, 12])
def test_home_page_query_count_is_constant(
    no_page_cache, client, django_assert_max_num_queries, count
):
    """The home page's queries do not grow with the number of articles."""
    for article in ArticleFactory.create_batch(count):
        CommentFactory.create_batch(2, article=article)
    client.get("/")  # warm the hot list and navigation caches
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("comments", [1, 60])
def test_article_page_query_count_is_constant(
    no_page_cache, client, django_assert_max_num_queries, comments
):
    """An article page's queries do not grow with its comments or the site's articles."""
    article = ArticleFactory()
    ArticleFactory.create_batch(5, category=article.category)
    CommentFactory.create_batch(comments, article=article)
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(9):
        assert client.get(article.get_absolute_url()).status_code == 200


def _settings_import(env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DEBUG"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    """Debug off and no real key: settings refuse to load."""
    result = _settings_import({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "kxian.example.cn"})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_wildcard_hosts():
    """Debug off with ALLOWED_HOSTS=* is refused."""
    result = _settings_import(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": REAL_KEY, "DJANGO_ALLOWED_HOSTS": "*"}
    )
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_real_settings():
    """Debug off with a key and hosts loads fine."""
    result = _settings_import(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": REAL_KEY, "DJANGO_ALLOWED_HOSTS": "a.cn"}
    )
    assert result.returncode == 0, result.stderr


def test_qr_code_never_trusts_figure_like_text_in_a_body(client):
    """Text that merely looks like a demo figure cannot make the QR endpoint fail."""
    article = ArticleFactory(body_markdown='`data-demo-id="d9" data-indicator="zzz"`')
    response = client.get(reverse("articles:qr", args=[article.slug]) + "?d9.n=5")
    assert response.status_code == 400
    assert "max-age" not in response.get("Cache-Control", "")


def test_share_block_links_weibo_qq_and_qzone_with_the_canonical_url(client, settings):
    """Weibo, QQ and QQ 空间 links carry the encoded canonical URL and title; the system
    share button starts hidden for the script to reveal."""
    from urllib.parse import parse_qs, urlsplit

    from tests.pages import main_content

    settings.SITE_URL = "https://kxian.example.cn"
    article = ArticleFactory(slug="wr", title="威廉指标 & 超买")
    html = main_content(client.get(article.get_absolute_url()))
    hrefs = re.findall(r'data-role="share-(?:weibo|qq|qzone)" href="([^"]+)"', html)
    assert [urlsplit(h.replace("&amp;", "&")).netloc for h in hrefs] == [
        "service.weibo.com",
        "connect.qq.com",
        "sns.qzone.qq.com",
    ]
    for href in hrefs:
        query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert query["url"] == ["https://kxian.example.cn/articles/wr/"]
        assert query["title"] == ["威廉指标 & 超买"]
    assert re.search(r'<button [^>]*data-role="native-share"[^>]*hidden>', html)
