"""A reader comments in a real browser: post, reply in place, see a held comment at once."""

from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

SLUG = "cci-shun-shi-zhi-biao"


def _open_article(page):
    article = Article.objects.get(slug=SLUG)
    page.goto(article.get_absolute_url() + "#comments")
    return article


def test_posting_a_comment_shows_it_at_once_and_bumps_the_count(page):
    """Name and text in, 发表评论: the comment appears in the list and 评论 N goes up by one."""
    _open_article(page)
    count = page.locator("[data-role=comment-count]")
    before = int(count.inner_text())
    form = page.locator("#comment-form")
    form.get_by_label("昵称").fill("浏览器读者")
    form.get_by_label("评论").fill("MACD 金叉之后我加仓了\n第二行 https://www.sse.com.cn")
    form.get_by_role("button", name="发表评论").click()
    expect(page.locator("[data-role=form-status]")).to_contain_text("评论已发布")
    new = page.locator(".comment", has_text="MACD 金叉之后我加仓了")
    expect(new).to_be_visible()
    expect(new.locator("a[rel~=ugc]")).to_have_attribute("href", "https://www.sse.com.cn")
    expect(count).to_have_text(str(before + 1))
    assert Comment.objects.filter(name="浏览器读者", status="approved").exists()
    assert_accessible(page)


def test_replying_moves_the_form_under_the_comment(page):
    """回复 opens the form under that comment; the reply lands in the same thread."""
    _open_article(page)
    teacher_reply = page.locator(".comment-replies .comment", has_text="周老师").first
    teacher_reply.get_by_role("link", name="回复").click()
    form = page.locator("#comment-form")
    expect(form.locator("[data-role=replying]")).to_contain_text("周老师")
    form.get_by_label("昵称").fill("追问的读者")
    form.get_by_label("评论").fill("那周线上用 CCI 参数要改吗?")
    form.get_by_role("button", name="发表评论").click()
    reply = page.locator(".comment-replies .comment", has_text="那周线上用 CCI 参数要改吗?")
    expect(reply).to_contain_text("回复 @周老师")
    stored = Comment.objects.get(name="追问的读者")
    assert stored.parent_id is not None and stored.parent.parent_id is None


def test_a_held_comment_is_shown_to_its_writer_as_awaiting_moderation(page):
    """Spam-looking text is kept for review and shown only to the writer, marked 等待审核."""
    _open_article(page)
    form = page.locator("#comment-form")
    form.get_by_label("昵称").fill("路过")
    form.get_by_label("评论").fill("加 微 信 gp8888 领取牛股")
    form.get_by_role("button", name="发表评论").click()
    held = page.locator(".comment.is-pending")
    expect(held).to_contain_text("等待审核")
    expect(page.locator("[data-role=form-status]")).to_contain_text("你的评论正在等待审核")
    assert Comment.objects.get(name="路过").status == "held"


def test_form_errors_appear_next_to_the_field(page):
    """A staff-like name is refused in place, with the reason under the name field."""
    _open_article(page)
    form = page.locator("#comment-form")
    form.get_by_label("昵称").fill("官方客服")
    form.get_by_label("评论").fill("请问有问题找谁?")
    form.get_by_role("button", name="发表评论").click()
    expect(form.locator("[data-error-for=name]")).to_contain_text("误认为本站工作人员")
    # The 400 answer is the point of this test, not a problem with the page.
    page.problems.items = [p for p in page.problems.items if "400" not in p]


def test_comments_fit_a_phone_screen(phone_page):
    """On a phone the threads and the form fit the width, with nothing scrolling sideways."""
    _open_article(phone_page)
    expect(phone_page.locator("#comment-form")).to_be_visible()
    assert_no_horizontal_scroll(phone_page)
    box = phone_page.locator("#comment-form textarea").bounding_box()
    assert box["width"] > 300  # the text box uses the width of the screen
