from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagecache import outage


def pytest_configure():
    """A fresh clone has no .local/: make the folder of the SQLite test database."""
    test_name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if test_name:
        Path(test_name).parent.mkdir(parents=True, exist_ok=True)


_DB_FIXTURES = {"db", "transactional_db", "live_server", "admin_client", "admin_user"}


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Every database test starts with an empty cache (hot list, QR codes, view windows).

    The default cache lives in the database, so tests without one have nothing to clear.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if not (marker or _DB_FIXTURES & names):
        yield
        return
    transactional = bool({"transactional_db", "live_server"} & names) or bool(
        marker and marker.kwargs.get("transaction")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    _clear_caches()
    yield
    _clear_caches()


def _clear_caches():
    from articles import fragments, view_buffer

    fragments.CACHE_OUTAGE.forget()  # no test inherits another's Redis outage
    view_buffer.COUNTS_OUTAGE.forget()
    cache.clear()
    outage.reset()  # a test that failed the cache leaves no pause behind
    if settings.REDIS_COUNTS_URL:  # buffered views live in their own Redis database
        view_buffer.counts_client().flushdb()


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff_roles(db):
    """The 作者 and 编辑 groups with their permissions."""
    from articles.roles import ensure_roles

    ensure_roles()


@pytest.fixture(autouse=True)
def _fresh_health_probe():
    """/healthz remembers its last probe, and each process a recent outage of the database
    or cache, for a moment: no test inherits another's answer."""
    from config import hang_guard
    from core import cache_breaker
    from health.probe import forget

    for fresh in (forget, hang_guard.reset, cache_breaker.reset):
        fresh()
    yield
    for fresh in (forget, hang_guard.reset, cache_breaker.reset):
        fresh()


@pytest.fixture
def page_queries():
    """Captures the SQL a request runs for its content, leaving out the database cache's
    own table, so exact counts hold with the database cache and with Redis alike."""

    @contextmanager
    def capture():
        queries = []
        with CaptureQueriesContext(connection) as context:
            yield queries
        queries += [
            q["sql"]
            for q in context.captured_queries
            # The database cache's own reads and writes, and the savepoints around them.
            if "django_cache" not in q["sql"] and "SAVEPOINT" not in q["sql"]
        ]

    return capture


@pytest.fixture
def no_page_cache(settings):
    """Render every request afresh: for tests that count the queries a page's view makes."""
    settings.PAGE_CACHE_SECONDS = 0
