"""Cover thumbnails for lists and the hot sidebar, made once when the cover changes."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

THUMB_SIZE = (480, 270)


def _thumb_name(cover_name: str) -> str:
    return f"{PurePosixPath(cover_name).stem}-thumb.jpg"


def refresh_cover_thumb(article) -> None:
    """Regenerate article.cover_thumb when the cover was replaced or removed."""
    if not article.cover:
        if article.cover_thumb:
            article.cover_thumb = None
        return
    expected = _thumb_name(article.cover.name)
    if article.cover_thumb and PurePosixPath(article.cover_thumb.name).name.startswith(
        expected.removesuffix(".jpg")
    ):
        return
    stored = article.cover._committed  # already in storage, not a fresh upload
    article.cover.open("rb")
    try:
        with Image.open(article.cover) as image:
            thumb = ImageOps.fit(image.convert("RGB"), THUMB_SIZE, Image.Resampling.LANCZOS)
    finally:
        # A fresh upload is read again when the model saves it: rewind rather than close.
        if stored:
            article.cover.close()
        else:
            article.cover.seek(0)
    buffer = BytesIO()
    thumb.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    article.cover_thumb.save(expected, ContentFile(buffer.getvalue()), save=False)
