"""The README's screenshots, taken from the live test server with the demo content.

Run with `bin/screenshots`. The file is not named test_*, so the normal suite skips it; pytest
still collects it when given by name. Pictures land in docs/screenshots/.
"""

from pathlib import Path

import pytest

from articles.models import Article
from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.browser.demo import Demo

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MAX_BYTES = 600_000
DEMO_ARTICLE = "cci-shun-shi-zhi-biao"


@pytest.fixture
def shoot():
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(page, name, **options):
        path = OUT / name
        page.screenshot(path=path, animations="disabled", caret="hide", **options)
        assert path.stat().st_size < MAX_BYTES, f"{name} is {path.stat().st_size} bytes"
        return path

    return shoot


def span(first, last, above=0, below=0, frame=None):
    """A clip (page coordinates) from the top of `first` to the bottom of `last`, as wide as
    `frame` (an element) or the whole page."""
    page = first.page
    scrolled = page.evaluate("window.scrollY")
    top = first.bounding_box()["y"] + scrolled - above
    end = last.bounding_box()
    bottom = end["y"] + end["height"] + scrolled + below
    if frame is None:
        left, width = 0, page.viewport_size["width"]
    else:
        box = frame.bounding_box()
        left, width = box["x"], box["width"]
    return {"x": left, "y": max(0, top), "width": width, "height": bottom - max(0, top)}


def show_demo(page):
    page.goto(Article.objects.get(slug=DEMO_ARTICLE).get_absolute_url())
    demo = Demo(page).wait_until_drawn()
    page.mouse.move(0, 0)  # no crosshair or hover on the picture
    return demo


def test_home(open_page, shoot):
    page = open_page(DESKTOP)
    page.goto("/")
    shoot(page, "home.png")


def test_article_demo(open_page, shoot):
    page = open_page(DESKTOP, viewport={"width": 1280, "height": 1000})
    demo = show_demo(page)
    # The section heading and paragraph that introduce the demo, then the demo itself: the
    # article column only, since the sidebar is empty this far down.
    heading = demo.figure.locator("xpath=preceding-sibling::h2[1]")
    clip = span(heading, demo.figure, 28, 28, frame=page.locator("article.article"))
    shoot(page, "article-demo.png", full_page=True, clip=clip)


def test_demo_warmup(open_page, shoot):
    """MACD on 600519 from its first bar, all of it: the 预热期 shading and its legend line."""
    page = open_page(DESKTOP, viewport={"width": 1280, "height": 1000})
    page.goto("/articles/macd-zhi-biao-ru-men/")
    demo = Demo(page).wait_until_drawn()
    demo.figure.get_by_role("button", name="显示全部 K 线").click()
    page.mouse.move(0, 0)
    frame = demo.figure.locator(".demo-chart-wrap")
    clip = span(demo.legend, frame, 8, 8, frame=demo.figure)
    shoot(page, "demo-warmup.png", full_page=True, clip=clip)


def test_article_demo_phone(open_page, shoot):
    page = open_page(PHONE, device_scale_factor=2)
    demo = show_demo(page)
    page.evaluate("y => window.scrollBy(0, y)", demo.figure.bounding_box()["y"] - 8)
    shoot(page, "article-demo-phone.png")


def test_admin_editor(author, open_page, shoot):
    page = open_page(DESKTOP)
    log_in(page, author)
    article = Article.objects.get(slug=DEMO_ARTICLE)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("button", name="切换导航").click()  # fold the admin menu: room for the form
    body = page.locator(".field-body_markdown textarea")
    # Scroll the Markdown to its demo line, so the picture shows how an embed is written.
    body.evaluate(
        """box => {
          const before = box.value.slice(0, box.value.indexOf("[[indicator"));
          const lines = box.value.split("\\n").length;
          const line = before.split("\\n").length;
          const height = parseFloat(getComputedStyle(box).lineHeight);
          const top = Math.max(0, ((line - 8) / lines) * box.scrollHeight);
          box.scrollTop = Math.round(top / height) * height; // a whole line at the top
        }"""
    )
    clip = span(page.locator("#header"), body, below=24)
    shoot(page, "admin-editor.png", full_page=True, clip=clip)


def test_stats_panel_phone(open_page, shoot):
    """信号统计 under BOLL's NVDA demo on a phone, every number open: one card per row."""
    page = open_page(PHONE, device_scale_factor=2)
    page.goto("/articles/boll-bu-lin-xian/")
    demo = Demo(page, 1).wait_until_drawn()
    panel = demo.figure.locator(".demo-stats")
    panel.locator(".demo-stats-figure dd").first.wait_for()
    panel.get_by_text("展开全部数字").click()
    page.mouse.move(0, 0)
    clip = span(panel, panel.locator(".demo-stats-more"), 8, 8)
    assert shoot(page, "stats-panel-phone.png", full_page=True, clip=clip).stat().st_size < 300_000


def test_lab_phone(open_page, shoot):
    """The lab's table on a phone: each series × parameters row is a card with every figure
    (at 1x: nine cards at 2x would pass 300 KB)."""
    page = open_page(PHONE, device_scale_factor=1)
    page.goto("/indicators/lab/")
    result = page.locator(".lab-result")
    clip = span(result.locator("h2"), result.locator(".stats-table"), 8, 8)
    assert shoot(page, "lab-phone.png", full_page=True, clip=clip).stat().st_size < 300_000


def _fill_rich_editor(page):
    """A new rich-text article with a heading, a highlight, a colour and a picked demo."""
    from tests.browser.editor_steps import insert_demo, paste_html

    page.goto("/admin/articles/article/add/")
    page.get_by_role("button", name="切换导航").click()
    page.get_by_label("标题:", exact=True).fill("背离出现时先看什么")
    page.get_by_label("正文格式:", exact=True).select_option(label="富文本")
    editor = page.locator(".field-body_rich .ck-editor__editable")
    editor.click()
    page.keyboard.type("价格创新高、指标却没有，这叫顶背离。")
    paste_html(
        page,
        editor,
        "<p></p><h2>一、先确认趋势</h2><p>背离只是提醒，"
        '<span style="background-color:yellow;">要等价格确认</span>，'
        '<span style="color:#c62828;">不要提前抄底</span>。</p>',
    )
    insert_demo(page, "macd", fast=12, slow=26, signal=9)
    page.locator(".field-body_rich .ck-editor__editable").press("Control+End")
    return editor


def test_editor_rich_text(author, open_page, shoot):
    page = open_page(DESKTOP)
    log_in(page, author)
    editor = _fill_rich_editor(page)
    page.mouse.move(0, 0)
    clip = span(page.locator(".field-body_format"), page.locator(".field-body_rich"), below=8)
    shoot(page, "editor-rich-text.png", full_page=True, clip=clip)
    assert editor.locator("h2").count() == 1


def test_editor_preview(author, open_page, shoot):
    page = open_page(DESKTOP)
    log_in(page, author)
    _fill_rich_editor(page)
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="预览", exact=True).click()
    preview = opened.value
    demo = Demo(preview).wait_until_drawn()
    preview.mouse.move(0, 0)
    clip = span(
        preview.locator(".preview-banner"), demo.figure.locator(".demo-chart-wrap"), below=8
    )
    shoot(preview, "editor-preview.png", full_page=True, clip=clip)
