"""Autosave: drafts kept per article and author, offered back on opening, never published."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.autosave import Autosave
from tests.factories import ArticleFactory, AuthorFactory, article_form, member

pytestmark = pytest.mark.django_db


def url(article):
    return reverse("articles:autosave", args=[article.pk])


def draft(article, **overrides):
    """The form's fields as the script posts them, with the version the page was opened at."""
    fields = {
        "_base": article.updated_at.isoformat(),
        "title": "自动保存的标题",
        "summary": "",
        "body_format": "markdown",
        "body_markdown": "写到一半的正文",
        "body_rich": "",
    }
    return {**fields, **overrides}


def test_autosave_keeps_the_draft_and_leaves_the_live_article_alone(client):
    """The live article's page and stored body do not change; the draft is kept aside."""
    author = AuthorFactory()
    article = ArticleFactory(author=author, title="已发布", body_markdown="公开的正文")
    client.force_login(author)
    assert client.post(url(article), draft(article)).status_code == 200
    assert client.post(url(article), draft(article, body_markdown="再多写一句")).status_code == 200
    saved = Autosave.objects.get()
    assert saved.fields["body_markdown"] == "再多写一句" and saved.user == author
    article.refresh_from_db()
    assert article.body_markdown == "公开的正文" and "公开的正文" in article.body_html
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "公开的正文" in page and "再多写一句" not in page


def test_reopening_the_form_offers_a_newer_autosave(client, staff_roles):
    """The change form carries the autosave when it is newer than the last save."""
    author = member("作者")
    article = ArticleFactory(author=author, draft=True)
    client.force_login(author)
    client.post(url(article), draft(article, body_markdown="未保存的段落"))
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    config = page.context["editor_config"]
    assert config["serverDraft"]["fields"]["body_markdown"] == "未保存的段落"
    assert config["storageKey"] == f"kxt-article-draft:{author.pk}:{article.pk}"


def test_a_real_save_discards_the_autosave_and_an_older_one_is_not_offered(client):
    """Saving the form deletes the author's autosave; one older than the article is ignored."""
    author = AuthorFactory(is_superuser=True)
    article = ArticleFactory(author=author, draft=True)
    client.force_login(author)
    client.post(url(article), draft(article))
    change = reverse("admin:articles_article_change", args=[article.pk])
    client.post(change, article_form(title="正式保存", author=author.pk))
    assert not Autosave.objects.exists()
    Autosave.objects.create(
        article=article,
        user=author,
        fields=draft(article),
        saved_at=timezone.now() - timedelta(days=1),
    )
    assert client.get(change).context["editor_config"]["serverDraft"] is None


def test_discarding_deletes_the_draft(client):
    """DELETE removes the author's autosave (the notice's 丢弃)."""
    author = AuthorFactory()
    article = ArticleFactory(author=author)
    client.force_login(author)
    client.post(url(article), draft(article))
    assert client.delete(url(article)).status_code == 204
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"body_format": "html"},
        {"title": "长" * 121},
        {"summary": "长" * 301},
        {"_base": ""},
        {"_base": "昨天"},
        {"_base": "2026-01-01T00:00:00"},
    ],
)
def test_bad_drafts_are_refused_with_a_400(client, bad):
    """What the form itself would refuse is a 400 in Chinese, not a 500."""
    author = AuthorFactory()
    article = ArticleFactory(author=author)
    client.force_login(author)
    response = client.post(url(article), draft(article, **bad))
    assert response.status_code == 400 and response.json()["error"]["message"]
    assert not Autosave.objects.exists()


def test_only_the_articles_writers_may_autosave(client, staff_roles):
    """Readers get 403; an author cannot autosave someone else's article (404)."""
    article = ArticleFactory()
    assert client.post(url(article), draft(article)).status_code == 403
    client.force_login(member("作者"))
    assert client.post(url(article), draft(article)).status_code == 404
    client.force_login(member("编辑"))
    assert client.post(url(article), draft(article)).status_code == 200


def test_autosave_needs_the_csrf_token():
    """A cross-site post without the token is refused."""
    author = AuthorFactory()
    article = ArticleFactory(author=author)
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(author)
    assert checked.post(url(article), draft(article)).status_code == 403


def test_an_autosave_from_before_the_last_save_is_refused(client):
    """A late autosave (sent as 保存 went through, or from an older tab) is a 409, not kept."""
    author = AuthorFactory()
    article = ArticleFactory(author=author)
    opened = draft(article)
    article.save()  # saved since the page was opened
    client.force_login(author)
    response = client.post(url(article), opened)
    assert response.status_code == 409 and "刷新页面" in response.json()["error"]["message"]
    assert not Autosave.objects.exists()
