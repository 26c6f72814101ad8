from functools import cached_property

from articles.hot import hot_articles
from articles.views import ArticleListView
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

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not context["paginator"].count:
            do_not_store(response)
        return response
