"""A reader plays with a live demo: new parameters redraw it, the address keeps them."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.demo import Demo

CCI = "/articles/cci-shun-shi-zhi-biao/"
MACD = "/articles/macd-zhi-biao-ru-men/"


def test_changing_a_parameter_redraws_the_chart_and_the_link_keeps_it(page):
    """周期 14 → 20: new values in the legend and the chart, ?d1.n=20 survives a reload."""
    page.goto(CCI)
    demo = Demo(page).wait_until_drawn()
    demo.assert_candles_drawn()
    expect(demo.legend_name).to_have_text("CCI(14)")
    # The field is labelled in Chinese only: no API key (n) beside it.
    field_id = demo.param("周期").get_attribute("id")
    expect(demo.figure.locator(f"label[for='{field_id}']")).to_have_text("周期")
    before_value = demo.value("CCI")
    before_pixels = demo.chart_pixels()
    assert_accessible(page)

    with page.expect_response(re.compile(r"/api/indicators/cci/\?.*\bn=20\b")) as answer:
        demo.set_param("周期", 20)
    assert answer.value.status == 200
    expect(demo.legend_name).to_have_text("CCI(20)")
    demo.wait_until_drawn()
    assert demo.value("CCI") != before_value
    assert demo.chart_pixels() != before_pixels
    expect(page).to_have_url(re.compile(r"\?d1\.n=20$"))
    expect(demo.chart).to_have_attribute("aria-label", re.compile(r"CCI\(20\)"))

    page.reload()
    demo.wait_until_drawn()
    expect(demo.param("周期")).to_have_value("20")
    expect(demo.legend_name).to_have_text("CCI(20)")

    demo.figure.get_by_role("button", name="恢复默认").click()
    expect(demo.legend_name).to_have_text("CCI(14)")
    expect(page).to_have_url(re.compile(re.escape(CCI) + "$"))
    assert demo.value("CCI") == before_value
    assert_accessible(page)


def test_an_impossible_parameter_is_explained_and_the_chart_stays(page):
    """快线 ≥ 慢线 is refused next to the field; the last good chart stays on screen."""
    page.goto(MACD)
    demo = Demo(page).wait_until_drawn()
    demo.param("快线周期").fill("30")
    expect(demo.figure.locator(".demo-error").first).to_have_text(
        "快线周期 fast 必须小于慢线周期 slow"
    )
    expect(demo.param("快线周期")).to_have_attribute("aria-invalid", "true")
    expect(demo.legend_name).to_have_text("MACD(12,26,9)")
    expect(page).to_have_url(re.compile(re.escape(MACD) + "$"))
    demo.assert_candles_drawn()
    assert_accessible(page)


def test_switching_convention_changes_the_macd_bars_not_the_lines(page):
    """国内口径 draws MACD柱 = 2 × (DIF − DEA); 国际口径 draws DIF − DEA, from the same lines."""
    page.goto(MACD)
    demo = Demo(page).wait_until_drawn()
    expect(demo.convention("国内口径")).to_be_checked()
    dif, dea, bars = demo.value("DIF"), demo.value("DEA"), demo.value("MACD柱")
    assert abs(bars - 2 * (dif - dea)) <= 0.02

    demo.figure.get_by_text("国际口径", exact=True).click()
    expect(demo.head).to_contain_text("国际口径")
    demo.wait_until_drawn()
    expect(demo.convention("国际口径")).to_be_checked()
    expect(page).to_have_url(re.compile(r"\?d1\.convention=intl$"))
    intl_bars = demo.value("MACD柱")
    assert abs(intl_bars - (demo.value("DIF") - demo.value("DEA"))) <= 0.02
    assert abs(intl_bars - bars / 2) <= 0.02
    assert abs(demo.value("DIF") - dif) <= 0.02  # the lines barely move after the warm-up
    assert_accessible(page)

    # The second demo on the page starts in the international convention and is untouched.
    second = Demo(page, index=1).wait_until_drawn()
    expect(second.convention("国际口径")).to_be_checked()
    page.reload()
    demo.wait_until_drawn()
    expect(demo.convention("国际口径")).to_be_checked()
    expect(demo.head).to_contain_text("国际口径")
    assert_accessible(page)


def test_the_intl_stochastic_drops_the_j_line_and_gets_it_back(page):
    """KDJ 国内口径 draws K, D and J; 国际口径 only K and D, with no J signals; back again."""
    page.goto("/articles/kdj-sui-ji-zhi-biao/")
    demo = Demo(page).wait_until_drawn()
    j_item = demo.legend.locator(".demo-legend-item", has_text=re.compile(r"^J\s"))
    expect(j_item).to_have_count(1)
    before_pixels = demo.chart_pixels()

    demo.figure.get_by_text("国际口径", exact=True).click()
    expect(demo.head).to_contain_text("国际口径")
    demo.wait_until_drawn()
    expect(j_item).to_have_count(0)
    expect(demo.figure.locator(".demo-signal-text", has_text="J值")).to_have_count(0)
    assert demo.value("K") >= 0 and demo.chart_pixels() != before_pixels

    demo.figure.get_by_text("国内口径", exact=True).click()
    expect(demo.head).to_contain_text("国内口径")
    demo.wait_until_drawn()
    expect(j_item).to_have_count(1)
    assert_accessible(page)


def test_a_short_rsi_moves_its_guide_lines_and_signals_to_80_20(page):
    """cn RSI draws RSI1/RSI2/RSI3 (6/12/24), each line's signals named by its period; 国际口径
    swaps the inputs for one 周期 (14, signals at 70/30), and RSI(6) there fires at 80/20."""
    page.goto("/articles/rsi-xiang-dui-qiang-ruo-zhi-biao/")
    demo = Demo(page).wait_until_drawn()
    expect(demo.legend_name).to_contain_text("RSI(6,12,24)")
    texts = demo.figure.locator(".demo-signal-text")
    expect(texts.first).to_contain_text(re.compile(r"^RSI(6|12|24) "))
    expect(demo.param("RSI3周期")).to_be_visible()
    demo.figure.get_by_text("国际口径", exact=True).click()
    expect(demo.head).to_contain_text("国际口径")
    expect(demo.param("RSI3周期")).to_be_hidden()
    expect(demo.param("周期")).to_have_value("14")
    expect(texts.first).to_contain_text(re.compile(r"^RSI\(14\) (升破 70|跌破 30)"))
    demo.set_param("周期", 6)
    demo.wait_until_drawn()
    expect(texts.first).to_contain_text(re.compile(r"(升破 80|跌破 20)"))
    assert not any(re.search(r"升破 70|跌破 30", t) for t in texts.all_inner_texts())
    assert "d1.convention=intl" in page.url and "d1.n=6" in page.url


def test_a_volume_pane_sits_under_the_candles(page):
    """Three panes for an oscillator (candles, volume, indicator), two for an overlay; the
    legend gives the day's volume."""
    page.goto(CCI)
    demo = Demo(page).wait_until_drawn()
    expect(demo.legend).to_contain_text("量 417")
    panes = "node => node.querySelectorAll('table tr td:nth-child(2) canvas').length"
    with_oscillator = demo.chart.evaluate(panes)
    page.goto("/articles/boll-bu-lin-xian/")
    demo = Demo(page).wait_until_drawn()
    assert with_oscillator - demo.chart.evaluate(panes) == 2  # one pane: a pair of canvases
