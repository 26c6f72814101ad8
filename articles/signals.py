"""Django signal receivers: what must change at once when articles or their parts do.

Cached fragments (the hot list, the navigation, neighbours' links) are turned over at
once and again after the admin's transaction commits (articles.fragments): a reader's
page rendered in between, from the rows not yet committed, is stored where nobody looks.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles import counting, hot, navigation, neighbours
from articles.models import Article, AuthorProfile, Category, Tag
from core import pagecache


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def refresh_hot_list(sender, **kwargs):
    # A new, edited, unpublished or deleted article may change the sidebar at once, and
    # what its beacon may count.
    hot.invalidate()
    counting.forget_live_ids()
    # Again once committed: a beacon in between may have read the old row.
    transaction.on_commit(counting.forget_live_ids)


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def refresh_navigation(sender, **kwargs):
    # The menu lists the categories with something live: publishing can change it.
    navigation.invalidate()


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
@receiver(m2m_changed, sender=Article.tags.through)
@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
@receiver(post_save, sender=AuthorProfile)
@receiver(post_delete, sender=AuthorProfile)
def refresh_public_pages(sender, **kwargs):
    # Titles, bylines, lists, navigation and sidebars appear on every page.
    if kwargs.get("action", "post_").startswith("post_"):
        neighbours.changed()
        pagecache.bump()
