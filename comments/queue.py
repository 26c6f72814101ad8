"""待审评论: every held comment an author (or, for editors, anyone) has to decide on, in
one list, with why it was held split into the family and the rules that fired.

The reason is stored on the comment when it is held (comments.posting, from
comments.moderation.held_reason), as "family:rule、rule;family:rule".
"""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from comments import moderation
from comments.admin import CommentAdmin
from comments.models import Comment, HeldComment, ModerationPhrase

MANUAL_HOLD_REASON = "审核人退回：人工复核"
NO_REASON = "未记录原因"


def reason_parts(held_reason: str) -> list[tuple[str, str]]:
    """[(family, rules)] of a stored reason; the premoderation reason uses a full-width
    colon, the filter's an ASCII one."""
    parts = []
    for part in filter(None, (p.strip() for p in (held_reason or "").split(";"))):
        family, colon, rules = part.replace("：", ":", 1).partition(":")
        parts.append((family, rules) if colon else (part, ""))
    return parts


def known_families() -> list[str]:
    """Every family a comment can be held for, in the order the filter checks them."""
    from comments.posting import PREMODERATION_REASON

    families = [group.reason for group in moderation.load_rules().groups]
    families += [label for _, label in ModerationPhrase.Kind.choices]
    families += ["链接过多", reason_parts(PREMODERATION_REASON)[0][0]]
    families.append(reason_parts(MANUAL_HOLD_REASON)[0][0])
    return list(dict.fromkeys(families))


class FamilyFilter(admin.SimpleListFilter):
    title = "待审原因"
    parameter_name = "family"
    NONE = "none"

    def lookups(self, request, model_admin):
        return [(family, family) for family in known_families()] + [(self.NONE, NO_REASON)]

    def queryset(self, request, queryset):
        chosen = self.value()
        if not chosen:
            return queryset
        if chosen == self.NONE:
            return queryset.filter(held_reason="")
        if chosen not in known_families():
            return queryset.none()
        starts = Q(held_reason__startswith=f"{chosen}:") | Q(held_reason__startswith=f"{chosen}：")
        return queryset.filter(starts | Q(held_reason__contains=f";{chosen}:"))


@admin.register(HeldComment)
class HeldCommentAdmin(CommentAdmin):
    """The queue: held comments only, approve or reject in bulk, nothing else to edit."""

    list_display = ("comment_link", "article_title", "article_author", "name", "families", "rules")
    list_display_links = None
    list_filter = (FamilyFilter, ("article", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("article__author__author_profile",)
    search_fields = ("name", "body", "held_reason", "article__title")
    date_hierarchy = None
    actions = ("approve", "reject")
    ordering = ("created_at", "id")  # oldest first: who has waited longest

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Comment.Status.HELD)

    def changelist_view(self, request, extra_context=None):
        # A queue to work through, not a list of things to open and edit.
        return super().changelist_view(request, {"title": "待审评论", **(extra_context or {})})

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("comments.view_comment")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("comments.change_comment")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="内容")
    def comment_link(self, obj):
        url = reverse("admin:comments_comment_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, self.excerpt(obj))

    @admin.display(description="文章", ordering="article__title")
    def article_title(self, obj):
        return obj.article.title

    @admin.display(description="文章作者")
    def article_author(self, obj):
        profile = getattr(obj.article.author, "author_profile", None)
        return profile.display_name if profile else "未设笔名的作者"

    @admin.display(description="待审原因")
    def families(self, obj):
        parts = reason_parts(obj.held_reason)
        if not parts:
            return NO_REASON
        return format_html_join(
            "、", '<span class="held-family">{}</span>', ((family,) for family, _ in parts)
        )

    @admin.display(description="命中规则")
    def rules(self, obj):
        found = [rules for _, rules in reason_parts(obj.held_reason) if rules]
        return "；".join(found) or "—"
