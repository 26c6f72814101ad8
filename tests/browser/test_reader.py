"""A reader on a desktop: from the home page to an article, its counts and its share box."""

import io
import re

import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import assert_accessible
from tests.browser.demo import Demo

CCI = "/articles/cci-shun-shi-zhi-biao/"


def test_reader_reaches_an_article_from_the_home_page(page):
    """Home → article: author, 阅读, 评论, copyright, hot sidebar and QR code are shown."""
    page.goto("/")
    expect(page.get_by_role("heading", name="最新文章")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("CCI 顺势指标")).first.click()
    expect(page.locator("h1.article-title")).to_contain_text("CCI 顺势指标")
    expect(page.locator(".byline-name")).to_have_text("周老师")
    expect(page.locator(".byline-meta")).to_contain_text(re.compile(r"阅读 \d+"))
    expect(page.locator(".byline-meta")).to_contain_text(re.compile(r"评论 \d+"))
    expect(page.get_by_role("heading", name="版权声明")).to_be_visible()
    hot = page.get_by_role("complementary", name="侧边栏")
    expect(hot.get_by_role("heading", name="热门文章")).to_be_visible()
    expect(hot.get_by_role("listitem")).to_have_count(5)
    qr = page.locator("[data-role=share-qr]")
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


def test_a_view_refused_with_503_is_sent_again_after_retry_after(page):
    """While the count store is down the beacon answers 503: the page sends it again after
    Retry-After, and the view counts once it is back."""
    article = Article.objects.get(slug="cci-shun-shi-zhi-biao")
    before = article.view_count
    refused = []

    def store_down_once(route):
        if refused:
            route.fallback()
            return
        refused.append(route.request.url)
        route.fulfill(
            status=503,
            headers={"Retry-After": "1", "Content-Type": "application/json"},
            body='{"error": "阅读数暂时无法记录，请稍后再试。"}',
        )

    page.route("**/view/", store_down_once)
    with page.expect_response(lambda r: r.url.endswith("/view/") and r.status == 204):
        page.goto(article.get_absolute_url())
    assert len(refused) == 1
    article.refresh_from_db()
    assert article.view_count == before + 1
    page.problems.allow(lambda item: "503" in item)  # the refusal this test staged


def test_copying_the_share_link_keeps_the_demo_settings(page, site):
    """复制链接 puts the link with the reader's demo settings on the clipboard; the QR agrees."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.goto(CCI)
    demo = Demo(page).wait_until_drawn()
    demo.set_param("周期", 20)
    expected = f"{site.url}{CCI}?d1.n=20"
    share = page.get_by_role("region", name="扫一扫在手机阅读、分享本文")
    expect(share.get_by_label("本文链接")).to_have_value(expected)

    share.get_by_role("button", name="复制链接").click()
    expect(share.locator("[data-role=share-status]")).to_have_text(
        "链接已复制，可以粘贴到微信或其他应用分享。"
    )
    assert page.evaluate("navigator.clipboard.readText()") == expected

    # The QR code on screen is what a phone camera would read: the same link.
    qr = share.locator("[data-role=share-qr]")
    expect(qr).to_have_attribute("src", re.compile(r"\?d1\.n=20$"))
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    image = Image.open(io.BytesIO(qr.screenshot())).convert("L")
    assert [found.text for found in zxingcpp.read_barcodes(image)] == [expected]
    assert_accessible(page)
