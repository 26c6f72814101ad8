"""Django signal receivers for comments."""

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments import counts
from comments.models import Comment
from core import pagecache
from core.cache_errors import CACHE_ERRORS

logger = logging.getLogger(__name__)


def _refresh_pages(article_id) -> None:
    counts.recount([article_id])
    # A cache that is down must not turn a stored comment into an error (issue 17): the
    # cached pages then simply expire on their own (PAGE_CACHE_SECONDS).
    try:
        pagecache.bump()
    except CACHE_ERRORS:
        logger.warning("comment stored, but cached pages could not be refreshed", exc_info=True)


@receiver(post_save, sender=Comment)
def refresh_pages_on_save(sender, instance, created, **kwargs):
    # A new held comment changes nothing public; an approval, an edit or a status change
    # away from approved does.
    if not (created and instance.status != Comment.Status.APPROVED):
        _refresh_pages(instance.article_id)


@receiver(post_delete, sender=Comment)
def refresh_pages_on_delete(sender, instance, **kwargs):
    if instance.status == Comment.Status.APPROVED:
        _refresh_pages(instance.article_id)
