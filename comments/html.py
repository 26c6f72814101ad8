"""Comment markup, built in Python: an article can carry hundreds of comments, and a
template include per comment costs more than the rest of the page together.

Every value a reader wrote goes through format_html() (escaped) or render_body().
"""

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from comments.rendering import render_body
from core.seo import iso_datetime

GONE = '<p class="comment-gone">这条评论已删除或正在审核。</p>'
PENDING = (
    '<p class="comment-pending" role="status"><span class="comment-pending-badge">等待审核'
    "</span>你的评论正在等待审核，通过后其他读者就能看到。</p>"
)


def reply_url(article) -> str:
    return reverse("comments:post", args=[article.slug])


def comment_html(entry, reply_base: str) -> SafeString:
    """One comment: who, when, what, and a reply link (or the held notice)."""
    comment = entry.comment
    classes = "comment" + (" by-author" if entry.by_author else "")
    classes += " is-pending" if entry.pending else ""
    meta = [
        format_html('<span class="comment-avatar" aria-hidden="true">{}</span>', comment.name[:1]),
        format_html('<span class="comment-name">{}</span>', comment.name),
    ]
    if entry.by_author:
        meta.append(mark_safe('<span class="comment-badge">作者</span>'))
    if entry.answering:
        meta.append(format_html('<span class="comment-answering">回复 @{}</span>', entry.answering))
    if comment.created_at:
        when = localtime(comment.created_at)
        meta.append(
            format_html(
                '<a class="comment-time" href="#c-{}"><time datetime="{}">{}</time></a>',
                comment.pk,
                iso_datetime(when),
                format_date(when, "Y-m-d H:i"),
            )
        )
    if entry.pending:
        footer = mark_safe(PENDING)
    elif comment.pk:
        footer = format_html(
            '<p class="comment-actions"><a class="comment-reply-link" href="{}?reply={}" '
            'rel="nofollow" data-role="reply" data-reply-to="{}" data-reply-name="{}">回复</a></p>',
            reply_base,
            comment.pk,
            comment.pk,
            comment.name,
        )
    else:
        footer = ""
    return format_html(
        '<article class="{}"{}><header class="comment-meta">{}</header>'
        '<div class="comment-body">{}</div>{}</article>',
        classes,
        format_html(' id="c-{}"', comment.pk) if comment.pk else "",
        mark_safe(" ".join(meta)),
        render_body(comment.body or ""),
        footer,
    )


def thread_html(thread, reply_base: str) -> SafeString:
    """A top-level comment (or a placeholder) with its replies, as one list item."""
    top = comment_html(thread.top, reply_base) if thread.top else mark_safe(GONE)
    replies = format_html_join(
        "", "<li>{}</li>", ((comment_html(r, reply_base),) for r in thread.replies)
    )
    return format_html(
        '<li class="comment-thread" data-thread="{}">{}'
        '<ol class="comment-replies" data-role="replies">{}</ol></li>',
        thread.id,
        top,
        replies,
    )


def threads_html(threads, article) -> SafeString:
    base = reply_url(article)
    return mark_safe("".join(thread_html(thread, base) for thread in threads))
