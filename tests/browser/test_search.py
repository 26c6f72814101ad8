"""Searching from the header box, on a desktop and on a phone."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll


def test_searching_from_the_header_highlights_the_word(page):
    """Type a word in the header box, press Enter: highlighted results, title hits first."""
    page.goto("/")
    box = page.get_by_role("search").get_by_role("searchbox", name="搜索文章")
    box.fill("乖离率")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator("h1")).to_have_text("搜索：乖离率")
    first = page.locator(".search-result").first
    expect(first.locator(".card-title mark")).to_have_text("乖离率")
    expect(first.locator(".search-snippet mark").first).to_have_text("乖离率")
    expect(page.get_by_role("searchbox", name="搜索文章")).to_have_value("乖离率")
    assert_accessible(page)


def test_search_fits_a_phone_screen(phone_page):
    """On a phone the box takes its own row and results never scroll sideways."""
    page = phone_page
    page.goto("/")
    assert_no_horizontal_scroll(page)
    box = page.get_by_role("searchbox", name="搜索文章")
    box.tap()
    box.fill("均线")
    page.get_by_role("search").get_by_role("button", name="搜索").tap()
    expect(page.locator(".search-result").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
