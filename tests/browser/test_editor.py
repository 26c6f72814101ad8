"""The article editor: both formats with an uploaded image, a table, code and a picked demo;
预览 before the first save; autosave surviving a reload; scheduling. Desktop and phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.autosave import Autosave
from articles.models import Article
from tests.browser.authoring import (
    assert_image_shown,
    make_png,
    open_new_article_form,
    open_preview,
    save_and_continue,
)
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, expect_url_path
from tests.browser.demo import Demo
from tests.browser.editor_steps import (
    hand_image_to,
    insert_demo,
    paste_html,
    reload_accepting_the_warning,
)


def wait_for_autosave(page, article, text):
    """The server's autosave of `article` once it holds `text` (sent every second here)."""
    for _ in range(50):
        draft = Autosave.objects.filter(article=article).first()
        if draft and text in draft.fields["body_rich"]:
            return draft
        page.wait_for_timeout(200)
    raise AssertionError(f"no autosave with {text!r}")


TABLE = "| 参数 | 国内默认 |\n|---|---|\n| n | 6 |"
CODE = "```python\nrsi = 100 - 100 / (1 + rs)\n```"


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_markdown_preview_before_saving_autosave_and_schedule(author, open_page, tmp_path, device):
    """Markdown: image, table, code and a picked demo; preview unsaved; reload; schedule."""
    page = open_page(device)
    open_new_article_form(page, author)
    page.get_by_label("标题:", exact=True).fill("RSI 的参数怎么选")
    body = page.get_by_label("正文（Markdown）:", exact=True)
    # 字数 as a Chinese author counts: MACD, 金, 叉, 600519, 走, 强, 12.5 (punctuation not).
    body.fill("MACD 金叉，600519 走强 12.5%。")
    expect(page.locator("[data-role=word-count-markdown]")).to_have_text("字数：7")
    body.fill(f"RSI 衡量涨跌力量。\n\n{TABLE}\n\n{CODE}\n")
    with page.expect_response(re.compile(r"/ckeditor5/image_upload/")) as upload:
        page.locator(".field-body_markdown input[type=file]").set_input_files(
            make_png(tmp_path / "rsi-chart.png")
        )
    assert upload.value.status == 200
    expect(body).to_have_value(re.compile(r"!\[rsi-chart\]\(/media/uploads/[0-9a-f]{32}\.png\)"))
    # Pasted and dropped pictures go the same way, at the cursor.
    for event, name in (("paste", "pasted.png"), ("drop", "dropped.png")):
        stem = name.removesuffix(".png")
        with page.expect_response(re.compile(r"/ckeditor5/image_upload/")) as upload:
            hand_image_to(body, event, name)
        assert upload.value.status == 200
        expect(body).to_have_value(
            re.compile(rf"!\[{stem}\]\(/media/uploads/[0-9a-f]{{32}}\.png\)")
        )
    dialog, answer = insert_demo(page, "cci", n=30)
    assert answer.status == 200
    expect(dialog).to_be_hidden()
    demo_line = r"\n\n\[\[indicator cci symbol=600519 [^\]]*n=30[^\]]*\]\]\n"
    expect(body).to_have_value(re.compile(demo_line))
    assert_accessible(page)

    preview = open_preview(page)  # before the first save: nothing is stored yet
    expect(preview.locator("h1.article-title")).to_have_text("RSI 的参数怎么选")
    expect(preview.locator(".article-body table td").first).to_have_text("n")
    expect(preview.locator(".article-body pre code")).to_contain_text("rsi = 100")
    assert_image_shown(preview.locator(".article-body img[alt='rsi-chart']"))
    expect(Demo(preview).wait_until_drawn().legend_name).to_have_text("CCI(30)")
    assert_accessible(preview)
    assert preview.problems.items == []
    preview.close()
    assert not Article.objects.filter(title="RSI 的参数怎么选").exists()

    # The tab goes away unsaved (a reload stands in for a crash): the browser's copy is back.
    written = body.input_value()
    assert reload_accepting_the_warning(page) == ["beforeunload"]
    notice = page.locator("[data-role=autosave-notice]")
    expect(notice).to_contain_text("本机浏览器")
    notice.get_by_role("button", name="恢复这份草稿").click()
    expect(body).to_have_value(written)
    expect(page.get_by_label("标题:", exact=True)).to_have_value("RSI 的参数怎么选")

    # Scheduled for tomorrow: published, but no reader sees it before then.
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.get_by_label("状态:", exact=True).select_option(label="发布")
    page.locator("#id_published_at_0").fill(tomorrow.strftime("%Y-%m-%d"))
    page.locator("#id_published_at_1").fill("09:30:00")
    page.get_by_role("button", name="保存", exact=True).click()
    expect_url_path(page, "/admin/articles/article/")
    expect(page.locator(".state-scheduled").first).to_contain_text("定时")
    article = Article.objects.get(title="RSI 的参数怎么选")
    assert article.is_scheduled and article.demos[0]["params"] == {"n": 30}
    assert open_page().request.get(article.get_absolute_url()).status == 404
    # The saved article leaves no browser copy behind to be offered again.
    page.goto("/admin/articles/article/add/")
    expect(page.locator("[data-role=autosave-notice]")).to_be_hidden()


def test_rich_text_autosave_survives_a_reload_and_preview_keeps_the_highlight(
    author, open_page, settings, tmp_path
):
    """CKEditor: heading, highlight, table, code, image, picked demo; autosave; preview."""
    settings.EDITOR_AUTOSAVE_SECONDS = 1
    page = open_page(DESKTOP)
    open_new_article_form(page, author)
    page.get_by_label("标题:", exact=True).fill("黄色标记的要点")
    page.get_by_label("正文格式:", exact=True).select_option(label="富文本")
    editor = page.locator(".field-body_rich .ck-editor__editable_inline")
    editor.click()
    page.keyboard.type("第一段。")
    save_and_continue(page)
    article = Article.objects.get(title="黄色标记的要点")

    editor.click()
    page.keyboard.press("Control+End")
    paste_html(
        page,
        editor,
        '<p>（续）</p><h2>要点</h2><p>记住<span style="background-color:yellow;">背离要确认</span>'
        '<span style="position:fixed;color:#c62828;">红字</span></p>'
        '<figure class="table"><table><tbody><tr><td>参数</td><td>默认</td></tr>'
        "<tr><td>fast</td><td>12</td></tr></tbody></table></figure>"
        '<pre><code class="language-python">dif = ema12 - ema26</code></pre><p>图：</p>',
    )
    with page.expect_response(re.compile(r"/ckeditor5/image_upload/")) as upload:
        page.locator(".field-body_rich .ck-toolbar input[type=file]").set_input_files(
            make_png(tmp_path / "macd.png")
        )
    assert upload.value.status == 200
    image = editor.locator("img")
    expect(image).to_have_attribute("src", re.compile(r"/media/uploads/"))
    image.click()  # the picture's words for readers who cannot see it
    page.locator(".ck-balloon-panel").get_by_role("button", name="更改图片替换文本").click()
    page.locator(".ck-balloon-panel input[type=text]").fill("MACD 示意图")
    page.keyboard.press("Enter")
    expect(image).to_have_attribute("alt", "MACD 示意图")
    page.keyboard.press("Control+End")
    expect(editor.locator("h2")).to_have_text("要点")
    assert editor.locator("h2").evaluate("h => parseFloat(getComputedStyle(h).fontSize)") > 20
    insert_demo(page, "macd", fast=10, slow=30, signal=9)
    expect(editor).to_contain_text("[[indicator macd symbol=600519 fast=10 slow=30 signal=9]]")
    expect(page.locator("[data-role=word-count-rich]")).to_contain_text("字数：")
    expect(page.locator("[data-role=autosave-status]")).to_contain_text("已自动保存到服务器")
    draft = wait_for_autosave(page, article, "fast=10 slow=30 signal=9")
    assert "背离要确认" in draft.fields["body_rich"]
    article.refresh_from_db()
    assert "背离要确认" not in article.body_rich  # the article itself is untouched

    # The server's copy comes back even when this browser's copy is gone.
    page.evaluate("localStorage.clear()")
    assert reload_accepting_the_warning(page) == ["beforeunload"]
    notice = page.locator("[data-role=autosave-notice]")
    expect(notice).to_contain_text("服务器")
    notice.get_by_role("button", name="恢复这份草稿").click()
    expect(editor).to_contain_text("背离要确认")

    preview = open_preview(page)
    body = preview.locator(".article-body")
    expect(body.locator("span[style='background-color:yellow']")).to_have_text("背离要确认")
    expect(body.locator("span[style='color:#c62828']")).to_have_text("红字")
    expect(body.locator("table td").first).to_have_text("参数")
    expect(body.locator("pre code")).to_have_text("dif = ema12 - ema26")
    assert_image_shown(body.locator("img[alt='MACD 示意图']"))
    expect(Demo(preview).wait_until_drawn().legend_name).to_have_text("MACD(10,30,9)")
    assert preview.problems.items == []
    preview.close()
    save_and_continue(page)
    assert not Autosave.objects.exists()
    assert "background-color:yellow" in Article.objects.get(pk=article.pk).body_html
