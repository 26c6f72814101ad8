"""RSS and Atom feeds, parsed as XML: site, category and author scopes, full safe content."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, TagFactory
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db
SITE = "https://kxian.example.cn"
ATOM = "{http://www.w3.org/2005/Atom}"
FEED_URLS = ["/feed/rss/", "/feed/atom/"]


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")  # so browsers apply the XSL
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


class _Urls(HTMLParser):
    """Every href and src in an HTML fragment, and whether any <script>/<figure> is there."""

    def __init__(self):
        super().__init__()
        self.urls, self.tags = [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.urls += [value for name, value in attrs if name in ("href", "src")]


def parse_html(fragment):
    parser = _Urls()
    parser.feed(fragment)
    return parser


def test_rss_lists_live_articles_only_newest_first(client):
    """Published, live articles appear newest first; drafts and scheduled ones never do."""
    now = timezone.now()
    old = ArticleFactory(title="旧文", published_at=now - timedelta(days=2))
    new = ArticleFactory(title="新文", published_at=now - timedelta(hours=1))
    ArticleFactory(title="草稿", draft=True)
    ArticleFactory(title="定时", scheduled=True)
    channel, items = rss_items(client, "/feed/rss/")
    assert [item.findtext("title") for item in items] == ["新文", "旧文"]
    assert [item.findtext("guid") for item in items] == [
        new.get_canonical_url(),
        old.get_canonical_url(),
    ]
    assert items[0].findtext("link") == f"{SITE}{new.get_absolute_url()}"
    assert channel.findtext("link") == f"{SITE}/"
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self" and self_link.get("href") == f"{SITE}/feed/rss/"


def test_rss_item_has_author_date_and_tag_categories(client):
    """Each item names its author, publish date (RFC 822) and tags."""
    article = ArticleFactory()
    article.tags.add(TagFactory(name="MACD"), TagFactory(name="入门"))
    _, (item,) = rss_items(client, "/feed/rss/")
    assert article.author.author_profile.display_name in item.findtext("author", "") + (
        item.findtext("{http://purl.org/dc/elements/1.1/}creator") or ""
    )
    assert item.findtext("pubDate").endswith(("+0000", "+0800", "GMT"))
    assert sorted(c.text for c in item.findall("category")) == ["MACD", "入门"]


def test_atom_entries_carry_full_content_summary_and_ids(client):
    """Atom: id = canonical URL, full body in <content>, excerpt in <summary>, author uri."""
    article = ArticleFactory(summary="一句话摘要", body_markdown="## 金叉\n\n正文**全文**在这里。")
    feed, (entry,) = atom_entries(client, "/feed/atom/")
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}/feed/atom/"
    assert entry.findtext(f"{ATOM}id") == article.get_canonical_url()
    assert entry.findtext(f"{ATOM}summary") == "一句话摘要"
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html" and "<strong>全文</strong>" in content.text
    author = entry.find(f"{ATOM}author")
    profile_url = article.author.author_profile.get_absolute_url()
    assert author.findtext(f"{ATOM}uri") == f"{SITE}{profile_url}"
    assert entry.findtext(f"{ATOM}published") and entry.findtext(f"{ATOM}updated")


@pytest.mark.parametrize("url", FEED_URLS)
def test_links_and_images_in_content_are_absolute(client, url):
    """Relative links, images and in-page anchors become SITE_URL-based absolute URLs."""
    ArticleFactory(
        slug="macd",
        body_markdown=(
            "## 金叉\n\n[KDJ](/articles/kdj/) [下文](../boll/) [本节](#h-金叉) "
            "[外站](https://example.com/a)\n\n![图](/media/uploads/k.png)\n\n![图2](pic.png)"
        ),
    )
    body = _content(client, url)
    urls = parse_html(body).urls
    assert f"{SITE}/articles/kdj/" in urls
    assert f"{SITE}/articles/boll/" in urls
    assert f"{SITE}/articles/macd/#h-金叉" in urls
    assert "https://example.com/a" in urls
    assert f"{SITE}/media/uploads/k.png" in urls
    assert f"{SITE}/articles/macd/pic.png" in urls
    assert all(u.startswith(("https://", "http://", "mailto:")) for u in urls), urls


@pytest.mark.parametrize("url", FEED_URLS)
def test_feed_content_is_sanitised(client, url):
    """Nothing a reader's feed app could run: no scripts, handlers or javascript: links."""
    ArticleFactory(
        body_format="richtext",
        body_rich=(
            '<p onclick="x()">文</p><script>alert(1)</script><a href="javascript:alert(1)">坏</a>'
            '<img src="/m.png" onerror="alert(1)">'
        ),
    )
    body = _content(client, url)
    lowered = body.lower()
    assert "<script" not in lowered and "onclick" not in lowered and "onerror" not in lowered
    assert "javascript:" not in lowered
    assert f'src="{SITE}/m.png"' in body


@pytest.mark.parametrize("url", FEED_URLS)
def test_live_demos_become_a_link_to_the_article(client, url):
    """Feed readers cannot run the chart: the figure is replaced by a link to the page."""
    load_series()
    article = ArticleFactory(body_markdown="前文\n\n[[indicator cci symbol=600519]]\n\n后文")
    body = _content(client, url)
    parsed = parse_html(body)
    assert "figure" not in parsed.tags and "data-indicator" not in body
    assert "在网页中查看互动图表" in body
    assert article.get_canonical_url() in parsed.urls
    assert "前文" in body and "后文" in body


def test_category_feeds_hold_only_that_category(client):
    """/category/<slug>/feed/rss|atom/ list that category's live articles only."""
    macd = CategoryFactory(slug="macd", name="MACD 专题")
    mine = ArticleFactory(category=macd, title="本类")
    ArticleFactory(title="别类")
    ArticleFactory(category=macd, draft=True, title="本类草稿")
    channel, items = rss_items(client, reverse("articles:category_feed_rss", args=["macd"]))
    assert [i.findtext("title") for i in items] == ["本类"]
    assert "MACD 专题" in channel.findtext("title")
    assert channel.findtext("link") == f"{SITE}/category/macd/"
    _, entries = atom_entries(client, reverse("articles:category_feed_atom", args=["macd"]))
    assert [e.findtext(f"{ATOM}id") for e in entries] == [mine.get_canonical_url()]


def test_author_feeds_hold_only_that_author(client):
    """/authors/<key>/feed/rss|atom/ list that author's live articles only."""
    author = AuthorFactory(username="zhou", profile__display_name="周老师")
    ArticleFactory(author=author, title="周的文章")
    ArticleFactory(title="别人的文章")
    channel, items = rss_items(client, "/authors/zhou-lao-shi/feed/rss/")
    assert [i.findtext("title") for i in items] == ["周的文章"]
    assert channel.findtext("link") == f"{SITE}/authors/zhou-lao-shi/"
    _, entries = atom_entries(client, "/authors/zhou-lao-shi/feed/atom/")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["周的文章"]
    # The login name names nothing, in feeds as on pages.
    assert client.get("/authors/zhou/feed/rss/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/category/no-such/feed/rss/",
        "/category/no-such/feed/atom/",
        "/authors/nobody/feed/rss/",
        "/authors/nobody/feed/atom/",
    ],
)
def test_unknown_scopes_are_404(client, url):
    """A feed of a category or author that does not exist is a 404, never a 500."""
    assert client.get(url).status_code == 404


def test_a_user_without_author_profile_has_no_feed(client, django_user_model):
    """Only authors have feeds, like their pages."""
    django_user_model.objects.create_user("reader", password="x" * 12)
    assert client.get("/authors/reader/feed/rss/").status_code == 404


def test_feed_is_limited_and_cacheable(client):
    """At most 20 items; the response may sit in shared caches like any public page."""
    ArticleFactory.create_batch(22)
    response = client.get("/feed/rss/")
    assert len(ET.fromstring(response.content).findall("channel/item")) == 20
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=1"


def test_every_page_advertises_the_feeds(client):
    """Every page's head links RSS and Atom; category and author pages add their own."""
    article = ArticleFactory(
        category=CategoryFactory(slug="kdj"), author__profile__display_name="李四"
    )
    pages = {
        "/": [],
        article.get_absolute_url(): [],
        "/category/kdj/": ["/category/kdj/feed/rss/", "/category/kdj/feed/atom/"],
        "/authors/li-si/": ["/authors/li-si/feed/rss/", "/authors/li-si/feed/atom/"],
        "/archive/": [],
    }
    for path, own in pages.items():
        links = _alternates(client.get(path).content.decode())
        expected = {f"{SITE}/feed/rss/", f"{SITE}/feed/atom/", *(SITE + u for u in own)}
        assert set(links) == expected, path
        assert set(links.values()) == {"application/rss+xml", "application/atom+xml"}


@pytest.mark.parametrize("size", [2, 15])
@pytest.mark.parametrize("url", [*FEED_URLS, "/category/c/feed/rss/", "/authors/a/feed/atom/"])
def test_feed_query_count_is_constant(no_page_cache, client, django_assert_num_queries, size, url):
    """Feeds make the same few queries however many articles and tags there are."""
    category = CategoryFactory(slug="c")
    author = AuthorFactory(profile__display_name="A")  # slug "a"
    tags = TagFactory.create_batch(3)
    for article in ArticleFactory.create_batch(size, category=category, author=author):
        article.tags.add(*tags)
    scoped = 1 if url.startswith(("/category", "/authors")) else 0
    with django_assert_num_queries(2 + scoped):
        assert client.get(url).status_code == 200


def _content(client, url):
    body = client.get(url).content
    root = ET.fromstring(body)
    if root.tag == "rss":
        return root.find("channel/item").findtext("description")
    return root.find(f"{ATOM}entry").findtext(f"{ATOM}content")


def _alternates(html):
    class Links(HTMLParser):
        found = {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "link" and attrs.get("rel") == "alternate":
                self.found[attrs["href"]] = attrs["type"]

    parser = Links()
    parser.found = {}
    parser.feed(html)
    return parser.found
