import logging

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, ListView

from articles import counting
from articles.models import Article, AuthorProfile, Category, Tag
from articles.qr import qr_svg
from config.client_ip import client_ip_hash
from core.views import PublicPageMixin
from indicators.api import error_response
from indicators.embeds import demo_state_query
from indicators.params import ParamError, single_values

logger = logging.getLogger(__name__)
NOT_COUNTED_MESSAGE = "阅读数暂时无法记录，请稍后再试。"


class ReaderPageMixin(PublicPageMixin):
    """What every reader-facing article page shares: the published queryset, and a place
    in the public page cache (nothing on these pages is personal; view counting happens
    in a separate request)."""

    def get_queryset(self):
        return Article.objects.published().for_listing()


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

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.get_heading(), intro=self.intro, **kwargs)


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
    def profile(self):
        # By the public slug only: a login name in the URL finds nothing, so the page
        # cannot be used to confirm that an account exists.
        profiles = AuthorProfile.objects.select_related("user").filter(user__is_active=True)
        return get_object_or_404(profiles, slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().by_author(self.profile.user)

    def get_heading(self):
        return self.profile.display_name

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)


class ArticleDetailView(ReaderPageMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    is_preview = False

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        counting.add_pending([article])
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        neighbours = Article.objects.published().only("title", "slug", "published_at")
        tag_ids = [tag.pk for tag in article.tags.all()]
        related = (
            Article.objects.published()
            .filter(Q(category_id=article.category_id) | Q(tags__in=tag_ids))
            .exclude(pk=article.pk)
            .only("title", "slug", "published_at")
            .distinct()[:4]
        )
        return super().get_context_data(
            previous_article=(
                neighbours.filter(published_at__lt=article.published_at)
                .order_by("-published_at")
                .first()
                if article.published_at
                else None
            ),
            next_article=(
                neighbours.filter(published_at__gt=article.published_at)
                .order_by("published_at")
                .first()
                if article.published_at
                else None
            ),
            related_articles=related,
            risk_notice=settings.RISK_NOTICE,
            canonical_url=article.get_canonical_url(),
            is_preview=self.is_preview,
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
        articles = (
            Article.objects.select_related("author__author_profile", "category")
            .with_comment_count()
            .prefetch_related("tags")
        )
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
    article_id = Article.objects.published().filter(slug=slug).values_list("pk", flat=True).first()
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
    reader = counting.reader_id(request)
    if reader is None:
        reader = counting.new_reader_id()
        counting.set_reader_cookie(response, reader)
    try:
        counting.record_view(article_id, reader, client_ip_hash(request))
    except (DatabaseError, *counting.STORE_ERRORS):
        logger.exception("view of article %s could not be recorded", article_id)
        failed = JsonResponse(
            {"error": {"message": "阅读数暂时无法记录，请稍后再试。"}}, status=503
        )
        patch_cache_control(failed, no_store=True)
        return failed
    return response


@require_GET
def qr_code(request, slug):
    """The QR image of an article's canonical URL, never of anything a client supplies.

    A reader who changed a live demo may ask for that state (`?d1.n=20`): it is checked
    against the article's own demos and re-encoded, so the code can hold the canonical
    URL plus valid demo settings, and nothing else.
    """
    article = get_object_or_404(Article.objects.published().only("slug", "body_html"), slug=slug)
    try:
        state = demo_state_query(article.body_html, single_values(request.GET))
    except ParamError as exc:
        return error_response(exc.param, exc.message)
    url = article.get_canonical_url() + (f"?{state}" if state else "")
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=24 * 3600)  # errors are not cached
    return response
