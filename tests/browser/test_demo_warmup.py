"""The demo shades the bars whose indicator is still warming up, and says so."""

import io

import numpy as np
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.demo import Demo

MACD = "/articles/macd-zhi-biao-ru-men/"
# WARMUP_FILL (static/js/demo/theme.js), rgba(138, 145, 156, 0.16), over the white chart.
SHADE_RGB = (236, 237, 239)


def shaded_share(png, left, right):
    """Share of the indicator pane's pixels in columns [left, right) (fractions of the width)
    that have the warm-up shade."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    height, width, _ = pixels.shape
    pane = pixels[int(height * 0.75) : int(height * 0.9), int(width * left) : int(width * right)]
    return float((np.abs(pane - SHADE_RGB) <= 2).all(axis=-1).mean())


def test_warm_up_bars_are_shaded_as_yu_re_qi(page):
    """MACD on 600519 from its first bar: the early bars are shaded and the legend says 预热期."""
    page.goto(MACD)
    demo = Demo(page).wait_until_drawn()
    note = demo.legend.locator(".demo-legend-warmup")
    expect(note).to_be_visible()
    expect(note).to_contain_text("预热期")
    demo.figure.get_by_role("button", name="显示全部 K 线").click()
    page.mouse.move(0, 0)
    png = demo.chart_pixels()
    assert shaded_share(png, 0.05, 0.3) > 0.5  # 211 of 365 bars warm up: the left half
    assert shaded_share(png, 0.7, 0.9) < 0.05
    assert_accessible(page)
