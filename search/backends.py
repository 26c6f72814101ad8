"""Full-text matching on each database's own index. Both index the same tokens.

`search(queryset, query)` narrows an Article queryset to the matches and orders them:
title hits first, then the database's relevance score, then the newest.
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

from search.text import Query, Term

# bm25 weights of the FTS5 columns: a word in the title counts ten times one in the body.
FTS_WEIGHTS = "10.0, 1.0"


# PostgreSQL: the document's stored tsvector column (added by the migration, so not a
# model field). The filter on search_document below makes this alias an inner join.
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


def _search_sqlite(queryset, query):
    match = fts5_match(query)
    title_hit = RawSQL(
        f'"{queryset.model._meta.db_table}"."id" IN '
        "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
        [f"title_tokens : ({match})"],
    )
    return queryset.filter(fts_entry__search_fts__match=match).annotate(
        title_hit=title_hit, search_rank=RawSQL(f"-bm25(search_fts, {FTS_WEIGHTS})", [])
    )


def _search_postgres(queryset, query):
    ts_query = tsquery(query)
    return (
        queryset.filter(search_document__isnull=False)
        .alias(search_vector=DOCUMENT_VECTOR)
        .filter(search_vector=ts_query)
        .annotate(
            title_hit=SearchVectorExact(
                SearchVector("search_document__title_tokens", config="simple"), ts_query
            ),
            search_rank=SearchRank(DOCUMENT_VECTOR, ts_query),
        )
    )


def search(queryset, query: Query):
    if not query:
        return queryset.none()
    if connection.vendor == "postgresql":
        matches = _search_postgres(queryset, query)
    else:
        matches = _search_sqlite(queryset, query)
    return matches.order_by("-title_hit", "-search_rank", "-published_at", "-id")
