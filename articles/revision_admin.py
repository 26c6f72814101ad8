"""The article admin's revision pages: the history list (Django's 历史 button), the diff
of one revision against the article as it is now, and restoring it.

Authors see and restore revisions of their own articles only (the admin's queryset is
theirs); editors, of every article.
"""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from reversion.errors import RevertError

from articles import revisions, textdiff
from articles.models import Article

OTHER_FIELD_LABELS = {
    "category": "分类",
    "tags": "标签",
    "cover": "封面图",
    "summary": "摘要",
    "is_investment": "风险提示",
    "copyright_notice": "版权声明",
}


def body_lines(body_format: str, markdown: str, rich: str) -> list[str]:
    if body_format == Article.BodyFormat.MARKDOWN:
        return textdiff.markdown_lines(markdown)
    return textdiff.rich_text_lines(rich)


def comparison(version, article) -> dict:
    """What the template shows: the title and body diffs, from the revision to now."""
    try:
        old = version.field_dict
    except RevertError as exc:  # a revision the current model can no longer read
        raise Http404("这个版本已无法读取。") from exc
    old_format = old.get("body_format", Article.BodyFormat.MARKDOWN)
    body = textdiff.diff_lines(
        body_lines(old_format, old.get("body_markdown", ""), old.get("body_rich", "")),
        body_lines(article.body_format, article.body_markdown, article.body_rich),
    )
    title = textdiff.diff_lines([old.get("title", "")], [article.title])
    current = {
        "category": article.category_id,
        "tags": set(article.tags.values_list("pk", flat=True)),
        "cover": article.cover.name or "",
        "summary": article.summary,
        "is_investment": article.is_investment,
        "copyright_notice": article.copyright_notice,
    }
    was = {**{name: old.get(name) for name in current}, "category": old.get("category_id")}
    was["tags"] = set(was["tags"] or [])
    was["cover"] = was["cover"] or ""
    return {
        "title_diff": title,
        "body_diff": textdiff.folded(body),
        "format_changed": old_format != article.body_format,
        "old_format": dict(Article.BodyFormat.choices).get(old_format, old_format),
        "other_changes": [
            OTHER_FIELD_LABELS[name] for name in current if was[name] != current[name]
        ],
        "identical": not (textdiff.has_changes(title) or textdiff.has_changes(body)),
    }


class RevisionsAdminMixin:
    """Keeps a revision for every admin save and adds the revision pages."""

    revision_list_template = "admin/articles/article/revisions.html"
    revision_diff_template = "admin/articles/article/revision_diff.html"
    revisions_listed = 200  # the newest; older ones stay stored

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_revision"
        own = [
            path(
                "<path:object_id>/history/<int:version_id>/",
                self.admin_site.admin_view(self.revision_view),
                name=name,
            )
        ]
        return own + super().get_urls()

    def _in_revision(self, request, view, *args, **kwargs):
        # Managed manually: each save is added explicitly (articles.revisions), so a save
        # that changed nothing stores no revision.
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            return view(request, *args, **kwargs)

    def changeform_view(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().changeform_view(request, *args, **kwargs)
        return self._in_revision(request, super().changeform_view, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        if request.method != "POST":  # the bulk actions (publish, back to draft, …)
            return super().changelist_view(request, *args, **kwargs)
        return self._in_revision(request, super().changelist_view, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            labels = [str(form.fields[name].label) for name in form.changed_data]
            reversion.set_comment("修改：" + "、".join(labels) if labels else "保存（无改动）")
        else:
            reversion.set_comment("新建")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Again, with the tags just saved: the entry made on save predates them.
        reversion.add_to_revision(form.instance)

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("没有这篇文章，或无权查看。")
        return article

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        rows = [
            {
                "version": version,
                "who": revisions.person_name(version.revision.user),
                "when": version.revision.date_created,
                "comment": version.revision.comment,
            }
            for version in revisions.versions_of(article)[: self.revisions_listed + 1]
        ]
        truncated = len(rows) > self.revisions_listed
        context = {
            **self.admin_site.each_context(request),
            "title": f"修订记录：{article.title}",
            "subtitle": None,
            "opts": self.model._meta,
            "original": article,
            "object": article,
            "rows": rows[: self.revisions_listed],
            "truncated": truncated,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.revision_list_template, context)

    def revision_view(self, request, object_id, version_id):
        article = self._article_or_404(request, object_id)
        version = get_object_or_404(revisions.versions_of(article), pk=version_id)
        if request.method == "POST":
            return self._restore(request, article, version)
        context = {
            **self.admin_site.each_context(request),
            "title": f"版本对比：{article.title}",
            "subtitle": None,
            "opts": self.model._meta,
            "original": article,
            "version": version,
            "who": revisions.person_name(version.revision.user),
            "can_restore": self.has_change_permission(request, article),
            **comparison(version, article),
        }
        return TemplateResponse(request, self.revision_diff_template, context)

    def _restore(self, request, article, version):
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        try:
            restored = revisions.restore(article, version, request.user)
        except RevertError as exc:
            raise Http404("这个版本已无法读取。") from exc
        when = timezone.localtime(version.revision.date_created)
        self.message_user(
            request, f"已恢复到 {when:%Y-%m-%d %H:%M} 的版本，并重新生成了正文。", messages.SUCCESS
        )
        for note in restored.kept:
            self.message_user(request, note, messages.WARNING)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[article.pk])
        )
