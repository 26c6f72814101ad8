"""Cover images at the sizes pages show them, made once when the cover changes.

`cover_thumb` is a 480×270 JPEG (lists and the hot sidebar, and the fallback for old
browsers). Beside it, WebP copies at the widths actually shown, recorded in
`Article.image_variants` so that a page offers only files that exist:

- thumbnails (16:9): 120, 240 and 480 px wide, for a 112 px card on a phone, a 200 px
  card on a desktop, a 96 px sidebar image, and their 2x screens;
- the article cover (1200×630): 480, 800 and 1200 px wide.

Covers saved before the variants existed get them on their next save, or from
`manage.py image_variants` (bin/run and seed_demo run it).
"""

from contextlib import contextmanager
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

THUMB_SIZE = (480, 270)
THUMB_WIDTHS = (120, 240, 480)
COVER_WIDTHS = (480, 800, 1200)
WEBP_QUALITY = 80
VARIANT_DIR = "covers/variants"


def _thumb_name(cover_name: str) -> str:
    return f"{PurePosixPath(cover_name).stem}-thumb.jpg"


@contextmanager
def _cover_image(article):
    """The cover as an RGB image."""
    article.cover.open("rb")
    try:
        with Image.open(article.cover) as image:
            yield image.convert("RGB")
    finally:
        article.cover.close()


def refresh_cover_thumb(article) -> None:
    """Regenerate article.cover_thumb and the WebP variants when the cover changed."""
    if not article.cover:
        article.cover_thumb = None
        article.image_variants = {}
        return
    if not article.cover._committed:
        # Store a fresh upload now, as the model's save would, so that the names
        # recorded below are the final ones.
        article.cover.save(article.cover.name, article.cover.file, save=False)
    expected = _thumb_name(article.cover.name)
    thumb_current = article.cover_thumb and PurePosixPath(article.cover_thumb.name).name.startswith(
        expected.removesuffix(".jpg")
    )
    if thumb_current and variants_current(article):
        return
    with _cover_image(article) as image:
        thumb = ImageOps.fit(image, THUMB_SIZE, Image.Resampling.LANCZOS)
        if not thumb_current:
            buffer = BytesIO()
            thumb.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
            article.cover_thumb.save(expected, ContentFile(buffer.getvalue()), save=False)
        article.image_variants = _make_variants(article, image, thumb)


def variants_current(article) -> bool:
    """True when image_variants were made from the cover the article has now."""
    variants = article.image_variants or {}
    return bool(article.cover) and variants.get("source") == article.cover.name


def _make_variants(article, cover: Image.Image, thumb: Image.Image) -> dict:
    stem = PurePosixPath(article.cover.name).stem
    storage = article.cover.storage
    made = {"source": article.cover.name, "cover": [], "thumb": []}
    for kind, image, widths in (("cover", cover, COVER_WIDTHS), ("thumb", thumb, THUMB_WIDTHS)):
        for width in widths:
            if width > image.width:
                continue  # never upscale: the browser does that as well, for free
            height = round(image.height * width / image.width)
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            buffer = BytesIO()
            resized.save(buffer, "WEBP", quality=WEBP_QUALITY, method=6)
            name = storage.save(
                f"{VARIANT_DIR}/{stem}-{kind}-{width}.webp", ContentFile(buffer.getvalue())
            )
            made[kind].append([width, name])
    return made


def srcset(article, kind: str) -> str:
    """The `srcset` value for the WebP copies of one kind ("cover" or "thumb"), or ""."""
    if not variants_current(article):
        return ""
    storage = article.cover.storage
    return ", ".join(
        f"{storage.url(name)} {width}w" for width, name in article.image_variants[kind]
    )


def fill_missing(articles, skipped=None) -> int:
    """Make variants for articles saved before they existed; returns how many changed.

    Saves only the image fields (update(), not save()): nothing else about the article
    changes, so its dates, body and signals stay as they are. A cover that is missing or
    unreadable is left as it is (its pages keep the JPEG) and its article is appended to
    `skipped`."""
    done = 0
    for article in articles.exclude(cover=""):
        if variants_current(article):
            continue
        try:
            refresh_cover_thumb(article)
        except (OSError, Image.DecompressionBombError):
            if skipped is not None:
                skipped.append(article)
            continue
        type(article).objects.filter(pk=article.pk).update(
            cover_thumb=article.cover_thumb.name, image_variants=article.image_variants
        )
        done += 1
    return done
