"""A process's memory that the shared cache just failed, so that it is left alone briefly.

A stopped Redis refuses at once, but a hung one costs every request its socket timeout;
after a failure, requests in this process skip the shared cache (render, compute) for
RETRY_SECONDS and then try it again.
"""

import logging
import time

logger = logging.getLogger("core.pagecache")
RETRY_SECONDS = 5.0
_down_until = 0.0


def cache_is_down() -> bool:
    return time.monotonic() < _down_until


def note_failure(what: str) -> None:
    global _down_until
    _down_until = time.monotonic() + RETRY_SECONDS
    logger.warning(
        "shared cache unavailable (%s); skipping it for %ss", what, RETRY_SECONDS, exc_info=True
    )


def reset() -> None:
    global _down_until
    _down_until = 0.0
