"""The index follows every change that alters what an article's document holds.

Deleting an article needs nothing here: its document goes with it (foreign key cascade),
and on SQLite a trigger takes the row out of the FTS5 table.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, Tag
from search.indexing import index_articles


@receiver(post_save, sender=Article)
def index_saved_article(sender, instance, raw=False, **kwargs):
    if not raw:
        index_articles([instance.pk])


@receiver(m2m_changed, sender=Article.tags.through)
def index_retagged_articles(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            index_articles([instance.pk])
    elif action == "pre_clear":
        # tag.articles.clear() names no articles afterwards: note them while we can.
        instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))
    elif action == "post_clear":
        index_articles(instance._search_article_ids)
    elif action in ("post_add", "post_remove"):
        index_articles(pk_set)


@receiver(post_save, sender=Tag)
def index_renamed_tag(sender, instance, created, raw=False, **kwargs):
    if not (created or raw):
        index_articles(instance.articles.values_list("pk", flat=True))


@receiver(pre_delete, sender=Tag)
def remember_tagged_articles(sender, instance, **kwargs):
    # The through rows vanish in the same delete, without an m2m signal.
    instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))


@receiver(post_delete, sender=Tag)
def index_untagged_articles(sender, instance, **kwargs):
    index_articles(getattr(instance, "_search_article_ids", []))
