from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.people import pen_name
from comments import counts
from comments.models import Comment, ModerationPhrase
from core import pagecache
from core.admin_dates import DateFiltersMixin

MODERATE_ALL = "comments.moderate_all_comments"


def can_moderate_all(request) -> bool:
    return request.user.has_perm(MODERATE_ALL)


class StatusFilter(admin.SimpleListFilter):
    """Opens on the moderation queue (待审核); "全部" shows everything."""

    title = "状态"
    parameter_name = "status"
    DEFAULT = Comment.Status.HELD
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.ALL, "全部")]

    def _chosen(self):
        return self.value() or self.DEFAULT

    def queryset(self, request, queryset):
        chosen = self._chosen()
        if chosen == self.ALL:
            return queryset
        if chosen not in Comment.Status.values:
            return queryset.none()
        return queryset.filter(status=chosen)

    def choices(self, changelist):
        # Django's own "全部" entry would clear the parameter, i.e. go back to the queue.
        for value, label in self.lookup_choices:
            yield {
                "selected": self._chosen() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


@admin.register(Comment)
class CommentAdmin(DateFiltersMixin, admin.ModelAdmin):
    list_display = (
        "excerpt",
        "article",
        "name",
        "status_label",
        "held_reason",
        "created_at",
        "ip_short",
        "agent_short",
    )
    list_filter = (StatusFilter, ("article", admin.RelatedOnlyFieldListFilter), "created_at")
    search_fields = ("name", "body", "held_reason", "ip_hash", "article__title")
    list_select_related = ("article",)
    date_hierarchy = "created_at"
    actions = ("approve", "hold", "reject")
    list_per_page = 50
    fields = (
        "article",
        "parent",
        "reply_to",
        "account",
        "name",
        "email",
        "body",
        "status",
        "held_reason",
        "ip_hash",
        "user_agent",
        "created_at",
    )
    # Moderators change the status; everything else is the reader's record.
    readonly_fields = tuple(field for field in fields if field != "status")

    def get_queryset(self, request):
        comments = super().get_queryset(request)
        if can_moderate_all(request):
            return comments
        # Authors moderate the discussion under their own articles only.
        return comments.filter(article__author=request.user)

    def has_add_permission(self, request):
        return False  # comments come from readers, through the article page

    @admin.display(description="用户")
    def account(self, obj):
        # A signed-in commenter, by pen name (articles.people): no login names here.
        return pen_name(obj.user) or "—"

    @admin.display(description="内容")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(60)

    @admin.display(description="状态", ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span class="comment-status comment-status-{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    @admin.display(description="IP 摘要", ordering="ip_hash")
    def ip_short(self, obj):
        # A keyed hash, never the address: enough to spot one sender across comments.
        return obj.ip_hash[:12]

    @admin.display(description="浏览器标识")
    def agent_short(self, obj):
        return format_html(
            '<span title="{}">{}</span>', obj.user_agent, Truncator(obj.user_agent).chars(40)
        )

    def _set_status(self, request, queryset, status, verb, **fields):
        # The ids first: the queryset may filter on the status being changed.
        article_ids = set(queryset.values_list("article_id", flat=True))
        count = queryset.update(status=status, **fields)
        # update() sends no signals: do what the receivers would.
        counts.recount(article_ids)
        pagecache.bump()
        self.message_user(request, f"已{verb} {count} 条评论。")

    @admin.action(description="通过所选评论", permissions=["change"])
    def approve(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.APPROVED, "通过")

    @admin.action(description="退回待审核", permissions=["change"])
    def hold(self, request, queryset):
        # The queue shows why each comment waits: here, because a person sent it back.
        from comments.queue import MANUAL_HOLD_REASON

        self._set_status(
            request, queryset, Comment.Status.HELD, "退回", held_reason=MANUAL_HOLD_REASON
        )

    @admin.action(description="拒绝所选评论", permissions=["change"])
    def reject(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.REJECTED, "拒绝")


@admin.register(ModerationPhrase)
class ModerationPhraseAdmin(admin.ModelAdmin):
    list_display = ("phrase", "kind", "is_active", "note", "created_at")
    list_filter = ("kind", "is_active")
    list_editable = ("is_active",)
    search_fields = ("phrase", "note")


# The 待审评论 queue registers its own admin; loaded here, with the other admins, so that
# the guards core applies to every ModelAdmin (CoreConfig.ready) reach it too.
from comments import queue  # noqa: E402, F401
