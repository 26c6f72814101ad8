from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles import hot
from articles.models import Article, Category


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def refresh_hot_list(sender, **kwargs):
    # A new, edited, unpublished or deleted article may change the sidebar at once.
    hot.invalidate()


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def refresh_navigation(sender, **kwargs):
    from articles.templatetags.articles_tags import NAV_CACHE_KEY

    cache.delete(NAV_CACHE_KEY)
