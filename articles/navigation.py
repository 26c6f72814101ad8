"""The site navigation (栏目): categories and K线训练营, cached with their rendered HTML.

Only the home page, category pages and the trainer mark themselves as current, so there
are a few distinct renderings at most; each is rendered once and kept beside the list.
When the cache fails, the navigation is rendered from the database.
"""

from django.template.loader import render_to_string
from django.urls import reverse

from articles import fragments
from articles.models import Category

NAME = "nav-categories"
CACHE_SECONDS = 3600


def _entry() -> tuple[str | None, dict]:
    """(cache key, {"categories": [...], "html": {current path: html}}); the key is None
    when the cache failed."""
    entry_key, entry = fragments.lookup(NAME)
    if entry is None:
        categories = [{"name": c.name, "url": c.get_absolute_url()} for c in Category.objects.all()]
        entry = {"categories": categories, "html": {}}
    return entry_key, entry


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
            fragments.store(entry_key, entry, CACHE_SECONDS)
    return html


def invalidate() -> None:
    """Categories changed: the navigation is stale now and once the change is committed."""
    fragments.changed(NAME)
