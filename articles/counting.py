"""View counting: one view per reader per article per window, never lost, never a bot.

A reader is a browser, identified by the reader cookie of core.visitors, which the
counting endpoint sets (never the page, so pages stay cacheable). Readers behind one
shared address (a household, a carrier NAT) therefore stay distinct; but one address may
bring at most settings.VIEW_NEW_READERS_PER_ADDRESS new readers to an article in any hour,
so a script that drops its cookie on every request cannot inflate 阅读.

Two ways to keep the tally, chosen by whether Redis is configured:
- with Redis, a beacon is one atomic script in Redis (articles.view_buffer), and the
  buffered views are written to the database in batches;
- without it, a beacon is one write transaction in the database (this module).
Either way the database's figures are kept by articles.stored_views. This module decides
what counts and where.
"""

import random
import re
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from articles import view_buffer
from articles.models import Article, ReaderView
from articles.stored_views import add_daily_views
from core.cache_errors import CACHE_ERRORS

ADDRESS_WINDOW = timedelta(hours=1)
# What a beacon may meet when the view cannot be stored: the database's errors, and
# Redis down, full or timed out.
STORE_ERRORS = CACHE_ERRORS
# Without Redis, about one beacon in this many also deletes expired reader rows.
PRUNE_ONE_IN = 500

# Crawlers, link unfurlers, monitoring and scripting clients. Matched case-insensitively.
_BOT_PATTERN = re.compile(
    r"bot\b|bot/|spider|crawl|slurp|scrapy|curl|wget|python-requests|python-urllib|httpx|"
    r"aiohttp|go-http-client|okhttp|java/|libwww|httpclient|headlesschrome|phantomjs|"
    r"lighthouse|pingdom|uptime|monitor|preview|facebookexternalhit|embedly|quora link|"
    r"whatsapp|telegrambot|bytespider|petalbot|yisouspider|sogou|baiduspider|360spider|"
    r"yandex|semrush|ahrefs|mj12|dotbot|bingpreview",
    re.IGNORECASE,
)


def is_bot(request) -> bool:
    agent = request.headers.get("User-Agent", "").strip()
    return not agent or bool(_BOT_PATTERN.search(agent))


def is_prefetch(request) -> bool:
    purpose = " ".join(
        request.headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
    ).lower()
    return "prefetch" in purpose or "preview" in purpose or "prerender" in purpose


# Beacons ask which article a slug is live as; each process remembers a yes this long.
# Saving or deleting an article forgets every answer in that process at once (see
# articles.signals); another process may keep counting a just-unpublished article for
# these few seconds, which nobody can tell apart from a reader who loaded it just before.
LIVE_ID_SECONDS = 5.0
_live_ids: dict[str, tuple[int, float]] = {}


def live_article_id(slug: str) -> int | None:
    """The id of the published, live article with this slug (None for any other)."""
    known = _live_ids.get(slug)
    if known is not None and known[1] > time.monotonic():
        return known[0]
    article_id = _live_article_id_from_database(slug)
    if article_id is not None:
        if len(_live_ids) > 10_000:  # slugs are a small set; this only bounds a flood
            _live_ids.clear()
        _live_ids[slug] = (article_id, time.monotonic() + LIVE_ID_SECONDS)
    return article_id


def forget_live_ids() -> None:
    _live_ids.clear()


def _live_article_id_from_database(slug: str) -> int | None:
    # The same rule as ArticleQuerySet.published(), in plain SQL: building the ORM query
    # would cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {_Names().article} "
            "WHERE slug = %s AND status = %s AND published_at <= %s",
            [
                slug,
                Article.Status.PUBLISHED,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def record_view(article_id: int, reader: str, address: str) -> bool:
    """Count one view unless this reader was counted in the window, or the address has
    brought its share of new readers this hour. True when the view was counted."""
    if view_buffer.enabled():
        return view_buffer.record(article_id, reader, address)
    return _record_in_database(article_id, reader, address)


def _record_in_database(article_id: int, reader: str, address: str) -> bool:
    # Plain SQL: this runs for every reader, and building ORM queries would cost more
    # than executing them. One transaction (BEGIN IMMEDIATE on SQLite) holds it all.
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    window_start = adapt(now - timedelta(seconds=settings.VIEW_DEDUP_SECONDS))
    q = _Names()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.features.has_select_for_update:
            # Serialises beacons for one article on PostgreSQL; SQLite's lock already does.
            cursor.execute(f"SELECT 1 FROM {q.article} WHERE id = %s FOR UPDATE", [article_id])
        cursor.execute(
            f"SELECT counted_at > %s FROM {q.reader} WHERE article_id = %s AND reader = %s",
            [window_start, article_id, reader],
        )
        seen = cursor.fetchone()
        if seen is not None and seen[0]:
            return False
        cursor.execute(
            f"SELECT COUNT(*) FROM {q.reader} "
            "WHERE article_id = %s AND address = %s AND counted_at > %s",
            [article_id, address, adapt(now - ADDRESS_WINDOW)],
        )
        if cursor.fetchone()[0] >= settings.VIEW_NEW_READERS_PER_ADDRESS:
            return False
        cursor.execute(
            f"INSERT INTO {q.reader} (article_id, reader, address, counted_at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (article_id, reader) "
            "DO UPDATE SET address = excluded.address, counted_at = excluded.counted_at",
            [article_id, reader, address, adapt(now)],
        )
        cursor.execute(
            f"UPDATE {q.article} SET view_count = view_count + 1 WHERE id = %s", [article_id]
        )
        add_daily_views({(article_id, timezone.localdate(now)): 1})
        if random.randrange(PRUNE_ONE_IN) == 0:
            prune_reader_views(now)
    return True


class _Names:
    """Quoted table names for the counting SQL."""

    def __init__(self):
        quote = connection.ops.quote_name
        self.article = quote(Article._meta.db_table)
        self.reader = quote(ReaderView._meta.db_table)


def prune_reader_views(now=None) -> int:
    """Forget readers whose window and address hour have both passed."""
    now = now or timezone.now()
    keep = max(timedelta(seconds=settings.VIEW_DEDUP_SECONDS), ADDRESS_WINDOW)
    deleted, _ = ReaderView.objects.filter(counted_at__lt=now - keep).delete()
    return deleted


def current_views(article_ids) -> dict[int, int]:
    """Views not yet in the database, by article (always empty without Redis)."""
    return view_buffer.pending(article_ids) if view_buffer.enabled() else {}


def add_pending(articles) -> None:
    """Show 阅读 as the database count plus views still buffered in Redis."""
    pending = current_views([a.pk for a in articles])
    for article in articles:
        article.view_count += pending.get(article.pk, 0)
