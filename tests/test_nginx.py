"""The shipped nginx site (deploy/nginx/kxian.conf) in front of the app: its microcache
serves public pages and never a personal page or the view beacon."""

import http.server
import os
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from articles.models import Article
from bench import nginx
from tests.factories import ArticleFactory

pytestmark = pytest.mark.skipif(
    not shutil.which("nginx") and not os.path.exists(nginx.NGINX),
    reason="nginx is not installed (bin/_system.sh need_packages installs it)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def layout(tmp_path, upstream="127.0.0.1:9") -> nginx.Layout:
    # NGINX_TEST_PORT=P pins the ports on a shared machine: nginx P and P+1, a stand-in
    # upstream P+3 (give the live server another, e.g. --liveserver 127.0.0.1:P+2).
    base = int(os.environ.get("NGINX_TEST_PORT", "0"))
    return nginx.Layout(
        port=base or free_port(),
        redirect_port=base + 1 if base else free_port(),
        upstream=upstream,
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        prefix=tmp_path / "nginx",
    )


@pytest.fixture
def site(live_server, tmp_path):
    """A throwaway nginx running the shipped site in front of the live test server."""
    upstream = live_server.url.removeprefix("http://").replace("localhost", "127.0.0.1")
    where = layout(tmp_path, upstream)
    (where.static_root / "js").mkdir(parents=True)
    process = nginx.start(where)
    yield where
    nginx.stop(process)


def fetch(where, path, method="GET", headers=None):
    """(status, headers, body) of one request to the throwaway nginx."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{where.port}{path}", method=method, headers=headers or {}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_shipped_config_passes_nginx_t(tmp_path):
    """`nginx -t` accepts the shipped site file, rendered for loopback."""
    checked = nginx.check(nginx.write_config(layout(tmp_path)))
    assert checked.returncode == 0, checked.stderr


@pytest.mark.django_db(transaction=True)
def test_public_page_is_served_from_the_microcache(site):
    """An anonymous reader's second request for an article is a cache HIT, same bytes."""
    article = ArticleFactory()
    status, headers, first = fetch(site, article.get_absolute_url())
    assert status == 200
    assert headers["X-Cache-Status"] in ("MISS", "EXPIRED")
    status, headers, again = fetch(site, article.get_absolute_url())
    assert (status, headers["X-Cache-Status"], again) == (200, "HIT", first)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("cookie", ["sessionid=abc", "messages=abc", "csrftoken=x; sessionid=y"])
def test_personal_requests_bypass_the_microcache(site, cookie):
    """A session or messages cookie bypasses the cache, even when the page is cached."""
    article = ArticleFactory()
    fetch(site, article.get_absolute_url())
    fetch(site, article.get_absolute_url())
    status, headers, _ = fetch(site, article.get_absolute_url(), headers={"Cookie": cookie})
    assert (status, headers["X-Cache-Status"]) == (200, "BYPASS")


@pytest.mark.django_db(transaction=True)
def test_csrf_cookie_alone_reads_the_shared_copy(site):
    """The CSRF cookie does not make a page personal: it gets the shared copy."""
    article = ArticleFactory()
    fetch(site, article.get_absolute_url())
    status, headers, _ = fetch(
        site, article.get_absolute_url(), headers={"Cookie": "csrftoken=abc"}
    )
    assert (status, headers["X-Cache-Status"]) == (200, "HIT")


@pytest.mark.django_db(transaction=True)
def test_view_beacon_is_never_cached(site, settings):
    """Every reader's beacon reaches the app: 5 readers through nginx add exactly 5."""
    settings.TRUSTED_PROXY_COUNT = 1  # nginx sets X-Forwarded-For
    article = ArticleFactory()
    url = reverse("articles:record_view", args=[article.slug])
    agent = {"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0"}
    for n in range(5):
        status, headers, _ = fetch(
            site, url, "POST", {**agent, "X-Forwarded-For": f"203.0.113.{n}"}
        )
        assert status == 204
        assert "X-Cache-Status" not in headers
    from django.core.management import call_command

    call_command("flush_views", verbosity=0)
    assert Article.objects.get(pk=article.pk).view_count == 5


def test_hashed_static_files_are_immutable(tmp_path):
    """nginx serves collected static files itself; hashed names are cached for a year."""
    where = layout(tmp_path)
    (where.static_root / "js").mkdir(parents=True)
    (where.static_root / "js" / "app.0123456789ab.js").write_text("let a = 1;\n")
    (where.static_root / "js" / "app.js").write_text("let a = 1;\n")
    process = nginx.start(where)
    try:
        _, hashed, body = fetch(where, "/static/js/app.0123456789ab.js")
        _, plain, _ = fetch(where, "/static/js/app.js")
    finally:
        nginx.stop(process)
    assert body == b"let a = 1;\n"
    assert hashed["Cache-Control"] == "public, max-age=31536000, immutable"
    assert plain["Cache-Control"] == "public, max-age=3600"


@pytest.mark.django_db(transaction=True)
def test_gzip_and_plain_copies_are_kept_apart(site):
    """A gzip copy is never served to a client that refuses gzip, nor a plain one to gzip."""
    article = ArticleFactory()
    url = article.get_absolute_url()
    _, _, plain = fetch(site, url)
    for _ in range(2):
        _, zipped, body = fetch(site, url, headers={"Accept-Encoding": "br, gzip"})
        assert zipped["Content-Encoding"] == "gzip"
        assert body[:2] == b"\x1f\x8b"
    assert zipped["X-Cache-Status"] == "HIT"
    for refusal in ("gzip;q=0", "nogzip", "identity"):
        _, headers, body = fetch(site, url, headers={"Accept-Encoding": refusal})
        assert "Content-Encoding" not in headers
        assert (body, headers["X-Cache-Status"]) == (plain, "HIT")


@pytest.mark.django_db(transaction=True)
def test_an_edit_shows_within_two_seconds_busy_or_idle(site):
    """After an edit, a page read all the time shows it within 2 s; on a page nobody read
    since, at most the first request gets the old copy (and refreshes it)."""
    busy, idle = ArticleFactory(title="旧标题甲"), ArticleFactory(title="旧标题乙")
    assert shows(site, idle, "旧标题乙") and shows(site, busy, "旧标题甲")
    for article, title in ((busy, "新标题甲"), (idle, "新标题乙")):
        article.title = title
        article.save()
    edited = time.monotonic()
    while not shows(site, busy, "新标题甲"):
        assert time.monotonic() - edited < 2, "the busy page still shows the old title"
        time.sleep(0.02)
    time.sleep(max(0.0, edited + 2 - time.monotonic()))
    shows(site, idle, "新标题乙")  # may be the old copy, refreshed in the background
    time.sleep(0.5)
    assert shows(site, idle, "新标题乙")


@pytest.mark.django_db(transaction=True)
def test_unread_copies_are_dropped(site):
    """A copy nobody asked for is dropped within seconds, so it is never served long after."""
    article = ArticleFactory(title="旧标题丙")
    assert shows(site, article, "旧标题丙")
    article.title = "新标题丙"
    article.save()
    time.sleep(12.5)  # inactive (1 s) + the cache manager's longest sleep (10 s)
    assert shows(site, article, "新标题丙")


def shows(site, article, text) -> bool:
    return text.encode() in fetch(site, article.get_absolute_url())[2]


class _Upstream(http.server.BaseHTTPRequestHandler):
    """A stand-in for gunicorn: each path answers with the headers its name says."""

    HEADERS = {
        "/public/": [("Cache-Control", "public, max-age=0, must-revalidate")],
        "/shared/": [("Cache-Control", "public, max-age=600, s-maxage=1")],
        "/sets-cookie/": [("Set-Cookie", "kx_reader=abc; Path=/")],
        "/private/": [("Cache-Control", "private")],
        "/no-store/": [("Cache-Control", "no-store")],
        "/no-cache/": [("Cache-Control", "private, no-cache")],
        "/varies/": [("Vary", "Cookie, Accept-Language")],
    }

    def do_GET(self):
        body = f"page {self.path}".encode()
        self.send_response(200)
        for name, value in self.HEADERS[self.path]:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in(tmp_path):
    """The shipped site in front of the stand-in upstream."""
    base = int(os.environ.get("NGINX_TEST_PORT", "0"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", base + 3 if base else 0), _Upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    where = layout(tmp_path, f"127.0.0.1:{server.server_address[1]}")
    process = nginx.start(where)
    yield where
    nginx.stop(process)
    server.shutdown()


@pytest.mark.parametrize("path", ["/public/", "/shared/"])
def test_shareable_answers_are_cached_whatever_their_max_age(stand_in, path):
    """max-age=0 (today's pages) and s-maxage=1 alike are kept for the microcache's second."""
    fetch(stand_in, path)
    assert fetch(stand_in, path)[1]["X-Cache-Status"] == "HIT"


@pytest.mark.parametrize(
    "path", ["/sets-cookie/", "/private/", "/no-store/", "/no-cache/", "/varies/"]
)
def test_personal_answers_are_never_stored(stand_in, path):
    """An answer that sets a cookie, is private, no-store or no-cache, or varies on more
    than the cookie and the encoding, is fetched again every time."""
    for _ in range(3):
        status, headers, _ = fetch(stand_in, path)
        assert (status, headers["X-Cache-Status"]) == (200, "MISS")
