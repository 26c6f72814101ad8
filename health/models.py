from django.db import models


class Heartbeat(models.Model):
    """One row that /healthz rewrites, proving the database can be read and written."""

    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = "心跳"
        verbose_name_plural = verbose_name
