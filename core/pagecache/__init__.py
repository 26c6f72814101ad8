"""A shared cache of whole public pages for anonymous readers.

Pages opt in: a class-based view with `PublicPageMixin` (core.views), or a function view
wrapped in `public_page()`. `PageCacheMiddleware` answers them before sessions, CSRF,
authentication or the view run. The parts:

- version: the content version every entry records; `bump()` after any event that
  changes what readers see makes every entry stale at once, and a scheduled article's
  publish time turns it over by itself. An entry is also stale after PAGE_CACHE_SECONDS,
  which bounds how far the 阅读 and 评论 numbers can lag.
- keys: which requests are cacheable, and the canonical key of each.
- bounded: slots for what visitors can vary without end (search queries, API settings,
  QR states), so hostile URLs cannot grow the cache.
- entries: stored copies, plain and gzipped, plus each process's recent local copies
  (used only when they carry the current version, so losing them costs a read).
- middleware: lookups, one render per burst (a short lock; others get the stale copy or
  wait for it), and storing only a 200 that set no cookie and used no CSRF token.
- headers: what may be shared downstream (nginx, a CDN) and what is personal.
- outage: a failing shared cache is skipped for a few seconds; pages render without it.
"""

from core.pagecache.entries import do_not_store, local_entries
from core.pagecache.keys import entry_key, public_page
from core.pagecache.middleware import PageCacheMiddleware
from core.pagecache.version import (
    STATE_KEY,
    bump,
    current_version,
    register_refresher,
    register_schedule,
    shared_cache,
)

__all__ = [
    "STATE_KEY",
    "PageCacheMiddleware",
    "bump",
    "current_version",
    "do_not_store",
    "entry_key",
    "local_entries",
    "public_page",
    "register_refresher",
    "register_schedule",
    "shared_cache",
]
