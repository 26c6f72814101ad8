"""View counting: one view per reader per article per window, never lost, never a bot.

A reader is a browser, identified by a signed random id in a long-lived cookie set by the
counting endpoint (never by the page, so pages stay cacheable). Readers behind one
shared address (a household, a carrier NAT) therefore stay distinct. The window lives in
the shared cache, the count in the database, incremented with F() so concurrent readers
are all kept.
"""

import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article, DailyViews

READER_COOKIE = "kx_reader"
READER_COOKIE_SALT = "articles.reader"
READER_COOKIE_AGE = 365 * 24 * 3600

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


def reader_id(request) -> str | None:
    return request.get_signed_cookie(READER_COOKIE, default=None, salt=READER_COOKIE_SALT)


def new_reader_id() -> str:
    return secrets.token_urlsafe(16)


def set_reader_cookie(response, reader: str) -> None:
    response.set_signed_cookie(
        READER_COOKIE,
        reader,
        salt=READER_COOKIE_SALT,
        max_age=READER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def record_view(article_id: int, reader: str) -> bool:
    """Count one view unless this reader was counted for this article in the window."""
    if not cache.add(f"viewed:{article_id}:{reader}", 1, settings.VIEW_DEDUP_SECONDS):
        return False
    with transaction.atomic():
        Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)
        _bump_daily(article_id)
    return True


def _bump_daily(article_id: int) -> None:
    today = timezone.localdate()
    rows = DailyViews.objects.filter(article_id=article_id, date=today)
    if rows.update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            DailyViews.objects.create(article_id=article_id, date=today, views=1)
    except IntegrityError:
        # Another reader created today's row between our update and insert.
        rows.update(views=F("views") + 1)
