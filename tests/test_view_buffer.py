"""Counting at speed: one write transaction per beacon on the database, Redis buffering
with exact, crash-safe flushes when Redis is configured."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import view_buffer
from articles.models import Article, DailyViews
from tests.factories import ArticleFactory
from tests.test_counting import BROWSER, views

pytestmark = pytest.mark.django_db

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="buffering needs REDIS_URL")
without_redis = pytest.mark.skipif(
    bool(settings.REDIS_URL), reason="with Redis a beacon writes nothing to the database"
)


def beacon(article, **headers):
    return Client(HTTP_USER_AGENT=BROWSER, **headers).post(
        reverse("articles:record_view", args=[article.slug])
    )


@pytest.fixture(autouse=True)
def settle_at_once(settings):
    """These tests are about what a flush writes, not about waiting for Redis's disk."""
    settings.VIEW_BATCH_SETTLE_SECONDS = 0


@pytest.fixture
def no_auto_flush():
    """Hold off the flush that beacons trigger, to look at the buffer itself."""
    view_buffer.counts_client().set(view_buffer.FLUSH_DUE, 1, ex=600)


def stored(article):
    return Article.objects.get(pk=article.pk).view_count


@without_redis
@pytest.mark.django_db(transaction=True)
def test_a_database_beacon_is_one_write_transaction():
    """Without Redis, de-duplication, the address limit and both counts share one commit."""
    article = ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        assert beacon(article).status_code == 204
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    writes = [s for s in statements if s in ("INSERT", "UPDATE", "DELETE")]
    transactions = [s for s in statements if s in ("BEGIN", "SAVEPOINT")]
    assert writes and len(transactions) <= 1, statements
    assert stored(article) == 1


@needs_redis
def test_a_redis_beacon_writes_nothing_to_the_database(no_auto_flush):
    """With Redis a beacon is one script in Redis; the database is only read."""
    article = ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        assert beacon(article).status_code == 204
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert (stored(article), views(article)) == (0, 1)


@needs_redis
def test_flush_writes_every_article_in_one_statement(no_auto_flush):
    """A flush adds each article's pending views with one UPDATE and one upsert."""
    articles = ArticleFactory.create_batch(3)
    for n, article in enumerate(articles, start=1):
        for _ in range(n):
            beacon(article)
    with CaptureQueriesContext(connection) as queries:
        assert view_buffer.flush() == 6
    updates = [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert [stored(a) for a in articles] == [1, 2, 3]
    assert [DailyViews.objects.get(article=a).views for a in articles] == [1, 2, 3]
    assert view_buffer.pending([a.pk for a in articles]) == {a.pk: 0 for a in articles}


@needs_redis
def test_page_shows_database_count_plus_pending(no_auto_flush, client):
    """阅读 on the page is what the database holds plus what Redis still buffers."""
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(view_count=100)
    for _ in range(3):
        beacon(article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'data-role="view-count">103<' in html


@needs_redis
def test_batch_of_a_dead_flusher_is_written_exactly_once(no_auto_flush, monkeypatch):
    """A flusher that dies after moving the batch aside loses nothing; one that dies after
    committing is not counted twice."""
    article = ArticleFactory()
    for _ in range(4):
        beacon(article)

    def die(*args, **kwargs):
        raise RuntimeError("worker killed")

    with monkeypatch.context() as m:
        m.setattr(view_buffer, "_write_batch", die)
        with pytest.raises(RuntimeError):
            view_buffer.flush()
    assert views(article) == 4  # still shown while its batch waits
    beacon(article)  # a new reader meanwhile
    assert view_buffer.flush() == 5
    assert stored(article) == 5

    for _ in range(2):
        beacon(article)
    with monkeypatch.context() as m:
        m.setattr(view_buffer, "_forget_batch", die)
        with pytest.raises(RuntimeError):
            view_buffer.flush()
    assert stored(article) == 7
    assert view_buffer.flush() == 0  # the leftover batch is known to the database
    assert stored(article) == 7 and views(article) == 7


@needs_redis
def test_beacons_flush_by_themselves(settings):
    """Requests flush the buffer at most every VIEW_FLUSH_SECONDS, under a lock."""
    settings.VIEW_FLUSH_SECONDS = 60
    article = ArticleFactory()
    beacon(article)  # the first beacon finds no flush due and flushes
    assert stored(article) == 1
    beacon(article)
    assert stored(article) == 1 and views(article) == 2


@pytest.mark.django_db(transaction=True)
def test_flush_views_command_runs_everywhere():
    """`manage.py flush_views` works with and without Redis, and reports what it did."""
    article = ArticleFactory()
    beacon(article)
    out = io.StringIO()
    call_command("flush_views", stdout=out)
    assert "写入" in out.getvalue()
    assert stored(article) == 1
