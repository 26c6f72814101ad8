"""Search documents, and each database's own full-text index over their tokens.

SQLite: an FTS5 table (unicode61 tokenizer over the space-separated tokens) that reads
its text from search_searchdocument, kept in step by triggers on that table.
PostgreSQL: a stored, weighted tsvector column with a GIN index.
"""

import django.db.models.deletion
from django.db import DatabaseError, migrations, models, transaction

SQLITE_SQL = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, body_tokens,
        content='search_searchdocument', content_rowid='article_id',
        tokenize='unicode61'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_tokens, body_tokens)
        VALUES (new.article_id, new.title_tokens, new.body_tokens);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.article_id, old.title_tokens, old.body_tokens);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.article_id, old.title_tokens, old.body_tokens);
        INSERT INTO search_fts(rowid, title_tokens, body_tokens)
        VALUES (new.article_id, new.title_tokens, new.body_tokens);
    END
    """,
]
SQLITE_REVERSE_SQL = [
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]


# A stored column, not an expression index: phrase matches are rechecked and ranked
# from the tsvector itself, which would otherwise be recomputed for every candidate.
POSTGRES_SQL = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')
    ) STORED
    """,
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (search_vector)",
    # Title hits rank first: parsing every matching title per search costs more than
    # ranking, so the title's own vector is stored too.
    """
    ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_tokens)) STORED
    """,
    # Keep each vector inside its row (up to a page) instead of in the TOAST table: the
    # planner then sees the true size of scanning every row and uses the GIN index, and
    # ranking the matches reads no out-of-line chunks. Measured by bench/search.py.
    "ALTER TABLE search_searchdocument ALTER COLUMN search_vector SET STORAGE MAIN",
    "ALTER TABLE search_searchdocument SET (toast_tuple_target = 8160)",
    # A search is a short query among many: starting parallel workers for it cost more
    # than they saved (bench/search.py, median 51 → 34 ms on two cores).
    "ALTER TABLE search_searchdocument SET (parallel_workers = 0)",
]
LZ4_SQL = "ALTER TABLE search_searchdocument ALTER COLUMN search_vector SET COMPRESSION lz4"
POSTGRES_REVERSE_SQL = [
    "ALTER TABLE search_searchdocument DROP COLUMN title_vector",
    "DROP INDEX search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN search_vector",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_SQL:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        for sql in POSTGRES_SQL:
            schema_editor.execute(sql)
        # Ranking reads every matching vector: lz4 unpacks them several times faster
        # than the default pglz. Servers built without lz4 keep the default.
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute(LZ4_SQL)
        except DatabaseError:
            pass


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_REVERSE_SQL:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        for sql in POSTGRES_REVERSE_SQL:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0002_chinese_punctuation_in_labels"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("title_tokens", models.TextField()),
                ("body_tokens", models.TextField()),
                ("text", models.TextField()),
            ],
            options={
                "verbose_name": "搜索索引",
                "verbose_name_plural": "搜索索引",
            },
        ),
        migrations.RunPython(create_index, drop_index),
        # Existing articles are indexed by 0002, once they store their plain text.
    ]
