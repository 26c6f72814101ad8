"""待审评论: one queue of held comments, why each was held, approve and reject in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.roles import AUTHOR_GROUP, EDITOR_GROUP
from comments import posting
from comments.models import Comment
from comments.queue import MANUAL_HOLD_REASON, reason_parts
from tests.factories import ArticleFactory, CommentFactory, member

pytestmark = pytest.mark.django_db
URL = "admin:comments_heldcomment_changelist"


def held(article, body):
    """A reader's comment held the way the site holds it, with its stored reason."""
    comment = Comment(article=article, name="路过的读者", body=body)
    comment.status, comment.held_reason = posting.decide_status(comment, None)
    comment.save()
    return comment


def test_reason_is_split_into_family_and_rules():
    """A stored reason reads back as families with the rules that fired."""
    assert reason_parts("疑似联系方式:加V/加Q、vx;链接过多:3 个链接") == [
        ("疑似联系方式", "加V/加Q、vx"),
        ("链接过多", "3 个链接"),
    ]
    assert reason_parts(posting.PREMODERATION_REASON) == [("先审后发", "所有评论需审核")]
    assert reason_parts("") == []


def test_queue_lists_held_comments_of_the_authors_articles_with_reasons(client, staff_roles):
    """An author's queue holds the held comments under their articles, with family and
    rule, and nothing approved or under a colleague's article."""
    author = member(AUTHOR_GROUP)
    mine = ArticleFactory(author=author, title="我的文章")
    spam = held(mine, "加微信 abc12345 带你抓涨停")
    CommentFactory(article=mine, body="已经通过的评论")
    held(ArticleFactory(title="别人的文章"), "加微信 zzz99999")
    client.force_login(author)
    html = client.get(reverse(URL)).content.decode()
    assert spam.held_reason and "疑似联系方式" in html and "疑似荐股或收益承诺" in html
    assert "抓涨停" in html and "已经通过的评论" not in html and "别人的文章" not in html
    assert author.author_profile.display_name in html


def test_family_filter_and_bad_values(client, staff_roles):
    """Filtering by family keeps only those comments; an unknown family shows none."""
    editor = member(EDITOR_GROUP)
    article = ArticleFactory()
    held(article, "加微信 abc12345")
    held(article, "稳赚不赔的票")
    client.force_login(editor)
    html = client.get(reverse(URL), {"family": "疑似荐股或收益承诺"}).content.decode()
    assert "稳赚不赔的票" in html and "abc12345" not in html
    response = client.get(reverse(URL), {"family": "<b>不存在</b>"})
    assert response.status_code == 200 and "稳赚不赔的票" not in response.content.decode()


def test_bulk_approve_and_reject_update_counts(client, staff_roles):
    """Approving in bulk publishes and counts the comments; rejecting removes them from
    the queue; an author cannot act on a colleague's comments."""
    author = member(AUTHOR_GROUP)
    article = ArticleFactory(author=author)
    good = [held(article, f"加微信 ok{n}2345678") for n in range(2)]
    bad = held(article, "稳赚不赔")
    foreign = held(ArticleFactory(), "加微信 other123456")
    client.force_login(author)
    ids = [c.pk for c in good] + [foreign.pk]
    client.post(reverse(URL), {"action": "approve", "_selected_action": ids})
    assert Comment.objects.filter(pk__in=[c.pk for c in good], status="approved").count() == 2
    assert Comment.objects.get(pk=foreign.pk).status == "held"
    article.refresh_from_db()
    assert article.comment_count == 2
    client.post(reverse(URL), {"action": "reject", "_selected_action": [bad.pk]})
    assert Comment.objects.get(pk=bad.pk).status == "rejected"
    assert "稳赚不赔" not in client.get(reverse(URL)).content.decode()


def test_sending_back_to_the_queue_records_why(admin_client):
    """A comment a moderator sends back is held with that as its reason."""
    comment = CommentFactory()
    admin_client.post(
        reverse("admin:comments_comment_changelist") + "?status=all",
        {"action": "hold", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.status == "held" and comment.held_reason == MANUAL_HOLD_REASON
    html = admin_client.get(reverse(URL), {"family": "审核人退回"}).content.decode()
    assert "人工复核" in html


def test_queue_query_count_does_not_grow(client, staff_roles):
    """Three and thirty held comments under as many articles cost the same queries."""
    editor = member(EDITOR_GROUP)
    client.force_login(editor)

    def add(count):
        for n in range(count):
            held(ArticleFactory(), f"加微信 abc{n}2345678")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(URL)).status_code == 200
        return len([q for q in captured.captured_queries if "django_cache" not in q["sql"]])

    add(3)
    small = queries()
    add(27)
    assert queries() == small
