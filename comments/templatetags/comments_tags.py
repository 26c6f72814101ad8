from functools import lru_cache

from django import template
from django.template.loader import render_to_string

from comments import html
from comments.forms import CommentForm
from comments.rendering import render_body
from comments.threads import build_threads, count_comments

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The comments under an article: count, threads and the form. One query, for the
    approved comments; the count heading the section is how many of them it shows.

    Nothing here is personal to an anonymous reader (no CSRF token, no held comments),
    so the article page stays publicly cacheable; comments.js fetches a token on demand.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    threads = build_threads(article)
    signed_in = bool(user is not None and user.is_authenticated)
    if signed_in:
        form = CommentForm(article=article, user=user)
        form_html = render_to_string(
            "includes/comment_form.html",
            # Signed-in pages are private (never cached), so naming the reader is fine.
            {"form": form, "article": article, "inline": True, "signed_in_as": form.author_name()},
        )
    else:
        form_html = _anonymous_form_html(article.slug, article.pk)
    return {
        "threads": threads,
        "threads_html": html.threads_html(threads, article),
        "comment_count": count_comments(threads),
        "form_html": form_html,
        "is_preview": context.get("is_preview", False),
    }


@lru_cache(maxsize=512)
def _anonymous_form_html(slug, pk):
    """The empty form every anonymous reader gets: a pure function of the code and the
    article's address, so it is rendered once per process, like a compiled template."""
    article = _ArticleRef(slug=slug, pk=pk)
    form = CommentForm(article=article, user=None)
    return render_to_string(
        "includes/comment_form.html", {"form": form, "article": article, "inline": True}
    )


class _ArticleRef:
    """The two facts the empty form needs about its article."""

    def __init__(self, slug, pk):
        self.slug, self.pk = slug, pk


@register.filter
def comment_body(body):
    """Plain text to safe HTML: escaped, links made clickable, line breaks kept."""
    return render_body(body or "")


@register.simple_tag
def comment_entry(entry, article):
    """One comment's markup (comments.html), for pages that show a single comment."""
    return html.comment_html(entry, html.reply_url(article))
