"""A reader takes part in the discussion under an article: a new comment and a reply."""

import re

from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.conftest import assert_accessible

CCI = "/articles/cci-shun-shi-zhi-biao/"


def comment_form(page):
    return page.get_by_role("region", name=re.compile(r"^评论")).locator("form#comment-form")


def test_a_new_comment_is_shown_to_its_writer_as_awaiting_moderation(page, settings):
    """With pre-moderation on, the writer sees their comment marked 等待审核; others don't."""
    settings.COMMENTS_PREMODERATE = True
    page.goto(CCI + "#comments")
    count = page.locator("[data-role=comment-count]")
    before = count.inner_text()
    form = comment_form(page)
    form.get_by_label("昵称").fill("第一次来的读者")
    form.get_by_label("评论").fill("CCI 在周线上也按 ±100 来看吗？")
    form.get_by_role("button", name="发表评论").click()

    mine = page.locator(".comment", has_text="CCI 在周线上也按 ±100 来看吗？")
    expect(mine).to_be_visible()
    expect(mine.locator(".comment-pending")).to_contain_text("等待审核")
    expect(form.locator("[data-role=form-status]")).to_contain_text("你的评论正在等待审核")
    expect(form.get_by_label("评论")).to_have_value("")
    expect(count).to_have_text(before)  # held comments are not counted
    assert Comment.objects.get(name="第一次来的读者").status == Comment.Status.HELD
    assert_accessible(page)

    page.reload()
    expect(page.locator(".comment-threads")).not_to_contain_text("CCI 在周线上也按")


def test_replying_to_a_comment_puts_the_reply_in_its_thread(page):
    """回复 moves the form under the comment; the reply appears in that thread at once."""
    page.goto(CCI + "#comments")
    count = page.locator("[data-role=comment-count]")
    before = int(count.inner_text())
    thread = page.locator(".comment-thread", has_text="稳健的老刘").first
    thread.locator(".comment", has_text="稳健的老刘").first.get_by_role("link", name="回复").click()

    form = comment_form(page)
    expect(form.locator("[data-role=replying]")).to_have_text(re.compile(r"回复\s+稳健的老刘"))
    expect(form.get_by_label("评论")).to_be_focused()
    assert thread.locator("form#comment-form").count() == 1  # the form sits in the thread
    form.get_by_label("昵称").fill("跟帖的读者")
    form.get_by_label("评论").fill("我也是，以前一看到 100 就想卖。")
    form.get_by_role("button", name="发表评论").click()

    reply = thread.locator(".comment-replies .comment", has_text="以前一看到 100 就想卖")
    expect(reply).to_be_visible()
    expect(reply.locator(".comment-name")).to_have_text("跟帖的读者")
    expect(page.locator("[data-role=form-status]")).to_contain_text("评论已发布")
    expect(count).to_have_text(str(before + 1))
    assert thread.locator("form#comment-form").count() == 0  # and goes back under the list
    stored = Comment.objects.get(name="跟帖的读者")
    assert stored.reply_to.name == "稳健的老刘" and stored.parent_id == stored.reply_to_id
    assert_accessible(page)
