from datetime import datetime

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from articles import counting, meta, neighbours
from articles.models import Article, AuthorProfile, Category, Tag
from core import seo
from core.views import PublicPageMixin

SITE_TAGLINE = "看懂技术指标的投资者课堂"
SITE_DESCRIPTION = (
    "K线学堂：用真实行情讲清楚 CCI、MACD、KDJ、布林线等技术指标，帮助普通投资者理性看图。"
)


class ReaderPageMixin(PublicPageMixin):
    """What every reader-facing article page shares: the published queryset, and a place
    in the public page cache (nothing on these pages is personal; view counting happens
    in a separate request)."""

    def get_queryset(self):
        return Article.objects.published().for_listing()


def get_author_or_404(key):
    """The active author a URL names. The one place that knows what the key is.

    The key is the profile's public slug, never the login name: an author URL must not
    confirm that an account exists, nor hand out half of an admin login.
    """
    profiles = AuthorProfile.objects.select_related("user").filter(user__is_active=True)
    return get_object_or_404(profiles, slug=key).user


def author_url_kwargs(profile):
    """URL kwargs naming an author's pages (page and feeds), matching get_author_or_404."""
    return {"slug": profile.slug}


def scope_feeds(name, kwargs, title):
    """The RSS and Atom links a category or author page advertises for its own articles."""
    return {
        "title": title,
        "rss": reverse(f"articles:{name}_feed_rss", kwargs=kwargs),
        "atom": reverse(f"articles:{name}_feed_atom", kwargs=kwargs),
    }


class ArticleListView(ReaderPageMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    page_cache_params = ("page",)
    heading = ""
    intro = ""

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_heading(self):
        return self.heading

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(page.object_list)
        counting.add_pending(page.object_list)
        return paginator, page, page.object_list, is_paginated

    def get_feeds(self):
        return None

    def get_canonical_url(self, page_obj):
        """SITE_URL and the path; later pages keep their number, page 1 has none."""
        url = meta.absolute_url(escape_uri_path(self.request.path))
        return f"{url}?page={page_obj.number}" if page_obj and page_obj.number > 1 else url

    def get_description(self, context):
        """What the list holds, in a sentence of its own (page_meta numbers later pages)."""
        return self.intro or f"{settings.SITE_NAME}「{self.get_heading()}」的全部文章。"

    def get_json_ld(self):
        return []

    def get_page_meta(self, context):
        page_obj = context.get("page_obj")
        number = page_obj.number if page_obj else None
        return seo.page_meta(
            title=seo.paged(self.get_heading(), number),
            description=seo.paged(self.get_description(context), number, separator=" "),
            url=context["canonical_url"],
            json_ld=self.get_json_ld(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            heading=self.get_heading(), intro=self.intro, scope_feeds=self.get_feeds(), **kwargs
        )
        context["canonical_url"] = self.get_canonical_url(context.get("page_obj"))
        context["page_head"] = self.get_page_meta(context)
        return context


class HomeView(ArticleListView):
    heading = "最新文章"

    def get_page_meta(self, context):
        page = super().get_page_meta(context)
        number = context["page_obj"].number
        page["title"] = seo.paged(f"{settings.SITE_NAME} · {SITE_TAGLINE}", number)
        page["share_title"] = settings.SITE_NAME
        return page

    def get_description(self, context):
        return SITE_DESCRIPTION

    def get_json_ld(self):
        return seo.home_json_ld()


class CategoryView(ArticleListView):
    @cached_property
    def category(self):
        return get_object_or_404(Category, slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().filter(category=self.category)

    def get_heading(self):
        return self.category.name

    def get_feeds(self):
        return scope_feeds("category", {"slug": self.category.slug}, self.category.name)

    @property
    def intro(self):
        return self.category.description

    def get_description(self, context):
        count = context["paginator"].count
        intro = self.category.description.rstrip("。") + "。" if self.category.description else ""
        return f"{intro}{settings.SITE_NAME}「{self.category.name}」栏目，共 {count} 篇文章。"

    def get_json_ld(self):
        return [seo.breadcrumbs((self.category.name, self.category.get_absolute_url()))]


class TagView(ArticleListView):
    @cached_property
    def tag(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self):
        return f"标签：{self.tag.name}"

    def get_description(self, context):
        count = context["paginator"].count
        return f"{settings.SITE_NAME}里标有“{self.tag.name}”的 {count} 篇文章。"


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    @cached_property
    def author(self):
        return get_author_or_404(self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().by_author(self.author)

    def get_heading(self):
        return self.author.author_profile.display_name

    def get_description(self, context):
        profile = self.author.author_profile
        count = context["paginator"].count
        bio = profile.bio.rstrip("。") + "。" if profile.bio else ""
        return f"{bio}{profile.display_name}在{settings.SITE_NAME}发表的 {count} 篇文章。"

    def get_page_meta(self, context):
        page = super().get_page_meta(context)
        name = self.author.author_profile.display_name
        page["title"] = seo.paged(f"{name} 的文章", context["page_obj"].number)
        page["title"] += f" · {settings.SITE_NAME}"
        return page

    def get_feeds(self):
        profile = self.author.author_profile
        return scope_feeds("author", author_url_kwargs(profile), f"{profile.display_name} 的文章")

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.author.author_profile, **kwargs)


class ArchiveIndexView(ArticleListView):
    """Every month with published articles, newest first, with its count: one query."""

    template_name = "articles/archive_index.html"
    context_object_name = "months"
    heading = "文章归档"

    def get_paginate_by(self, queryset):
        return None

    def get_description(self, context):
        return f"{settings.SITE_NAME}按月归档的全部文章，共 {len(context['months'])} 个月。"

    def get_queryset(self):
        return (
            Article.objects.published()
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=Count("id"))
            .order_by("-month")
        )


class MonthArchiveView(ArticleListView):
    # Months whose bounds stay representable in any time zone.
    YEARS = range(1000, 9999)

    def dispatch(self, request, *args, **kwargs):
        _ = self.bounds  # an impossible month is a 404 however spelt, not a redirect first
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def bounds(self):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if year not in self.YEARS or not 1 <= month <= 12:
            raise Http404("没有这个月份")
        zone = timezone.get_current_timezone()
        start = datetime(year, month, 1, tzinfo=zone)
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
        return start, end

    def get_queryset(self):
        start, end = self.bounds
        return super().get_queryset().filter(published_at__gte=start, published_at__lt=end)

    def get_heading(self):
        start, _ = self.bounds
        return f"{start.year}年{start.month}月"

    def get_description(self, context):
        count = context["paginator"].count
        return f"{settings.SITE_NAME}在{self.get_heading()}发表的 {count} 篇文章。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A month without articles is not a page. Read from the paginator's count, where
        # allow_empty = False would cost one more query.
        if not context["paginator"].count:
            raise Http404("这个月没有文章")
        return context


class ArticleDetailView(ReaderPageMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    is_preview = False

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("author__author_profile", "category")
            .prefetch_related("tags")
        )

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        counting.add_pending([article])
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        canonical_url = article.get_canonical_url()
        links = neighbours.links_for(article)
        return super().get_context_data(
            previous_article=links["previous"],
            next_article=links["next"],
            related_articles=links["related"],
            risk_notice=settings.RISK_NOTICE,
            canonical_url=canonical_url,
            meta_description=meta.description(article),
            share_image=meta.image_url(article),
            page_head=meta.article_page_meta(article, canonical_url, self.is_preview),
            is_preview=self.is_preview,
            article_tags=list(article.tags.all()),
            **kwargs,
        )


class ArticlePreviewView(ArticleDetailView):
    """Staff see drafts and scheduled articles as readers will; everyone else gets 404."""

    is_preview = True
    page_cache_params = None  # staff only: never in the shared cache

    def get_queryset(self):
        user = self.request.user
        if not (user.is_authenticated and user.is_staff):
            return Article.objects.none()
        articles = Article.objects.select_related(
            "author__author_profile", "category"
        ).prefetch_related("tags")
        if user.has_perm("articles.manage_all_articles"):
            return articles
        return articles.by_author(user)

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
