"""Full-text matching on each database's own index. Both index the same tokens.

`ranked_article_ids(articles, query)` gives the ids of the matching articles, best first:
title hits, then the database's relevance score, then the newest.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection
from django.db.models.expressions import RawSQL

from search.models import SearchDocument
from search.text import Query, Term

# bm25 weights of the FTS5 columns: a word in the title counts ten times one in the body.
FTS_WEIGHTS = "10.0, 1.0"


# PostgreSQL: the document's stored tsvector columns, added by the migration (generated
# columns that SQLite could not have), so not model fields.
DOCUMENT_VECTOR = RawSQL('"search_searchdocument"."search_vector"', [], SearchVectorField())
TITLE_VECTOR = RawSQL('"search_searchdocument"."title_vector"', [], SearchVectorField())


def _fts5_term(term: Term) -> str:
    phrase = '"' + " ".join(term.tokens).replace('"', '""') + '"'
    return phrase + "*" if term.prefix else phrase


def fts5_match(query: Query) -> str:
    """Every term must match: quoted phrases, so no input is read as FTS5 syntax."""
    return " AND ".join(_fts5_term(term) for term in query.terms)


def _tsquery_term(term: Term) -> str:
    # Tokens are letters and digits only (search.text), so quoting them is enough.
    if term.prefix:
        return f"'{term.tokens[0]}':*"
    return "(" + " <-> ".join(f"'{token}'" for token in term.tokens) + ")"


def tsquery(query: Query) -> SearchQuery:
    raw = " & ".join(_tsquery_term(term) for term in query.terms)
    return SearchQuery(raw, config="simple", search_type="raw")


class _SQLite:
    @staticmethod
    def matches(articles, query):
        table = articles.model._meta.db_table
        # extra(): the ORM cannot join a virtual table. The "+" on rowid keeps SQLite
        # from probing the FTS table once per article, which costs seconds: the
        # full-text match drives, and each hit's article is looked up by its key.
        return articles.extra(
            tables=["search_fts"],
            where=[f'"{table}"."id" = +search_fts.rowid', "search_fts MATCH %s"],
            params=[fts5_match(query)],
        )

    @classmethod
    def ranked_ids(cls, articles, query):
        table = articles.model._meta.db_table
        title_match = f"title_tokens : ({fts5_match(query)})"
        return (
            cls.matches(articles, query)
            .annotate(
                title_hit=RawSQL(
                    f'"{table}"."id" IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)',
                    [title_match],
                ),
                search_rank=RawSQL(f"-bm25(search_fts, {FTS_WEIGHTS})", []),
            )
            .order_by("-title_hit", "-search_rank", "-published_at", "-id")
            .values_list("pk", flat=True)
        )


class _PostgreSQL:
    @staticmethod
    def matches(articles, query):
        # From the documents' side: the planner starts from the GIN index.
        return SearchDocument.objects.alias(search_vector=DOCUMENT_VECTOR).filter(
            search_vector=tsquery(query), article__in=articles.values("pk")
        )

    @classmethod
    def ranked_ids(cls, articles, query):
        ts_query = tsquery(query)
        return (
            cls.matches(articles, query)
            .annotate(
                title_hit=SearchVectorExact(TITLE_VECTOR, ts_query),
                search_rank=SearchRank(DOCUMENT_VECTOR, ts_query),
            )
            .order_by("-title_hit", "-search_rank", "-article__published_at", "-article_id")
            .values_list("article_id", flat=True)
        )


def _backend():
    return _PostgreSQL if connection.vendor == "postgresql" else _SQLite


def count_matches(articles, query: Query) -> int:
    """How many of `articles` match: one COUNT, without ranking anything."""
    return _backend().matches(articles, query).count() if query else 0


def ranked_article_ids(articles, query: Query):
    """Ids of the matches among `articles`: title hits, then relevance, then newest."""
    if not query:
        return articles.none().values_list("pk", flat=True)
    return _backend().ranked_ids(articles, query)
