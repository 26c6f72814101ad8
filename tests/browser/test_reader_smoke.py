"""A reader opens the home page and an article: the basics render with no errors."""

import re

from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import assert_accessible


def test_reader_reaches_an_article_from_the_home_page(page):
    """Home → article: author, 阅读, 评论, copyright, hot sidebar and QR code are shown."""
    page.goto("/")
    expect(page.get_by_role("heading", name="最新文章")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("CCI 顺势指标")).first.click()
    expect(page.locator("h1.article-title")).to_contain_text("CCI 顺势指标")
    expect(page.locator(".byline-name")).to_have_text("周老师")
    expect(page.locator(".byline-meta")).to_contain_text("阅读")
    expect(page.locator(".byline-meta")).to_contain_text("评论")
    expect(page.get_by_role("heading", name="版权声明")).to_be_visible()
    expect(page.get_by_role("heading", name="热门文章")).to_be_visible()
    qr = page.locator(".share-qr img")
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", qr.element_handle()) > 0
    assert_accessible(page)


def test_opening_an_article_counts_one_view(page):
    """The reader's visit reaches the database; a reload does not add another."""
    article = Article.objects.get(slug="cci-shun-shi-zhi-biao")
    before = article.view_count
    with page.expect_response(lambda r: r.url.endswith("/view/")):
        page.goto(article.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == before + 1
    with page.expect_response(lambda r: r.url.endswith("/view/")):
        page.reload()
    article.refresh_from_db()
    assert article.view_count == before + 1
