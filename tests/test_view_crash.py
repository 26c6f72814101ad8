"""What a Redis crash costs 阅读: nothing acknowledged after kill -9, the views after
the disk's last sync when a snapshot comes back, and never a view counted twice."""

import io
import random
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles import counting, stored_views, view_buffer
from articles.models import Article, FlushedViewBatch
from tests.factories import ArticleFactory
from tests.redis_servers import redis_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def counts(redis_server, settings):  # noqa: F811
    """Views buffered in a throwaway Redis with AOF everysec; flushes only when called."""
    settings.REDIS_COUNTS_URL = redis_server.url
    settings.VIEW_BATCH_SETTLE_SECONDS = 1
    settings.VIEW_FLUSH_SECONDS = 3600
    view_buffer.counts_client().set(view_buffer.FLUSH_DUE, 1)
    return redis_server


def read(article, readers) -> int:
    """Each reader's beacon, from its own address; returns how many counted."""
    return sum(counting.record_view(article.pk, r, f"address-{r}") for r in readers)


def stored(article) -> int:
    return Article.objects.get(pk=article.pk).view_count


def shown(article) -> int:
    """阅读 as a page shows it: the database plus what Redis still holds."""
    return stored(article) + counting.current_views([article.pk])[article.pk]


def flush_everything(settle_seconds=1):
    view_buffer.flush()  # closes the open batch
    time.sleep(settle_seconds + 1.1)
    view_buffer.flush()  # writes it once settled


@pytest.mark.django_db(transaction=True)  # the flusher thread must see the article
def test_kill_9_loses_no_acknowledged_view_and_counts_none_twice(counts, monkeypatch):
    """Redis killed -9 under readers and a flusher: every reader ends up counted exactly once."""
    monkeypatch.setattr(view_buffer.COUNTS_OUTAGE, "seconds", 0.5)  # retry Redis sooner
    article = ArticleFactory()
    readers = [f"reader-{n}" for n in range(600)]
    stop = threading.Event()
    background = threading.Thread(target=flush_until, args=(stop,))
    background.start()
    acknowledged, refused = 0, []
    try:
        killed_at = random.randrange(100, 400)
        for n, reader in enumerate(readers):
            if n == killed_at:
                counts.kill()
            try:
                acknowledged += read(article, [reader])
            except counting.STORE_ERRORS:
                refused.append(reader)  # the beacon answers 503 with Retry-After
                if n == killed_at:
                    counts.start()
            time.sleep(0.005)
    finally:
        stop.set()
        background.join()
    wait_for_flush_lock()  # one a flusher held as Redis died comes back with it
    flush_everything()
    assert refused[0] == readers[killed_at] and len(refused) < 200
    assert stored(article) == acknowledged == len(readers) - len(refused)  # none lost or twice
    assert read(article, readers) == len(refused)  # only the refused count on returning
    flush_everything()
    assert stored(article) == shown(article) == len(readers)


def wait_for_flush_lock():
    client = view_buffer.counts_client()
    deadline = time.monotonic() + view_buffer.FLUSH_LOCK_SECONDS + 1
    while client.exists(view_buffer.FLUSH_LOCK) and time.monotonic() < deadline:
        time.sleep(0.1)


def flush_until(stop):
    while not stop.is_set():
        try:
            view_buffer.flush()
        except counting.STORE_ERRORS:
            pass  # Redis is down for a moment
        time.sleep(0.05)
    connection.close()


def test_a_restored_snapshot_costs_the_views_after_it_and_counts_none_twice(counts, tmp_path):
    """A restored synced AOF: its written batch is skipped, its lost readers count once."""
    article = ArticleFactory()
    early = [f"early-{n}" for n in range(300)]
    late = [f"late-{n}" for n in range(48)]
    assert read(article, early) == 300
    view_buffer.flush()  # closes the batch: beacons go on into a new one
    time.sleep(2.1)  # settled: AOF everysec has synced the close
    synced = counts.snapshot(tmp_path / "synced")
    assert view_buffer.flush() == 300  # written and deleted after the last sync
    assert read(article, late) == 48
    counts.kill()
    counts.restore(synced)  # the written batch comes back; the late views do not
    counts.start()
    assert shown(article) == 300  # the page does not add the returned batch again
    flush_everything()
    assert stored(article) == 300  # skipped: the database holds its id
    assert read(article, early) == 0  # their de-duplication keys came back too
    assert read(article, late) == 48  # lost with the crash, counted once now
    flush_everything()
    assert stored(article) == 348


def test_a_page_never_shows_a_written_batch_twice(counts, monkeypatch):
    """A flusher dead right after its commit does not make 阅读 show its batch twice."""
    article = ArticleFactory(view_count=1000)
    assert read(article, [f"reader-{n}" for n in range(48)]) == 48
    view_buffer.flush()
    time.sleep(2.1)

    def killed(*args):
        raise SystemExit("flusher killed after its commit")

    with monkeypatch.context() as patched:
        patched.setattr(view_buffer, "_forget_batch", killed)
        with pytest.raises(SystemExit):
            view_buffer.flush()
    assert stored(article) == 1048
    assert shown(article) == 1048  # not 1096 until the next flush
    assert view_buffer.flush() == 0
    assert shown(article) == 1048


def test_written_batch_ids_are_pruned_after_the_keep_period(counts, settings):
    """The table of written batches keeps VIEW_BATCH_KEEP_DAYS, so it cannot grow forever."""
    settings.VIEW_BATCH_KEEP_DAYS = 2
    old = FlushedViewBatch.objects.create(token="batch:old")
    recent = FlushedViewBatch.objects.create(token="batch:recent")
    FlushedViewBatch.objects.filter(pk=old.pk).update(
        flushed_at=timezone.now() - timedelta(days=2, minutes=1)
    )
    FlushedViewBatch.objects.filter(pk=recent.pk).update(
        flushed_at=timezone.now() - timedelta(days=1, hours=23)
    )
    article = ArticleFactory()
    read(article, ["reader"])
    flush_everything()
    assert stored(article) == 1
    tokens = set(FlushedViewBatch.objects.values_list("token", flat=True))
    assert "batch:old" not in tokens and "batch:recent" in tokens
    assert len(tokens) == 2  # the recent one and the batch just written


def test_a_batch_closed_before_the_keep_period_is_dropped_not_guessed(counts, settings):
    """A batch too old for the database to remember is never written (it might have been)."""
    article = ArticleFactory()
    read(article, ["reader"])
    view_buffer.flush()
    client = view_buffer.counts_client()
    (batch_id,) = client.zrange(view_buffer.CLOSED, 0, -1)
    long_ago = client.time()[0] - stored_views.keep_seconds()
    client.zadd(view_buffer.CLOSED, {batch_id: long_ago})
    assert view_buffer.flush() == 0
    assert stored(article) == 0 and client.zcard(view_buffer.CLOSED) == 0


def test_flush_views_command_writes_everything_buffered(counts):
    """`manage.py flush_views` waits the seconds a just-closed batch needs, then writes it."""
    article = ArticleFactory()
    read(article, ["first", "second", "third"])
    out = io.StringIO()
    call_command("flush_views", stdout=out)
    assert "写入 3 次阅读" in out.getvalue()
    assert stored(article) == shown(article) == 3
