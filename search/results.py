from functools import cached_property

from articles.models import Article
from search import backends
from search.text import Query


class SearchResults:
    """The matches as a sequence a Paginator can count and slice.

    Ranking asks the full-text index for ids only: its scores cannot pass through the
    GROUP BY that list rows need for their comment counts. The page's rows then come in
    one more query, so a results page costs the same queries however many articles match.
    """

    def __init__(self, query: Query):
        self.query = query
        self.articles = Article.objects.published()
        self.ranked_ids = backends.ranked_article_ids(self.articles, query)

    @cached_property
    def _count(self):
        return backends.count_matches(self.articles, self.query)

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.ranked_ids[index]) if self.query else []
        if not ids:
            return []
        rows = Article.objects.for_listing().select_related("search_document").in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]
