import logging
from datetime import datetime

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.functional import cached_property
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from articles import counting, meta, neighbours
from articles.models import Article, AuthorProfile, Category, Tag
from core import visitors
from core.http import json_error
from core.views import PublicPageMixin

logger = logging.getLogger(__name__)
NOT_COUNTED_MESSAGE = "阅读数暂时无法记录，请稍后再试。"
# With Redis down a view is refused, not written to the database: the database could not
# tell a returning reader from a new one, and 阅读 would no longer be exact.
NOT_COUNTED_RETRY_SECONDS = 30


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            heading=self.get_heading(), intro=self.intro, scope_feeds=self.get_feeds(), **kwargs
        )
        context["canonical_url"] = self.get_canonical_url(context.get("page_obj"))
        return context


class HomeView(ArticleListView):
    heading = "最新文章"


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


class TagView(ArticleListView):
    @cached_property
    def tag(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self):
        return f"标签：{self.tag.name}"


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    @cached_property
    def author(self):
        return get_author_or_404(self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().by_author(self.author)

    def get_heading(self):
        return self.author.author_profile.display_name

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
            json_ld=meta.article_json_ld(article, canonical_url),
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


@csrf_exempt  # A counter beacon carries no user data; cross-site calls are refused below.
@require_POST
def record_view(request, slug):
    """The article page's script calls this once per load.

    Answers 204 whether or not the view counted (a bot or a repeat learns nothing), and
    503 when the count could not be written, so nobody is told it counted when it didn't.
    """
    article_id = counting.live_article_id(slug)
    if article_id is None:
        raise Http404("文章不存在")
    response = HttpResponse(status=204)
    patch_cache_control(response, no_store=True)
    cross_site = request.headers.get("Sec-Fetch-Site", "same-origin") not in (
        "same-origin",
        "none",
    )
    if cross_site or counting.is_bot(request) or counting.is_prefetch(request):
        return response
    reader = visitors.reader_id(request)
    if reader is None:
        reader = visitors.new_reader_id()
        visitors.set_reader_cookie(response, reader)
    try:
        counting.record_view(article_id, reader, visitors.client_ip_hash(request))
    except counting.STORE_ERRORS:
        logger.exception("view of article %s could not be recorded", article_id)
        failed = json_error(NOT_COUNTED_MESSAGE, 503)
        failed["Retry-After"] = str(NOT_COUNTED_RETRY_SECONDS)
        patch_cache_control(failed, no_store=True)
        return failed
    return response
