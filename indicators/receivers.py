"""Django signal receivers for price data (trading signals: indicators.library.crossings)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import pagecache
from indicators.models import PriceSeries


@receiver(post_save, sender=PriceSeries)
@receiver(post_delete, sender=PriceSeries)
def refresh_public_pages(sender, **kwargs):
    # New prices change the demos' static fallbacks and what /indicators/ lists.
    pagecache.bump()
