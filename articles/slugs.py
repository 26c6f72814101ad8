"""Readable ASCII slugs for Chinese titles."""

from django.utils.text import slugify
from pypinyin import lazy_pinyin

MAX_SLUG_LENGTH = 80


def slug_from_title(title: str, fallback: str = "article") -> str:
    """Pinyin for Chinese characters, ASCII words kept: "MACD 入门" -> "macd-ru-men"."""
    words = lazy_pinyin(title, errors=lambda chars: [chars])
    slug = slugify(" ".join(words))[:MAX_SLUG_LENGTH].strip("-")
    return slug or fallback


def unique_slug(base: str, taken) -> str:
    """base, or base-2, base-3 … whichever `taken(slug)` says is free."""
    slug, n = base, 2
    while taken(slug):
        suffix = f"-{n}"
        slug = f"{base[: MAX_SLUG_LENGTH - len(suffix)]}{suffix}"
        n += 1
    return slug
