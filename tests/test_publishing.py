"""What readers can see: drafts, schedules, lists, the article page and its notices."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.neighbours import Link
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, TagFactory
from tests.pages import main_content

pytestmark = pytest.mark.django_db


def test_draft_is_404_for_readers_and_missing_from_lists(client):
    """A draft has no public page and appears in no list."""
    draft = ArticleFactory(draft=True, title="尚未完成的草稿")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "尚未完成的草稿" not in main_content(client.get("/"))


def test_scheduled_article_appears_when_its_time_comes(client):
    """A future publish time hides the article until then, with nothing to flip it."""
    article = ArticleFactory(scheduled=True, title="定时文章")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "定时文章" not in main_content(client.get("/"))  # now in the page cache
    later = article.published_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "定时文章" in main_content(client.get("/"))


def test_publishing_without_a_time_stamps_now():
    """Publishing with an empty time uses the moment of saving."""
    article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)
    assert article.published_at is not None
    assert abs((timezone.now() - article.published_at).total_seconds()) < 5


def test_preview_is_for_staff_only(client, admin_client):
    """Drafts preview for staff; anonymous readers and non-staff users get 404."""
    draft = ArticleFactory(draft=True, title="预览草稿")
    url = reverse("articles:preview", args=[draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(AuthorFactory(is_staff=False))
    assert client.get(url).status_code == 404
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "预览模式" in response.content.decode()


def test_author_previews_only_own_drafts(client):
    """An author without editor rights cannot preview a colleague's draft."""
    mine, theirs = AuthorFactory(), AuthorFactory()
    draft = ArticleFactory(draft=True, author=theirs)
    client.force_login(mine)
    assert client.get(reverse("articles:preview", args=[draft.pk])).status_code == 404
    client.force_login(theirs)
    assert client.get(reverse("articles:preview", args=[draft.pk])).status_code == 200


def test_slug_from_chinese_title_is_pinyin_and_unique():
    """Chinese titles give readable pinyin slugs; a repeat gets a numbered suffix."""
    first = ArticleFactory(title="MACD 指标入门")
    second = ArticleFactory(title="MACD 指标入门")
    assert first.slug == "macd-zhi-biao-ru-men"
    assert second.slug == "macd-zhi-biao-ru-men-2"


def test_home_lists_newest_first_and_paginates(client, settings):
    """The home page shows the newest published articles, ten to a page."""
    settings.ARTICLES_PER_PAGE = 3
    now = timezone.now()
    for day in range(5):
        ArticleFactory(title=f"第{day}天", published_at=now - timedelta(days=day))
    page1 = main_content(client.get("/"))
    assert page1.index("第0天") < page1.index("第1天") < page1.index("第2天")
    assert "第3天" not in page1
    page2 = main_content(client.get("/?page=2"))
    assert "第3天" in page2 and "第4天" in page2
    assert client.get("/?page=9").status_code == 404


def test_list_row_shows_author_date_views_comments(client):
    """Each row carries thumbnail slot, title, excerpt, author, date, 阅读 N and 评论 N."""
    article = ArticleFactory(view_count=1234, summary="一句摘要")
    html = client.get("/").content.decode()
    assert article.title in html and "一句摘要" in html
    assert article.author.author_profile.display_name in html
    assert '阅读 <span data-role="view-count">1234</span>' in html
    assert "评论 0" in html
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d") in html


def test_category_tag_and_author_pages_filter(client):
    """Category, tag and author pages list only their own articles."""
    category, tag, author = (
        CategoryFactory(name="技术指标"),
        TagFactory(name="均线"),
        AuthorFactory(),
    )
    inside = ArticleFactory(category=category, author=author, title="里面的文章")
    inside.tags.add(tag)
    ArticleFactory(title="外面的文章")
    for url in (
        category.get_absolute_url(),
        tag.get_absolute_url(),
        author.author_profile.get_absolute_url(),
    ):
        html = main_content(client.get(url))
        assert "里面的文章" in html and "外面的文章" not in html
    assert client.get("/category/none/").status_code == 404
    assert client.get("/authors/nobody/").status_code == 404


def test_article_page_shows_everything_a_reader_expects(client):
    """Title, linked author with bio, date, 阅读, 评论, body, notices, QR and share block."""
    article = ArticleFactory(title="CCI 入门", view_count=77)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    profile = article.author.author_profile
    assert response.status_code == 200
    assert '<h1 class="article-title">CCI 入门</h1>' in html
    assert f'href="{profile.get_absolute_url()}"' in html and profile.bio in html
    assert '阅读 <span data-role="view-count">77</span>' in html
    assert "评论 0" in html
    assert "<strong>MACD</strong>" in html
    assert "版权声明" in html and "不代表本站立场" in html
    assert "不构成任何投资建议" in html
    assert "扫一扫在手机阅读、分享本文" in html
    assert reverse("articles:qr", args=[article.slug]) in html
    assert "热门文章" in html


def test_copyright_notice_can_be_overridden_per_article(client):
    """The site default applies unless the article sets its own notice."""
    article = ArticleFactory(copyright_notice="本文由作者授权转载,转载请注明出处。")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "本文由作者授权转载" in html and "不代表本站立场" not in html


def test_risk_notice_only_on_investment_articles(client):
    """Essays that are not about investing can turn the risk notice off."""
    essay = ArticleFactory(is_investment=False)
    assert "风险提示" not in client.get(essay.get_absolute_url()).content.decode()


def test_previous_next_and_related(client):
    """Neighbours by publish time within the category, and related articles in it."""
    now = timezone.now()
    category = CategoryFactory()
    older = ArticleFactory(
        title="较早一篇", published_at=now - timedelta(days=3), category=category
    )
    middle = ArticleFactory(
        title="中间一篇", published_at=now - timedelta(days=2), category=category
    )
    newer = ArticleFactory(
        title="较新一篇", published_at=now - timedelta(days=1), category=category
    )
    ArticleFactory(title="别的分类", published_at=now - timedelta(hours=30))
    ArticleFactory(draft=True, title="草稿不算", category=category)
    response = client.get(middle.get_absolute_url())
    assert response.context["previous_article"] == Link.of(older)
    assert response.context["next_article"] == Link.of(newer)
    assert response.context["related_articles"] == [Link.of(newer), Link.of(older)]


def test_anonymous_article_page_is_cacheable_and_sets_no_cookie(client):
    """Counting happens elsewhere, so the page itself can sit in any cache."""
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=1"
    assert not response.cookies


def test_logged_in_pages_are_private(admin_client):
    """Staff pages may differ per user and must not be shared by caches."""
    response = admin_client.get(ArticleFactory().get_absolute_url())
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_menu_lists_only_categories_with_something_live(client):
    """A category with only drafts or scheduled articles stays out of the main menu."""
    from articles import navigation

    live, scheduled_only, draft_only = (
        CategoryFactory(name=name) for name in ("有文章", "只有定时", "只有草稿")
    )
    ArticleFactory(category=live)
    ArticleFactory(category=scheduled_only, scheduled=True)
    ArticleFactory(category=draft_only, draft=True)
    menu = navigation.nav_html("/")
    assert "有文章" in menu and "只有定时" not in menu and "只有草稿" not in menu


def test_a_scheduled_only_category_joins_the_menu_when_its_article_goes_live(client):
    """No cron and no save: once the time passes the cached menu shows the category."""
    from articles import navigation

    ArticleFactory(category=CategoryFactory(name="老栏目"))
    goes_live = timezone.now() + timedelta(seconds=2)
    ArticleFactory(category=CategoryFactory(name="新栏目"), published_at=goes_live)
    assert "新栏目" not in navigation.nav_html("/")
    assert "新栏目" not in client.get("/").content.decode()
    time.sleep(max(0, (goes_live - timezone.now()).total_seconds()) + 0.2)
    assert "新栏目" in navigation.nav_html("/")
    assert "新栏目" in client.get("/").content.decode()


def test_publishing_the_first_article_adds_its_category_to_the_menu():
    """Publishing (or withdrawing) an article changes the menu at once."""
    from articles import navigation

    article = ArticleFactory(category=CategoryFactory(name="新栏目"), draft=True)
    assert "新栏目" not in navigation.nav_html("/")
    article.status = Article.Status.PUBLISHED
    article.save()
    assert "新栏目" in navigation.nav_html("/")
    article.status = Article.Status.DRAFT
    article.save()
    assert "新栏目" not in navigation.nav_html("/")
