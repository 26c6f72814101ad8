"""The public page cache: same bytes as a fresh render, fresh after every event that
changes a page, nothing personal in a shared entry, one render per burst, 304s."""

import gzip
import io
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, DailyViews
from articles.views import ArticleDetailView
from comments.models import Comment
from core import pagecache
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory
from tests.indicator_fixtures import load_series
from tests.pages import main_content

pytestmark = pytest.mark.django_db


def stored_entry(path, query=""):
    request = RequestFactory().get(path)
    return pagecache.shared_cache().get(pagecache.entry_key(request, query))


def test_cached_bytes_equal_a_fresh_render(client, settings):
    """The copy served from the cache is byte for byte what the view renders."""
    article = ArticleFactory()
    CommentFactory.create_batch(3, article=article)
    url = article.get_absolute_url()
    first = client.get(url)
    assert stored_entry(url).body == first.content
    cached = client.get(url)
    settings.PAGE_CACHE_SECONDS = 0
    fresh = Client().get(url)
    assert cached.content == fresh.content == first.content


@pytest.mark.parametrize("path", ["/", "/?page=1", "/indicators/", "/sitemap.xml"])
def test_public_pages_are_stored(client, path):
    """Home, lists, /indicators/ and the sitemap all come from the cache."""
    ArticleFactory()
    client.get(path)
    bare, _, query = path.partition("?")
    assert stored_entry(bare, query) is not None


def test_a_hit_runs_no_view(client, monkeypatch):
    """A fresh entry is answered without rendering the page again."""
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    renders = []
    original = ArticleDetailView.get_context_data
    monkeypatch.setattr(
        ArticleDetailView,
        "get_context_data",
        lambda self, **kw: renders.append(1) or original(self, **kw),
    )
    assert client.get(article.get_absolute_url()).status_code == 200
    assert renders == []


def test_irrelevant_query_parameters_share_one_entry(client):
    """Tracking parameters and spellings of a page number cannot multiply entries."""
    ArticleFactory.create_batch(12)
    client.get("/?page=2&utm_source=wechat")
    assert stored_entry("/", "page=2") is not None
    assert client.get("/?page=02").content == client.get("/?page=2").content
    assert client.get("/?page=abc").status_code == 404


def test_conditional_get_answers_304(client):
    """ETag and Last-Modified both let a browser revalidate for free."""
    article = ArticleFactory()
    url = article.get_absolute_url()
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


# --- Every event that changes a page shows on the next request --------------------------


def _edit_title(article):
    article.title = "改过的标题"
    article.save()


def _unpublish(article):
    article.status = Article.Status.DRAFT
    article.save()


def _approve_comment(article):
    comment = CommentFactory(article=article, status=Comment.Status.HELD, body="刚通过的评论")
    comment.status = Comment.Status.APPROVED
    comment.save()


def _approve_in_admin(article):
    comment = CommentFactory(article=article, status=Comment.Status.HELD, body="后台批量通过")
    staff = AuthorFactory(is_superuser=True)
    admin = Client()
    admin.force_login(staff)
    admin.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve", "_selected_action": [comment.pk]},
    )


def _remove_comment(article):
    Comment.objects.get(article=article, body="将被删除的评论").delete()


def _edit_profile(article):
    profile = article.author.author_profile
    profile.display_name = "新笔名"
    profile.save()


def _edit_category(article):
    article.category.name = "新分类名"
    article.category.save()


@pytest.mark.parametrize(
    ("event", "shows", "hides"),
    [
        (_edit_title, "改过的标题", None),
        (_approve_comment, "刚通过的评论", None),
        (_approve_in_admin, "后台批量通过", None),
        (_remove_comment, None, "将被删除的评论"),
        (_edit_profile, "新笔名", None),
        (_edit_category, "新分类名", None),
    ],
)
def test_events_show_on_the_next_request(client, event, shows, hides):
    """Saving, moderating and editing authors or categories never waits for a TTL."""
    article = ArticleFactory()
    CommentFactory(article=article, body="将被删除的评论")
    url = article.get_absolute_url()
    client.get(url)
    event(Article.objects.get(pk=article.pk))
    html = client.get(url).content.decode()
    if shows:
        assert shows in html
    if hides:
        assert hides not in html


def test_publishing_and_unpublishing_show_at_once(client):
    """A new article appears on the home page; an unpublished one leaves it and 404s."""
    article = ArticleFactory(title="第一篇")
    client.get("/")
    draft = ArticleFactory(draft=True, title="刚发布的文章")
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "刚发布的文章" in main_content(client.get("/"))
    client.get(article.get_absolute_url())
    _unpublish(article)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "第一篇" not in main_content(client.get("/"))


def test_scheduled_time_passing_shows_without_any_event(client):
    """A scheduled article appears on cached pages the moment its time comes."""
    ArticleFactory(title="早前的文章")
    scheduled = ArticleFactory(scheduled=True, title="定时的文章")
    assert "定时的文章" not in main_content(client.get("/"))
    with mock.patch(
        "django.utils.timezone.now", return_value=scheduled.published_at + timedelta(seconds=1)
    ):
        assert "定时的文章" in main_content(client.get("/"))


def test_hot_list_refresh_shows_at_once(client, settings):
    """When the sidebar's ranking changes on refresh, cached pages follow it."""
    first, second = ArticleFactory(title="甲文章"), ArticleFactory(title="乙文章")
    today = first.published_at.date()
    DailyViews.objects.create(article=first, date=today, views=10)
    sidebar = client.get("/").content.decode().split('class="widget hot-articles"')[1]
    assert sidebar.index("甲文章") < sidebar.index("乙文章")
    DailyViews.objects.create(article=second, date=today, views=50)
    due = timezone.now() + timedelta(seconds=settings.HOT_ARTICLES_CACHE_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=due):
        html = client.get("/").content.decode()
    sidebar = html.split('class="widget hot-articles"')[1]
    assert sidebar.index("乙文章") < sidebar.index("甲文章")


def test_importing_prices_makes_every_page_stale(client, tmp_path):
    """New prices change demos: the next request renders again."""
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    before = pagecache.current_version()
    load_series()
    assert pagecache.current_version() != before
    source = Path(__file__).resolve().parent.parent / "indicators" / "data" / "600519.csv"
    after_first = pagecache.current_version()
    call_command(
        "import_prices", str(source), symbol="600519", name="贵州茅台", stdout=io.StringIO()
    )
    assert pagecache.current_version() != after_first


def test_counts_lag_at_most_the_cache_time(client, settings):
    """阅读 on a cached page is at most PAGE_CACHE_SECONDS old."""
    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)
    Article.objects.filter(pk=article.pk).update(view_count=42)  # as a beacon would
    assert 'data-role="view-count">0<' in client.get(url).content.decode()
    later = time.time() + settings.PAGE_CACHE_SECONDS + 1
    with mock.patch("time.time", return_value=later):
        assert 'data-role="view-count">42<' in client.get(url).content.decode()


# --- Nothing personal in a shared entry -------------------------------------------------


def test_held_comment_never_reaches_the_shared_entry(client):
    """A comment awaiting moderation is not in the cached page."""
    article = ArticleFactory()
    CommentFactory(article=article, status=Comment.Status.HELD, body="加微信带你抓涨停")
    client.get(article.get_absolute_url())
    assert "加微信" not in stored_entry(article.get_absolute_url()).body.decode()


def test_staff_bypass_the_cache_and_leave_no_entry(client):
    """A signed-in editor's page (with admin links) is private and never stored."""
    article = ArticleFactory()
    staff = AuthorFactory(is_superuser=True)
    client.force_login(staff)
    response = client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert stored_entry(article.get_absolute_url()) is None
    preview = reverse("articles:preview", args=[article.pk])
    assert client.get(preview).status_code == 200
    assert stored_entry(preview) is None
    anonymous = Client().get(article.get_absolute_url()).content.decode()
    assert "/admin/" not in anonymous


def test_responses_that_use_a_csrf_token_or_set_cookies_are_not_stored():
    """A page that touched the CSRF token or set a cookie is personal: pass it on only."""
    factory = RequestFactory()

    def with_token(request):
        return HttpResponse(get_token(request))

    def with_cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("flavour", "plain")
        return response

    for view in (with_token, with_cookie):
        middleware = pagecache.PageCacheMiddleware(view)
        request = factory.get("/")
        middleware._serve(request, "pagecache:page:test")
        assert pagecache.shared_cache().get("pagecache:page:test") is None


def test_session_cookie_bypasses_the_cache(client):
    """Any request carrying a session is answered by the view itself."""
    article = ArticleFactory()
    client.cookies["sessionid"] = "whatever"
    client.get(article.get_absolute_url())
    assert stored_entry(article.get_absolute_url()) is None


# --- No dog-pile -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("state", ["stale", "cold"])
def test_a_burst_on_an_expired_entry_renders_once(live_server, monkeypatch, state):
    """30 readers arriving together on a stale (or missing) page cause one render."""
    article = ArticleFactory()
    url = live_server.url + article.get_absolute_url()
    urllib.request.urlopen(url).read()
    if state == "stale":
        pagecache.bump()
    else:
        pagecache.shared_cache().clear()
    renders = []
    original = ArticleDetailView.get_context_data

    def slow_render(self, **kwargs):
        renders.append(1)
        time.sleep(0.3)  # a render slow enough for the whole burst to arrive during it
        return original(self, **kwargs)

    monkeypatch.setattr(ArticleDetailView, "get_context_data", slow_render)
    start = threading.Barrier(30)
    statuses = []

    def read():
        start.wait()
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            statuses.append(response.status)

    threads = [threading.Thread(target=read) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 30
    assert renders == [1]


def test_browsers_that_accept_gzip_get_the_stored_gzip(client):
    """The cached copy goes out compressed to gzip clients, with its own ETag."""
    article = ArticleFactory()
    url = article.get_absolute_url()
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert packed["ETag"] != plain["ETag"]
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304


def test_a_process_serves_its_local_copy_after_reading_only_the_version(client, monkeypatch):
    """A repeat hit reads the small version record, not the page, from the shared cache;
    any event still shows at once, because the local copy carries the old version."""
    article = ArticleFactory(title="本地副本之前")
    url = article.get_absolute_url()
    pagecache.local_entries.clear()
    client.get(url)  # renders and stores
    client.get(url)  # a shared hit, kept locally
    cache = pagecache.shared_cache()
    real_get, real_get_many = cache.get, cache.get_many
    reads = []

    def get_many(keys, *args, **kwargs):
        reads.extend(keys)
        return real_get_many(keys, *args, **kwargs)

    def get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    monkeypatch.setattr(cache, "get", get)
    again = client.get(url)
    assert again.status_code == 200 and "本地副本之前" in again.content.decode()
    assert set(reads) == {pagecache.STATE_KEY}  # (the database cache's get is a get_many)
    monkeypatch.undo()

    Article.objects.filter(pk=article.pk).update(title="本地副本之后")
    pagecache.bump()
    assert "本地副本之后" in client.get(url).content.decode()
