"""QR codes of canonical article URLs, drawn on the server as SVG and cached."""

import hashlib
import io

import segno
from django.core.cache import cache

QR_CACHE_SECONDS = 7 * 24 * 3600


def qr_svg(url: str) -> str:
    key = "qr:v1:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        buffer = io.BytesIO()
        # Error level M survives a smudged or partly covered screen; border 4 is the
        # quiet zone the standard asks for, which phone scanners rely on.
        segno.make(url, error="m", micro=False).save(
            buffer,
            kind="svg",
            scale=4,
            border=4,
            dark="#111",
            light="#fff",
            xmldecl=False,
            title="扫码在手机阅读",
        )
        svg = buffer.getvalue().decode()
        cache.set(key, svg, QR_CACHE_SECONDS)
    return svg
