"""What an article tells search engines and share cards: description, image, JSON-LD."""

from django.conf import settings
from django.templatetags.static import static

DESCRIPTION_LENGTH = 160
DEFAULT_IMAGE = "img/og-default.png"
PUBLISHER_LOGO = "img/logo.png"


def absolute_url(url: str) -> str:
    """SITE_URL-based, unless the URL is absolute already (a CDN for static or media)."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return settings.SITE_URL.split("://")[0] + ":" + url
    return settings.SITE_URL + "/" + url.lstrip("/")


def description(article) -> str:
    """The excerpt as one line of at most 160 characters, cut with a full-width ellipsis."""
    text = " ".join(article.list_excerpt.split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[: DESCRIPTION_LENGTH - 1].rstrip() + "…"


def image_url(article) -> str:
    """The share image: the cover, else the site's default card."""
    return absolute_url(article.cover.url if article.cover else static(DEFAULT_IMAGE))


def article_json_ld(article, canonical_url) -> dict:
    """schema.org Article data for the page; emitted with the ld_json filter."""
    profile = article.author.author_profile
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": description(article),
        "image": [image_url(article)],
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "author": {
            "@type": "Person",
            "name": profile.display_name,
            "url": absolute_url(profile.get_absolute_url()),
        },
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {"@type": "ImageObject", "url": absolute_url(static(PUBLISHER_LOGO))},
        },
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "inLanguage": "zh-CN",
        "keywords": [tag.name for tag in article.tags.all()],
    }
