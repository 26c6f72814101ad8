from django import template

from comments.forms import CommentForm
from comments.rendering import render_body
from comments.threads import build_threads

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The comments under an article: count, threads and the form. One query.

    Nothing here is personal to an anonymous reader (no CSRF token, no held comments),
    so the article page stays publicly cacheable; comments.js fetches a token on demand.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    threads = build_threads(article)
    count = getattr(article, "approved_comment_count", None)
    if count is None:
        count = sum(bool(t.top) + len(t.replies) for t in threads)
    form = CommentForm(article=article, user=user)
    return {
        "article": article,
        "threads": threads,
        "comment_count": count,
        "form": form,
        # Signed-in pages are private (never cached), so naming the reader there is fine.
        "signed_in_as": form.author_name() if form.user else "",
        "is_preview": context.get("is_preview", False),
    }


@register.filter
def comment_body(body):
    """Plain text to safe HTML: escaped, links made clickable, line breaks kept."""
    return render_body(body or "")
