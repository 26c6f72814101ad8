"""Feeds as feed readers parse them (feedparser): an image on every item, and a stylesheet
that makes a feed opened in a browser a readable page."""

import re
from io import BytesIO
from pathlib import Path

import feedparser
import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree
from PIL import Image

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db
SITE = "https://kxian.example.cn"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def articles(media_root):
    """Two articles in one category by one author: one with a cover, one without."""
    author, category = AuthorFactory(), CategoryFactory(slug="trend")
    buffer = BytesIO()
    Image.new("RGB", (1200, 630), "#884422").save(buffer, "JPEG")
    cover = SimpleUploadedFile("c.jpg", buffer.getvalue(), content_type="image/jpeg")
    with_cover = ArticleFactory(author=author, category=category, cover=cover)
    plain = ArticleFactory(author=author, category=category)
    return {"cover": with_cover, "plain": plain, "author": author}


def feed_urls(author):
    slug = author.author_profile.slug
    return [
        "/feed/rss/",
        "/feed/atom/",
        "/category/trend/feed/rss/",
        "/category/trend/feed/atom/",
        f"/authors/{slug}/feed/rss/",
        f"/authors/{slug}/feed/atom/",
    ]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


def test_every_item_of_every_feed_carries_an_image(client, articles):
    """Each entry has an image enclosure (length, type) and a media thumbnail with size."""
    for url in feed_urls(articles["author"]):
        _, parsed = parse(client, url)
        assert len(parsed.entries) == 2, url
        for entry in parsed.entries:
            (image,) = [link for link in entry.links if link.get("rel") == "enclosure"]
            assert image.type.startswith("image/") and int(image.length) > 0, url
            assert image.href.startswith(SITE + "/"), url
            (thumb,) = entry.media_thumbnail
            assert thumb["url"] == image.href and int(thumb["width"]) > 0, url


def test_the_cover_is_the_image_else_the_default_card(client, articles):
    """A cover is sent with its stored size in bytes; no cover, og-default.png with its own."""
    _, parsed = parse(client, "/feed/rss/")
    by_link = {entry.link: entry for entry in parsed.entries}
    cover = by_link[articles["cover"].get_canonical_url()].enclosures[0]
    assert cover.href == SITE + articles["cover"].cover.url
    assert int(cover.length) == articles["cover"].cover.size and cover.type == "image/jpeg"
    plain = by_link[articles["plain"].get_canonical_url()].enclosures[0]
    assert plain.href == f"{SITE}/static/img/og-default.png" and plain.type == "image/png"
    assert int(plain.length) == Path(finders.find("img/og-default.png")).stat().st_size


def test_feeds_point_browsers_at_a_same_origin_xsl_stylesheet(client, articles):
    """Both formats name the static XSL (a same-origin path) and are served as XML."""
    for url in feed_urls(articles["author"]):
        response, _ = parse(client, url)
        assert response["Content-Type"] == "application/xml; charset=utf-8"
        head = response.content[:300].decode()
        found = re.search(r'<\?xml-stylesheet href="([^"]+)"[^>]*type="text/xsl"\?>', head)
        assert found and found.group(1).startswith("/static/feeds/feed"), url


@pytest.mark.parametrize("url", ["/feed/rss/", "/feed/atom/"])
def test_the_stylesheet_turns_a_feed_into_a_page_on_how_to_subscribe(client, articles, url):
    """Applied as a browser does (lxml's libxslt), the page names the feed and its items."""
    transform = etree.XSLT(etree.parse(finders.find("feeds/feed.xsl")))
    page = str(transform(etree.fromstring(client.get(url).content)))
    assert "怎么订阅" in page and f"<code>{SITE}{url}</code>" in page
    for article in (articles["cover"], articles["plain"]):
        assert f'href="{article.get_canonical_url()}">{article.title}</a>' in page
    assert f'<img src="{SITE}{articles["cover"].cover.url}"' in page
