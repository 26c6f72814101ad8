from django.db import models

from articles.models import Article


class SearchDocument(models.Model):
    """What search sees of an article, derived on save: index tokens and plain text.

    Every article has one, drafts included; visibility is decided when searching, so a
    scheduled article shows up the moment its time comes, with nothing to re-index.
    The database's own full-text index covers the token columns (see the migration):
    an FTS5 table on SQLite, a GIN index over a tsvector on PostgreSQL.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    title_tokens = models.TextField()
    # Summary, tag names and body text: everything but the title.
    body_tokens = models.TextField()
    # Summary and body as plain text, for the snippets on a results page.
    text = models.TextField()

    class Meta:
        verbose_name = verbose_name_plural = "搜索索引"

    def __str__(self):
        return f"搜索索引 #{self.pk}"


class MatchField(models.TextField):
    """FTS5's hidden column named after its table: `search_fts MATCH '…'` searches it."""


@MatchField.register_lookup
class Match(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FtsEntry(models.Model):
    """SQLite only: a row of the FTS5 table kept in step with SearchDocument by triggers.

    Unmanaged: the migration creates the virtual table. Its rowid is the article's id,
    which lets a search join articles to the full-text index in one query.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="fts_entry",
    )
    search_fts = MatchField()
    title_tokens = models.TextField()
    body_tokens = models.TextField()

    class Meta:
        managed = False
        db_table = "search_fts"
