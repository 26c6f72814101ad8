"""One page, one spelling, one cache entry (issue 17, item 6): paths redirect to their
canonical form, and cache keys are made from what the answer depends on."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators import api
from indicators.models import PriceSeries
from search.text import canonical_query, parse_query
from tests.factories import ArticleFactory
from tests.indicator_fixtures import load_series
from tests.search_helpers import result_titles, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def november_article():
    when = datetime(2026, 11, 5, 12, tzinfo=timezone.get_current_timezone())
    return ArticleFactory(title="十一月的文章", published_at=when)


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/archive/2026/0011/", "/archive/2026/11/"),
        ("/archive/02026/11/", "/archive/2026/11/"),
        ("/archive/002026/000011/?page=1", "/archive/2026/11/?page=1"),
    ],
)
def test_archive_spellings_redirect_to_the_canonical_month(client, november_article, path, target):
    """Another spelling of a month is a permanent redirect to the one path."""
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target
    assert client.get(target).status_code == 200


@pytest.mark.parametrize(
    "path", ["/archive/2026/0013/", "/archive/2026/00/", "/archive/0999/1/", "/archive/9999/12/"]
)
def test_impossible_months_are_404_however_spelt(client, november_article, path):
    """No redirect to a month that cannot exist: a 404 straight away."""
    assert client.get(path).status_code == 404


def test_other_numbered_paths_redirect_too(admin_client):
    """The same rule for every public page with numbers in its path (the preview too)."""
    article = ArticleFactory()
    response = admin_client.get(f"/articles/preview/000{article.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/articles/preview/{article.pk}/"


@pytest.mark.parametrize(
    "raw",
    [
        "MACD",
        "  macd  ",
        "ＭＡＣＤ",
        "Macd\t",
        "\u3000macd" + " \t\n" * 200,
        "macd\x01",
    ],
)
def test_spellings_of_a_query_have_one_canonical_form(raw):
    """Width, case, spaces, controls and anything past the cut fold to one query."""
    assert canonical_query(raw) == "macd"
    assert parse_query(raw) == parse_query("macd")


def test_canonical_query_is_stable_and_cut():
    """Applying it again changes nothing; it never exceeds the cut."""
    for raw in ["布" * 500, "a " * 300, "Ǆ ǅ ǆ", "İstanbul", "ﷺ " * 30, "Ａ　Ｂ"]:
        once = canonical_query(raw)
        assert canonical_query(once) == once
        assert len(once) <= 100
    assert canonical_query("MACD " + "x" * 200) == "macd " + "x" * 95
    assert canonical_query("MACD " + "x" * 200 + "junk") == canonical_query("macd " + "x" * 95)


@pytest.mark.parametrize("query", ["cafe", "Café", "CAFÉ", "café", "cafe\u0301"])
def test_accents_are_folded_alike_on_every_database(client, query):
    """Café is found by cafe and the other way round, on SQLite and PostgreSQL."""
    ArticleFactory(title="Café 里的均线课", body_markdown="在 café 讲布林线。")
    ArticleFactory(title="别的文章", body_markdown="布林线。")
    assert result_titles(search(client, query)) == ["Café 里的均线课"]


def test_spellings_of_a_search_share_one_cache_entry(client, monkeypatch):
    """Two spellings of one query render once: the second comes from the same entry."""
    from search.views import SearchView

    ArticleFactory(title="讲 MACD", body_markdown="MACD。")
    renders = []
    original = SearchView.get_context_data
    monkeypatch.setattr(
        SearchView, "get_context_data", lambda self, **kw: renders.append(1) or original(self, **kw)
    )
    first = search(client, "MACD")
    second = search(client, "  ｍａｃｄ\u3000\t" + " " * 120)
    assert renders == [1]
    assert first.content == second.content


def test_a_search_with_no_results_is_not_stored(client, monkeypatch):
    """Nothing found is cheap to answer again: it renders every time, storing nothing."""
    from search.views import SearchView

    renders = []
    original = SearchView.get_context_data
    monkeypatch.setattr(
        SearchView, "get_context_data", lambda self, **kw: renders.append(1) or original(self, **kw)
    )
    for _ in range(3):
        search(client, "无此词")
    assert renders == [1, 1, 1]


def test_api_windows_beyond_the_data_are_no_window(client, settings):
    """An end after the last bar (or a start before the first) is the same request as
    none: same ETag, one computation, one entry."""
    settings.API_RATE_PER_MINUTE = 10_000
    series = load_series()
    series = PriceSeries.objects.get(pk=series.pk)
    url = reverse("indicators:api", args=["boll"])
    bare = client.get(url, {"symbol": "600519"})
    etags = {bare["ETag"]}
    for days in (0, 1, 40, 4000):
        after = client.get(url, {"symbol": "600519", "end": series.last_date + timedelta(days)})
        before = client.get(url, {"symbol": "600519", "start": series.first_date - timedelta(days)})
        etags |= {after["ETag"], before["ETag"]}
    assert etags == {bare["ETag"]}
    inside = client.get(url, {"symbol": "600519", "end": series.last_date - timedelta(30)})
    assert inside["ETag"] != bare["ETag"]


def test_api_payload_cache_holds_at_most_its_slots(client, settings):
    """Distinct settings fill at most the API's slots, and a one-off cannot push out a
    payload that readers keep asking for."""
    settings.API_RATE_PER_MINUTE = 10_000
    settings.BOUNDED_CACHE_SLOTS = {**settings.BOUNDED_CACHE_SLOTS, "api": 1}
    load_series()
    url = reverse("indicators:api", args=["boll"])
    popular = {"symbol": "600519"}
    client.get(url, popular)
    etag = client.get(url, popular)["ETag"]
    for n in range(5, 25):
        client.get(url, {"symbol": "600519", "n": n})
    assert api.payload_cache.get(etag) is not None
