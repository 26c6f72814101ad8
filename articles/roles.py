"""The two staff roles, created by `manage.py setup_roles` (and by seed_demo)."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

AUTHOR_GROUP = "作者"
EDITOR_GROUP = "编辑"

# Authors write and publish their own articles and moderate comments on them; the admin
# narrows every list to their own rows. Editors may act on everyone's.
AUTHOR_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.view_category",
    "articles.view_tag",
    "articles.add_tag",
    "articles.view_authorprofile",
    "articles.change_authorprofile",
    "comments.view_comment",
    "comments.change_comment",
    "indicators.view_priceseries",
]
EDITOR_PERMISSIONS = AUTHOR_PERMISSIONS + [
    "articles.delete_article",
    "articles.manage_all_articles",
    "articles.add_category",
    "articles.change_category",
    "articles.change_tag",
    "comments.delete_comment",
    "comments.moderate_all_comments",
    "comments.view_moderationphrase",
    "comments.add_moderationphrase",
    "comments.change_moderationphrase",
    "comments.delete_moderationphrase",
]


def _permissions(names):
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def ensure_roles() -> None:
    for app_config in apps.get_app_configs():  # permissions exist even before a first request
        create_permissions(app_config, verbosity=0)
    for group_name, names in (
        (AUTHOR_GROUP, AUTHOR_PERMISSIONS),
        (EDITOR_GROUP, EDITOR_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set(_permissions(names))
