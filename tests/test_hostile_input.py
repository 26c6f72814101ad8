"""Characters the database cannot store are refused in one place, before any query."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comments.models import Comment
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

REFUSAL = "不允许的字符"


def assert_refused(response, json=False):
    assert response.status_code == 400
    if json:
        assert REFUSAL in response.json()["error"]["message"]
    else:
        assert REFUSAL in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/authors/%00/",
        "/authors/alice%00/",
        "/authors/\x00/",
        "/tag/%00/",
        "/articles/a%00b/",
        "/comments/posted/%00/",
        "/no/such/%00/",
    ],
)
def test_nul_in_the_path_is_a_400(client, path):
    """A NUL anywhere in the path, percent-encoded or not, is refused as a 400."""
    AuthorFactory(username="alice")
    assert_refused(client.get(path))


@pytest.mark.parametrize(
    "query",
    [
        {"status": "\x00"},
        {"status__exact": "draft\x00"},
        {"q": "macd\x00"},
        {"\x00": "1"},
        {"o\x00": "1"},
    ],
)
def test_nul_in_admin_list_queries_is_a_400(admin_client, query):
    """Admin list filters, search and ordering cannot smuggle a NUL to the database."""
    ArticleFactory()
    assert_refused(admin_client.get(reverse("admin:articles_article_changelist"), query))


def test_nul_in_admin_autocomplete_term_is_a_400(admin_client):
    """The admin's autocomplete search refuses a NUL term."""
    url = reverse("admin:autocomplete")
    query = {"app_label": "articles", "model_name": "article", "field_name": "tags"}
    assert admin_client.get(url, {**query, "term": "a"}).status_code == 200
    assert_refused(admin_client.get(url, {**query, "term": "\x00"}))


def test_nul_in_a_query_string_written_raw_is_a_400(client):
    """The raw, percent-encoded form in the query string is caught the same way."""
    assert_refused(client.get("/?page=%00"))
    assert_refused(client.get("/?%00=1"))


def test_nul_in_a_posted_form_field_is_a_400(client):
    """Form posts are checked, keys and values, before any view runs."""
    article = ArticleFactory()
    url = reverse("comments:post", args=[article.slug])
    assert_refused(client.post(url, {"name": "\x00", "body": "好文"}))
    assert_refused(client.post(url, {"bo\x00dy": "好文"}))


def test_nul_on_a_json_endpoint_is_a_json_400_naming_the_field(client):
    """JSON endpoints refuse in JSON and name the field, so their scripts can point at it."""
    article = ArticleFactory()
    response = client.get("/api/indicators/macd/", {"symbol": "\x00"})
    assert_refused(response, json=True)
    assert response.json()["error"]["param"] == "symbol"
    response = client.post(reverse("comments:submit", args=[article.slug]), {"body": "a\x00"})
    assert_refused(response, json=True)
    assert list(response.json()["errors"]) == ["body"]
    assert not Comment.objects.exists()


def test_nul_in_the_session_cookie_is_a_400(client):
    """A quoted cookie can decode to a NUL (octal escape); the session key never gets used."""
    assert_refused(client.get("/", HTTP_COOKIE='sessionid="abcdefgh\\000ijk"'))


def test_other_cookies_never_lock_a_browser_out(client):
    """A cookie the site does not read (another app's on the domain) is left alone."""
    assert client.get("/", HTTP_COOKIE='their_app="a\\000b"').status_code == 200


def test_nul_in_an_uploaded_file_field_name_is_a_400(admin_client):
    """Multipart field names are checked too."""
    response = admin_client.post(
        reverse("ck_editor_5_upload_file"), {"up\x00load": SimpleUploadedFile("a.png", b"x")}
    )
    assert_refused(response, json=True)


def test_ordinary_chinese_input_passes(client):
    """Only unstorable characters are refused: Chinese text, emoji and symbols pass."""
    AuthorFactory(profile__display_name="Alice")
    assert client.get("/authors/alice/", {"q": "金叉 😀 ＆"}).status_code == 200


def test_null_character_message_is_correct_chinese():
    """Django's own NUL validation message reads correctly in Chinese (not "empty string")."""

    class Form(forms.Form):
        name = forms.CharField()

    form = Form({"name": "a\x00b"})
    assert not form.is_valid()
    assert form.errors["name"] == ["不能包含空字符（NUL）。"]
