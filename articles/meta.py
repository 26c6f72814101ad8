"""What an article tells search engines and share cards: description, image, JSON-LD."""

from django.urls import reverse

from core.seo import (
    absolute_url,
    breadcrumbs,
    default_image,
    iso_datetime,
    one_line,
    organization,
    page_meta,
)

__all__ = ["absolute_url", "article_json_ld", "description", "image", "image_url"]


def description(article) -> str:
    """The excerpt as one line of at most 160 characters, cut with a full-width ellipsis."""
    return one_line(article.list_excerpt)


def image(article) -> dict:
    """The share image with its size and alt text: the cover, else the site's default card."""
    if not article.cover:
        return default_image()
    try:
        width, height = article.cover.width, article.cover.height
    except (OSError, ValueError):  # a cover missing from storage: still a share card
        return default_image()
    return {
        "url": absolute_url(article.cover.url),
        "width": width,
        "height": height,
        "alt": f"《{article.title}》的封面图",
    }


def image_url(article) -> str:
    return image(article)["url"]


def article_json_ld(article, canonical_url) -> dict:
    """schema.org Article data for the page; emitted with the ld_json filter."""
    profile = article.author.author_profile
    publisher = organization()
    publisher.pop("@id")
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": description(article),
        "image": [image_url(article)],
        "datePublished": iso_datetime(article.published_at) or None,
        "dateModified": iso_datetime(article.modified_at) or None,
        "author": {
            "@type": "Person",
            "name": profile.display_name,
            "url": absolute_url(profile.get_absolute_url()),
        },
        "publisher": publisher,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "inLanguage": "zh-CN",
        "keywords": [tag.name for tag in article.tags.all()],
    }


def article_breadcrumbs(article) -> dict:
    """首页 › category › article (首页 › article when it has no category)."""
    trail = (
        [(article.category.name, article.category.get_absolute_url())] if article.category else []
    )
    return breadcrumbs(*trail, (article.title, reverse("articles:detail", args=[article.slug])))


def article_page_meta(article, canonical_url, is_preview=False) -> dict:
    """The article page's head. A preview is not a page to index: no canonical, no JSON-LD."""
    json_ld = [] if is_preview else [article_json_ld(article, canonical_url)]
    return page_meta(
        title=article.title,
        description=description(article),
        url=canonical_url,
        canonical=not is_preview,
        image=image(article),
        og_type="article",
        json_ld=json_ld + ([] if is_preview else [article_breadcrumbs(article)]),
        robots="noindex" if is_preview else "",
    )
