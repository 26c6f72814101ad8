"""A comment sent twice (a double click, a lost answer) is stored once and answered alike."""

import json
import re
import urllib.parse
import urllib.request
from datetime import timedelta
from http.cookiejar import CookieJar

import pytest
from django.urls import reverse

from comments import posting
from comments.models import Comment, RepeatGuard
from tests.comment_helpers import body_of, page_url, post_comment, submit_url
from tests.concurrency import statuses_at_once
from tests.factories import ArticleFactory, CommentFactory

TEXT = "双击了一下，只该算一条。"


@pytest.mark.django_db
def test_the_json_answer_to_a_repeat_is_the_first_answer(client):
    """Same writer, article and text: the same 201 body, one stored comment."""
    article = ArticleFactory()
    first, again = post_comment(client, article, TEXT), post_comment(client, article, TEXT)
    assert first.status_code == again.status_code == 201
    assert body_of(first) == body_of(again)
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_repeats_still_count_against_the_flood_limit(client, settings):
    """Resending is no way round the limit: within it one comment, then 429."""
    settings.COMMENTS_RATE_PER_MINUTE = 3
    article = ArticleFactory()
    statuses = [post_comment(client, article, TEXT).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429] and Comment.objects.count() == 1


@pytest.mark.django_db
def test_after_the_window_the_same_text_is_a_new_comment(client, settings):
    """Once COMMENTS_REPEAT_WINDOW_SECONDS have passed, the same words are said again."""
    settings.COMMENTS_REPEAT_WINDOW_SECONDS = 60
    article = ArticleFactory()
    first = body_of(post_comment(client, article, TEXT))["id"]
    guard = RepeatGuard.objects.get()
    RepeatGuard.objects.update(posted_at=guard.posted_at - timedelta(seconds=50))
    assert body_of(post_comment(client, article, TEXT))["id"] == first
    RepeatGuard.objects.update(posted_at=guard.posted_at - timedelta(seconds=61))
    second = body_of(post_comment(client, article, TEXT))["id"]
    assert first != second and Comment.objects.count() == 2


@pytest.mark.django_db
def test_the_same_text_as_a_reply_elsewhere_is_another_comment(client):
    """A reply to another comment, or another article, is not a repeat."""
    article = ArticleFactory()
    target = CommentFactory(article=article)
    post_comment(client, article, TEXT)
    post_comment(client, article, TEXT, reply_to=target.pk)
    post_comment(client, ArticleFactory(), TEXT)
    assert Comment.objects.exclude(pk=target.pk).count() == 3


@pytest.mark.django_db
def test_a_deleted_comment_can_be_posted_again(client):
    """The guard goes with its comment: a moderator's deletion is not a repeat."""
    article = ArticleFactory()
    post_comment(client, article, TEXT)
    Comment.objects.all().delete()
    assert post_comment(client, article, TEXT).status_code == 201
    assert Comment.objects.count() == 1 and RepeatGuard.objects.count() == 1


def _browser_with_token(live_server):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(live_server.url + reverse("comments:csrf"), timeout=30) as response:
        return opener, json.loads(response.read())["token"]


def _same_post(url, token, n, **fields):
    data = urllib.parse.urlencode({"name": "老刘", "body": TEXT, **fields}).encode()
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    return [urllib.request.Request(url, data=data, headers=headers) for _ in range(n)]


@pytest.mark.django_db(transaction=True)
def test_a_parallel_double_click_stores_one_comment(live_server, settings):
    """Eight identical JSON posts released at once: all 201, one comment."""
    settings.COMMENTS_RATE_PER_MINUTE = 20
    article = ArticleFactory()
    opener, token = _browser_with_token(live_server)
    requests = _same_post(live_server.url + submit_url(article), token, 8)
    assert statuses_at_once(opener.open, requests) == [201] * 8
    assert Comment.objects.count() == 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_a_parallel_double_click_without_javascript_stores_one_comment(live_server, settings):
    """Identical form posts at once: each is sent to the receipt of the one comment."""
    settings.COMMENTS_RATE_PER_MINUTE = 20
    article = ArticleFactory()
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(live_server.url + page_url(article), timeout=30) as response:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
    requests = _same_post(
        live_server.url + page_url(article), token[1], 4, csrfmiddlewaretoken=token[1]
    )
    assert statuses_at_once(opener.open, requests) == [302] * 4
    comment = Comment.objects.get()
    assert posting.comment_id_from_receipt(posting.receipt_token(comment)) == comment.pk
