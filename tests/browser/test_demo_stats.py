"""The 信号统计 panel under a demo follows the chart's settings and keeps its own in the link."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.demo import Demo

CCI = "/articles/cci-shun-shi-zhi-biao/"


def stats_panel(demo):
    panel = demo.figure.locator(".demo-stats")
    expect(panel).not_to_have_class(re.compile(r"\bis-updating\b"))
    expect(panel.locator("table")).to_be_visible()
    return panel


def counts(panel):
    return panel.locator("tbody tr td:nth-child(2)").all_inner_texts()


def test_panel_recomputes_with_the_chart_and_keeps_its_horizon_in_the_link(page):
    page.goto(CCI)
    demo = Demo(page).wait_until_drawn()
    panel = stats_panel(demo)
    expect(panel.locator("tbody tr")).to_have_count(4)  # the four ±100 crossings
    expect(panel.locator("tbody th").first).to_have_text("CCI 上穿 +100")
    # One year of prices: too few signals of any kind to conclude, and the panel says so.
    expect(panel.get_by_text("样本太少，无法下结论").first).to_be_visible()
    expect(panel).to_contain_text("印花税 0.05%")
    expect(panel).to_contain_text("风险提示")
    before = counts(panel)

    with page.expect_response(re.compile(r"/api/indicators/cci/stats/\?.*\bn=5\b")) as answer:
        demo.set_param("周期", 5)
    assert answer.value.status == 200
    demo.wait_until_drawn()
    panel = stats_panel(demo)
    expect(panel.locator("caption")).to_contain_text("持有 10 个交易日")
    assert counts(panel) != before  # a shorter period crosses ±100 more often

    panel.get_by_role("button", name="20 日").click()
    expect(panel.get_by_role("button", name="20 日")).to_have_attribute("aria-pressed", "true")
    expect(panel.locator("caption")).to_contain_text("持有 20 个交易日")
    expect(page).to_have_url(re.compile(r"\?d1\.n=5&d1\.h=20$"))
    lab_link = panel.get_by_role("link", name=re.compile("信号实验室"))
    expect(lab_link).to_have_attribute("href", re.compile(r"/indicators/lab/\?h=20&signal=cci\."))
    assert_accessible(page)

    page.reload()
    demo.wait_until_drawn()
    panel = stats_panel(demo)
    expect(demo.param("周期")).to_have_value("5")
    expect(panel.get_by_role("button", name="20 日")).to_have_attribute("aria-pressed", "true")
    expect(panel.locator("caption")).to_contain_text("持有 20 个交易日")


def test_lab_page_answers_from_the_panel_link(page):
    page.goto(CCI)
    demo = Demo(page).wait_until_drawn()
    stats_panel(demo).get_by_role("link", name=re.compile("信号实验室")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("信号实验室")
    expect(page.locator(".lab-verdict")).to_contain_text("结论")
    expect(page.locator(".stats-table tbody tr")).to_have_count(9)  # 3 series × 3 periods
    assert_accessible(page)
