from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from articles.hot import hot_articles
from articles.views import ArticleListView
from core import seo
from core.pagecache import do_not_store
from core.pagecache.keys import page_number
from search.results import SearchResults
from search.suggest import nearest_indicator
from search.synonyms import with_synonyms
from search.text import canonical_query, parse_query

# Popular articles offered when a search finds nothing.
SUGGESTED_ARTICLES = 3


class SearchView(ArticleListView):
    """Results for ?q=: a reader page like any list, so it shares their caching.

    The page depends only on the canonical query (search.text.canonical_query) and the
    page number, and is cached under exactly those. Visitors can ask for endless
    distinct queries, so results pages share a bounded set of slots in the page cache
    (BOUNDED_CACHE_SLOTS["search"]), and a search that found nothing (cheap to answer
    again) is not stored at all.
    """

    template_name = "search/results.html"
    page_cache_params = {"q": canonical_query, "page": page_number}
    page_cache_bounded = "search"

    @cached_property
    def query(self):
        return with_synonyms(parse_query(self.request.GET.get("q", "")))

    def get_queryset(self):
        return SearchResults(self.query)

    def get_heading(self):
        return f"搜索：{self.query.raw}" if self.query.raw else "搜索"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, search_query=self.query.raw, **kwargs)
        if self.query.raw and not context["paginator"].count:
            context["suggestion"] = nearest_indicator(self.query.raw)
            context["suggested_articles"] = hot_articles(SUGGESTED_ARTICLES)
        return context

    def get_description(self, context):
        if not self.query.raw:
            return f"搜索{settings.SITE_NAME}的全部文章：指标名称、信号、术语都可以。"
        return f"在{settings.SITE_NAME}搜索“{self.query.raw}”找到的文章。"

    def get_page_meta(self, context):
        """One signal, noindex: a results page is a list of other pages, thin and endless
        in number, so it should not be indexed at all. A canonical to /search/ would claim
        every query shows what the empty form shows, which is false; "follow" still lets
        crawlers reach the articles it lists."""
        page = super().get_page_meta(context)
        page.update(canonical_url="", url=self.search_url(context), robots="noindex, follow")
        return page

    def search_url(self, context):
        """This results page's own address (og:url), the query in its canonical spelling."""
        params = {"q": self.query.raw} if self.query.raw else {}
        page_obj = context.get("page_obj")
        if page_obj and page_obj.number > 1:
            params["page"] = page_obj.number
        query = f"?{urlencode(params)}" if params else ""
        return seo.absolute_url(reverse("search:results")) + query

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not context["paginator"].count:
            do_not_store(response)
        return response
