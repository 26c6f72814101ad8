"""A frozen or stopped PostgreSQL costs a bounded wait, never a worker held for good.

Each test freezes (SIGSTOP) a private PostgreSQL on loopback, never the suite's own
database; skipped where PostgreSQL is not installed. Part of the fault tests (see
tests/test_faults.py and bin/faults).
"""

import os
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError

from tests.servers import PostgresServer, postgres_bin

PORT = int(os.environ.get("FAULTS_PORT", "27020")) + 1

pytestmark = [
    pytest.mark.skipif(
        not (django_settings.REDIS_URL and postgres_bin()),
        reason="fault tests run in the PostgreSQL + Redis leg (and need PostgreSQL installed)",
    ),
    # pytest-django refuses every connection, the private server's too, without it.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def private_postgres():
    server = PostgresServer(PORT, database="postgres").start()
    yield server
    server.remove()


def _wrapper(server):
    """A Django connection to the private server, with the site's PostgreSQL options."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    config = {**django_settings.DATABASES["default"]}
    config.update(
        ENGINE="django.db.backends.postgresql",
        NAME="postgres",
        USER="postgres",
        PASSWORD="",
        HOST="127.0.0.1",
        PORT=str(server.port),
        CONN_MAX_AGE=0,
        OPTIONS={
            "connect_timeout": django_settings.DATABASE_CONNECT_TIMEOUT,
            "options": f"-c statement_timeout={django_settings.DATABASE_STATEMENT_TIMEOUT_MS}",
        },
    )
    return DatabaseWrapper(config, alias="faults")


def _seconds_to_fail(call) -> float:
    started = time.monotonic()
    with pytest.raises(OperationalError):
        call()
    return time.monotonic() - started


def test_a_frozen_postgres_is_cut_off_by_the_hang_guard(private_postgres, settings):
    """SIGSTOP on every PostgreSQL process: a query on an open connection fails after
    DATABASE_HANG_SECONDS instead of blocking the worker for good."""
    from config.hang_guard import _watchdog

    settings.DATABASE_HANG_SECONDS = 0.5
    wrapper = _wrapper(private_postgres)
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
    _watchdog.ensure_running()
    ident = _watchdog.watch([wrapper])
    private_postgres.pause()
    thaw = threading.Timer(8, private_postgres.resume)  # without the guard: fail, not hang
    thaw.start()
    try:
        with wrapper.cursor() as cursor:
            assert _seconds_to_fail(lambda: cursor.execute("SELECT 1")) < 2
    finally:
        thaw.cancel()
        _watchdog.unwatch(ident)
        private_postgres.resume()
        wrapper.close()


def test_connecting_to_a_frozen_postgres_times_out(private_postgres):
    """A new connection to a frozen server gives up after connect_timeout (2 s)."""
    private_postgres.pause()
    try:
        assert _seconds_to_fail(lambda: _wrapper(private_postgres).ensure_connection()) < 3.5
    finally:
        private_postgres.resume()


def test_after_a_failed_connect_the_next_fails_at_once(private_postgres):
    """A request's connect to a frozen server waits once; the next within
    DATABASE_DOWN_SECONDS fails at once, and after a thaw connecting works again."""
    from config.hang_guard import _guarded_connect, reset

    wrapper = _wrapper(private_postgres)
    private_postgres.pause()
    try:
        guarded = _guarded_connect(wrapper.connect)

        def connect():
            with wrapper.wrap_database_errors:  # as ensure_connection() calls it
                guarded()

        assert 1.5 < _seconds_to_fail(connect) < 3.5
        assert _seconds_to_fail(connect) < 0.1
    finally:
        private_postgres.resume()
    reset()
    _guarded_connect(wrapper.connect)()
    wrapper.close()


def test_statement_timeout_cancels_a_runaway_query(private_postgres, settings):
    """The server itself cancels a query that runs past DATABASE_STATEMENT_TIMEOUT_MS."""
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 300
    wrapper = _wrapper(private_postgres)
    try:
        with wrapper.cursor() as cursor:
            assert _seconds_to_fail(lambda: cursor.execute("SELECT pg_sleep(5)")) < 2
    finally:
        wrapper.close()
