"""Full-text matching on each database's own index. Both index the same tokens.

`ranked_matches(articles, query, limit)` gives the ids of the matching articles, best first
(title hits, then the database's relevance score, then the newest), and how many match in
all, from one query.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F
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
    if term.alternatives:
        return "(" + " OR ".join(_fts5_term(alt) for alt in term.alternatives) + ")"
    phrase = '"' + " ".join(term.tokens).replace('"', '""') + '"'
    return phrase + "*" if term.prefix else phrase


def fts5_match(query: Query) -> str:
    """Every term must match: quoted phrases, so no input is read as FTS5 syntax."""
    return " AND ".join(_fts5_term(term) for term in query.terms)


def _tsquery_term(term: Term) -> str:
    if term.alternatives:
        return "(" + " | ".join(_tsquery_term(alt) for alt in term.alternatives) + ")"
    # Tokens are letters and digits only (search.text), so quoting them is enough.
    if term.prefix:
        return f"'{term.tokens[0]}':*"
    return "(" + " <-> ".join(f"'{token}'" for token in term.tokens) + ")"


def tsquery_text(query: Query) -> str:
    """Every term must match: quoted lexemes, ORed where a term has alternatives."""
    return " & ".join(_tsquery_term(term) for term in query.terms)


def tsquery(query: Query) -> SearchQuery:
    return SearchQuery(tsquery_text(query), config="simple", search_type="raw")


# Both backends annotate these, so one ORDER BY ranks their matches.
RANKING = ("-title_hit", "-search_rank", "-sort_date", "-match_id")


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
    def ranked(cls, articles, query):
        table = articles.model._meta.db_table
        title_match = f"title_tokens : ({fts5_match(query)})"
        return cls.matches(articles, query).annotate(
            match_id=F("pk"),
            sort_date=F("published_at"),
            title_hit=RawSQL(
                f'"{table}"."id" IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)',
                [title_match],
            ),
            search_rank=RawSQL(f"-bm25(search_fts, {FTS_WEIGHTS})", []),
        )


class _PostgreSQL:
    @staticmethod
    def matches(articles, query):
        # From the documents' side: the planner starts from the GIN index.
        return SearchDocument.objects.alias(search_vector=DOCUMENT_VECTOR).filter(
            search_vector=tsquery(query), article__in=articles.values("pk")
        )

    @classmethod
    def ranked(cls, articles, query):
        ts_query = tsquery(query)
        return cls.matches(articles, query).annotate(
            match_id=F("article_id"),
            sort_date=F("article__published_at"),
            title_hit=SearchVectorExact(TITLE_VECTOR, ts_query),
            search_rank=SearchRank(DOCUMENT_VECTOR, ts_query),
        )


def _backend():
    return _PostgreSQL if connection.vendor == "postgresql" else _SQLite


def ranked_article_ids(articles, query: Query):
    """Ids of the matches among `articles`: title hits, then relevance, then newest."""
    if not query:
        return articles.none().values_list("pk", flat=True)
    return _backend().ranked(articles, query).order_by(*RANKING).values_list("match_id", flat=True)


def ranked_matches(articles, query: Query, limit: int) -> tuple[list[int], int]:
    """The best `limit` ids, and the number of matches, in one query.

    The window count covers every match before LIMIT applies, so the database walks the
    matches once, where a separate COUNT would walk them again. The ranking runs in a
    subquery: SQLite refuses bm25() in a query that also has a window function.
    """
    if not query:
        return [], 0
    columns = [key.lstrip("-") for key in RANKING]
    inner = _backend().ranked(articles, query).order_by().values_list(*columns)
    sql, params = inner.query.sql_with_params()
    order = ", ".join(f"{column} DESC" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT match_id, COUNT(*) OVER () FROM ({sql}) ranked ORDER BY {order} LIMIT %s",
            [*params, limit],
        )
        rows = cursor.fetchall()
    return [pk for pk, _ in rows], (rows[0][1] if rows else 0)
