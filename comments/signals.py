"""Django signal receivers for comments."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments import counts
from comments.models import Comment
from core import pagecache


@receiver(post_save, sender=Comment)
def refresh_pages_on_save(sender, instance, created, **kwargs):
    # A new held comment changes nothing public; an approval, an edit or a status change
    # away from approved does.
    if not (created and instance.status != Comment.Status.APPROVED):
        counts.recount([instance.article_id])
        pagecache.bump()


@receiver(post_delete, sender=Comment)
def refresh_pages_on_delete(sender, instance, **kwargs):
    if instance.status == Comment.Status.APPROVED:
        counts.recount([instance.article_id])
        pagecache.bump()
