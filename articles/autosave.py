"""Autosave: the change form's unsaved text, kept per article and author, never published.

The editor's script posts the title, summary and body every few seconds. Each (article,
user) pair has at most one Autosave row, in its own table: the article itself, and so
its public page, changes only when the author presses 保存. When the author opens the
article again and an autosave is newer than the last real save and differs from it, the
form offers to restore it; a real save deletes it. New articles, which have no row to
attach to yet, are kept in the browser's localStorage only.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.http import json_error

# The form fields an autosave keeps: what an author types at length.
FIELDS = ("title", "summary", "body_format", "body_markdown", "body_rich")
FORMATS = ("markdown", "richtext")
STALE = (
    "这篇文章在你打开之后已经保存过（在这里、另一个窗口或由别人），"
    "自动保存已暂停。请刷新页面后再继续写。"
)


class Autosave(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="autosaves"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fields = models.JSONField(default=dict)
    saved_at = models.DateTimeField()

    class Meta:
        app_label = "articles"
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="unique_autosave")]
        verbose_name = verbose_name_plural = "自动保存的草稿"


def article_fields(article) -> dict:
    return {name: getattr(article, name) or "" for name in FIELDS}


def pending_draft(article, user) -> dict | None:
    """The user's autosave of `article` if it is newer than the last save and differs."""
    draft = Autosave.objects.filter(article=article, user=user).first()
    if draft is None or draft.saved_at <= article.updated_at:
        return None
    if {name: draft.fields.get(name, "") for name in FIELDS} == article_fields(article):
        return None
    return {"fields": draft.fields, "saved_at": draft.saved_at.isoformat()}


def forget(article, user) -> None:
    """A real save makes the user's autosave of the article obsolete."""
    Autosave.objects.filter(article=article, user=user).delete()


class DraftRefused(ValueError):
    """The posted draft is not one the form could hold; the message says why."""


def posted_fields(post) -> dict:
    """The autosaved fields from a form post; DraftRefused for what the form would refuse."""
    fields = {name: post.get(name, "") for name in FIELDS}
    if fields["body_format"] not in FORMATS:
        raise DraftRefused("正文格式只能是 Markdown 或富文本。")
    if len(fields["title"]) > 120 or len(fields["summary"]) > 300:
        raise DraftRefused("标题或摘要超出长度限制，草稿没有保存。")
    return fields


@require_http_methods(["POST", "DELETE"])
def autosave(request, pk):
    """POST keeps the posted draft; DELETE discards it (the author chose 丢弃)."""
    from articles.draft_preview import editable_articles, is_writer

    if not is_writer(request.user):
        return json_error("请先登录后台。", 403)
    article = get_object_or_404(editable_articles(request.user), pk=pk)
    if request.method == "DELETE":
        forget(article, request.user)
        return HttpResponse(status=204)
    try:
        fields = posted_fields(request.POST)
        base = datetime.fromisoformat(request.POST.get("_base", ""))
        if base.tzinfo is None:
            raise ValueError("no time zone")
    except ValueError as refused:
        message = str(refused) if isinstance(refused, DraftRefused) else "缺少页面的版本信息。"
        return json_error(message, 400)
    if article.updated_at > base:
        # Saved since this form was opened (by 保存 here, another tab or another person):
        # a late autosave must not bring back a draft the save has just replaced.
        return json_error(STALE, 409)
    now = timezone.now()
    Autosave.objects.update_or_create(
        article=article, user=request.user, defaults={"fields": fields, "saved_at": now}
    )
    return JsonResponse({"saved_at": now.isoformat()})
