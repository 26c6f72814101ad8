"""Hostile URLs cannot grow the shared cache without bound (issue 17, item 6): every
entry is keyed by the canonical form of what it depends on, and what visitors can vary
without end lives in a fixed number of slots per kind."""

import random
import time
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import PriceSeries
from tests.cache_helpers import cache_footprint
from tests.factories import ArticleFactory
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db

SLOTS = 8
EMBED = "[[indicator boll symbol=600519 n=20 k=2]]"
# The largest entry of each kind, generously: a search page (plain and gzipped), an API
# payload, a QR code; each slot also has a marker of a few dozen bytes.
MAX_ENTRY_BYTES = {"search": 120_000, "api": 400_000, "qr": 30_000}
HOSTILE_URLS = 10_000


@pytest.fixture
def small_slots(settings):
    settings.BOUNDED_CACHE_SLOTS = dict.fromkeys(MAX_ENTRY_BYTES, SLOTS)
    settings.API_RATE_PER_MINUTE = 10**9
    return settings


def _junk(rng, length=8) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))


def hostile_urls(rng, article, series) -> list[str]:
    """Mixed kinds, every one distinct: search junk, API windows and parameters, QR
    states, archive and sitemap spellings. Cheap requests come more often than the ones
    that compute (a new API payload, a QR code), as they would from a script."""
    qr, api = reverse("articles:qr", args=[article.slug]), reverse("indicators:api", args=["boll"])
    days = (series.last_date - series.first_date).days
    makers = [
        # Past the 100-character cut: one canonical query, one entry.
        (3, lambda i: f"/search/?q=布林{' ' * 100}{_junk(rng)}{i}"),
        (2, lambda i: f"/search/?q=%20%20布林%E3%80%80{rng.choice(['线', '带', '收口'])}&x={i}"),
        (1, lambda i: f"/search/?q=bo{'L' * (i % 3 + 1)}+{_junk(rng)}"),  # finds nothing
        (2, lambda i: f"/search/?q=布林&page={'0' * (i % 50)}1"),
        (2, lambda i: f"{api}?symbol=600519&end={series.last_date + timedelta(days=i + 1)}"),
        (2, lambda i: f"{api}?symbol=600519&start={series.first_date - timedelta(days=i + 1)}"),
        (1, lambda i: f"{api}?symbol=600519&n={rng.randint(2, 250)}&k=1.{i:05d}"),
        (1, lambda i: f"{api}?symbol=600519&start={series.first_date + timedelta(i % days)}"),
        (1, lambda i: f"{qr}?d1.n={rng.randint(2, 250)}&d1.k={rng.randint(1, 5)}.{i:04d}"),
        (3, lambda i: f"/archive/{'0' * (i % 5)}2026/{'0' * (i % 7)}11/?x={i}"),
        (1, lambda i: f"/archive/{1000 + i}/{i % 12 + 1}/"),
        (2, lambda i: f"/sitemap.xml?p={'0' * (i % 40)}1&v={i}"),
        (2, lambda i: f"/?page={'0' * (i % 30)}1&utm_source={i}"),
    ]
    cycle = [make for weight, make in makers for _ in range(weight)]
    return [cycle[i % len(cycle)](i) for i in range(HOSTILE_URLS)]


def test_ten_thousand_hostile_urls_grow_the_cache_by_a_bounded_amount(client, small_slots):
    """10,000 distinct hostile URLs add at most the slots' worth of keys and bytes."""
    rng = random.Random(17)
    series = load_series()
    article = ArticleFactory(title="布林带收口", body_markdown=EMBED, published_at=_in_november())
    # Warm up what any reader would cache anyway: navigation, hot list, the version.
    for url in ["/", "/archive/2026/11/", "/sitemap.xml", "/search/?q=布林"]:
        client.get(url)
    keys_before, bytes_before = cache_footprint()
    statuses = {}
    started = time.monotonic()
    for url in hostile_urls(rng, article, PriceSeries.objects.get(pk=series.pk)):
        status = client.get(url).status_code
        statuses[status] = statuses.get(status, 0) + 1
    elapsed = time.monotonic() - started
    keys_after, bytes_after = cache_footprint()
    assert 500 not in statuses, statuses
    bound_keys = 3 * SLOTS * len(MAX_ENTRY_BYTES) + 20  # entry (+gz) and marker a slot
    bound_bytes = SLOTS * sum(MAX_ENTRY_BYTES.values()) + 200_000
    print(
        f"\n{HOSTILE_URLS} hostile URLs in {elapsed:.1f} s {statuses}: "
        f"+{keys_after - keys_before} keys (bound {bound_keys}), "
        f"+{(bytes_after - bytes_before) / 1024:.0f} KiB (bound {bound_bytes / 1024:.0f} KiB)"
    )
    assert keys_after - keys_before <= bound_keys
    assert bytes_after - bytes_before <= bound_bytes


def _in_november():
    return datetime(2026, 11, 5, 12, tzinfo=timezone.get_current_timezone())
