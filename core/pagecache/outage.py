"""The page cache's view of a failing shared cache: the process-wide mark in core.outage.

After a failure, requests in this process skip the shared cache (render, compute) for
settings.CACHE_DOWN_SECONDS and then try it again.
"""

import logging

from core.outage import SHARED_CACHE

logger = logging.getLogger("core.pagecache")

cache_is_down = SHARED_CACHE.is_down
reset = SHARED_CACHE.forget


def note_failure(what: str) -> None:
    SHARED_CACHE.mark_down()
    logger.warning("shared cache unavailable (%s); skipping it for a while", what, exc_info=True)
