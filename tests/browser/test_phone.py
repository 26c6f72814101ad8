"""The reader journey on a phone (390×844, touch): readable, no sideways scrolling, a chart
that answers the finger."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.browser.demo import Demo


def font_size(locator):
    return float(locator.evaluate("node => getComputedStyle(node).fontSize").removesuffix("px"))


def swipe(page, start, end, steps=8):
    """A one-finger horizontal drag, sent as real touch events."""
    cdp = page.context.new_cdp_session(page)
    y = start[1]

    def touch(kind, x):
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", start[0])
    for step in range(1, steps + 1):
        touch("touchMove", start[0] + (end[0] - start[0]) * step / steps)
    touch("touchEnd", end[0])
    cdp.detach()


def test_reading_an_article_with_a_demo_on_a_phone(phone_page):
    """Tap through from the home page; text ≥ 16px, nothing scrolls sideways, the chart
    draws, a tap shows that day in the legend and a swipe moves back in time."""
    page = phone_page
    page.goto("/")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("CCI 顺势指标")).first.tap()
    expect(page.locator("h1.article-title")).to_contain_text("CCI 顺势指标")
    assert font_size(page.locator(".article-body p").first) >= 16
    assert font_size(page.locator(".byline-meta")) >= 12

    demo = Demo(page).wait_until_drawn()
    demo.assert_candles_drawn(minimum=100)
    box = demo.chart.bounding_box()
    assert box["width"] >= 320 and box["height"] >= 300  # most of the screen width
    assert_no_horizontal_scroll(page)
    expect(demo.figure.locator(".demo-hint")).to_have_text("左右拖动平移，双指缩放")  # no Ctrl
    latest = demo.latest_date()

    # A tap puts the crosshair on that day: the legend shows its date and prices.
    x, y = box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.35
    page.touchscreen.tap(x, y)
    expect(demo.legend.locator(".demo-legend-date")).not_to_have_text(latest)
    tapped = demo.latest_date()
    assert tapped < latest

    # Dragging right shows older bars, so a tap at the same place lands on an earlier day.
    swipe(page, (x - 60, y), (x + 100, y))
    page.touchscreen.tap(x, y)
    expect(demo.legend.locator(".demo-legend-date")).not_to_have_text(tapped)
    assert demo.latest_date() < tapped

    # The controls fit a thumb and change the chart, as on a desktop.
    field = demo.param("周期")
    assert field.bounding_box()["height"] >= 36
    assert font_size(field) >= 16  # 16px or more: iOS does not zoom into the field
    field.tap()
    field.fill("20")
    expect(demo.legend_name).to_have_text("CCI(20)")
    expect(page).to_have_url(re.compile(r"\?d1\.n=20$"))
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
