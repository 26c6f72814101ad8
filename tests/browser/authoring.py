"""Steps an author takes in the admin, shared by the author journeys and the screenshots."""

import re

from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.conftest import PageProblems, assert_accessible, expect_url_path, log_in

ADD_URL = "/admin/articles/article/add/"


def make_png(path, up_colour="#c62828"):
    """A small, real PNG: a few candles on white, as an author's illustration might be."""
    image = Image.new("RGB", (480, 270), "white")
    draw = ImageDraw.Draw(image)
    for i, (top, bottom) in enumerate([(60, 200), (90, 230), (40, 150), (70, 180), (30, 120)]):
        colour = up_colour if i % 2 == 0 else "#2f9e44"
        x = 60 + i * 80
        draw.line([(x + 15, top - 20), (x + 15, bottom + 20)], fill=colour, width=3)
        draw.rectangle([x, top, x + 30, bottom], fill=colour)
    image.save(path)
    return path


def open_new_article_form(page, author):
    log_in(page, author)
    page.goto(ADD_URL)
    expect(page.get_by_role("heading", name=re.compile("新建文章"))).to_be_visible()
    assert_accessible(page)


def save_and_continue(page):
    page.get_by_role("button", name="保存并继续编辑").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)
    assert_accessible(page)


def open_preview(page):
    """The form's 预览 button opens, in a new tab, the form's contents as readers will see
    them, saved or not; the author checks it there and comes back to the form."""
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="预览", exact=True).click()
    preview = opened.value
    preview.problems = PageProblems(preview)
    expect(preview).to_have_url(re.compile(r"/articles/preview/unsaved/(\d+/)?$"))
    expect(preview.locator(".preview-banner")).to_contain_text("预览未保存的内容")
    return preview


def publish(page):
    page.get_by_label("状态:", exact=True).select_option(label="发布")
    page.get_by_role("button", name="保存", exact=True).click()
    expect_url_path(page, "/admin/articles/article/")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert_accessible(page)


def assert_image_shown(image):
    """The <img> is on screen and its file really loaded (not a broken-image icon)."""
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    image.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
