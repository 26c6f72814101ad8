"""Reading and driving a live indicator demo the way a reader does: through its controls."""

import io
import re

import numpy as np
from PIL import Image
from playwright.sync_api import expect

# Candle colours from static/js/demo/theme.js (red up, green down).
UP_RGB = (0xE0, 0x31, 0x31)
DOWN_RGB = (0x2F, 0x9E, 0x44)


class Demo:
    """One <figure class="indicator-demo"> on the page."""

    def __init__(self, page, index=0):
        self.page = page
        self.figure = page.locator("figure.indicator-demo").nth(index)
        self.chart = self.figure.locator(".demo-chart")
        self.legend = self.figure.locator(".demo-legend")
        self.legend_name = self.figure.locator(".demo-legend-name")
        self.head = self.figure.locator(".demo-head")

    def wait_until_drawn(self):
        """The chart is on screen, with data, and no request is outstanding."""
        self.figure.scroll_into_view_if_needed()
        expect(self.figure).to_have_class(re.compile(r"\bis-live\b"))
        wrap = self.figure.locator(".demo-chart-wrap")
        expect(wrap).not_to_have_class(re.compile(r"\bis-(loading|updating|failed)\b"))
        expect(self.legend_name).to_be_visible()
        expect(self.chart.locator("canvas").first).to_be_visible()
        return self

    def param(self, label):
        return self.figure.get_by_label(label, exact=True)

    def set_param(self, label, value):
        field = self.param(label)
        field.fill(str(value))
        expect(self.legend_name).to_contain_text(f"{value}")

    def convention(self, label):
        return self.figure.get_by_role("radio", name=label)

    def value(self, name):
        """The number the legend shows for one output line, e.g. value("DIF")."""
        item = self.legend.locator(".demo-legend-item", has_text=re.compile(rf"^{name}\s"))
        return float(item.locator("b").inner_text())

    def latest_date(self):
        return self.legend.locator(".demo-legend-date").inner_text()

    def chart_pixels(self):
        return self.chart.screenshot()

    def assert_candles_drawn(self, minimum=200):
        """The canvas really shows red and green candles, not an empty box."""
        image = Image.open(io.BytesIO(self.chart_pixels())).convert("RGB")
        pixels = np.asarray(image, dtype=np.int16)
        counts = {
            name: int((np.abs(pixels - colour) <= 12).all(axis=-1).sum())
            for name, colour in (("up", UP_RGB), ("down", DOWN_RGB))
        }
        assert min(counts.values()) >= minimum, counts
