"""Authors publish through the admin, within their permissions."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from articles.roles import AUTHOR_GROUP, EDITOR_GROUP
from tests.factories import ArticleFactory, AuthorFactory, article_form, member

pytestmark = pytest.mark.django_db


def image_bytes(kind, size=(4, 4)):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def test_author_sees_only_own_articles(client, staff_roles):
    """The change list of an author holds their own articles, not colleagues'."""
    author = member(AUTHOR_GROUP)
    ArticleFactory(author=author, title="我的文章")
    ArticleFactory(title="别人的文章")
    client.force_login(author)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "我的文章" in html and "别人的文章" not in html


def test_author_cannot_open_or_publish_a_colleagues_article(client, staff_roles):
    """Another author's article is out of reach: no page, no edit."""
    author = member(AUTHOR_GROUP)
    other = ArticleFactory(draft=True)
    client.force_login(author)
    url = reverse("admin:articles_article_change", args=[other.pk])
    assert client.get(url).status_code == 302  # admin redirects missing objects to the index
    client.post(url, article_form(status="published"))
    assert Article.objects.get(pk=other.pk).status == "draft"


def test_author_writes_as_themselves(client, staff_roles):
    """An author's new article is theirs whatever author id the form sends."""
    author, someone = member(AUTHOR_GROUP), AuthorFactory()
    client.force_login(author)
    response = client.post(
        reverse("admin:articles_article_add"), article_form(author=someone.pk, status="published")
    )
    assert response.status_code == 302
    article = Article.objects.get(title="新文章")
    assert article.author == author and article.status == "published"
    assert article.slug == "xin-wen-zhang"


def test_editor_sees_and_reassigns_everything(client, staff_roles):
    """Editors manage every author's articles."""
    editor = member(EDITOR_GROUP)
    ArticleFactory(title="别人的文章")
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "别人的文章" in html


def test_admin_list_shows_status_views_and_comments(admin_client):
    """The list has status, author, time, views, comments and a preview link."""
    ArticleFactory(title="已发布的", view_count=321)
    ArticleFactory(scheduled=True, title="定时的")
    html = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "已发布" in html and "定时" in html and "321" in html and "预览" in html


def test_publishing_requires_a_body(admin_client):
    """A published article without a body is refused with a form error, nothing saved."""
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(author=AuthorFactory().pk, status="published", body_markdown=""),
    )
    assert response.status_code == 200
    assert "发布前请填写正文" in response.content.decode()
    assert not Article.objects.exists()


def test_rich_text_body_uses_ckeditor_5(admin_client):
    """The rich-text field renders the CKEditor 5 widget."""
    html = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "django_ckeditor_5/dist/bundle.js" in html
    assert "admin/js/article_body_format.js" in html


def test_editor_image_upload_is_staff_only(client, admin_client, media_root):
    """Anonymous and non-staff users cannot upload images through the editor."""
    url = reverse("ck_editor_5_upload_file")
    png = image_bytes("PNG")
    assert client.post(url, {"upload": SimpleUploadedFile("a.png", png)}).status_code == 403
    client.force_login(AuthorFactory(is_staff=False))
    assert client.post(url, {"upload": SimpleUploadedFile("a.png", png)}).status_code == 403
    response = admin_client.post(url, {"upload": SimpleUploadedFile("a.png", png, "image/png")})
    assert response.status_code == 200
    assert response.json()["url"].startswith("/media/uploads/")


def test_cover_upload_makes_a_thumbnail(admin_client, media_root):
    """A cover image gets a 480x270 thumbnail for lists and the sidebar."""
    cover = SimpleUploadedFile("cover.jpg", image_bytes("JPEG", (1200, 800)), "image/jpeg")
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(author=AuthorFactory().pk, cover=cover),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    with Image.open(article.cover_thumb.path) as thumb:
        assert thumb.size == (480, 270)
