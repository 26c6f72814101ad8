from functools import cached_property

from articles.models import Article
from search import backends
from search.text import Query

# Results a reader can page through; more matches are counted but not listed. Nobody
# reads past the hundredth page, and the ids of the best ones come in a single query.
MAX_LISTED = 1000


class SearchResults:
    """The matches as a sequence a Paginator can count and slice.

    One query ranks the matches and counts them all (ids only: the full-text scores
    cannot pass through the GROUP BY that list rows need for their comment counts). The
    page's rows come in one more, so a results page costs two queries however many
    articles match.
    """

    def __init__(self, query: Query):
        self.query = query
        self.articles = Article.objects.published()

    @cached_property
    def _ranked(self) -> tuple[list[int], int]:
        return backends.ranked_matches(self.articles, self.query, MAX_LISTED)

    @property
    def total(self) -> int:
        """Every match, including those past MAX_LISTED."""
        return self._ranked[1]

    def count(self):
        return len(self._ranked[0])

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self._ranked[0][index]
        if not ids:
            return []
        rows = Article.objects.for_listing().select_related("search_document").in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]
