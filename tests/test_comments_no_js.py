"""Commenting without JavaScript: the standalone, never-cached form page and the receipt."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments import posting
from comments.models import Comment
from tests.comment_helpers import page_url
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def csrf_from(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_the_page_has_a_normal_django_form_and_is_never_cached():
    """GET shows the form with a CSRF token, no-cache headers and noindex."""
    client = Client(enforce_csrf_checks=True)
    article = ArticleFactory(title="MACD 入门")
    response = client.get(page_url(article))
    html = response.content.decode()
    assert response.status_code == 200 and "评论《MACD 入门》" in html
    assert "csrfmiddlewaretoken" in html and '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_first_post_straight_from_the_cached_page_keeps_the_text():
    """The inline form has no token: the page stores nothing, keeps the text and asks again."""
    client = Client(enforce_csrf_checks=True)
    article = ArticleFactory()
    response = client.post(
        page_url(article),
        {"name": "老刘", "body": "KDJ 在高位钝化怎么办?"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "KDJ 在高位钝化怎么办?" in html and "请确认下面的内容" in html
    assert not Comment.objects.exists()
    confirmed = client.post(
        page_url(article),
        {
            "name": "老刘",
            "body": "KDJ 在高位钝化怎么办?",
            "csrfmiddlewaretoken": csrf_from(response),
        },
    )
    assert confirmed.status_code == 302 and Comment.objects.count() == 1


def test_after_posting_the_writer_sees_their_comment():
    """A published comment: redirect to a receipt page showing it with a link to the thread."""
    client = Client(enforce_csrf_checks=True)
    article = ArticleFactory()
    token = csrf_from(client.get(page_url(article)))
    response = client.post(
        page_url(article),
        {"name": "老刘", "body": "写得清楚", "csrfmiddlewaretoken": token},
        follow=True,
    )
    comment = Comment.objects.get()
    html = response.content.decode()
    assert "评论已发布" in html and "写得清楚" in html
    assert f'href="{article.get_absolute_url()}#c-{comment.pk}"' in html
    assert "no-cache" in response["Cache-Control"]


def test_a_held_comment_is_shown_to_its_writer_as_awaiting_moderation(client):
    """Held: the receipt says 你的评论正在等待审核 and shows the text; the article does not."""
    article = ArticleFactory()
    response = client.post(
        page_url(article), {"name": "老刘", "body": "加微信 gp8888 领资料"}, follow=True
    )
    html = response.content.decode()
    assert "你的评论正在等待审核" in html and "加微信 gp8888 领资料" in html
    assert "gp8888" not in client.get(article.get_absolute_url()).content.decode()


def test_the_receipt_link_is_signed(client):
    """Only the writer's signed link shows a held comment; a forged one is 404."""
    held = CommentFactory(status=Comment.Status.HELD, body="等审核的评论")
    good = reverse("comments:posted", args=[posting.receipt_token(held)])
    assert "等审核的评论" in client.get(good).content.decode()
    assert client.get(reverse("comments:posted", args=[f"{held.pk}"])).status_code == 404
    assert client.get(reverse("comments:posted", args=["x:y:z"])).status_code == 404


def test_form_errors_are_shown_on_the_page(client):
    """Invalid input re-renders the page with the errors and the text kept."""
    article = ArticleFactory()
    response = client.post(page_url(article), {"name": "管理员", "body": "我有个问题"})
    html = response.content.decode()
    assert response.status_code == 200 and "误认为本站工作人员" in html and "我有个问题" in html
    assert not Comment.objects.exists()


def test_reply_links_work_without_javascript(client):
    """回复 links open the standalone page with the answered comment quoted."""
    article = ArticleFactory()
    top = CommentFactory(article=article, name="量化小白", body="AVEDEV 和标准差差别大吗?")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{page_url(article)}?reply={top.pk}"' in html
    page = client.get(page_url(article), {"reply": top.pk}).content.decode()
    assert "AVEDEV 和标准差差别大吗?" in page and f'name="reply_to" value="{top.pk}"' in page
    client.post(page_url(article), {"name": "老刘", "body": "差别不小", "reply_to": top.pk})
    assert Comment.objects.get(body="差别不小").parent == top


def test_a_cross_site_post_is_refused_without_keeping_its_text():
    """Another site's post gets an empty form: it cannot plant text for a staff user to confirm."""
    client = Client(enforce_csrf_checks=True)
    article = ArticleFactory()
    response = client.post(
        page_url(article),
        {"name": "老刘", "body": "加微信领牛股"},
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 403
    assert "加微信领牛股" not in response.content.decode()
    assert not Comment.objects.exists()


def test_sending_the_same_comment_again_stores_it_once(client):
    """A repeated post (say, after an answer that never arrived) leads to the same receipt."""
    article = ArticleFactory()
    data = {"name": "老刘", "body": "写得清楚，再发一次也只算一条"}
    first = client.post(page_url(article), data)
    again = client.post(page_url(article), data)
    assert first.status_code == again.status_code == 302
    receipts = [response["Location"].rstrip("/").rsplit("/", 1)[1] for response in (first, again)]
    comment = Comment.objects.get()
    assert [posting.comment_id_from_receipt(token) for token in receipts] == [comment.pk] * 2


def test_the_same_text_from_another_writer_is_another_comment(client):
    """Only the same writer's repeat is merged: another reader may say the same thing."""
    article = ArticleFactory()
    client.post(page_url(article), {"name": "老刘", "body": "同感"})
    client.post(page_url(article), {"name": "小王", "body": "同感"}, REMOTE_ADDR="10.1.2.3")
    assert Comment.objects.count() == 2
