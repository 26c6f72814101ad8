"""K线训练营 in a real browser: a whole round on a desktop with the keyboard and on a
phone with the thumb, the reveal, and the share page."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

EXPLAINER = "/articles/macd-zhi-biao-ru-men/"
LENGTH = 60
CONTEXT = 20  # bars shown before the first decision (practice.market.CONTEXT_BARS)

# Layout shifts while the page loads and a round starts (Lighthouse's CLS, summed).
LAYOUT_SHIFTS = """
window.__shifts = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


def day_label(page):
    return page.locator("[data-role=day]")


def action(page, name):
    return page.get_by_role("button", name=re.compile(f"^{name}"))


def message(page):
    return page.locator("[data-role=message]")


def start_from_the_explainer(page):
    """The MACD explainer's link opens the trainer with MACD chosen; 开始一局 deals."""
    page.goto(EXPLAINER)
    page.get_by_role("link", name="在训练营里用 MACD 练一练").click()
    expect(page).to_have_url(re.compile(r"/practice/\?indicator=macd$"))
    expect(page.get_by_label("指标")).to_have_value("macd")
    expect(page.get_by_label("快线周期（fast）")).to_have_value("12")
    assert_accessible(page)
    page.get_by_role("button", name="开始一局").click()
    expect(day_label(page)).to_have_text(f"第 {CONTEXT} 天")
    expect(page.get_by_role("img", name=re.compile("K 线图"))).to_be_visible()


def assert_revealed(page):
    """The reveal names the stock and dates and shows the three results and the trades."""
    reveal = page.locator("[data-role=reveal]")
    expect(reveal.get_by_role("heading", name=re.compile(r"^揭晓：.+（.+）$"))).to_be_visible()
    expect(reveal.locator(".reveal-luck")).to_contain_text("随机交易者")
    expect(reveal.locator(".reveal-results dt")).to_have_text(["你的收益", "同期持有不动", "MACD"])
    expect(reveal.locator(".reveal-trades tbody tr")).to_have_count(2)
    expect(reveal.get_by_role("link", name="到信号实验室检验 MACD")).to_have_attribute(
        "href", re.compile(r"^/indicators/lab/\?signal=macd\.")
    )
    expect(page.locator("[data-role=round] .round-actions")).to_be_hidden()
    assert_accessible(page)


def assert_share_page(page):
    """分享这一局 opens the finished round's page: results, QR code, no horizontal scroll."""
    page.get_by_role("link", name="分享这一局").click()
    expect(page).to_have_url(re.compile(r"/practice/r/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("这一局")
    expect(page.locator(".reveal-results dd")).to_have_count(3)
    qr = page.locator("img[data-role=share-qr]")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator("[data-role=equity] canvas").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_a_whole_round_with_the_keyboard_on_a_desktop(page):
    """S with no position is refused in words; B then space buys at the next open; space
    plays on day by day; the last day reveals the round; the share page opens."""
    page.add_init_script(LAYOUT_SHIFTS)
    start_from_the_explainer(page)
    page.keyboard.press("s")
    expect(message(page)).to_have_text("你现在没有持仓，不能卖出。")
    expect(action(page, "观望")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("b")
    expect(action(page, "买入")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press(" ")
    expect(day_label(page)).to_have_text(f"第 {CONTEXT + 1} 天")  # one press, one day
    expect(message(page)).to_have_text(
        re.compile(rf"^第 {CONTEXT + 1} 天以开盘价 [\d.]+ 买入成交。$")
    )
    expect(page.locator("[data-role=position]")).to_have_text("满仓持有")
    expect(action(page, "下一天")).to_be_focused()  # a turn never drops the focus
    page.keyboard.press("b")
    expect(message(page)).to_contain_text("买入")  # already holding: explained, not taken
    for day in range(CONTEXT + 2, CONTEXT + LENGTH - 1):
        page.keyboard.press(" ")
        expect(day_label(page)).to_have_text(f"第 {day} 天")
    page.keyboard.press("s")
    page.keyboard.press(" ")
    expect(day_label(page)).to_have_text(f"第 {CONTEXT + LENGTH - 1} 天")
    page.keyboard.press(" ")  # the last turn ends the round
    assert_revealed(page)
    assert page.evaluate("window.__shifts") < 0.1
    assert_share_page(page)


def test_a_whole_round_with_one_thumb_on_a_phone(phone_page):
    """The chart fills the width; 买入 卖出 观望 and 下一天 are big and at the bottom of the
    screen all round long; a round plays to its reveal and shares."""
    page = phone_page
    start_from_the_explainer(page)
    width = page.viewport_size["width"]
    height = page.viewport_size["height"]
    chart = page.locator("[data-role=chart]").bounding_box()
    assert chart["width"] >= width - 2
    next_day = action(page, "下一天")
    for name in ("买入", "卖出", "观望", "下一天"):
        box = action(page, name).bounding_box()
        assert box["height"] >= 48 and box["width"] >= 100, name
        assert height * 0.6 <= box["y"] and box["y"] + box["height"] <= height, name
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    action(page, "买入").tap()
    next_day.tap()
    expect(page.locator("[data-role=position]")).to_have_text("满仓持有")
    for day in range(CONTEXT + 2, CONTEXT + LENGTH - 1):
        next_day.tap()
        expect(day_label(page)).to_have_text(f"第 {day} 天")
    box = next_day.bounding_box()
    assert box["y"] + box["height"] <= height  # still under the thumb after scrolling
    action(page, "卖出").tap()
    next_day.tap()
    next_day.tap()
    assert_revealed(page)
    assert_no_horizontal_scroll(page)
    assert_share_page(page)


def test_stopping_early_reveals_and_an_unfinished_round_is_not_shared(page):
    """A reload resumes the round; 结束并揭晓 ends it at once; before that its share link
    answers 404 in words; after the reveal a reload opens a fresh setup form."""
    start_from_the_explainer(page)
    round_id = page.evaluate(
        "fetch('/practice/api/rounds/', {method: 'POST', body: '{}',"
        " headers: {'Content-Type': 'application/json'}}).then(r => r.json()).then(s => s.id)"
    )
    response = page.request.get(f"/practice/r/{round_id}/")
    assert response.status == 404
    assert "只有结束并揭晓后的对局才能分享" in response.text()
    page.keyboard.press(" ")
    expect(day_label(page)).to_have_text(f"第 {CONTEXT + 1} 天")
    page.reload()  # the round in play comes back, where it was
    expect(day_label(page)).to_have_text(f"第 {CONTEXT + 1} 天")
    expect(page.locator("[data-role=setup]")).to_be_hidden()
    page.get_by_role("button", name="结束并揭晓").click()
    reveal = page.locator("[data-role=reveal]")
    expect(reveal.get_by_role("heading", name=re.compile("^揭晓："))).to_be_visible()
    expect(reveal).to_contain_text("这一局你没有成交任何交易。")
    page.reload()
    expect(page.locator("[data-role=setup]")).to_be_visible()
    expect(page.locator("[data-role=round]")).to_be_hidden()


def test_a_bad_setting_is_explained_beside_the_form(page):
    """快线周期 not below 慢线周期: the server's reason shows under the form; no round starts."""
    page.goto("/practice/?indicator=macd")
    page.get_by_label("快线周期（fast）").fill("40")
    page.get_by_role("button", name="开始一局").click()
    error = page.locator("[data-role=setup-error]")
    expect(error).to_contain_text("fast")
    page.problems.allow(lambda item: "400" in item)
    expect(page.locator("[data-role=round]")).to_be_hidden()
    page.get_by_label("快线周期（fast）").fill("12")
    page.get_by_role("button", name="开始一局").click()
    expect(day_label(page)).to_have_text(f"第 {CONTEXT} 天")
    expect(error).to_be_empty()
