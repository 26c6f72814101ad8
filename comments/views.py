"""Posting comments, with and without JavaScript.

Article pages are publicly cached, so they carry no CSRF token. With JavaScript,
comments.js asks `csrf_token` for one and posts to `SubmitCommentView`, which answers in
JSON. Without it, the inline form posts to `CommentPageView`, a never-cached page with
an ordinary Django form; a first post that arrives without a token (straight from the
cached article page) stores nothing and shows the reader their text again with a token,
to send with one more click.
"""

from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from articles.models import Article
from comments import flood, html, posting
from comments.forms import MAX_ID, CommentForm
from comments.models import Comment
from comments.threads import Thread
from core import visitors
from core.http import json_error

RATE_LIMITED_MESSAGE = "评论发得有点快了，请休息一分钟再发。感谢你的热情！"
HELD_MESSAGE = "你的评论正在等待审核，通过后其他读者就能看到。"
PUBLISHED_MESSAGE = "评论已发布，感谢参与讨论！"


def _as_id(value) -> int | None:
    """A positive database id from untrusted input, or None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def _json_error(message, status, **extra):
    """The site's JSON error, with the `message` (and `errors`) comments.js shows."""
    return json_error(message, status, message=message, **extra)


def _ensure_reader_cookie(request, response):
    """Give the browser the site's reader id, so flood control can count it too."""
    if not request.user.is_authenticated and visitors.reader_id(request) is None:
        visitors.set_reader_cookie(response, visitors.new_reader_id())
    return response


@require_GET
@never_cache
def csrf_token(request):
    """A CSRF token (and cookie) for comments.js; never cached, since it is personal."""
    return _ensure_reader_cookie(request, JsonResponse({"token": get_token(request)}))


class CommentPostingMixin:
    """What both ways of posting share: the article, the form and the flood check."""

    @cached_property
    def article(self):
        articles = Article.objects.published().only("id", "slug", "title", "author_id")
        return get_object_or_404(articles, slug=self.kwargs["slug"])

    def make_form(self, data=None, initial=None):
        return CommentForm(data, initial=initial, article=self.article, user=self.request.user)

    def allowed(self) -> bool:
        """Counts one comment against the visitor's flood limit; False when over it."""
        return flood.allow(flood.identities(self.request))


@method_decorator(never_cache, name="dispatch")
class SubmitCommentView(CommentPostingMixin, View):
    """The JSON endpoint: 201 with the comment's HTML, 400 with field errors, 429, 404."""

    http_method_names = ["post"]

    def post(self, request, slug):
        try:
            article = self.article
        except Http404:
            return _json_error("文章不存在或已下线。", 404)
        form = self.make_form(request.POST)
        if not form.is_valid():
            errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            return _json_error("请检查后再提交。", 400, errors=errors)
        # Sent again (a double click, an answer that never arrived): the stored one.
        comment = posting.post_once(form, request, self.allowed)
        if comment is None:
            response = _json_error(RATE_LIMITED_MESSAGE, 429)
            response["Retry-After"] = str(flood.WINDOW)
            return response
        comment.article = article
        entry = posting.entry_for(comment)
        base = html.reply_url(article)
        if comment.parent_id:
            markup = html.comment_html(entry, base)
        else:
            markup = html.thread_html(Thread(id=comment.pk, top=entry), base)
        held = comment.status != Comment.Status.APPROVED
        return JsonResponse(
            {
                "id": comment.pk,
                "status": comment.status,
                "thread": comment.parent_id,
                "message": HELD_MESSAGE if held else PUBLISHED_MESSAGE,
                "html": markup,
            },
            status=201,
        )


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")  # checked in post(), see the module docstring
class CommentPageView(CommentPostingMixin, View):
    """The comment form on its own page, for readers without JavaScript."""

    template_name = "comments/comment_page.html"

    def get(self, request, slug):
        reply = _as_id(request.GET.get("reply"))
        initial = {"reply_to": reply} if reply else {}
        return self.render_page(self.make_form(initial=initial))

    def post(self, request, slug):
        if not self.csrf_passed():
            # Only our own cached page posts without a token; another site's post gets an
            # empty form, so it cannot plant text for a signed-in author to confirm.
            same_site = self.request.headers.get("Sec-Fetch-Site") == "same-origin"
            return self.render_page(
                self.refilled_form() if same_site else self.make_form(),
                status=403,
                notice="为了防止他人冒名提交，请确认下面的内容，再点一次“发表评论”。",
            )
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        comment = posting.post_once(form, request, self.allowed)
        if comment is None:
            return self.render_page(form, status=429, notice=RATE_LIMITED_MESSAGE)
        if comment.pk is None:  # honeypot: answer like a held comment, store nothing
            comment.article = self.article
            return render(
                request,
                "comments/posted.html",
                {
                    "entry": posting.entry_for(comment),
                    "article": self.article,
                    "message": HELD_MESSAGE,
                    "article_url": self.article.get_absolute_url(),
                },
            )
        return redirect("comments:posted", token=posting.receipt_token(comment), permanent=False)

    def csrf_passed(self):
        # The same check CsrfViewMiddleware makes, run here so a failure can keep the text.
        check = CsrfViewMiddleware(lambda request: None)
        return check.process_view(self.request, None, (), {}) is None

    def refilled_form(self):
        """An unbound form holding what was sent, so the reader need not type it again."""
        data = self.request.POST
        initial = {key: data.get(key, "") for key in ("name", "email", "body")}
        if _as_id(data.get("reply_to")):
            initial["reply_to"] = _as_id(data.get("reply_to"))
        return self.make_form(initial=initial)

    def render_page(self, form, status=200, notice=""):
        reply_target = None
        wanted = _as_id(form["reply_to"].value())
        if wanted:
            reply_target = (
                Comment.objects.approved().filter(article=self.article, pk=wanted).first()
            )
        response = render(
            self.request,
            self.template_name,
            {
                "article": self.article,
                "form": form,
                "reply_target": reply_target,
                "notice": notice,
                "signed_in_as": form.author_name() if form.user else "",
            },
            status=status,
        )
        return _ensure_reader_cookie(self.request, response)


@never_cache
@require_GET
def posted(request, token):
    """After a no-JavaScript post: the writer sees their comment, held or not."""
    comment_id = posting.comment_id_from_receipt(token)
    if comment_id is None:
        raise Http404("链接无效或已过期")
    comment = get_object_or_404(
        Comment.objects.select_related("article", "reply_to"), pk=comment_id
    )
    messages = {
        Comment.Status.APPROVED: PUBLISHED_MESSAGE,
        Comment.Status.HELD: HELD_MESSAGE,
        Comment.Status.REJECTED: "这条评论未通过审核，不会公开显示。",
    }
    return render(
        request,
        "comments/posted.html",
        {
            "entry": posting.entry_for(comment),
            "article": comment.article,
            "message": messages[comment.status],
            "article_url": comment.article.get_absolute_url(),
        },
    )
