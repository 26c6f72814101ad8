"""The sitemap: every public page kind, each with the time its content last changed.

A list page changes when one of its articles does (published, or its content edited:
Article.modified_at), so its lastmod is the newest such time among its articles. The
search page is left out: it asks not to be indexed (search.views).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.urls import reverse

from articles.models import Article, AuthorProfile, Category, Tag
from articles.views import author_url_kwargs
from indicators.models import PriceSeries

# Article.modified_at, in SQL: a draft's edits before publication do not count.
LAST_CHANGE = Greatest("published_at", Coalesce("content_modified_at", "published_at"))


def last_changes(group_by: str) -> dict:
    """{group value: newest change among its published articles}, in one query."""
    rows = (
        Article.objects.published()
        .values(group_by)
        .annotate(changed=Max(LAST_CHANGE))
        .values_list(group_by, "changed")
    )
    return dict(rows)


class SiteSitemap(Sitemap):
    # Locations come from SITE_URL, like canonical links, not from the Host header.
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "content_modified_at")
            .order_by("-published_at")
        )

    def lastmod(self, article):
        return article.modified_at


class SectionSitemap(SiteSitemap):
    """The site's own pages: home, archive, the formulas and the lab."""

    changefreq = "daily"

    def items(self):
        return ["articles:home", "articles:archive", "indicators:formulas", "indicators:lab"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name == "indicators:lab":  # its figures follow the stored price series
            return PriceSeries.objects.aggregate(last=Max("updated_at"))["last"]
        if name == "indicators:formulas":  # written in code: no stored time to report
            return None
        return Article.objects.published().aggregate(last=Max(LAST_CHANGE))["last"]


class GroupSitemap(SiteSitemap):
    """Pages that list one group of articles (a category, tag, author or month)."""

    changefreq = "weekly"
    priority = 0.5
    group_by = ""

    def items(self):
        self.changes = last_changes(self.group_by)
        return [item for item in self.objects() if self.key(item) in self.changes]

    def key(self, item):
        return item.pk

    def lastmod(self, item):
        return self.changes.get(self.key(item))


class CategorySitemap(GroupSitemap):
    group_by = "category"

    def objects(self):
        return Category.objects.all()


class TagSitemap(GroupSitemap):
    group_by = "tags"

    def objects(self):
        return Tag.objects.all()


class AuthorSitemap(GroupSitemap):
    group_by = "author"

    def objects(self):
        return AuthorProfile.objects.filter(user__is_active=True)

    def key(self, profile):
        return profile.user_id

    def location(self, profile):
        return reverse("articles:author", kwargs=author_url_kwargs(profile))


class MonthSitemap(GroupSitemap):
    def items(self):
        self.changes = dict(
            Article.objects.published()
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(changed=Max(LAST_CHANGE))
            .values_list("month", "changed")
        )
        return sorted(self.changes, reverse=True)

    def key(self, month):
        return month

    def location(self, month):
        return reverse("articles:month", args=[month.year, month.month])


SITEMAPS = {
    "pages": SectionSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "months": MonthSitemap,
}
