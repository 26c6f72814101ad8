"""预览 before saving: the form's unsaved contents rendered as readers see them, nothing saved."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, TagFactory, article_form, member
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db

NEW = reverse("articles:preview_unsaved")


def edit_url(article):
    return reverse("articles:preview_unsaved", args=[article.pk])


def test_a_new_article_is_previewed_before_its_first_save(admin_client):
    """Markdown, a table, code and a demo render in the preview; no article is created."""
    load_series()
    body = (
        "开头一段。\n\n| 参数 | 默认 |\n|---|---|\n| n | 14 |\n\n```python\nprint(1)\n```\n\n"
        "[[indicator rsi symbol=600519 n1=6]]\n\n<script>alert(1)</script>"
    )
    response = admin_client.post(NEW, article_form(title="未保存的新文章", body_markdown=body))
    html = response.content.decode()
    assert response.status_code == 200
    assert "未保存的新文章" in html and "预览未保存的内容" in html
    assert "<table>" in html and 'class="language-python"' in html
    assert 'data-indicator="rsi"' in html and "indicator-demo.css" in html
    assert "<script>alert(1)</script>" not in html
    assert Article.objects.count() == 0
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_previewing_a_change_leaves_the_stored_article_alone(admin_client):
    """The unsaved title and body are shown; the database keeps the saved ones."""
    article = ArticleFactory(title="旧标题", body_markdown="旧正文")
    tag = TagFactory(name="新标签")
    form = article_form(title="新标题", body_markdown="新正文", tags=[tag.pk])
    html = admin_client.post(edit_url(article), form).content.decode()
    assert "新标题" in html and "新正文" in html and "#新标签" in html
    article.refresh_from_db()
    assert (article.title, article.body_markdown) == ("旧标题", "旧正文")
    assert article.tags.count() == 0


def test_rich_text_preview_keeps_only_safe_styles(admin_client):
    """A pasted yellow highlight survives the preview; a hostile style does not."""
    rich = (
        '<p style="text-align:center">居中</p><p><span style="background-color:yellow">'
        'Highlighted</span><span style="position:fixed;color:url(x)">坏</span></p>'
    )
    form = article_form(body_format="richtext", body_markdown="", body_rich=rich)
    html = admin_client.post(NEW, form).content.decode()
    assert '<p style="text-align:center">居中</p>' in html
    assert '<span style="background-color:yellow">Highlighted</span>' in html
    assert "position:fixed" not in html and "url(x)" not in html


def test_preview_is_staff_only_and_authors_see_only_their_own(client, staff_roles):
    """Readers get 404; an author cannot preview another author's article through the form."""
    article = ArticleFactory()
    assert client.post(NEW, article_form()).status_code == 404
    client.force_login(member("作者"))
    assert client.post(edit_url(article), article_form()).status_code == 404
    assert client.post(NEW, article_form(title="我的草稿")).status_code == 200


def test_preview_needs_post_and_a_csrf_token(client):
    """GET is refused, and a POST without the token is refused like any form."""
    from django.test import Client

    checked = Client(enforce_csrf_checks=True)
    checked.force_login(AuthorFactory())
    assert checked.get(NEW).status_code == 405
    assert checked.post(NEW, article_form()).status_code == 403


def test_change_form_has_one_preview_button_posting_to_the_preview(admin_client):
    """The 预览 button posts the form to the unsaved preview in a new tab."""
    article = ArticleFactory(draft=True)
    html = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = html.content.decode()
    assert html.count('data-role="preview"') == 1
    assert f'formaction="{edit_url(article)}" formtarget="_blank"' in html
    assert "在站点上查看" not in html  # a draft has no page on the site yet
    add = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'formaction="{NEW}"' in add


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"body_format": "html", "body_markdown": "x"},
        {"category": "999999", "published_at_0": "明天", "tags": ["abc"]},
        {"title": "长" * 500, "body_markdown": "[[indicator macd symbol=600519 fast=99 slow=2]]"},
    ],
)
def test_a_half_filled_or_garbled_form_still_previews(admin_client, form):
    """Invalid fields keep their stored values; the author gets a page, never a 500."""
    response = admin_client.post(NEW, form)
    assert response.status_code == 200
    assert Article.objects.count() == 0
