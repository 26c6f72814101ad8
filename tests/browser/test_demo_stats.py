"""信号统计 under a demo: a plain verdict first, the numbers behind 展开, its state in the link."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.browser.demo import Demo

CCI = "/articles/cci-shun-shi-zhi-biao/"
BOLL = "/articles/boll-bu-lin-xian/"  # its second demo: NVDA, 16 years, 美股 costs
STATS = re.compile(r"/api/indicators/cci/stats/\?")
CHECK_WORDS = re.compile("✓|好于")


def stats_panel(demo):
    panel = demo.figure.locator(".demo-stats")
    expect(panel).not_to_have_class(re.compile(r"\bis-updating\b"))
    expect(panel.locator(".demo-stats-kind").first).to_be_visible()
    return panel


def open_with_stats(page, url=CCI, index=0, symbol="600519"):
    """Opens the page; returns the demo, its panel and the stats JSON the panel was given."""
    page.goto(url)
    for_this_demo = re.compile(rf"/api/indicators/\w+/stats/\?symbol={symbol}&")
    with page.expect_response(for_this_demo) as answer:
        demo = Demo(page, index).wait_until_drawn()  # a demo starts once scrolled into view
    return demo, stats_panel(demo), answer.value.json()


def rows_at(body, horizon):
    return [next(h for h in kind["horizons"] if h["horizon"] == horizon) for kind in body["kinds"]]


def assert_cards_follow_the_verdicts(panel, body, horizon):
    """One card per kind, in order: the server's sentence, and ✓/好于 only where it is better."""
    cards = panel.locator(".demo-stats-kind")
    expect(cards).to_have_count(len(body["kinds"]))
    for i, row in enumerate(rows_at(body, horizon)):
        card = cards.nth(i)
        expect(card.locator(".demo-stats-verdict")).to_have_text(row["summary"])
        expect(card).to_have_class(re.compile(rf"\bis-{row['verdict']}\b"))
        text = card.inner_text()
        if row["verdict"] == "better":
            assert "✓" in text
        else:
            assert not CHECK_WORDS.search(text), text
        if row["enough"]:
            expect(card.locator(".demo-stats-figure dd")).to_have_count(2)
        table_row = panel.locator(".demo-stats-more tbody tr").nth(i).text_content()
        assert ("✓" in table_row) == (row["verdict"] == "better"), table_row
    better = sum(row["verdict"] == "better" for row in rows_at(body, horizon))
    assert panel.text_content().count("✓") == 2 * better  # its card and its table row


def test_panel_leads_with_verdicts_and_keeps_the_numbers_behind_expand(page):
    demo, panel, body = open_with_stats(page)
    assert body["entry"] == "next_open"
    names = [kind["name"] for kind in body["kinds"]]
    assert names[0].startswith("CCI 上穿 +100")
    expect(panel.locator(".demo-stats-kind-name")).to_have_text(names)
    assert_cards_follow_the_verdicts(panel, body, 10)
    # The notes name how the figures were made, in the server's own words.
    entry = re.sub(r"(?<![A-Za-z])h(?![A-Za-z])", "10", body["entry_text"])
    for text in (entry, body["costs"]["text"], body["method_text"], body["family"]["text"]):
        expect(panel.locator(".demo-stats-notes")).to_contain_text(text)
    expect(panel).to_contain_text("风险提示")

    table = panel.locator(".demo-stats-more table")
    expect(table).to_be_hidden()
    panel.get_by_text("展开全部数字").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(len(body["kinds"]))
    expect(table.locator("thead")).to_contain_text("校正后 p")
    expect(table.locator("caption")).to_contain_text("持有 10 个交易日")
    counts = table.locator("tbody tr td:nth-of-type(2)")
    expect(counts).to_have_text([str(row["signals"]) for row in rows_at(body, 10)])
    assert_accessible(page)


def test_panel_recomputes_with_the_chart_and_keeps_its_horizon_in_the_link(page):
    demo, panel, body = open_with_stats(page)
    with page.expect_response(re.compile(r"/api/indicators/cci/stats/\?.*\bn=5\b")) as answer:
        demo.set_param("周期", 5)
    assert answer.value.status == 200
    shorter = answer.value.json()
    demo.wait_until_drawn()
    panel = stats_panel(demo)
    assert_cards_follow_the_verdicts(panel, shorter, 10)
    signals = [row["signals"] for row in rows_at(shorter, 10)]
    assert signals != [row["signals"] for row in rows_at(body, 10)]  # n=5 crosses ±100 more

    panel.get_by_role("button", name="20 日").click()
    expect(panel.get_by_role("button", name="20 日")).to_have_attribute("aria-pressed", "true")
    assert_cards_follow_the_verdicts(panel, shorter, 20)
    expect(page).to_have_url(re.compile(r"\?d1\.n=5&d1\.h=20$"))
    lab_link = panel.get_by_role("link", name=re.compile("信号实验室"))
    expect(lab_link).to_have_attribute("href", re.compile(r"/indicators/lab/\?h=20&signal=cci\."))

    page.reload()
    demo.wait_until_drawn()
    panel = stats_panel(demo)
    expect(demo.param("周期")).to_have_value("5")
    expect(panel.get_by_role("button", name="20 日")).to_have_attribute("aria-pressed", "true")
    assert_cards_follow_the_verdicts(panel, shorter, 20)


def test_entry_switch_asks_again_and_survives_a_reload(page):
    """次日开盘 by default; 信号当日收盘 refetches and is kept in the link as d1.e=close."""
    demo, panel, body = open_with_stats(page)
    expect(panel.get_by_role("button", name="次日开盘")).to_have_attribute("aria-pressed", "true")
    at_close_url = re.compile(r"/api/indicators/cci/stats/\?.*\bentry=close\b")
    with page.expect_response(at_close_url) as answer:
        panel.get_by_role("button", name="信号当日收盘").click()
    at_close = answer.value.json()
    assert at_close["entry"] == "close" and at_close["entry_text"] != body["entry_text"]
    panel = stats_panel(demo)
    expect(panel.locator(".demo-stats-notes")).to_contain_text(
        at_close["entry_text"].split("，")[0]
    )
    assert_cards_follow_the_verdicts(panel, at_close, 10)
    expect(page).to_have_url(re.compile(r"\?d1\.e=close$"))
    lab_link = panel.get_by_role("link", name=re.compile("信号实验室"))
    expect(lab_link).to_have_attribute(
        "href", re.compile(r"/indicators/lab/\?h=10&signal=cci\.\w+&entry=close$")
    )

    page.reload()
    demo.wait_until_drawn()
    panel = stats_panel(demo)
    close_button = panel.get_by_role("button", name="信号当日收盘")
    expect(close_button).to_have_attribute("aria-pressed", "true")
    expect(panel.locator(".demo-stats-notes")).to_contain_text(
        at_close["entry_text"].split("，")[0]
    )
    panel.get_by_role("link", name=re.compile("信号实验室")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("信号实验室")
    expect(page).to_have_url(re.compile(r"&entry=close$"))


def test_a_check_mark_appears_exactly_where_the_server_says_better(page):
    """The panel words the server's verdicts and never decides one itself."""
    chosen = {}

    def first_kind_better(route):
        body = route.fetch().json()
        for row in body["kinds"][0]["horizons"]:
            row["verdict"] = "better"
        chosen.update(body)
        route.fulfill(json=body)

    page.route(STATS, first_kind_better)
    page.goto(CCI)
    panel = stats_panel(Demo(page).wait_until_drawn())
    expect(panel.locator(".demo-stats-kind").first.locator(".demo-stats-badge")).to_have_text(
        re.compile("✓")
    )
    assert_cards_follow_the_verdicts(panel, chosen, 10)


def test_verdict_and_key_numbers_fit_a_phone(phone_page):
    page = phone_page
    demo, panel, body = open_with_stats(page, BOLL, index=1, symbol="NVDA")
    assert body["symbol"] == "NVDA" and body["costs"]["market"] == "us"
    expect(panel.locator(".demo-stats-notes")).to_contain_text(body["costs"]["text"])
    assert_cards_follow_the_verdicts(panel, body, 10)
    assert panel.locator(".demo-stats-figure dd").count() >= 2  # enough signals for numbers
    panel.scroll_into_view_if_needed()
    width = page.viewport_size["width"]
    for selector in (".demo-stats-verdict", ".demo-stats-figure", ".demo-stats-badge"):
        for box in (item.bounding_box() for item in panel.locator(selector).all()):
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
    assert_no_horizontal_scroll(page)
    panel.get_by_text("展开全部数字").click()
    expect(panel.locator(".demo-stats-more table")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_every_figure_shows(panel.locator(".demo-stats-more"), width)


def assert_every_figure_shows(box, width):
    """Each cell lies within the screen and its box scrolls nowhere: a card per row, with
    the column named beside each figure."""
    wrapper = box.locator(".reflow")
    assert wrapper.evaluate("node => node.scrollWidth <= node.clientWidth")
    cells = box.locator("tbody td[data-label]")
    assert cells.count() > 0
    for cell in cells.all():
        edge = cell.bounding_box()
        assert edge["x"] >= 0 and edge["x"] + edge["width"] <= width, cell.text_content()
        label = cell.evaluate("node => getComputedStyle(node, '::before').content")
        assert label.strip('"') == cell.get_attribute("data-label")


def test_the_lab_table_fits_a_phone_and_a_laptop(open_page):
    """On a phone each row is a card; at 1366 px every column, p 值 included, is in view."""
    phone = open_page(PHONE)
    phone.goto("/indicators/lab/")
    assert_every_figure_shows(phone.locator(".lab-result"), phone.viewport_size["width"])
    assert_no_horizontal_scroll(phone)
    laptop = open_page(viewport={"width": 1366, "height": 800})
    laptop.goto("/indicators/lab/")
    wrapper = laptop.locator(".lab-result .reflow")
    assert wrapper.evaluate("node => node.scrollWidth <= node.clientWidth")
    right = wrapper.bounding_box()["x"] + wrapper.bounding_box()["width"]
    for header in laptop.locator(".stats-table thead th").all():
        box = header.bounding_box()
        assert box["width"] > 0 and box["x"] + box["width"] <= right + 0.5, header.text_content()
    expect(laptop.locator(".stats-table thead")).to_contain_text("p 值")


def test_lab_page_answers_from_the_panel_link(page):
    page.goto(CCI)
    demo = Demo(page).wait_until_drawn()
    stats_panel(demo).get_by_role("link", name=re.compile("信号实验室")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("信号实验室")
    expect(page.locator(".lab-verdict")).to_contain_text("结论")
    expect(page.locator(".stats-table tbody tr")).to_have_count(9)  # 3 series × 3 periods
    assert_accessible(page)
