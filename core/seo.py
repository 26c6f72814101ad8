"""What every public page tells search engines and share previews, built in one place.

A view hands page_meta() its title, description and canonical URL; base.html renders
the <title>, description, canonical link, Open Graph and Twitter card and any JSON-LD
from the result, so no page kind can be left without a share card.
"""

from datetime import datetime

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

DEFAULT_IMAGE = "img/og-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
DEFAULT_IMAGE_ALT = "K线学堂：看懂技术指标的投资者课堂"
PUBLISHER_LOGO = "img/logo.png"
DESCRIPTION_LENGTH = 160


def absolute_url(url: str) -> str:
    """SITE_URL-based, unless the URL is absolute already (a CDN for static or media)."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return settings.SITE_URL.split("://")[0] + ":" + url
    return settings.SITE_URL + "/" + url.lstrip("/")


def iso_datetime(value: datetime | None) -> str:
    """Local time in ISO 8601 to the second: what HTML's datetime accepts (no microseconds)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


def one_line(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Whitespace collapsed, at most `limit` characters, cut with a full-width ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def paged(text: str, page_number: int | None, separator: str = "") -> str:
    """A later page of a list says which page it is, so no two pages share a title."""
    if page_number and page_number > 1:
        return f"{text}{separator}（第 {page_number} 页）"
    return text


def default_image() -> dict:
    width, height = DEFAULT_IMAGE_SIZE
    return {
        "url": absolute_url(static(DEFAULT_IMAGE)),
        "width": width,
        "height": height,
        "alt": DEFAULT_IMAGE_ALT,
    }


def page_meta(
    *,
    title: str,
    description: str,
    url: str,
    canonical: bool = True,
    image: dict | None = None,
    og_type: str = "website",
    json_ld=(),
    robots: str = "",
) -> dict:
    """The head of a public page. `title` is the page's own part; the site name follows.

    `url` is the page's absolute address: its canonical link, unless `canonical` is
    False (a page that asks not to be indexed gives one signal only), and its og:url.
    """
    site = settings.SITE_NAME
    return {
        "title": f"{title} · {site}" if title and title != site else site,
        "share_title": title or site,
        "description": one_line(description),
        "canonical_url": url if canonical else "",
        "url": url,
        "image": image or default_image(),
        "og_type": og_type,
        "json_ld": list(json_ld),
        "robots": robots,
    }


def organization() -> dict:
    return {
        "@type": "Organization",
        "@id": settings.SITE_URL + "/#organization",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL + "/",
        "logo": {"@type": "ImageObject", "url": absolute_url(static(PUBLISHER_LOGO))},
    }


def home_json_ld() -> list[dict]:
    """WebSite with the search box as a SearchAction, and the Organization behind it."""
    search = absolute_url(reverse("search:results"))
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": settings.SITE_URL + "/#website",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL + "/",
        "inLanguage": "zh-CN",
        "publisher": {"@id": settings.SITE_URL + "/#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return [website, {"@context": "https://schema.org", **organization()}]


def breadcrumbs(*trail: tuple[str, str]) -> dict:
    """BreadcrumbList from (name, path) pairs, the home page first."""
    items = [(settings.SITE_NAME, reverse("articles:home")), *trail]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute_url(path)}
            for n, (name, path) in enumerate(items, start=1)
        ],
    }
