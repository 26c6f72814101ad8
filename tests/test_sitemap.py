"""The sitemap lists every public page kind with full lastmod times, and an article's
modification time moves only when what a reader sees changes."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from core.seo import iso_datetime
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, TagFactory
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db
SITE = "https://kxian.example.cn"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def sitemap(client) -> dict:
    """{location: lastmod text or None}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root}


def test_every_public_page_kind_is_listed_with_a_full_time(client):
    """Home, archive, formulas, lab, articles, categories, tags, authors and months."""
    load_series()
    author, category, tag = AuthorFactory(), CategoryFactory(slug="trend"), TagFactory(slug="kdj")
    published = timezone.now().replace(microsecond=0) - timedelta(days=3)
    article = ArticleFactory(author=author, category=category, published_at=published)
    article.tags.add(tag)
    month = timezone.localtime(published)
    entries = sitemap(client)
    expected = [
        "/",
        "/archive/",
        "/indicators/",
        "/indicators/lab/",
        article.get_absolute_url(),
        "/category/trend/",
        "/tag/kdj/",
        author.author_profile.get_absolute_url(),
        f"/archive/{month.year}/{month.month}/",
    ]
    assert set(entries) == {SITE + path for path in expected}
    assert "/search/" not in "".join(entries)  # noindex pages are not offered
    for path in expected:
        lastmod = entries[SITE + path]
        if path == "/indicators/":  # written in code: no stored time to report
            assert lastmod is None
            continue
        assert "T" in lastmod and "." not in lastmod, path  # a time, to the second
        datetime.fromisoformat(lastmod)
    assert entries[SITE + article.get_absolute_url()] == iso_datetime(published)
    assert entries[SITE + "/category/trend/"] == iso_datetime(published)


def test_lists_are_as_fresh_as_their_newest_change(client):
    """A category's lastmod is the newest publication or edit among its live articles."""
    category = CategoryFactory(slug="trend")
    old = ArticleFactory(category=category, published_at=timezone.now() - timedelta(days=9))
    ArticleFactory(category=category, draft=True)  # drafts do not count
    newer = timezone.now().replace(microsecond=0) - timedelta(days=2)
    ArticleFactory(category=category, published_at=newer)
    assert sitemap(client)[SITE + "/category/trend/"] == iso_datetime(newer)
    old.title = "改过的标题"
    old.save()
    old.refresh_from_db()
    assert sitemap(client)[SITE + "/category/trend/"] == iso_datetime(old.content_modified_at)


def test_an_unedited_article_was_last_modified_when_published(media_root):
    """Creating (or loading demo data) is not editing: modified_at is the publication time."""
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=30))
    article.refresh_from_db()
    assert article.content_modified_at is None
    assert article.modified_at == article.published_at


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "新标题"),
        ("summary", "新摘要"),
        ("body_markdown", "新正文"),
        ("is_investment", False),
    ],
)
def test_editing_what_readers_see_moves_modified_at(field, value):
    """A change of title, summary, body or notice stamps the article as modified now."""
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=30))
    before = timezone.now()
    setattr(article, field, value)
    article.save()
    assert article.content_modified_at >= before
    assert article.modified_at == article.content_modified_at


def test_resaves_counters_and_tags_do_not_move_modified_at():
    """Saving unchanged content, counting views or comments, or re-rendering: no edit."""
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=30))
    article = Article.objects.get(pk=article.pk)
    article.save()
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 5)
    article.refresh_from_db()
    article.render_body()
    article.save()
    article.refresh_from_db()
    assert article.content_modified_at is None


def test_a_category_change_is_an_edit():
    """Moving the article to another category changes its page: it is modified."""
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=30))
    article.category = CategoryFactory()
    article.save()
    assert article.content_modified_at is not None


def test_drafts_edited_before_publication_are_modified_at_publication():
    """Edits made before the article went live do not date it before its publication."""
    article = ArticleFactory(draft=True)
    article.title = "草稿改标题"
    article.save()
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() + timedelta(minutes=1)
    article.save()
    assert article.modified_at == article.published_at
