"""Draw the default share card (1200×630) and the publisher logo as PNGs in static/img.

Share cards and JSON-LD logos must be raster images; the favicon is SVG. Run again only
when the brand changes: `python bin/make_share_images.py`, then commit both files.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
INK, UP, DOWN, PAPER = "#1f2937", "#e03131", "#2f9e44", "#ffffff"
# The favicon's three candles: (x, body top, body height, wick top, wick height, colour).
CANDLES = [(6, 12, 12, 8, 20, UP), (14, 9, 9, 6, 15, DOWN), (22, 6, 14, 4, 19, UP)]


def candles(draw, left, top, scale):
    for x, body, height, wick, wick_height, colour in CANDLES:
        x0 = left + x * scale
        draw.rectangle(
            [
                x0 + 2 * scale,
                top + wick * scale,
                x0 + 3 * scale - 1,
                top + (wick + wick_height) * scale,
            ],
            fill=colour,
        )
        draw.rectangle(
            [x0, top + body * scale, x0 + 5 * scale - 1, top + (body + height) * scale], fill=colour
        )


def share_card():
    image = Image.new("RGB", (1200, 630), INK)
    draw = ImageDraw.Draw(image)
    candles(draw, 80, 150, 10)
    draw.text((430, 200), "K线学堂", font=ImageFont.truetype(FONT, 120), fill=PAPER)
    draw.text(
        (436, 370), "看懂技术指标的投资者课堂", font=ImageFont.truetype(FONT, 48), fill="#c9cdd4"
    )
    draw.rectangle([0, 600, 1200, 630], fill=UP)
    image.quantize(64).save(OUT / "og-default.png", optimize=True)


def logo():
    image = Image.new("RGB", (192, 192), INK)
    candles(ImageDraw.Draw(image), 0, 0, 6)
    image.quantize(16).save(OUT / "logo.png", optimize=True)


if __name__ == "__main__":
    share_card()
    logo()
