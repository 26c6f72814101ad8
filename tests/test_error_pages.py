"""Every error speaks Chinese: JSON for JSON endpoints, the site's HTML pages elsewhere."""

import pytest
from django.test import Client
from django.urls import reverse

from config.errors import is_json_endpoint
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def assert_json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    message = response.json()["error"]["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    return message


def assert_html_error(response, status, text):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert text in html and 'lang="zh-Hans"' in html
    return html


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/indicators/macd/", True),
        ("/api/anything/else/", True),
        ("/comments/csrf/", True),
        ("/comments/submit/some-slug/", True),
        ("/articles/some-slug/view/", True),
        ("/ckeditor5/image_upload/", True),
        ("/articles/some-slug/", False),
        ("/comments/post/some-slug/", False),
        ("/authors/alice/", False),
        ("/admin/", False),
        ("/", False),
    ],
)
def test_json_endpoints_are_recognised_by_path(rf, path, expected):
    """One helper decides which paths answer errors in JSON."""
    assert is_json_endpoint(rf.get(path)) is expected


def test_html_404_is_chinese(client):
    """An unknown page gets the site's Chinese 404 page."""
    assert_html_error(client.get("/no/such/page/"), 404, "没有找到这个页面")


def test_json_404_from_an_endpoint(client):
    """A missing article's view beacon and unknown API paths answer 404 in JSON."""
    assert_json_error(client.post("/articles/no-such-article/view/"), 404)
    assert_json_error(client.get("/api/no/such/thing/"), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/comments/submit/some-slug/"),
        ("get", "/ckeditor5/image_upload/"),
        ("get", "/articles/some-slug/view/"),
        ("post", "/comments/csrf/"),
        ("post", "/api/indicators/macd/"),
    ],
)
def test_json_405_keeps_allow_header(client, method, path):
    """A wrong method on a JSON endpoint is a JSON 405 that still says what is allowed."""
    response = getattr(client, method)(path)
    assert_json_error(response, 405)
    assert response["Allow"]


def test_html_405_is_chinese(client):
    """A wrong method on a page gets a Chinese page, not an empty body."""
    assert_html_error(client.post("/"), 405, "请求方式不支持")


def test_csrf_failure_on_comment_endpoint_is_json(settings):
    """A comment post without a CSRF token is a JSON 403 comments.js can show."""
    article = ArticleFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("comments:submit", args=[article.slug]), {"body": "好文"})
    assert "刷新" in assert_json_error(response, 403)


def test_csrf_failure_on_a_page_is_chinese_html():
    """A login form posted without its token gets a Chinese 403 page."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert_html_error(response, 403, "刷新页面")


def test_bad_request_page_is_chinese(client):
    """A request Django refuses as suspicious (too many fields) gets a Chinese 400 page."""
    query = "&".join(f"f{i}=1" for i in range(1100))
    assert_html_error(
        client.post(
            "/comments/post/x/?" + query,
            data=query,
            content_type="application/x-www-form-urlencoded",
        ),
        400,
        "请求无效",
    )


def test_unknown_host_gets_the_chinese_400_page(client):
    """A request for a host the site does not serve gets Chinese, not Django's English."""
    assert_html_error(client.get("/", HTTP_HOST="evil.example"), 400, "请求无效")


def test_bad_request_on_an_endpoint_is_json(client):
    """The same refusal on a JSON endpoint is a JSON 400."""
    query = "&".join(f"f{i}=1" for i in range(1100))
    response = client.post(
        "/comments/submit/x/", data=query, content_type="application/x-www-form-urlencoded"
    )
    assert_json_error(response, 400)


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.urls"
    return Client(raise_request_exception=False)


def test_server_error_page_is_chinese(failing_site):
    """A bug behind a page shows the Chinese 500 page."""
    assert_html_error(failing_site.get("/fail/"), 500, "服务暂时不可用")


def test_server_error_on_an_endpoint_is_json(failing_site):
    """A bug behind a JSON endpoint still answers JSON."""
    assert_json_error(failing_site.get("/api/indicators/fail/boom/"), 500)
