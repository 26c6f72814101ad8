"""RSS and Atom feeds: the whole site, each category and each author.

Items carry the full sanitised body with every link and image made absolute, since a
feed reader has no page to resolve them against. Live demos need scripts a reader
cannot run, so each becomes a link to the article.
"""

import functools
import mimetypes
import os
from urllib.parse import urljoin

import nh3
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Stylesheet
from django.utils.html import format_html

from articles import meta, rendering
from articles.feed_formats import ImageAtomFeed, ImageRssFeed
from articles.meta import absolute_url
from articles.models import Article, Category
from articles.views import author_url_kwargs, get_author_or_404
from core import seo

FEED_LIMIT = 20


def feed_html(article) -> str:
    """The body for a feed reader: demos as links, URLs absolute, sanitised once more."""
    canonical = article.get_canonical_url()
    demo_link = format_html('<p><a href="{}">在网页中查看互动图表</a></p>', canonical)
    demo_ids = {demo["id"] for demo in article.demos}
    body = rendering.feed_body(article.source_body, article.body_format, demo_ids, demo_link)

    def absolute(element, attribute, value):
        if attribute in ("href", "src"):
            return urljoin(canonical, value)
        return value

    return nh3.clean(
        body,
        tags=rendering.ALLOWED_TAGS,
        attributes=rendering.ALLOWED_ATTRIBUTES,
        allowed_classes=rendering.ALLOWED_CLASSES,
        url_schemes=rendering.URL_SCHEMES,
        attribute_filter=absolute,
        link_rel="noopener noreferrer",
    )


@functools.cache
def file_size(path: str) -> int:
    """The size of a static file, read once per process (static files change on deploy)."""
    return os.path.getsize(path)


def enclosure(image: dict) -> Enclosure | None:
    """An enclosure for a share image: the cover from storage, else the default card."""
    url = image["url"]
    mime_type = mimetypes.guess_type(url)[0] or "image/jpeg"
    if image.get("file") is not None:
        try:
            return Enclosure(url, str(image["file"].size), mime_type)
        except (OSError, ValueError):
            return None
    found = finders.find(seo.DEFAULT_IMAGE)
    return Enclosure(url, str(file_size(found)), mime_type) if found else None


class ArticleFeed(Feed):
    """The newest published articles of a scope (the site by default), as RSS 2.0."""

    feed_type = ImageRssFeed
    language = "zh-CN"
    url_name = "articles:feed_rss"
    # Served from static, so same-origin as the feed (browsers refuse a foreign XSL).
    stylesheet = "feeds/feed.xsl"

    def stylesheets(self, obj):
        return [Stylesheet(static(self.stylesheet), mimetype="text/xsl")]

    def get_object(self, request, *args, **kwargs):
        return None

    def scope(self, articles, obj):
        return articles

    def url_kwargs(self, obj):
        return {}

    def scope_title(self, obj):
        return "最新文章"

    def title(self, obj):
        return f"{settings.SITE_NAME} · {self.scope_title(obj)}"

    def description(self, obj):
        return f"{settings.SITE_NAME}：用真实行情讲清楚技术指标。{self.scope_title(obj)}。"

    subtitle = description

    def link(self, obj):
        return absolute_url(obj.get_absolute_url() if obj else reverse("articles:home"))

    def feed_url(self, obj):
        return absolute_url(reverse(self.url_name, kwargs=self.url_kwargs(obj)))

    def feed_copyright(self, obj):
        return settings.DEFAULT_COPYRIGHT_NOTICE

    def items(self, obj):
        articles = (
            Article.objects.published()
            .select_related("author__author_profile", "category")
            .prefetch_related("tags")
            .order_by("-published_at", "-id")
        )
        return self.scope(articles, obj)[:FEED_LIMIT]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return feed_html(article)

    def item_link(self, article):
        return article.get_canonical_url()

    def item_guid(self, article):
        return article.get_canonical_url()

    item_guid_is_permalink = True

    def item_author_name(self, article):
        return article.author.author_profile.display_name

    def item_author_link(self, article):
        return absolute_url(article.author.author_profile.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.modified_at

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]

    def item_enclosures(self, article):
        found = enclosure(self._image(article))
        return [found] if found else []

    def item_extra_kwargs(self, article):
        return {"image": self._image(article)}

    def _image(self, article):
        # Asked for twice per item (enclosure, thumbnail); the cover's size is read once.
        if not hasattr(article, "_feed_image"):
            image = meta.image(article)
            article._feed_image = {**image, "file": article.cover if article.cover else None}
        return article._feed_image


class AtomMixin:
    feed_type = ImageAtomFeed

    def item_description(self, article):
        return article.list_excerpt

    def item_extra_kwargs(self, article):
        return {**super().item_extra_kwargs(article), "content": feed_html(article)}


class SiteAtomFeed(AtomMixin, ArticleFeed):
    url_name = "articles:feed_atom"


class CategoryFeed(ArticleFeed):
    url_name = "articles:category_feed_rss"

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def url_kwargs(self, category):
        return {"slug": category.slug}

    def scope(self, articles, category):
        return articles.filter(category=category)

    def scope_title(self, category):
        return category.name


class CategoryAtomFeed(AtomMixin, CategoryFeed):
    url_name = "articles:category_feed_atom"


class AuthorFeed(ArticleFeed):
    url_name = "articles:author_feed_rss"

    def get_object(self, request, slug):
        return get_author_or_404(slug).author_profile

    def url_kwargs(self, profile):
        return author_url_kwargs(profile)

    def scope(self, articles, profile):
        return articles.by_author(profile.user)

    def scope_title(self, profile):
        return f"{profile.display_name} 的文章"


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    url_name = "articles:author_feed_atom"
