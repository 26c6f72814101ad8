"""Health and outages: /healthz tells the truth, and a database outage answers 503."""

import json
import socket
from datetime import timedelta

import pytest
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from config.middleware import is_cache_outage, is_database_outage
from health import probe
from health.models import Heartbeat
from tests.factories import ArticleFactory
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db(transaction=True)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def break_database(tmp_path):
    """Returns a function that makes the database unreachable for real, then repairs it.

    SQLite: the connection points at a file in a folder that does not exist. PostgreSQL:
    at a port nobody listens on. Either way the driver itself fails to connect.
    """
    original = dict(connection.settings_dict)

    def down():
        connection.close()
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = str(tmp_path / "missing" / "db.sqlite3")
        else:
            connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))

    yield down
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(original)


@pytest.fixture
def read_only_database():
    """Returns a function that leaves reads working but refuses every write."""

    def read_only():
        connection.ensure_connection()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = ON")
            else:
                cursor.execute("SET default_transaction_read_only = on")

    yield read_only
    connection.close()  # both settings belong to the session: a new one starts clean


def test_healthz_is_200_and_really_writes(client):
    """A working database answers 200 "ok", and the probe left a fresh heartbeat."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    beat = Heartbeat.objects.get()
    assert timezone.now() - beat.beat_at < timedelta(seconds=5)
    assert client.head("/healthz").status_code == 200


def test_healthz_is_503_when_the_database_is_unreachable(client, break_database):
    """No connection: 503 naming the database in its JSON body, not 200 and not a 500."""
    break_database()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "down" and response.json()["database"] == "down"


def test_healthz_is_503_when_the_database_refuses_writes(client, read_only_database):
    """Reads alone are not health: a read-only database is reported as down."""
    read_only_database()
    assert client.get("/healthz").status_code == 503


def test_healthz_remembers_its_answer_briefly(client, settings, monkeypatch, break_database):
    """Within the window probes cost no query; after it, an outage shows at once."""
    settings.HEALTH_CHECK_CACHE_SECONDS = 2
    clock = [1000.0]
    monkeypatch.setattr(probe.time, "monotonic", lambda: clock[0])
    assert client.get("/healthz").status_code == 200
    break_database()
    clock[0] += 1.5
    assert client.get("/healthz").status_code == 200  # remembered: no database touched
    clock[0] += 1
    assert client.get("/healthz").status_code == 503
    clock[0] += 1
    assert client.get("/healthz").status_code == 503


def test_healthz_probe_makes_no_query_while_remembered(client, django_assert_num_queries):
    """The second probe inside the window is answered from memory."""
    client.get("/healthz")
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


@pytest.fixture
def article():
    load_series()
    return ArticleFactory(slug="cci-ru-men")


@pytest.mark.parametrize("path", ["/", "/articles/cci-ru-men/", "/category/zhibiao/", "/tag/x/"])
def test_pages_give_the_chinese_503_page_in_an_outage(client, article, break_database, path):
    """Readers get the Chinese "服务暂时不可用" page with 503 and Retry-After, not a 500."""
    break_database()
    response = client.get(path)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "服务暂时不可用" in page and '<html lang="zh-Hans">' in page
    assert response["Retry-After"] == "30" and "no-cache" in response["Cache-Control"]


def test_admin_gives_the_503_page_in_an_outage(client, break_database):
    """The authors' login page needs the database too, and says so the same way."""
    break_database()
    response = client.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 503 and "服务暂时不可用" in response.content.decode()


def test_a_signed_in_author_gets_the_503_page_in_an_outage(admin_client, break_database):
    """With a session cookie, loading the session and user fails inside the view: 503."""
    break_database()
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 503 and "服务暂时不可用" in response.content.decode()


def _json_error(response):
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["error"]["message"] == data["message"] and "数据库" in data["message"]


def test_json_endpoints_answer_json_in_an_outage(client, article, break_database):
    """The indicator API, the comment endpoint and the view beacon answer 503 in JSON."""
    break_database()
    _json_error(client.get(reverse("indicators:api", args=["cci"]), {"symbol": "600519"}))
    _json_error(
        client.post(
            reverse("comments:submit", args=[article.slug]),
            {"name": "读者", "body": "写得好"},
            headers={"accept": "application/json"},
        )
    )
    _json_error(client.post(reverse("articles:record_view", args=[article.slug])))


def test_a_write_to_a_read_only_database_is_an_outage(client, article, read_only_database):
    """Posting a comment while writes are refused answers 503, and nothing is half-saved."""
    read_only_database()
    response = client.post(
        reverse("comments:submit", args=[article.slug]),
        {"name": "读者", "body": "写得好，学到了。"},
        headers={"accept": "application/json"},
    )
    _json_error(response)
    connection.close()
    assert article.comments.count() == 0


@pytest.mark.parametrize(
    ("exc", "outage"),
    [
        (OperationalError("connection refused"), True),
        (InterfaceError("connection already closed"), True),
        (IntegrityError("UNIQUE constraint failed"), False),
        (DatabaseError("syntax error"), False),
        (ValueError("not a database error"), False),
    ],
)
def test_only_outages_count_as_outages(exc, outage):
    """Bugs (constraint or SQL errors) stay 500s that get fixed; outages become 503s."""
    assert is_database_outage(exc) is outage


@pytest.mark.parametrize(
    ("exc", "outage"),
    [
        (RedisConnectionError("Connection refused"), True),
        (RedisTimeoutError("Timeout reading from socket"), True),
        (ResponseError("OOM command not allowed when used memory > 'maxmemory'"), True),
        (ConnectionRefusedError(111, "refused"), True),
        (TimeoutError("timed out"), True),
        (FileNotFoundError(2, "no such file"), False),
        (ValueError("not an outage"), False),
    ],
)
def test_cache_outages_count_as_outages(exc, outage):
    """Redis down, hung or full is an outage (503); a missing file elsewhere stays a bug."""
    assert is_cache_outage(exc) is outage


def _busy(request):
    return HttpResponse("稍后再试", status=503)


urlpatterns = [path("busy/", _busy)]


def test_a_views_own_503_says_when_to_retry(client, settings):
    """A view that answers 503 itself (a beacon that could not count, say) gets Retry-After."""
    settings.ROOT_URLCONF = __name__
    response = client.get("/busy/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
