from functools import cached_property

from articles.views import ArticleListView
from search.results import SearchResults
from search.text import parse_query


class SearchView(ArticleListView):
    """Results for ?q=: a reader page like any list, so it shares their caching."""

    template_name = "search/results.html"
    # Each query is its own page in the shared page cache.
    page_cache_params = ("q", "page")

    @cached_property
    def query(self):
        return parse_query(self.request.GET.get("q", ""))

    def get_queryset(self):
        return SearchResults(self.query)

    def get_heading(self):
        return f"搜索：{self.query.raw}" if self.query.raw else "搜索"

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, search_query=self.query.raw, **kwargs)
