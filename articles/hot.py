"""The hot-articles list (热门文章): ranked on recent views, computed once and cached.

The sidebar is on every page, so its HTML is cached too, beside the list it shows. The
page cache runs `refresh()` every HOT_ARTICLES_CACHE_SECONDS and renews every cached
page when the ranking changed; saving an article drops the list at once.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Article

CACHE_KEY = "hot-articles:v2"
# What the sidebar last showed, kept without expiry to tell whether a refresh changed it.
SHOWN_KEY = "hot-articles:shown:v2"
MAX_HOT = 10


def _compute() -> list[dict]:
    since = timezone.localdate() - timedelta(days=settings.HOT_ARTICLES_WINDOW_DAYS - 1)
    articles = Article.objects.hot(since)[:MAX_HOT]
    return [
        {
            "title": a.title,
            "url": a.get_absolute_url(),
            "thumb_url": a.cover_thumb.url if a.cover_thumb else "",
            "excerpt": a.list_excerpt,
        }
        for a in articles
    ]


def _cached() -> dict:
    """{"items": [...], "html": {limit: html}}: plain data, small and safe to share."""
    entry = cache.get(CACHE_KEY)
    if entry is None:
        entry = {"items": _compute(), "html": {}}
        cache.set(CACHE_KEY, entry, None)
        cache.set(SHOWN_KEY, entry["items"], None)
    return entry


def refresh() -> bool:
    """Rank again (the page cache calls this every HOT_ARTICLES_CACHE_SECONDS); True
    when the sidebar changes, so that cached pages are renewed with it."""
    items = _compute()
    changed = cache.get(SHOWN_KEY) != items
    if changed:
        cache.set(CACHE_KEY, {"items": items, "html": {}}, None)
        cache.set(SHOWN_KEY, items, None)
    return changed


def hot_articles(limit: int = 5) -> list[dict]:
    return _cached()["items"][:limit]


def sidebar_html(limit: int = 5) -> str:
    """The rendered 热门文章 widget, rendered once per refresh rather than per page."""
    entry = _cached()
    html = entry["html"].get(limit)
    if html is None:
        html = render_to_string(
            "includes/hot_articles.html", {"hot_articles": entry["items"][:limit]}
        )
        entry["html"][limit] = html
        cache.set(CACHE_KEY, entry, None)
    return html


def invalidate() -> None:
    cache.delete(CACHE_KEY)
