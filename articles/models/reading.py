"""What reading leaves behind: views per day, who was counted when, and the view
batches already written."""

from django.db import models

from articles.models.article import Article


class DailyViews(models.Model):
    """Views per article per day: the hot list ranks on a recent window of these."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="daily_views"
    )
    date = models.DateField("日期", db_index=True)
    views = models.PositiveIntegerField("阅读", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="unique_daily_views")
        ]
        verbose_name = verbose_name_plural = "每日阅读"


class ReaderView(models.Model):
    """When a reader was last counted for an article, and from which address.

    Used where there is no Redis: de-duplication and the per-address limit are then
    decided in the same write transaction that adds the view.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    reader = models.CharField(max_length=64)
    address = models.CharField(max_length=64)  # keyed digest, never the raw address
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "reader"], name="unique_reader_view")
        ]
        indexes = [
            models.Index(fields=["article", "address", "counted_at"]),
            models.Index(fields=["counted_at"]),
        ]


class FlushedViewBatch(models.Model):
    """A batch of buffered views (Redis) already written, so it is never written twice."""

    token = models.CharField(max_length=64, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True, db_index=True)
