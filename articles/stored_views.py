"""Views as the database holds them: article totals, per-day counts, and the ids of the
Redis batches already written.

Both ways of counting end here (articles.counting without Redis, articles.view_buffer
with it); this module imports neither, so the dependency runs one way.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from articles.models import Article, DailyViews, FlushedViewBatch


def add_daily_views(counts: dict) -> None:
    """Add {(article_id, date): views} to the per-day table in one statement."""
    if not counts:
        return
    table = connection.ops.quote_name(DailyViews._meta.db_table)
    rows = ", ".join(["(%s, %s, %s)"] * len(counts))
    params = [value for (article_id, day), n in counts.items() for value in (article_id, day, n)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, date, views) VALUES {rows} "
            f"ON CONFLICT (article_id, date) DO UPDATE SET views = {table}.views + excluded.views",
            params,
        )


def write_batch(batch_id: str, totals: dict[int, int], daily: dict) -> int:
    """Add a batch's views and record its id, in one transaction; returns the views
    written, 0 when the batch id is already recorded (a replay) or its articles are gone."""
    existing = set(Article.objects.filter(pk__in=totals).values_list("pk", flat=True))
    with transaction.atomic():
        _, created = FlushedViewBatch.objects.get_or_create(token=batch_id)
        if not (created and existing):
            return 0
        Article.objects.filter(pk__in=existing).update(
            view_count=F("view_count")
            + Case(
                *[When(pk=pk, then=Value(totals[pk])) for pk in existing],
                output_field=IntegerField(),
            )
        )
        add_daily_views({key: n for key, n in daily.items() if key[0] in existing})
    return sum(totals[pk] for pk in existing)


def written(batch_ids) -> set[str]:
    """Which of these batch ids the database has already written."""
    ids = list(batch_ids)
    if not ids:
        return set()
    return set(FlushedViewBatch.objects.filter(token__in=ids).values_list("token", flat=True))


def keep_seconds() -> int:
    """How long a written batch id is remembered (and so how old a replayed batch may be)."""
    return settings.VIEW_BATCH_KEEP_DAYS * 24 * 3600


def forget_old_batches(now=None) -> int:
    """Delete the ids of batches written longer ago than VIEW_BATCH_KEEP_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=keep_seconds())
    deleted, _ = FlushedViewBatch.objects.filter(flushed_at__lt=cutoff).delete()
    return deleted
