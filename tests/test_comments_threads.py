"""Readers post and read comments: threads, the 评论 N count, rendering, query counts."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.comment_helpers import body_of, page_url, post_comment
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, UserFactory
from tests.pages import main_content

pytestmark = pytest.mark.django_db


def comments_html(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    match = re.search(r'<section class="comments".*?</section>', html, re.S)
    assert match, "article page has no comment section"
    return match.group(0)


def count_shown(client, article) -> int:
    html = client.get(article.get_absolute_url()).content.decode()
    return int(re.search(r'data-role="comment-count">(\d+)<', html).group(1))


def test_page_shows_approved_comments_oldest_first_and_nothing_else(client):
    """Approved comments appear in time order; held and rejected ones never do."""
    article = ArticleFactory()
    CommentFactory(article=article, body="第一条评论")
    CommentFactory(article=article, body="被扣下的评论", status=Comment.Status.HELD)
    CommentFactory(article=article, body="被拒绝的评论", status=Comment.Status.REJECTED)
    CommentFactory(article=article, body="第二条评论")
    html = comments_html(client, article)
    assert html.index("第一条评论") < html.index("第二条评论")
    assert "被扣下的评论" not in html and "被拒绝的评论" not in html
    assert count_shown(client, article) == 2


def test_list_rows_count_follows_every_change(client):
    """A list row's 评论 N follows approvals, status changes and deletions with replies."""
    article = ArticleFactory()
    top = CommentFactory(article=article)
    CommentFactory(article=article, parent=top, reply_to=top)
    held = CommentFactory(article=article, status=Comment.Status.HELD)

    def listed():
        html = client.get("/").content.decode()
        return int(re.search(r'class="meta-count">评论 (\d+)<', html).group(1))

    assert listed() == 2
    held.status = Comment.Status.APPROVED
    held.save(update_fields=["status"])
    assert listed() == 3
    top.delete()  # and its reply with it
    assert listed() == 1


def test_byline_and_heading_count_approved_comments_only(client):
    """评论 N in the byline and above the thread count approved comments only."""
    article = ArticleFactory()
    CommentFactory.create_batch(3, article=article)
    CommentFactory(article=article, status=Comment.Status.HELD)
    html = main_content(client.get(article.get_absolute_url()))
    assert '<a href="#comments">评论 3</a>' in html
    assert 'data-role="comment-count">3<' in html


def test_count_follows_approval_rejection_and_deletion(client):
    """The count is computed, never stored: it is right after every moderation step."""
    article = ArticleFactory()
    held = CommentFactory(article=article, status=Comment.Status.HELD)
    kept = CommentFactory(article=article)
    assert count_shown(client, article) == 1
    held.status = Comment.Status.APPROVED
    held.save(update_fields=["status"])
    assert count_shown(client, article) == 2
    kept.status = Comment.Status.REJECTED
    kept.save(update_fields=["status"])
    assert count_shown(client, article) == 1
    held.delete()
    assert count_shown(client, article) == 0
    assert Article.objects.get(pk=article.pk).comment_count == 0


def test_deleting_a_thread_removes_its_replies_from_the_count(client):
    """Replies go with their thread, so the count cannot drift upward."""
    article = ArticleFactory()
    top = CommentFactory(article=article)
    CommentFactory.create_batch(2, article=article, parent=top, reply_to=top)
    assert count_shown(client, article) == 3
    top.delete()
    assert count_shown(client, article) == 0


def test_replies_sit_under_their_thread_and_say_whom_they_answer(client):
    """One level of replies; a reply to a reply joins the same thread with 回复 @name."""
    article = ArticleFactory()
    top = CommentFactory(article=article, name="量化小白", body="请问参数怎么设?")
    teacher = CommentFactory(article=article, parent=top, reply_to=top, name="周老师")
    CommentFactory(
        article=article, parent=top, reply_to=teacher, name="量化小白", body="明白了,谢谢老师"
    )
    html = comments_html(client, article)
    pattern = rf'<li class="comment-thread" data-thread="{top.pk}">.*?</ol>\s*</li>'
    thread = re.search(pattern, html, re.S).group(0)
    assert thread.count('class="comment"') == 3
    assert "回复 @周老师" in thread
    assert "回复 @量化小白" not in thread  # answering the thread's first comment needs no label


def test_reply_through_the_endpoint_joins_the_thread_of_the_comment_answered(client):
    """Answering a reply stores the top-level comment as parent and the reply as reply_to."""
    article = ArticleFactory()
    top = CommentFactory(article=article)
    reply = CommentFactory(article=article, parent=top, reply_to=top, name="周老师")
    response = post_comment(client, article, body="谢谢老师的解答", reply_to=reply.pk)
    assert response.status_code == 201
    created = Comment.objects.get(pk=body_of(response)["id"])
    assert (created.parent_id, created.reply_to_id) == (top.pk, reply.pk)
    assert body_of(response)["thread"] == top.pk
    assert "回复 @周老师" in body_of(response)["html"]


def test_orphaned_replies_still_show_under_a_placeholder(client):
    """If a thread's first comment is removed from view, its approved replies stay counted and
    shown."""
    article = ArticleFactory()
    top = CommentFactory(article=article, status=Comment.Status.REJECTED)
    CommentFactory(article=article, parent=top, reply_to=top, body="仍然可见的回复")
    html = comments_html(client, article)
    assert "仍然可见的回复" in html and "这条评论已删除或正在审核" in html
    assert count_shown(client, article) == 1


def test_a_clean_comment_is_published_at_once(client):
    """A normal comment is approved, answered with its HTML, and on the page for others."""
    article = ArticleFactory()
    response = post_comment(client, article, body="MACD 金叉之后我加仓了")
    data = body_of(response)
    assert response.status_code == 201 and data["status"] == "approved"
    assert "MACD 金叉之后我加仓了" in data["html"] and f'id="c-{data["id"]}"' in data["html"]
    assert "等待审核" not in data["html"]
    assert "MACD 金叉之后我加仓了" in comments_html(client, article)


def test_a_held_comment_shows_to_its_author_at_once_but_not_on_the_page(client):
    """The writer sees 等待审核 straight away; other readers see nothing until approval."""
    article = ArticleFactory()
    response = post_comment(client, article, body="想要牛股的加微信 abc12345")
    data = body_of(response)
    assert response.status_code == 201 and data["status"] == "held"
    assert "等待审核" in data["html"] and "想要牛股的加微信" in data["html"]
    assert "你的评论正在等待审核" in data["message"]
    assert "abc12345" not in comments_html(client, article)
    assert Comment.objects.get().held_reason.startswith("疑似联系方式")


def test_email_is_stored_but_never_shown(client):
    """The optional email reaches the database and no page or JSON answer."""
    article = ArticleFactory()
    response = post_comment(client, article, email="reader@example.com")
    assert "reader@example.com" not in response.content.decode()
    assert Comment.objects.get().email == "reader@example.com"
    assert "reader@example.com" not in client.get(article.get_absolute_url()).content.decode()


def test_signed_in_readers_comment_under_their_own_name(client):
    """Logged-in users skip name and email: both come from the account."""
    reader = UserFactory(username="laoliu", email="laoliu@example.com")
    client.force_login(reader)
    article = ArticleFactory()
    html = comments_html(client, article)
    assert "以 <strong>laoliu</strong> 的身份发表" in html and 'name="name"' not in html
    response = post_comment(client, article, name="管理员", email="x@example.com")
    comment = Comment.objects.get(pk=body_of(response)["id"])
    assert (comment.name, comment.email, comment.user) == ("laoliu", "laoliu@example.com", reader)


def test_staff_comments_use_the_pen_name_and_skip_the_filter(client):
    """An author replying is published at once under their pen name, marked 作者."""
    author = AuthorFactory(profile__display_name="周老师")
    article = ArticleFactory(author=author)
    client.force_login(author)
    response = post_comment(client, article, body="欢迎加群讨论:扫码进群")
    data = body_of(response)
    assert data["status"] == "approved"
    assert Comment.objects.get(pk=data["id"]).name == "周老师"
    assert '<span class="comment-badge">作者</span>' in data["html"]


def test_body_is_plain_text_with_links_and_line_breaks(client):
    """Text is escaped, http(s) URLs become nofollow links, line breaks are kept."""
    article = ArticleFactory()
    body = "K<D 且 J>100 & 放量\n第二行 https://www.sse.com.cn/a?b=1&c=2。\n\n第二段"
    CommentFactory(article=article, body=body)
    html = comments_html(client, article)
    assert "<p>K&lt;D 且 J&gt;100 &amp; 放量<br>第二行 " in html
    assert "。</p><p>第二段</p>" in html
    assert (
        '<a href="https://www.sse.com.cn/a?b=1&amp;c=2" '
        'rel="nofollow noopener noreferrer ugc" target="_blank">'
    ) in html


@pytest.mark.parametrize("comments", [1, 80])
def test_article_page_queries_do_not_grow_with_comments(
    no_page_cache, client, django_assert_max_num_queries, comments
):
    """All comments, threads and reply names come from one query, whatever their number."""
    article = ArticleFactory()
    tops = CommentFactory.create_batch(comments, article=article)
    for top in tops[: comments // 2]:
        CommentFactory(article=article, parent=top, reply_to=top)
    client.get(article.get_absolute_url())  # warm the navigation and hot-list caches
    # The same bound for 1 and 80 comments. On the database cache each cached fragment
    # costs two reads (its generation, then itself: articles.fragments).
    with django_assert_max_num_queries(9):
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="comment"') == comments + comments // 2


def test_anonymous_article_page_stays_publicly_cacheable(client):
    """No CSRF token, no cookie, public Cache-Control: the form needs nothing personal."""
    article = ArticleFactory()
    CommentFactory(article=article)
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=1"
    assert not response.cookies
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert f'data-csrf-url="{reverse("comments:csrf")}"' in html
    assert f'action="{page_url(article)}"' in html


def test_csrf_endpoint_gives_a_token_and_is_never_cached(client):
    """comments.js gets a fresh token and cookie from an uncacheable endpoint."""
    response = client.get(reverse("comments:csrf"))
    assert response.status_code == 200 and len(body_of(response)["token"]) >= 32
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


def test_comments_script_and_styles_are_linked_without_inline_code(client):
    """The article page loads comments.js and comments.css as files, nothing inline."""
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert re.search(r'<script src="[^"]*js/comments\.js" defer></script>', html)
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/comments\.css">', html)
    assert "<script>" not in html and " onclick=" not in html


def test_preview_shows_comments_without_a_form(client):
    """Staff previewing a draft see the section but cannot post to an unpublished article."""
    author = AuthorFactory()
    article = ArticleFactory(author=author, draft=True)
    client.force_login(author)
    html = client.get(reverse("articles:preview", args=[article.pk])).content.decode()
    assert 'id="comments"' in html and 'id="comment-form"' not in html


def test_posting_to_a_draft_is_404(client):
    """Unpublished articles take no comments."""
    article = ArticleFactory(draft=True)
    assert post_comment(client, article).status_code == 404
    assert client.get(page_url(article)).status_code == 404
    assert not Comment.objects.exists()


def test_demo_articles_get_threads_and_a_small_moderation_queue(media_root):
    """seed_demo gives every published article approved comments with replies, and holds the
    two spam examples with their reasons."""
    call_command("seed_demo", verbosity=0)
    approved = Comment.objects.approved()
    assert approved.filter(parent=None).count() >= 10
    assert approved.exclude(parent=None).count() >= 5
    for article in Article.objects.published():
        assert approved.filter(article=article).exists(), article.slug
    held = Comment.objects.filter(status=Comment.Status.HELD)
    assert held.count() == 2
    assert all(c.held_reason.startswith("疑似") for c in held)
