"""Full-text matching on each database's own index. Both index the same tokens.

`ranked_article_ids(articles, query)` gives the ids of the matching articles, best first:
title hits, then the database's relevance score, then the newest.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection
from django.db.models.expressions import RawSQL

from search.models import SearchDocument
from search.text import Query, Term

# bm25 weights of the FTS5 columns: a word in the title counts ten times one in the body.
FTS_WEIGHTS = "10.0, 1.0"


# PostgreSQL: the document's stored tsvector column, added by the migration (a generated
# column that SQLite could not have), so not a model field.
DOCUMENT_VECTOR = RawSQL('"search_searchdocument"."search_vector"', [], SearchVectorField())


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


def _ranked_sqlite(articles, query):
    match = fts5_match(query)
    title_hit = RawSQL(
        f'"{articles.model._meta.db_table}"."id" IN '
        "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
        [f"title_tokens : ({match})"],
    )
    return (
        articles.filter(fts_entry__search_fts__match=match)
        .annotate(title_hit=title_hit, search_rank=RawSQL(f"-bm25(search_fts, {FTS_WEIGHTS})", []))
        .order_by("-title_hit", "-search_rank", "-published_at", "-id")
        .values_list("pk", flat=True)
    )


def _ranked_postgres(articles, query):
    ts_query = tsquery(query)
    title_vector = SearchVector("title_tokens", config="simple")
    return (
        SearchDocument.objects.alias(search_vector=DOCUMENT_VECTOR)
        .filter(search_vector=ts_query, article__in=articles.values("pk"))
        .annotate(
            title_hit=SearchVectorExact(title_vector, ts_query),
            search_rank=SearchRank(DOCUMENT_VECTOR, ts_query),
        )
        .order_by("-title_hit", "-search_rank", "-article__published_at", "-article_id")
        .values_list("article_id", flat=True)
    )


def ranked_article_ids(articles, query: Query):
    """Ids of the matches among `articles`: title hits, then relevance, then newest."""
    if not query:
        return articles.none().values_list("pk", flat=True)
    if connection.vendor == "postgresql":
        return _ranked_postgres(articles, query)
    return _ranked_sqlite(articles, query)
