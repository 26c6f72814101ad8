"""Cover images for the demo articles, drawn from real prices: candles over a line."""

from io import BytesIO

import numpy as np
from PIL import Image, ImageDraw

from indicators.prices import PriceTable

WIDTH, HEIGHT = 1200, 630
UP, DOWN = (224, 49, 49), (47, 158, 68)
PALETTES = [
    ((24, 28, 36), (38, 44, 58)),
    ((30, 27, 46), (52, 44, 78)),
    ((18, 34, 40), (30, 58, 66)),
    ((40, 26, 26), (70, 40, 40)),
]


def _scale(values, top, bottom):
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    span = high - low or 1.0
    return lambda v: bottom - (v - low) / span * (bottom - top)


def draw_cover(table: PriceTable, start: int, bars: int = 60, variant: int = 0) -> bytes:
    """A 1200x630 JPEG: `bars` daily candles from `start`, with a 10-day average below."""
    end = min(start + bars, len(table))
    start = max(0, end - bars)
    o, h, lo, c = (
        table.open[start:end],
        table.high[start:end],
        table.low[start:end],
        table.close[start:end],
    )
    top_bg, bottom_bg = PALETTES[variant % len(PALETTES)]
    image = Image.new("RGB", (WIDTH, HEIGHT), top_bg)
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):  # vertical gradient
        t = y / HEIGHT
        draw.line(
            [(0, y), (WIDTH, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top_bg, bottom_bg, strict=True)),
        )
    for y in range(90, HEIGHT - 60, 90):  # faint grid
        draw.line([(60, y), (WIDTH - 60, y)], fill=(255, 255, 255, 30), width=1)

    price_y = _scale(np.concatenate([h, lo]), 70, 430)
    step = (WIDTH - 120) / len(c)
    body = max(3, int(step * 0.6))
    for i in range(len(c)):
        x = 60 + step * (i + 0.5)
        colour = UP if c[i] >= o[i] else DOWN
        draw.line([(x, price_y(h[i])), (x, price_y(lo[i]))], fill=colour, width=2)
        y1, y2 = sorted((price_y(o[i]), price_y(c[i])))
        draw.rectangle([x - body / 2, y1, x + body / 2, max(y2, y1 + 2)], fill=colour)

    full = table.close[max(0, start - 9) : end]
    average = np.convolve(full, np.ones(10) / 10, mode="valid")[-len(c) :]
    deviation = (c[-len(average) :] - average) / average * 100
    line_y = _scale(deviation, 470, 590)
    points = [
        (60 + step * (i + 0.5 + len(c) - len(average)), line_y(v)) for i, v in enumerate(deviation)
    ]
    draw.line([(60, line_y(0.0)), (WIDTH - 60, line_y(0.0))], fill=(120, 130, 150), width=1)
    draw.line(points, fill=(250, 204, 21), width=4, joint="curve")

    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def draw_essay_cover(variant: int = 0) -> bytes:
    """A 1200x630 JPEG for essays: two overlapping speech bubbles on a warm gradient."""
    top, bottom = (120, 53, 15), (194, 65, 12)
    image = Image.new("RGB", (WIDTH, HEIGHT), top)
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        t = y / HEIGHT
        draw.line(
            [(0, y), (WIDTH, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    shift = (variant % 3) * 40
    draw.rounded_rectangle([220 + shift, 150, 700 + shift, 400], radius=60, fill=(255, 247, 237))
    draw.polygon([(300 + shift, 395), (280 + shift, 470), (380 + shift, 395)], fill=(255, 247, 237))
    draw.rounded_rectangle([560 + shift, 260, 980 + shift, 480], radius=60, fill=(254, 215, 170))
    draw.polygon([(900 + shift, 475), (930 + shift, 540), (840 + shift, 475)], fill=(254, 215, 170))
    for i in range(3):  # typing dots in the first bubble
        x = 380 + shift + i * 80
        draw.ellipse([x, 250, x + 44, 294], fill=(194, 65, 12))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
