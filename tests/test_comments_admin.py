"""The moderation queue in the admin: who sees what, bulk actions, what is displayed."""

import pytest
from django.urls import reverse

from articles.roles import AUTHOR_GROUP, EDITOR_GROUP
from comments.models import Comment, ModerationPhrase
from tests.factories import ArticleFactory, CommentFactory, member

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


def bulk(client, action, comments, **params):
    data = {"action": action, "_selected_action": [c.pk for c in comments]}
    return client.post(CHANGELIST + ("?status=all" if params.get("all") else ""), data)


def test_the_queue_opens_on_held_comments_with_their_reason(client, staff_roles):
    """The default view is 待审核, showing why each was held, the IP digest and browser."""
    editor = member(EDITOR_GROUP)
    CommentFactory(
        status=Comment.Status.HELD,
        body="加微信领牛股",
        held_reason="疑似联系方式:加微信",
        ip_hash="ab12cd34ef56" + "0" * 52,
        user_agent="Mozilla/5.0 (iPhone)",
    )
    CommentFactory(body="已经通过的评论")
    client.force_login(editor)
    html = client.get(CHANGELIST).content.decode()
    assert "加微信领牛股" in html and "已经通过的评论" not in html
    assert "疑似联系方式:加微信" in html and "ab12cd34ef56" in html and "0" * 52 not in html
    assert "Mozilla/5.0 (iPhone)" in html
    everything = client.get(CHANGELIST, {"status": "all"}).content.decode()
    assert "已经通过的评论" in everything


def test_bodies_are_escaped_in_the_admin(client, staff_roles):
    """A body that slipped in with markup is shown as text, never run."""
    editor = member(EDITOR_GROUP)
    comment = CommentFactory(status=Comment.Status.HELD, body="<script>alert(1)</script>")
    client.force_login(editor)
    listing = client.get(CHANGELIST).content.decode()
    detail = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    for html in (listing, detail.content.decode()):
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_bulk_approve_and_reject(client, staff_roles):
    """Editors approve or reject many held comments at once; the article count follows."""
    editor = member(EDITOR_GROUP)
    article = ArticleFactory()
    good = CommentFactory.create_batch(2, article=article, status=Comment.Status.HELD)
    bad = CommentFactory(article=article, status=Comment.Status.HELD)
    client.force_login(editor)
    bulk(client, "approve", good)
    bulk(client, "reject", [bad])
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in good] == ["approved", "approved"]
    assert statuses[bad.pk] == "rejected"
    assert (
        '<a href="#comments">评论 2</a>' in client.get(article.get_absolute_url()).content.decode()
    )


def test_hold_sends_an_approved_comment_back_to_the_queue(client, staff_roles):
    """退回待审核 takes a published comment off the page again."""
    editor = member(EDITOR_GROUP)
    comment = CommentFactory()
    client.force_login(editor)
    bulk(client, "hold", [comment], all=True)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    comment.article.refresh_from_db()
    assert comment.article.comment_count == 0


def test_authors_moderate_only_comments_on_their_own_articles(client, staff_roles):
    """An author's queue holds their articles' comments; colleagues' are out of reach."""
    author = member(AUTHOR_GROUP)
    mine = CommentFactory(article=ArticleFactory(author=author), status="held", body="我的文章评论")
    theirs = CommentFactory(status="held", body="别人文章的评论")
    client.force_login(author)
    html = client.get(CHANGELIST).content.decode()
    assert "我的文章评论" in html and "别人文章的评论" not in html
    bulk(client, "approve", [mine, theirs])
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("approved", "held")
    other = client.get(reverse("admin:comments_comment_change", args=[theirs.pk]))
    assert other.status_code in (302, 404)


def test_authors_cannot_delete_but_editors_can(client, staff_roles):
    """Deleting is for editors; authors approve, hold and reject."""
    author = member(AUTHOR_GROUP)
    CommentFactory(article=ArticleFactory(author=author), status="held")
    client.force_login(author)
    assert "delete_selected" not in client.get(CHANGELIST).content.decode()
    client.force_login(member(EDITOR_GROUP))
    assert "delete_selected" in client.get(CHANGELIST).content.decode()


def test_nobody_adds_comments_through_the_admin(client, staff_roles):
    """Comments come from readers; the admin has no add form."""
    client.force_login(member(EDITOR_GROUP))
    assert client.get(reverse("admin:comments_comment_add")).status_code == 403


def test_editors_manage_extra_moderation_phrases(client, staff_roles):
    """Editors add phrases in the admin; too-short phrases are refused."""
    client.force_login(member(EDITOR_GROUP))
    url = reverse("admin:comments_moderationphrase_add")
    client.post(url, {"phrase": "财富密码", "kind": "promotion", "is_active": "on", "note": ""})
    assert ModerationPhrase.objects.filter(phrase="财富密码").exists()
    response = client.post(url, {"phrase": "+v", "kind": "contact", "is_active": "on"})
    assert response.status_code == 200 and not ModerationPhrase.objects.filter(phrase="+v").exists()
