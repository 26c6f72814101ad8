"""The site navigation (栏目): categories and K线训练营, cached with their rendered HTML.

Only categories with something live are shown, so no menu item opens on an empty list.
A category whose only article is scheduled appears when that article goes live: the
cached entry never outlives the next scheduled time, so no cron job is needed.

Only the home page, category pages and the trainer mark themselves as current, so there
are a few distinct renderings at most; each is rendered once and kept beside the list.
When the cache fails, the navigation is rendered from the database.
"""

import time

from django.template.loader import render_to_string
from django.urls import reverse

from articles import fragments
from articles.models import Article, Category

NAME = "nav-categories"
CACHE_SECONDS = 3600


def _entry() -> tuple[str | None, dict]:
    """(cache key, {"categories": [...], "html": {current path: html}}); the key is None
    when the cache failed."""
    entry_key, entry = fragments.lookup(NAME)
    if entry is None:
        live = Category.objects.filter(articles__in=Article.objects.published()).distinct()
        categories = [{"name": c.name, "url": c.get_absolute_url()} for c in live]
        entry = {"categories": categories, "html": {}}
    return entry_key, entry


def _seconds_to_keep() -> int:
    """Until the next scheduled article goes live, at most CACHE_SECONDS."""
    at = Article.objects.next_publish_at()
    return CACHE_SECONDS if at is None else max(1, min(CACHE_SECONDS, int(at - time.time())))


def nav_html(current_path: str) -> str:
    entry_key, entry = _entry()
    practice_url = reverse("practice:index")
    marked = {"/", practice_url} | {c["url"] for c in entry["categories"]}
    current = current_path if current_path in marked else ""
    html = entry["html"].get(current)
    if html is None:
        context = {
            "categories": entry["categories"],
            "current_path": current,
            "practice_url": practice_url,
        }
        html = render_to_string("includes/nav.html", context)
        entry["html"][current] = html
        if entry_key is not None:
            fragments.store(entry_key, entry, _seconds_to_keep())
    return html


def invalidate() -> None:
    """Categories changed: the navigation is stale now and once the change is committed."""
    fragments.changed(NAME)
