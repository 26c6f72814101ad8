"""Decode the QR codes the site serves, to prove what a phone would read from them."""

import re

import zxingcpp
from PIL import Image, ImageDraw

_COMMAND = re.compile(r"([MmHh])\s*([-\d.\s]*)")


def svg_to_image(svg: str, pixels_per_module: int = 8) -> Image.Image:
    """Rasterise segno's SVG: one stroked path of horizontal runs, 1 unit per module."""
    size = int(re.search(r'd="M0 0h(\d+)', svg).group(1))
    path = re.search(r'class="qrline"[^>]*\sd="([^"]+)"', svg).group(1)
    image = Image.new("L", (size * pixels_per_module,) * 2, 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, args in _COMMAND.findall(path):
        numbers = [float(v) for v in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command in "hH":
            end = x + numbers[0] if command == "h" else numbers[0]
            row = int(y - 0.5)
            draw.rectangle(
                [
                    x * pixels_per_module,
                    row * pixels_per_module,
                    end * pixels_per_module - 1,
                    (row + 1) * pixels_per_module - 1,
                ],
                fill=0,
            )
            x = end
    return image


def decode_svg(svg: str) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(svg_to_image(svg))]
