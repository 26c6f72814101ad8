"""View counting: exactly one per reader per window, nothing from bots or prefetches."""

import io
import time
import urllib.request
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.counting import current_views
from articles.models import Article, DailyViews
from core.visitors import READER_COOKIE
from tests.concurrency import statuses_at_once
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "Mobile/15E148 MicroMessenger/8.0.50"
)


@pytest.fixture(autouse=True)
def settle_at_once(settings):
    """With Redis, a flush here writes what is buffered without waiting for Redis's disk."""
    settings.VIEW_BATCH_SETTLE_SECONDS = 0


def reader(**headers):
    """A fresh browser with its own cookie jar."""
    return Client(HTTP_USER_AGENT=BROWSER, **headers)


def beacon(client, article, **headers):
    return client.post(reverse("articles:record_view", args=[article.slug]), **headers)


def views(article):
    """阅读 as readers see it: the database count plus views still buffered in Redis."""
    return Article.objects.get(pk=article.pk).view_count + current_views([article.pk]).get(
        article.pk, 0
    )


def test_first_visit_counts_exactly_one():
    """A reader's first visit adds one, sets the reader cookie, and records today's view."""
    article = ArticleFactory()
    response = beacon(reader(), article)
    assert response.status_code == 204
    assert READER_COOKIE in response.cookies
    assert views(article) == 1
    assert DailyViews.objects.get(article=article).views == 1


def test_refresh_from_same_browser_adds_nothing():
    """Reloading within the window, with the reader cookie, does not count again."""
    article = ArticleFactory()
    browser = reader()
    for _ in range(5):
        beacon(browser, article)
    assert views(article) == 1


def test_window_expires(settings):
    """After the window the same browser counts again."""
    settings.VIEW_DEDUP_SECONDS = 1
    article = ArticleFactory()
    browser = reader()
    beacon(browser, article)
    time.sleep(2.1)  # the database cache keeps whole-second expiry times
    beacon(browser, article)
    assert views(article) == 2


def test_readers_behind_one_address_are_distinct():
    """Three phones on one carrier NAT (same IP, same app) are three readers."""
    article = ArticleFactory()
    for _ in range(3):
        beacon(reader(REMOTE_ADDR="10.1.2.3"), article)
    assert views(article) == 3


def test_readers_behind_one_address_all_count_up_to_the_limit(settings):
    """Each browser with its own cookie counts, until the address's hourly share is used."""
    settings.VIEW_NEW_READERS_PER_ADDRESS = 5
    article, other = ArticleFactory(), ArticleFactory()
    browsers = [reader(REMOTE_ADDR="10.1.2.3") for _ in range(7)]
    for browser in browsers:
        beacon(browser, article)
    assert views(article) == 5
    beacon(reader(REMOTE_ADDR="10.9.9.9"), article)  # another address is unaffected
    assert views(article) == 6
    beacon(browsers[6], other)  # and so is another article
    assert views(other) == 1


def test_cookie_dropping_script_is_capped_per_address(settings):
    """A script that sends no cookie adds at most the limit, then nothing for an hour."""
    settings.VIEW_NEW_READERS_PER_ADDRESS = 30
    article = ArticleFactory()
    for _ in range(45):
        beacon(reader(REMOTE_ADDR="198.51.100.7"), article)
    assert views(article) == 30
    later = timezone.now() + timedelta(minutes=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        beacon(reader(REMOTE_ADDR="198.51.100.7"), article)
    assert views(article) == 31


def test_forwarded_address_is_ignored_without_trusted_proxies():
    """A client cannot claim a fresh address per request to escape the limit."""
    article = ArticleFactory()
    for n in range(40):
        beacon(reader(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"), article)
    assert views(article) == 30


def test_each_article_counts_separately():
    """One reader reading two articles adds one to each."""
    first, second = ArticleFactory(), ArticleFactory()
    browser = reader()
    beacon(browser, first)
    beacon(browser, second)
    assert (views(first), views(second)) == (1, 1)


def test_page_requests_themselves_never_count():
    """GET and HEAD of the page count nothing: only the reader's script does."""
    article = ArticleFactory()
    browser = reader()
    browser.get(article.get_absolute_url())
    browser.head(article.get_absolute_url())
    assert views(article) == 0


def test_head_and_get_on_the_counter_are_refused():
    """The counter accepts POST only."""
    article = ArticleFactory()
    url = reverse("articles:record_view", args=[article.slug])
    assert reader().head(url).status_code == 405
    assert reader().get(url).status_code == 405
    assert views(article) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
        {"HTTP_X_PURPOSE": "preview"},
    ],
)
def test_prefetches_do_not_count(headers):
    """Speculative loads are not reads."""
    article = ArticleFactory()
    beacon(reader(), article, **headers)
    assert views(article) == 0


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "   ",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
        "Mozilla/5.0 (compatible; YandexBot/3.0)",
        "Mozilla/5.0 (compatible; SemrushBot/7~bl)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Wget/1.21.4",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
    ],
)
def test_bots_do_not_count(agent):
    """Crawlers, scripts and empty user agents add nothing."""
    article = ArticleFactory()
    Client(HTTP_USER_AGENT=agent).post(reverse("articles:record_view", args=[article.slug]))
    assert views(article) == 0


def test_cross_site_beacons_do_not_count():
    """Another site cannot inflate counts from its readers' browsers."""
    article = ArticleFactory()
    beacon(reader(), article, HTTP_SEC_FETCH_SITE="cross-site")
    assert views(article) == 0
    beacon(reader(), article, HTTP_SEC_FETCH_SITE="same-origin")
    assert views(article) == 1


def test_forged_reader_cookie_is_a_new_reader():
    """A hand-made cookie fails the signature and cannot pin or replay a reader id."""
    article = ArticleFactory()
    browser = reader()
    browser.cookies[READER_COOKIE] = "forged"
    response = beacon(browser, article)
    assert views(article) == 1
    assert response.cookies[READER_COOKIE].value != "forged"


def test_drafts_and_unknown_articles_are_not_counted():
    """The counter only knows published articles."""
    draft = ArticleFactory(draft=True)
    assert beacon(reader(), draft).status_code == 404
    assert beacon(reader(), ArticleFactory(scheduled=True)).status_code == 404
    assert reader().post("/articles/nope/view/").status_code == 404


def post_at_once(url, headers_list):
    """POST to a live server from one thread per request, all released at the same time."""
    requests = [
        urllib.request.Request(url, method="POST", headers={"User-Agent": BROWSER, **headers})
        for headers in headers_list
    ]
    return statuses_at_once(urllib.request.urlopen, requests)


@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_are_never_lost(live_server, settings):
    """40 distinct readers at once add exactly 40: no lost updates, no lock errors."""
    settings.TRUSTED_PROXY_COUNT = 1  # as behind nginx: each reader has its own address
    article = ArticleFactory()
    url = live_server.url + reverse("articles:record_view", args=[article.slug])
    readers = [{"X-Forwarded-For": f"203.0.113.{n}"} for n in range(40)]
    assert post_at_once(url, readers) == [204] * 40
    assert views(article) == 40
    flush_buffered_views()
    assert Article.objects.get(pk=article.pk).view_count == 40
    assert DailyViews.objects.get(article=article).views == 40


@pytest.mark.django_db(transaction=True)
def test_cookie_dropping_script_adds_at_most_the_address_limit(live_server, settings):
    """60 cookie-less POSTs at once from one address add exactly the per-address limit."""
    settings.VIEW_NEW_READERS_PER_ADDRESS = 30
    article = ArticleFactory()
    url = live_server.url + reverse("articles:record_view", args=[article.slug])
    assert post_at_once(url, [{}] * 60) == [204] * 60
    assert views(article) == 30


def flush_buffered_views():
    from django.core.management import call_command

    call_command("flush_views", stdout=io.StringIO())


def test_a_view_that_could_not_be_written_is_not_reported_as_counted(monkeypatch, caplog):
    """If the count cannot be stored, the beacon says so (503) and the error is logged."""
    from django.db import OperationalError

    from articles import counting

    def broken(*args):
        raise OperationalError("database is locked")

    article = ArticleFactory()
    monkeypatch.setattr(counting, "_record_in_database", broken)
    monkeypatch.setattr(counting.view_buffer, "record", broken)
    with caplog.at_level("ERROR"):
        response = beacon(reader(), article)
    assert response.status_code == 503
    assert "阅读数暂时无法记录" in response.json()["error"]["message"]
    assert any(
        r.levelname == "ERROR" and "could not be recorded" in r.message for r in caplog.records
    )
    assert views(article) == 0


def test_a_new_reader_keeps_their_id_through_a_503_so_the_retry_counts_once(monkeypatch):
    """A write that timed out may still have counted (Redis ran the script, the answer came
    late): the 503 hands a new reader their id, so the page's retry is the same reader."""
    from redis.exceptions import TimeoutError as RedisTimeout

    from articles import counting

    real = counting.record_view
    calls = []

    def counted_but_timed_out(*args):
        calls.append(args[1])
        result = real(*args)
        if len(calls) == 1:
            raise RedisTimeout("Timeout reading from socket")
        return result

    monkeypatch.setattr(counting, "record_view", counted_but_timed_out)
    article = ArticleFactory()
    browser = reader()
    first = beacon(browser, article)
    assert first.status_code == 503 and READER_COOKIE in first.cookies
    assert beacon(browser, article).status_code == 204
    assert calls[0] == calls[1]  # the retry came as the same reader
    assert views(article) == 1


def test_an_unpublished_article_stops_counting_at_once_in_this_process(client):
    """Each process remembers live slugs for a few seconds; saving forgets them at once."""
    article = ArticleFactory()
    assert beacon(client, article).status_code == 204
    article.status = Article.Status.DRAFT
    article.save()
    assert beacon(Client(), article).status_code == 404


def test_a_change_that_sends_no_signal_shows_within_seconds(client, monkeypatch):
    """A bulk update bypasses the signal; the remembered answer expires by itself."""
    from articles import counting

    article = ArticleFactory()
    assert beacon(client, article).status_code == 204
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    later = time.monotonic() + counting.LIVE_ID_SECONDS + 1
    monkeypatch.setattr(counting.time, "monotonic", lambda: later)
    assert beacon(Client(), article).status_code == 404
