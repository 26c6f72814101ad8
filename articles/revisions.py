"""Revisions of articles, kept by django-reversion: who saved what, when, and restoring.

A revision records what the author wrote, never what is computed from it on save
(body_html, toc, counters): those are rebuilt by Article.save() when a revision is
restored, so the page, its fragments and the page cache change as for any edit.
reversion's own revert() saves raw rows and skips all of that, so it is not used here.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import reversion
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Category, Tag

RECORDED_FIELDS = (
    "title",
    "slug",
    "author",
    "category",
    "tags",
    "cover",
    "summary",
    "body_format",
    "body_markdown",
    "body_rich",
    "status",
    "published_at",
    "is_investment",
    "copyright_notice",
)
# What restoring brings back: the writing. Its address, author and publishing state stay
# as they are now, so restoring an old draft never unpublishes a live article or breaks
# links to it.
RESTORED_FIELDS = (
    "title",
    "category",
    "tags",
    "cover",
    "summary",
    "body_format",
    "body_markdown",
    "body_rich",
    "is_investment",
    "copyright_notice",
)
SYSTEM_NAME = "系统"


def register() -> None:
    """Called once from ArticlesConfig.ready()."""
    if not reversion.is_registered(Article):
        reversion.register(Article, fields=RECORDED_FIELDS, ignore_duplicates=True)


@receiver(post_save, sender=Article, dispatch_uid="articles.revisions.outside_admin")
@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="articles.revisions.tags")
def keep_revision_of_any_save(sender, instance, raw=False, **kwargs):
    """Every save, and every change of the tags, keeps a revision; one identical to the
    last stores nothing.

    Revision blocks here are opened with manage_manually=True (the admin's, saved_by(),
    restore()), so each save is added explicitly, which is what makes reversion compare
    it with the previous version. A save outside any block gets a block of its own.
    """
    action = kwargs.get("action", "post_save")
    if raw or not action.startswith("post_") or not isinstance(instance, Article):
        return  # a fixture, a pre_ signal, or tags changed from the tag's side
    if reversion.is_active():
        if reversion.is_manage_manually():
            reversion.add_to_revision(instance)
        return
    with reversion.create_revision(manage_manually=True):
        reversion.set_comment("在后台之外保存")
        reversion.add_to_revision(instance)


@contextmanager
def saved_by(user, comment: str):
    """For views outside the admin that save articles (say, autosave): the revision the
    saves inside make names who saved and why, instead of 系统."""
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def versions_of(article):
    """The article's revisions, newest first, with who saved each."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user__author_profile")
        .order_by("-revision__date_created", "-pk")
    )


def person_name(user) -> str:
    """A pen name where there is one; the site never shows login names to authors."""
    if user is None:
        return SYSTEM_NAME
    profile = getattr(user, "author_profile", None)
    return profile.display_name if profile else user.get_full_name() or "未署名的管理员"


@dataclass
class Restored:
    article: Article
    kept: list[str] = field(default_factory=list)  # what could not come back, and why


def _restorable_values(version) -> tuple[dict, list[str]]:
    data = version.field_dict
    values, kept = {}, []
    for name in RESTORED_FIELDS:
        if name == "tags":
            continue
        model_field = Article._meta.get_field(name)
        values[model_field.attname] = data.get(model_field.attname, data.get(name))
    category_id = values.get("category_id")
    if category_id is not None and not Category.objects.filter(pk=category_id).exists():
        values.pop("category_id")
        kept.append("原分类已删除，保留现在的分类")
    cover = values.get("cover") or ""
    if cover and not default_storage.exists(str(cover)):
        values.pop("cover")
        kept.append("原封面图文件已不存在，保留现在的封面")
    return values, kept


def restore(article: Article, version: Version, user) -> Restored:
    """Bring the writing of `version` back into `article`, as a new revision by `user`.

    Everything an edit sets off happens here too: the body is rendered again and the
    signals turn over the hot list, neighbours, search text and the page cache.
    """
    values, kept = _restorable_values(version)
    tag_ids = set(version.field_dict.get("tags") or [])
    existing_tags = list(Tag.objects.filter(pk__in=tag_ids))
    if len(existing_tags) < len(tag_ids):
        kept.append("部分原标签已删除，未能恢复")
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
    with transaction.atomic(), reversion.create_revision(manage_manually=True):
        for attname, value in values.items():
            setattr(article, attname, value)
        article.save()
        article.tags.set(existing_tags)
        reversion.set_user(user)
        reversion.set_comment(f"恢复到 {when} 的版本")
        # Again after the tags: the entry made on save was taken before them.
        reversion.add_to_revision(article)
    return Restored(article, kept)
