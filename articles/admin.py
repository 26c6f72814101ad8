from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import (
    autosave,
    dashboard_admin,  # noqa: F401  (registers 我的数据)
    people,
    rendering,
    tags,
)
from articles.editor_config import editor_config
from articles.models import Article, AuthorProfile, Category, Tag
from articles.revision_admin import RevisionsAdminMixin
from core.admin_dates import DateFiltersMixin
from core.admin_deletion import QuietLinksMixin
from indicators.library.registry import INDICATORS

MANAGE_ALL = "articles.manage_all_articles"
EMPTY_BODY = "发布前请填写正文（与所选正文格式对应的那一栏）：空段落、空格和空标题不算正文。"
STRAY_DEMO = "第 {} 行的演示代码不在单独的段落里，读者将看到原文"


def can_manage_all(request) -> bool:
    return request.user.has_perm(MANAGE_ALL)


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        body_format = cleaned.get("body_format")
        field = "body_markdown" if body_format == Article.BodyFormat.MARKDOWN else "body_rich"
        if cleaned.get("status") == Article.Status.PUBLISHED and not rendering.has_content(
            cleaned.get(field) or "", body_format
        ):
            self.add_error(field, EMPTY_BODY)
        return cleaned


class AuthorFilter(admin.SimpleListFilter):
    """按作者 by pen name, for those who see everyone's articles."""

    title = "作者"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        authors = people.staff_by_pen_name().filter(pk__in=Article.objects.values("author"))
        return [(str(user.pk), people.pen_name(user)) for user in authors]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(author_id=value) if value.isdigit() else queryset.none()


@admin.register(Article)
class ArticleAdmin(RevisionsAdminMixin, QuietLinksMixin, DateFiltersMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = (
        "title",
        "state_label",
        "author_name",
        "category",
        "published_at",
        "view_count",
        "comment_count",
        "preview_link",
    )
    list_filter = ("status", "category", "body_format", "is_investment", "published_at")
    search_fields = ("title", "summary", "body_markdown", "author__author_profile__display_name")
    date_hierarchy = "published_at"
    autocomplete_fields = ("tags",)
    list_select_related = ("author__author_profile", "category")
    readonly_fields = ("view_count", "comment_count", "created_at", "updated_at")
    actions = ("publish_now", "back_to_draft", "render_again")
    fieldsets = (
        (None, {"fields": ("title", "slug", "author", "category", "tags", "cover", "summary")}),
        (
            "正文",
            {
                "fields": ("body_format", "body_markdown", "body_rich"),
                "description": (
                    "插入指标演示：在单独一段写 <code>[[indicator macd symbol=600519 fast=12 "
                    f"slow=26 signal=9]]</code>，支持 {'、'.join(INDICATORS)}；"
                    "也可以点“插入互动演示”按钮选择。随时点页面底部的“预览”按钮，"
                    "不必先保存，就能看到读者将看到的样子。"
                ),
            },
        ),
        ("发布", {"fields": ("status", "published_at", "is_investment", "copyright_notice")}),
        (
            "统计",
            {
                "fields": ("view_count", "comment_count", "created_at", "updated_at"),
                "classes": ("collapse",),
            },
        ),
    )

    class Media:
        js = (
            "admin/js/article_body_format.js",
            "admin/js/article_field_labels.js",
            "admin/js/article_editor.js",
            "admin/js/article_autosave.js",
            "admin/js/article_markdown_tools.js",
            "admin/js/article_demo_picker.js",
        )
        css = {"all": ("admin/css/article_admin.css",)}

    def get_queryset(self, request):
        articles = super().get_queryset(request)
        return articles if can_manage_all(request) else articles.by_author(request.user)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return (AuthorFilter, *filters) if can_manage_all(request) else filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs.setdefault("queryset", people.staff_by_pen_name())
            kwargs.setdefault("form_class", people.PenNameChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tags":  # typing a new name creates the tag (articles.tags)
            kwargs["widget"] = tags.TagWidget(db_field, self.admin_site)
            kwargs["form_class"] = tags.TagChoiceField
            kwargs["can_create"] = request.user.has_perm("articles.add_tag")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_manage_all(request):
            return fieldsets
        # Authors write as themselves: the author field is not theirs to choose.
        first = (None, {"fields": tuple(f for f in fieldsets[0][1]["fields"] if f != "author")})
        return (first, *fieldsets[1:])

    def save_model(self, request, obj, form, change):
        if not change and not can_manage_all(request):
            obj.author = request.user
        super().save_model(request, obj, form, change)
        autosave.forget(obj, request.user)
        if obj.embed_errors:
            problems = "；".join(error["message"] for error in obj.embed_errors)
            messages.warning(
                request, f"正文里有无法识别的指标演示代码，请点“预览”查看具体问题：{problems}"
            )
        for line in getattr(obj, "stray_demo_lines", ()):
            messages.warning(request, STRAY_DEMO.format(line) + "。")

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def view_on_site(self, obj):
        # Only a live article has a page on the site; the form's 预览 button shows the rest.
        return obj.get_absolute_url() if obj.is_live else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["editor_config"] = editor_config(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="状态", ordering="status")
    def state_label(self, obj):
        if obj.is_scheduled:
            return format_html(
                '<span class="state state-scheduled">定时 {}</span>',
                timezone.localtime(obj.published_at).strftime("%m-%d %H:%M"),
            )
        label = obj.get_status_display() if obj.status == Article.Status.DRAFT else "已发布"
        return format_html('<span class="state state-{}">{}</span>', obj.status, label)

    @admin.display(description="作者", ordering="author__author_profile__display_name")
    def author_name(self, obj):
        return people.pen_name(obj.author)

    @admin.display(description="预览")
    def preview_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">预览</a>',
            reverse("articles:preview", args=[obj.pk]),
        )

    @admin.action(description="立即发布所选文章")
    def publish_now(self, request, queryset):
        count = 0
        now = timezone.now()
        empty = []
        for article in queryset.exclude(status=Article.Status.PUBLISHED, published_at__lte=now):
            if not article.has_body:
                empty.append(article.title)
                continue
            article.status = Article.Status.PUBLISHED
            if article.published_at is None or article.published_at > now:
                article.published_at = now  # "now" means now, even for a scheduled one
            article.save()
            count += 1
        self.message_user(request, f"已发布 {count} 篇文章。")
        if empty:
            titles = "、".join(f"《{title}》" for title in empty)
            self.message_user(request, f"正文为空，未发布：{titles}。", messages.WARNING)

    @admin.action(description="重新渲染正文（导入新行情后更新演示）")
    def render_again(self, request, queryset):
        for article in queryset:
            article.save()
        self.message_user(request, f"已重新渲染 {queryset.count()} 篇文章。")

    @admin.action(description="撤回为草稿")
    def back_to_draft(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
        self.message_user(request, f"已撤回 {count} 篇文章。")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(QuietLinksMixin, admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "slug", "user", "bio")
    search_fields = ("display_name", "slug", "user__username")
    fields = ("user", "display_name", "slug", "bio", "avatar")

    def get_queryset(self, request):
        profiles = super().get_queryset(request)
        return profiles if can_manage_all(request) else profiles.filter(user=request.user)

    # The account behind a pen name (its login name) is shown to those who manage accounts.
    def _without_account(self, request, names):
        manages = request.user.has_perm("auth.view_user")
        return names if manages else tuple(n for n in names if not n.startswith("user"))

    def get_list_display(self, request):
        return self._without_account(request, super().get_list_display(request))

    def get_search_fields(self, request):
        return self._without_account(request, super().get_search_fields(request))

    def get_fields(self, request, obj=None):
        return self._without_account(request, super().get_fields(request, obj))

    def get_readonly_fields(self, request, obj=None):
        # Authors edit their own pen name and bio, never which account the profile is;
        # the page address (slug) is the editors' to change, since links to it spread.
        if request.user.is_superuser:
            return ()
        return ("user",) if can_manage_all(request) else ("user", "slug")
