"""The hot sidebar (热门文章): recent views decide, computed once and cached."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.hot import hot_articles
from articles.models import DailyViews
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def recent(article, views, days_ago=0):
    DailyViews.objects.create(
        article=article, date=timezone.localdate() - timedelta(days=days_ago), views=views
    )


def test_new_article_with_recent_readers_outranks_old_favourite():
    """Ranking uses the recent window, so a new article can rise past a classic."""
    classic = ArticleFactory(title="老牌文章", view_count=50_000)
    recent(classic, 5_000, days_ago=30)  # popular long ago
    recent(classic, 10, days_ago=1)
    rising = ArticleFactory(title="新文章", view_count=300)
    recent(rising, 300)
    titles = [item["title"] for item in hot_articles(5)]
    assert titles[:2] == ["新文章", "老牌文章"]


def test_hot_list_excludes_drafts_and_scheduled():
    """Only live articles can be hot."""
    live = ArticleFactory(title="已发布")
    draft = ArticleFactory(draft=True, title="草稿")
    scheduled = ArticleFactory(scheduled=True, title="定时")
    for article in (live, draft, scheduled):
        recent(article, 100)
    assert [item["title"] for item in hot_articles(5)] == ["已发布"]


def test_hot_list_items_carry_thumbnail_title_excerpt():
    """Each item has what the sidebar shows."""
    ArticleFactory(title="带摘要", summary="这是一段摘要")
    item = hot_articles(5)[0]
    assert item["title"] == "带摘要" and item["excerpt"] == "这是一段摘要"
    assert item["url"].startswith("/articles/") and "thumb_url" in item


def test_hot_list_is_computed_once_then_served_from_cache():
    """After the first computation a sidebar reads the cache, never the articles."""
    ArticleFactory.create_batch(3)
    hot_articles(5)
    with CaptureQueriesContext(connection) as queries:
        assert len(hot_articles(5)) == 3
    assert not [q for q in queries if "articles_" in q["sql"]]  # at most the cache's own read


def test_publishing_refreshes_the_hot_list():
    """Saving an article invalidates the cached list at once."""
    ArticleFactory(title="第一篇")
    assert len(hot_articles(5)) == 1
    ArticleFactory(title="第二篇")
    assert len(hot_articles(5)) == 2


def test_sidebar_is_on_every_page(client):
    """Home, article, category and author pages all show 热门文章."""
    article = ArticleFactory()
    for url in (
        "/",
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        article.author.author_profile.get_absolute_url(),
    ):
        assert "热门文章" in client.get(url).content.decode()
