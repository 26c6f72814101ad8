"""RSS and Atom feeds: the whole site, each category and each author.

Items carry the full sanitised body with every link and image made absolute, since a
feed reader has no page to resolve them against. Live demos need scripts a reader
cannot run, so each becomes a link to the article.
"""

from urllib.parse import urljoin

import nh3
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html

from articles import rendering
from articles.meta import absolute_url
from articles.models import Article, Category
from articles.views import author_url_kwargs, get_author_or_404

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


class ContentAtom1Feed(Atom1Feed):
    """Atom with the full body in <content>, the excerpt staying in <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class ArticleFeed(Feed):
    """The newest published articles of a scope (the site by default), as RSS 2.0."""

    feed_type = Rss201rev2Feed
    language = "zh-CN"
    url_name = "articles:feed_rss"

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
        return article.updated_at

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]


class AtomMixin:
    feed_type = ContentAtom1Feed

    def item_description(self, article):
        return article.list_excerpt

    def item_extra_kwargs(self, article):
        return {"content": feed_html(article)}


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
