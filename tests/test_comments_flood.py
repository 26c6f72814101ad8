"""Flood control holds under parallel requests: a burst never gets more than the rate."""

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.urls import reverse

from comments import flood
from comments.models import Comment, FloodCount
from tests.concurrency import statuses_at_once
from tests.factories import ArticleFactory

BURST = 20


def _browser():
    """One visitor: a cookie jar holding the site's CSRF and reader cookies."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def _burst(url, opener, token, n):
    """n different POSTs released together from one visitor; returns their status codes.

    Different texts: the same text sent again is one comment answered twice, not a flood.
    """
    requests = [
        urllib.request.Request(
            url,
            data=urllib.parse.urlencode(
                {"name": "稳健的老刘", "body": f"讲得很清楚，第{i}条。"}
            ).encode(),
            method="POST",
            headers={"X-CSRFToken": token},
        )
        for i in range(n)
    ]
    return statuses_at_once(opener.open, requests)


@pytest.mark.django_db(transaction=True)
def test_a_parallel_burst_from_one_visitor_gets_exactly_the_rate(live_server):
    """20 simultaneous posts from one browser: exactly 3 are accepted (201), 17 get 429."""
    article = ArticleFactory()
    opener = _browser()
    with opener.open(live_server.url + reverse("comments:csrf"), timeout=30) as response:
        token = json.loads(response.read())["token"]
    statuses = _burst(
        live_server.url + reverse("comments:submit", args=[article.slug]), opener, token, BURST
    )
    assert sorted(statuses) == [201] * 3 + [429] * (BURST - 3)
    assert Comment.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_checks_never_let_more_than_the_rate_through():
    """Threads calling flood.allow at once for one identity: exactly the rate passes."""
    start = threading.Barrier(12)
    results = []

    def attempt():
        from django.db import connection

        start.wait()
        try:
            results.append(flood.allow(["ip:burst"], now=1_000_000 * flood.WINDOW + 1))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 9 + [True] * 3
    assert FloodCount.objects.get(identity="ip:burst").count == 3


@pytest.mark.django_db
def test_old_minutes_are_forgotten():
    """Counts older than the previous minute are deleted when a new minute begins."""
    start = 1_000_000 * flood.WINDOW
    flood.allow(["ip:a"], now=start)
    flood.allow(["ip:b"], now=start + flood.WINDOW)
    assert set(FloodCount.objects.values_list("window", flat=True)) == {1_000_000, 1_000_001}
    flood.allow(["ip:a"], now=start + 2 * flood.WINDOW)
    assert set(FloodCount.objects.values_list("window", flat=True)) == {1_000_001, 1_000_002}
