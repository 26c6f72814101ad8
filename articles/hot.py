"""The hot-articles list (热门文章): ranked on recent views, computed once and cached.

The sidebar is on every page, so its HTML is cached too, beside the list it shows. The
page cache runs `refresh()` every HOT_ARTICLES_CACHE_SECONDS and renews every cached
page when the ranking changed; saving an article drops the list at once and again after
its commit (articles.fragments). When the cache fails, the list comes from the database.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from articles import fragments
from articles.models import Article
from core.cache_errors import CACHE_ERRORS

logger = logging.getLogger(__name__)

NAME = "hot-articles"
# What the sidebar last showed, kept without expiry to tell whether a refresh changed it.
SHOWN_KEY = "hot-articles:shown:v2"
# A list is refreshed well before this; the expiry only clears out old generations.
KEEP_SECONDS = 24 * 3600
MAX_HOT = 10


def _compute() -> list[dict]:
    since = timezone.localdate() - timedelta(days=settings.HOT_ARTICLES_WINDOW_DAYS - 1)
    articles = Article.objects.hot(since)[:MAX_HOT]
    return [
        {
            "title": a.title,
            "url": a.get_absolute_url(),
            "thumb_url": a.cover_thumb.url if a.cover_thumb else "",
            "thumb_srcset": a.thumb_srcset,
            "excerpt": a.list_excerpt,
        }
        for a in articles
    ]


def _entry() -> tuple[str | None, dict]:
    """(cache key, {"items": [...], "html": {limit: html}}): plain data, small and safe to
    share; the key is None when the cache failed and the list came from the database."""
    entry_key, entry = fragments.lookup(NAME)
    if entry is None:
        entry = {"items": _compute(), "html": {}}
        if entry_key is not None:
            fragments.store(entry_key, entry, KEEP_SECONDS)
            fragments.store(SHOWN_KEY, entry["items"], None, shown=False)
    return entry_key, entry


def refresh() -> bool:
    """Rank again (the page cache calls this every HOT_ARTICLES_CACHE_SECONDS); True
    when the sidebar changes, so that cached pages are renewed with it."""
    items = _compute()
    try:
        with fragments.CACHE_OUTAGE.watch():
            changed = cache.get(SHOWN_KEY) != items
            if changed:
                cache.set(fragments.key(NAME), {"items": items, "html": {}}, KEEP_SECONDS)
                cache.set(SHOWN_KEY, items, None)
    except CACHE_ERRORS:
        logger.warning("hot list not refreshed in the cache", exc_info=True)
        return False
    return changed


def hot_articles(limit: int = 5) -> list[dict]:
    return _entry()[1]["items"][:limit]


def sidebar_html(limit: int = 5) -> str:
    """The rendered 热门文章 widget, rendered once per refresh rather than per page."""
    entry_key, entry = _entry()
    html = entry["html"].get(limit)
    if html is None:
        html = render_to_string(
            "includes/hot_articles.html", {"hot_articles": entry["items"][:limit]}
        )
        entry["html"][limit] = html
        if entry_key is not None:
            fragments.store(entry_key, entry, KEEP_SECONDS)
    return html


def invalidate() -> None:
    """Articles changed: drop the list now and once the change is committed."""
    fragments.changed(NAME)
