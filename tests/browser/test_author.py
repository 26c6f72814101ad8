"""An author writes an article in the admin, previews the draft and publishes it; a reader
then finds it on the home page with its live demo and its image."""

import re

from playwright.sync_api import expect

from articles.models import Article
from tests.browser.authoring import (
    assert_image_shown,
    make_png,
    open_new_article_form,
    open_preview,
    publish,
    save_and_continue,
)
from tests.browser.conftest import assert_accessible
from tests.browser.demo import Demo


def reader_finds_it_on_the_home_page(reader, title):
    """A reader's own browser: the home page lists the article first; it opens and works."""
    reader.goto("/")
    first = reader.locator("main .card").first
    expect(first.get_by_role("heading")).to_have_text(title)
    assert_accessible(reader)
    first.get_by_role("link", name=title).click()
    expect(reader.locator("h1.article-title")).to_have_text(title)
    expect(reader.locator(".byline-name")).to_have_text("林编辑")
    demo = Demo(reader).wait_until_drawn()
    demo.assert_candles_drawn()
    return demo


def test_markdown_article_with_a_demo_and_an_image(author, open_page, tmp_path):
    """Markdown with [[indicator rsi …]], a cover and ![](…) → preview → publish → home."""
    page = open_page()
    title = "用 RSI 看超买与超卖"
    open_new_article_form(page, author)
    page.get_by_label("标题:", exact=True).fill(title)
    page.get_by_label("分类:", exact=True).select_option(label="技术指标")
    page.get_by_label("封面图:", exact=True).set_input_files(make_png(tmp_path / "rsi-cover.png"))
    expect(page.locator(".field-body_rich")).to_be_hidden()
    body = page.get_by_label("正文（Markdown）:", exact=True)
    body.fill(
        "RSI 把一段时间的涨跌力量放在一起比较。\n\n"
        "[[indicator rsi symbol=600519 n=6 convention=intl]]\n"
    )
    save_and_continue(page)

    # The cover is stored now; the body shows the same picture where the text needs it.
    cover_url = page.locator(".field-cover a").first.get_attribute("href")
    assert re.fullmatch(r"/media/covers/rsi-cover[\w-]*\.png", cover_url), cover_url
    # A blank line first: the form strips the trailing newline, and a demo code only
    # becomes a demo as a paragraph of its own.
    body.fill(body.input_value() + f"\n\n![RSI 示意图]({cover_url})\n\n图中红色为上涨日。\n")
    save_and_continue(page)

    preview = open_preview(page)
    preview_demo = Demo(preview).wait_until_drawn()
    expect(preview_demo.legend_name).to_have_text("RSI(6)")
    assert_image_shown(preview.locator(".article-body img[alt='RSI 示意图']"))
    assert_image_shown(preview.locator("img.article-cover"))
    assert_accessible(preview)
    assert preview.problems.items == []
    preview.close()
    article = Article.objects.get(title=title)
    reader = open_page()
    assert reader.request.get(article.get_absolute_url()).status == 404  # still a draft

    publish(page)
    demo = reader_finds_it_on_the_home_page(reader, title)
    expect(demo.legend_name).to_have_text("RSI(6)")
    assert_image_shown(reader.locator(".article-body img[alt='RSI 示意图']"))
    assert_image_shown(reader.locator("img.article-cover"))
    assert_accessible(reader)


ALT = "KDJ 在高位钝化的示意图"


def test_rich_text_article_written_in_ckeditor(author, open_page, tmp_path):
    """CKEditor 5: text, a demo line and an uploaded image → preview → publish → home."""
    page = open_page()
    title = "KDJ 钝化时怎么办"
    open_new_article_form(page, author)
    page.get_by_label("标题:", exact=True).fill(title)
    page.get_by_label("正文格式:", exact=True).select_option(label="富文本")
    expect(page.locator(".field-body_markdown")).to_be_hidden()
    editor = page.locator(".field-body_rich .ck-editor__editable")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("单边行情里，KDJ 会长时间停在高位。")
    page.keyboard.press("Enter")
    page.keyboard.type("[[indicator kdj symbol=600519 n=9 m1=3 m2=3]]")
    page.keyboard.press("Enter")

    # 插入图片 → upload: the editor sends the file to /ckeditor5/image_upload/ as staff.
    with page.expect_response(re.compile(r"/ckeditor5/image_upload/")) as upload:
        page.locator(".field-body_rich .ck-toolbar input[type=file]").set_input_files(
            make_png(tmp_path / "kdj-chart.png", up_colour="#e03131")
        )
    assert upload.value.status == 200
    uploaded = editor.locator("img")
    # Stored under a random name of ours, with the extension of the format Pillow found.
    expect(uploaded).to_have_attribute("src", re.compile(r"/media/uploads/[0-9a-f]{32}\.png$"))
    assert_image_shown(uploaded)
    # The author describes the picture for readers who cannot see it (图片替换文本).
    uploaded.click()
    page.locator(".ck-balloon-panel").get_by_role("button", name="更改图片替换文本").click()
    page.locator(".ck-balloon-panel input[type=text]").fill(ALT)
    page.keyboard.press("Enter")
    expect(uploaded).to_have_attribute("alt", ALT)
    save_and_continue(page)
    expect(editor).to_contain_text("单边行情里")

    preview = open_preview(page)
    preview_demo = Demo(preview).wait_until_drawn()
    expect(preview_demo.legend_name).to_have_text("KDJ(9,3,3)")
    assert_image_shown(preview.locator(f".article-body img[alt='{ALT}']"))
    assert_accessible(preview)
    assert preview.problems.items == []
    preview.close()

    publish(page)
    reader = open_page()
    demo = reader_finds_it_on_the_home_page(reader, title)
    expect(demo.legend_name).to_have_text("KDJ(9,3,3)")
    expect(reader.locator(".article-body")).to_contain_text("KDJ 会长时间停在高位")
    assert_image_shown(reader.locator(f".article-body img[alt='{ALT}']"))
    assert_accessible(reader)
