"""Edits under load: a page rendered while the admin's transaction is open must not keep
the old title in 相关文章, 上一篇/下一篇, 热门文章 or the navigation after the commit."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from articles import hot, navigation, neighbours
from articles.models import DailyViews
from tests.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.test_counting import BROWSER


def read_until(stop, renders, errors):
    """One reader: renders pages and fragments again and again until told to stop."""
    try:
        while not stop.is_set():
            for render in renders:
                try:
                    render()
                except Exception as exc:  # reported by the test, not lost in a thread
                    errors.append(exc)
    finally:
        connection.close()


def rendering(url):
    def get():
        response = Client(HTTP_USER_AGENT=BROWSER).get(url)
        assert response.status_code == 200, (url, response.status_code)

    return get


@pytest.fixture
def catalogue(settings):
    """Two articles in one category sharing a tag (each the other's related and
    neighbour), both hot; every page rendered afresh so only fragments are cached."""
    settings.PAGE_CACHE_SECONDS = 0
    category, tag = CategoryFactory(name="旧栏目"), TagFactory()
    older = ArticleFactory(
        title="较早的文章", category=category, published_at=timezone.now() - timedelta(days=2)
    )
    edited = ArticleFactory(title="旧标题", category=category)
    for article in (older, edited):
        article.tags.add(tag)
        DailyViews.objects.create(article=article, date=timezone.localdate(), views=10)
    return older, edited, category


@pytest.mark.django_db(transaction=True)
def test_readers_during_an_edit_never_keep_the_old_title(catalogue):
    """Readers render during an admin's renames; after the commit no fragment keeps an old name."""
    older, edited, category = catalogue
    stop, errors = threading.Event(), []
    renders = [
        rendering(older.get_absolute_url()),
        rendering("/"),
        lambda: hot.sidebar_html(5),
        lambda: navigation.nav_html("/"),
        lambda: neighbours.links_for(older),
    ]
    # Each reader starts with a different part, as readers of different pages would.
    readers = [
        threading.Thread(target=read_until, args=(stop, renders[n:] + renders[:n], errors))
        for n in range(len(renders))
    ]
    try:
        with transaction.atomic():
            edited.title = "新标题"
            edited.save()
            category.name = "新栏目"
            category.save()
            for reader in readers:  # they render from the committed, old rows
                reader.start()
            time.sleep(0.6)
        time.sleep(0.4)  # and go on after the commit
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert not errors
    links = neighbours.links_for(older)
    assert links["next"].title == "新标题"
    assert [link.title for link in links["related"]] == ["新标题"]
    assert "新标题" in hot.sidebar_html(5) and "旧标题" not in hot.sidebar_html(5)
    assert "新栏目" in navigation.nav_html("/") and "旧栏目" not in navigation.nav_html("/")
    page = Client().get(older.get_absolute_url()).content.decode()
    assert "新标题" in page and "旧标题" not in page


@pytest.mark.django_db
def test_a_lost_invalidation_heals_within_the_cap(catalogue, settings, monkeypatch):
    """An edit whose turnover never reached the cache (it was unreachable at that moment)
    shows in 相关文章 and 上一篇/下一篇 once FRAGMENT_MAX_SECONDS have passed."""
    older, edited, _ = catalogue
    settings.FRAGMENT_MAX_SECONDS = 1
    assert "旧标题" in str(neighbours.links_for(older))
    monkeypatch.setattr("articles.fragments._turn_over", lambda name: None)  # lost
    edited.title = "新标题"
    edited.save()
    assert "旧标题" in str(neighbours.links_for(older))  # the cached copy, for now
    time.sleep(1.2)
    assert "新标题" in str(neighbours.links_for(older))
    assert "旧标题" not in str(neighbours.links_for(older))
