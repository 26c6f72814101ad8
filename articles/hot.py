"""The hot-articles list (热门文章): ranked on recent views, computed once and cached."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article

CACHE_KEY = "hot-articles:v1"
MAX_HOT = 10


def _compute() -> list[dict]:
    since = timezone.localdate() - timedelta(days=settings.HOT_ARTICLES_WINDOW_DAYS - 1)
    articles = Article.objects.hot(since).select_related("category")[:MAX_HOT]
    return [
        {
            "title": a.title,
            "url": a.get_absolute_url(),
            "thumb_url": a.cover_thumb.url if a.cover_thumb else "",
            "excerpt": a.list_excerpt,
            "view_count": a.view_count,
            "category": a.category.name if a.category else "",
        }
        for a in articles
    ]


def hot_articles(limit: int = 5) -> list[dict]:
    """Plain data, not model instances, so the cached value is small and safe to share."""
    items = cache.get(CACHE_KEY)
    if items is None:
        items = _compute()
        cache.set(CACHE_KEY, items, settings.HOT_ARTICLES_CACHE_SECONDS)
    return items[:limit]


def invalidate() -> None:
    cache.delete(CACHE_KEY)
