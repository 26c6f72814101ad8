from django.db import models


class RateCounter(models.Model):
    """Hits per key per fixed window, for rate limits where there is no Redis.

    Incremented with one upsert statement, so parallel requests are all counted.
    """

    key = models.CharField(max_length=200)
    window = models.BigIntegerField()  # Unix time // window length
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="unique_rate_window")]
        indexes = [models.Index(fields=["window"])]
