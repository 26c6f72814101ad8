"""Search and share metadata: canonical links, Open Graph, JSON-LD, robots.txt, archives."""

import json
from datetime import datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    TagFactory,
)
from tests.pages import main_content

pytestmark = pytest.mark.django_db
SITE = "https://kxian.example.cn"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE
    settings.ARTICLES_PER_PAGE = 2


class Head(HTMLParser):
    """The metadata a crawler reads: <meta>, <link rel=canonical> and JSON-LD blocks."""

    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.json_ld = {}, [], []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def test_article_has_open_graph_and_twitter_tags_with_absolute_urls(client, media_root):
    """og:* and twitter:* are present; the image and URL are absolute; og:type article."""
    article = ArticleFactory(slug="macd", title="MACD 入门", summary="讲清楚金叉和死叉。")
    meta = head(client, article.get_absolute_url()).meta
    assert meta["og:type"] == "article"
    assert meta["og:title"] == meta["twitter:title"] == "MACD 入门"
    assert meta["og:description"] == meta["description"] == "讲清楚金叉和死叉。"
    assert meta["og:url"] == f"{SITE}/articles/macd/"
    assert meta["og:image"] == meta["twitter:image"] == f"{SITE}/static/img/og-default.png"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:locale"] == "zh_CN" and meta["og:site_name"] == "K线学堂"
    assert meta["article:published_time"].startswith(str(article.published_at.year))


def test_share_image_is_the_cover_when_there_is_one(client, media_root):
    """An article with a cover shares the cover, as an absolute URL."""
    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = __import__("io").BytesIO()
    Image.new("RGB", (1200, 630), "red").save(buffer, "PNG")
    article = ArticleFactory()
    article.cover.save("k.png", ContentFile(buffer.getvalue()))
    meta = head(client, article.get_absolute_url()).meta
    assert meta["og:image"].startswith(f"{SITE}/media/covers/")
    assert meta["og:image"].endswith(".png")


def test_default_share_image_is_a_real_png_card(settings):
    """The fallback card is a 1200×630 PNG small enough for share previews."""
    from pathlib import Path

    from PIL import Image

    path = Path(settings.BASE_DIR) / "static" / "img" / "og-default.png"
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    assert path.stat().st_size <= 60_000


def test_description_is_trimmed_to_160_characters(client):
    """Long summaries are cut for the description tag, never beyond 160 characters."""
    article = ArticleFactory(summary="长" * 290)
    meta = head(client, article.get_absolute_url()).meta
    assert len(meta["description"]) <= 160 and meta["description"].endswith("…")
    assert meta["og:description"] == meta["description"]


def test_json_ld_is_valid_article_data(client):
    """The Article block parses as JSON and describes the Article with author and publisher."""
    article = ArticleFactory(slug="kdj", title="KDJ 随机指标")
    article.tags.add(TagFactory(name="KDJ"))
    parsed = head(client, article.get_absolute_url())
    block, _breadcrumbs = parsed.json_ld
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == "KDJ 随机指标"
    assert data["author"] == {
        "@type": "Person",
        "name": article.author.author_profile.display_name,
        "url": f"{SITE}{article.author.author_profile.get_absolute_url()}",
    }
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["logo"]["url"] == f"{SITE}/static/img/logo.png"
    assert data["image"] == [f"{SITE}/static/img/og-default.png"]
    assert data["mainEntityOfPage"]["@id"] == f"{SITE}/articles/kdj/"
    published = datetime.fromisoformat(data["datePublished"])
    assert abs(published - article.published_at) < timedelta(seconds=1)
    assert datetime.fromisoformat(data["dateModified"]) >= published


def test_json_ld_cannot_be_broken_out_of(client):
    """A title with </script> and & stays inside the JSON string, escaped like json_script."""
    title = "</script><script>alert(1)</script> & 《均线》"
    article = ArticleFactory(title=title, summary="<!-- x -->")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    block, _breadcrumbs = head(client, article.get_absolute_url()).json_ld
    assert json.loads(block)["headline"] == title


def test_preview_pages_are_noindex_without_json_ld(admin_client):
    """Drafts seen in preview tell crawlers to stay away and publish no structured data."""
    draft = ArticleFactory(draft=True)
    parsed = head(admin_client, f"/articles/preview/{draft.pk}/")
    assert parsed.meta["robots"] == "noindex" and parsed.json_ld == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/category/macd/",
        "/tag/jin-cha/",
        "/authors/zhou-lao-shi/",
        "/archive/",
        "/archive/2026/3/",
    ],
)
def test_every_list_page_has_an_absolute_canonical_link(client, path):
    """Home, category, tag, author and archive pages name themselves; page 2 keeps ?page=2."""
    category = CategoryFactory(slug="macd")
    tag = TagFactory(slug="jin-cha")
    author = AuthorFactory(profile__display_name="周老师")
    march = datetime(2026, 3, 15, 10, tzinfo=SHANGHAI)
    for n in range(3):
        article = ArticleFactory(
            category=category, author=author, published_at=march + timedelta(hours=n)
        )
        article.tags.add(tag)
    assert head(client, path).canonical == [SITE + path]
    if path != "/archive/":
        assert head(client, path + "?page=2").canonical == [f"{SITE}{path}?page=2"]
        assert head(client, path + "?page=1").canonical == [SITE + path]


def test_canonical_links_are_percent_encoded_like_reverse(client):
    """A Chinese pen name gives the same URL (its pinyin slug) the author's links use."""
    author = AuthorFactory(username="周老师", profile__display_name="周老师")
    ArticleFactory(author=author)
    url = author.author_profile.get_absolute_url()
    assert url == "/authors/zhou-lao-shi/"
    assert head(client, url).canonical == [SITE + url]


def test_article_has_exactly_one_canonical_link(client):
    """The article page's canonical is its SITE_URL-based URL, once."""
    article = ArticleFactory(slug="boll")
    assert head(client, article.get_absolute_url()).canonical == [f"{SITE}/articles/boll/"]


def test_archive_index_lists_months_with_counts(client):
    """Months with live articles, newest first, counted in the site's time zone."""
    ArticleFactory(published_at=datetime(2026, 3, 31, 23, 30, tzinfo=SHANGHAI))  # UTC: March
    ArticleFactory(published_at=datetime(2026, 4, 1, 0, 30, tzinfo=SHANGHAI))  # UTC: March 31
    ArticleFactory(published_at=datetime(2026, 4, 2, tzinfo=SHANGHAI))
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    html = main_content(client.get("/archive/"))
    assert html.index("2026年4月") < html.index("2026年3月")
    assert '<a href="/archive/2026/4/">2026年4月</a> <span class="muted">2 篇</span>' in html
    assert '<a href="/archive/2026/3/">2026年3月</a> <span class="muted">1 篇</span>' in html
    assert html.count("<li>") == 2


def test_month_archive_lists_that_months_articles(client):
    """/archive/2026/4/ lists April's live articles (site time), paginated."""
    ArticleFactory(title="三月底", published_at=datetime(2026, 3, 31, 23, tzinfo=SHANGHAI))
    ArticleFactory(title="四月初", published_at=datetime(2026, 4, 1, 0, 30, tzinfo=SHANGHAI))
    ArticleFactory(title="四月底", published_at=datetime(2026, 4, 30, 23, 59, tzinfo=SHANGHAI))
    ArticleFactory(title="五月初", published_at=datetime(2026, 5, 1, tzinfo=SHANGHAI))
    html = main_content(client.get("/archive/2026/4/"))
    assert "2026年4月" in html and "四月底" in html and "四月初" in html
    assert "三月底" not in html and "五月初" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/archive/0/13/",
        "/archive/2026/0/",
        "/archive/2026/13/",
        "/archive/99999/1/",
        "/archive/0/1/",
        "/archive/9999/12/",
        "/archive/2020/1/",  # a real month without articles
        "/archive/2026/4/?page=9",
        "/archive/2026/4/?page=x",
    ],
)
def test_bad_or_empty_months_are_404(client, path):
    """Impossible, out-of-range or empty months and bad page numbers are 404, never 500."""
    ArticleFactory(published_at=datetime(2026, 4, 2, tzinfo=SHANGHAI))
    assert client.get(path).status_code == 404


def test_december_archive_ends_at_new_year(client):
    """The month after December is January of the next year."""
    ArticleFactory(title="除夕", published_at=datetime(2025, 12, 31, 23, tzinfo=SHANGHAI))
    ArticleFactory(title="元旦", published_at=datetime(2026, 1, 1, 1, tzinfo=SHANGHAI))
    html = main_content(client.get("/archive/2025/12/"))
    assert "除夕" in html and "元旦" not in html


@pytest.mark.parametrize("months", [1, 12])
def test_archive_index_query_count_is_constant(no_page_cache, client, page_queries, months):
    """One query for all months, however many there are."""
    now = timezone.now()
    for n in range(months):
        ArticleFactory.create_batch(2, published_at=now - timedelta(days=31 * n + 1))
    client.get("/archive/")  # warm the navigation and hot-list caches
    with page_queries() as queries:
        assert client.get("/archive/").status_code == 200
    assert len(queries) == 1, queries


@pytest.mark.parametrize("size", [2, 9])
def test_month_archive_query_count_is_constant(no_page_cache, client, page_queries, size):
    """A month page costs a count and one list query, whatever the number of articles."""
    when = datetime(2026, 4, 10, tzinfo=SHANGHAI)
    for article in ArticleFactory.create_batch(size, published_at=when):
        CommentFactory.create_batch(2, article=article)
        article.tags.add(TagFactory())
    client.get("/archive/2026/4/")
    with page_queries() as queries:
        assert client.get("/archive/2026/4/").status_code == 200
    assert len(queries) == 2, queries


def test_robots_txt_names_the_sitemap_and_keeps_private_paths_out(client):
    """Plain text; the sitemap is absolute; admin, preview, API and endpoints are disallowed."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    disallowed = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow")}
    assert {"/admin/", "/articles/preview/", "/api/", "/comments/"} <= disallowed
    assert "/articles/*/view/" in disallowed
    assert "User-agent: *" in lines and "Disallow: /" not in lines
