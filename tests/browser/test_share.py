"""The share box in a real browser: visible copy confirmation, system share where it exists,
Weibo and QQ links, the table of contents and the reading time."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.browser.demo import Demo
from tests.factories import ArticleFactory

ARTICLE = "/articles/macd-zhi-biao-ru-men/"

# Headless Chromium on Linux has no share sheet. This stands in for the phone's own
# navigator.share and records what the page asked it to share.
SHARE_SHEET = """
window.__shared = [];
Object.defineProperty(Navigator.prototype, "share", {
  configurable: true,
  value: function (data) { window.__shared.push(data); return Promise.resolve(); },
});
"""


def share_box(page):
    return page.get_by_role("region", name="扫一扫在手机阅读、分享本文")


def test_copy_link_shows_a_visible_confirmation(page, site):
    """After 复制链接 a highlighted notice says the link was copied; the clipboard has it."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.goto(ARTICLE)
    box = share_box(page)
    status = box.get_by_role("status")
    box.get_by_role("button", name="复制链接").click()
    expect(status).to_have_text("链接已复制，可以粘贴到微信或其他应用分享。")
    expect(status).to_be_visible()
    expect(status).to_have_class(re.compile(r"\bis-done\b"))
    colour = status.evaluate("node => getComputedStyle(node).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.evaluate("navigator.clipboard.readText()") == f"{site.url}{ARTICLE}"
    assert_accessible(page)


def test_system_share_button_only_where_the_browser_has_one(page):
    """Without navigator.share the 分享… button stays hidden; Weibo and QQ links are there."""
    page.goto(ARTICLE)
    box = share_box(page)
    expect(box.get_by_role("button", name="复制链接")).to_be_visible()
    expect(box.locator("[data-role=native-share]")).to_be_hidden()
    for name, host in [
        ("分享到微博", "service.weibo.com"),
        ("分享到 QQ", "connect.qq.com"),
        ("分享到 QQ 空间", "sns.qzone.qq.com"),
    ]:
        link = box.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        assert urlsplit(href).netloc == host
        assert parse_qs(urlsplit(href).query)["url"][0].endswith(ARTICLE)


def test_phone_share_button_opens_the_system_share_sheet(phone_page, site):
    """On a phone with a share sheet, 分享… appears and hands over the title and link."""
    page = phone_page
    page.add_init_script(SHARE_SHEET)
    page.goto(ARTICLE)
    box = share_box(page)
    button = box.get_by_role("button", name="分享…")
    expect(button).to_be_visible()
    button.tap()
    expect(box.get_by_role("status")).to_have_text("已打开系统分享。")
    (shared,) = page.evaluate("window.__shared")
    assert shared["url"] == f"{site.url}{ARTICLE}"
    assert "MACD" in shared["title"]
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_table_of_contents_jumps_to_the_section(page, site):
    """A long article's 目录 lists its sections and a click brings the heading into view;
    the byline shows the reading time."""
    sections = "".join(f"## 第{n}节\n\n" + "读图要点。" * 300 + "\n\n" for n in range(1, 5))
    article = ArticleFactory(title="长文：四节读懂均线", body_markdown=sections)
    page.goto(article.get_absolute_url())
    expect(page.locator(".byline-meta")).to_contain_text(f"约 {article.reading_minutes} 分钟读完")
    toc = page.get_by_role("navigation", name="目录")
    expect(toc.get_by_role("link")).to_have_text(["第1节", "第2节", "第3节", "第4节"])
    toc.get_by_role("link", name="第4节").click()
    heading = page.get_by_role("heading", name="第4节")
    expect(heading).to_be_in_viewport()
    assert heading.get_attribute("id") == "h-第4节"
    assert_accessible(page)


def test_every_share_target_gets_the_demo_settings(page, site):
    """周期 → 20 in the CCI demo: copy link, QR, system share, Weibo, QQ, QQ 空间 and mail
    all carry the same URL, ?d1.n=20 included."""
    article = "/articles/cci-shun-shi-zhi-biao/"
    page.add_init_script(SHARE_SHEET)
    page.goto(article)
    Demo(page).wait_until_drawn().set_param("周期", 20)
    expected = f"{site.url}{article}?d1.n=20"
    box = share_box(page)
    expect(box.get_by_role("textbox", name="本文链接")).to_have_value(expected)
    assert box.get_by_role("button", name="复制链接").get_attribute("data-url") == expected
    assert box.locator("[data-role=share-qr]").get_attribute("src").endswith("?d1.n=20")
    for name, param in [
        ("分享到微博", "url"),
        ("分享到 QQ", "url"),
        ("分享到 QQ 空间", "url"),
        ("邮件发送", "body"),
    ]:
        href = box.get_by_role("link", name=name, exact=True).get_attribute("href")
        assert parse_qs(urlsplit(href).query)[param] == [expected], name
        assert "title=" in href or "subject=" in href
    box.get_by_role("button", name="分享…").click()
    (shared,) = page.evaluate("window.__shared")
    assert shared["url"] == expected


def test_a_shared_link_passes_its_settings_on_before_the_demo_loads(page, site):
    """Opened with ?d1.n=20 and no demo loaded yet, the share box already offers that URL
    everywhere, the QR code included."""
    article = "/articles/cci-shun-shi-zhi-biao/"
    page.route("**/api/indicators/**", lambda route: route.abort())  # no demo ever loads
    page.goto(f"{article}?d1.n=20")
    expected = f"{site.url}{article}?d1.n=20"
    box = share_box(page)
    expect(box.get_by_role("textbox", name="本文链接")).to_have_value(expected)
    href = box.get_by_role("link", name="分享到微博", exact=True).get_attribute("href")
    assert parse_qs(urlsplit(href).query)["url"] == [expected]
    expect(box.locator("[data-role=share-qr]")).to_have_attribute(
        "src", re.compile(r"/qr\.svg\?d1\.n=20$")
    )
