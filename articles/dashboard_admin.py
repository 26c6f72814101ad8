"""我的数据 in the admin: one read-only page, in the menu through the AuthorStats proxy.

Anyone who may see articles in the admin sees the page: an author their own articles,
an editor every author's, with a choice of author.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse

from articles import dashboard
from articles.models import AuthorStats


@admin.register(AuthorStats)
class AuthorStatsAdmin(admin.ModelAdmin):
    template = "admin/articles/dashboard.html"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(self.dashboard_view)
        return [path("", view, name=f"{opts.app_label}_{opts.model_name}_changelist")]

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        editor = request.user.has_perm(dashboard.MANAGE_ALL)
        form = dashboard.DashboardFilter(request.GET or None, editor=editor)
        author = form.choice("author", None) if editor else None
        days = form.choice("days", dashboard.PERIODS[0][0])
        numbers = dashboard.build(dashboard.scoped_articles(request.user, author), days)
        context = {
            **self.admin_site.each_context(request),
            "title": "我的数据" if not editor else "作者数据",
            "subtitle": None,
            "opts": self.model._meta,
            "form": form,
            "editor": editor,
            "chosen_author": dashboard.pen_name(author) if author else "",
            "numbers": numbers,
            "article_opts": self.model._meta.proxy_for_model._meta,
            "held_queue_url": _held_queue_url(),
        }
        return TemplateResponse(request, self.template, context)


def _held_queue_url() -> str:
    try:
        return reverse("admin:comments_heldcomment_changelist")
    except NoReverseMatch:  # the queue is not registered on this admin site
        return ""
