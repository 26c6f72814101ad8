"""The site navigation (栏目): categories, cached with their rendered HTML.

Only the home page and category pages mark themselves as current, so there are a few
distinct renderings at most; each is rendered once and kept beside the list. With the
cache down the navigation is rendered from the database (issue 17).
"""

import contextlib
import logging

from django.core.cache import cache
from django.template.loader import render_to_string

from articles.models import Category
from core.cache_errors import CACHE_ERRORS

logger = logging.getLogger(__name__)

CACHE_KEY = "nav-categories:v2"
CACHE_SECONDS = 3600


def nav_html(current_path: str) -> str:
    try:
        entry = cache.get(CACHE_KEY)
    except CACHE_ERRORS:
        entry = None
    if entry is None:
        categories = [{"name": c.name, "url": c.get_absolute_url()} for c in Category.objects.all()]
        entry = {"categories": categories, "html": {}}
    marked = {"/"} | {c["url"] for c in entry["categories"]}
    current = current_path if current_path in marked else ""
    html = entry["html"].get(current)
    if html is None:
        html = render_to_string(
            "includes/nav.html", {"categories": entry["categories"], "current_path": current}
        )
        entry["html"][current] = html
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set(CACHE_KEY, entry, CACHE_SECONDS)
    return html


def invalidate() -> None:
    try:
        cache.delete(CACHE_KEY)
    except CACHE_ERRORS:  # the entry then expires within CACHE_SECONDS
        logger.warning("could not drop the cached navigation", exc_info=True)
