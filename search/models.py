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
