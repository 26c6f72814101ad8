"""Keeping SearchDocument rows in step with articles (the database indexes follow)."""

from django.db import transaction

from articles.models import Article
from search.models import SearchDocument
from search.text import index_tokens


def build_document(article: Article, tag_names) -> SearchDocument:
    text = "\n".join(part for part in (article.summary.strip(), article.body_text.strip()) if part)
    return SearchDocument(
        article_id=article.pk,
        title_tokens=index_tokens(article.title),
        body_tokens=index_tokens(" ".join([*tag_names, text])),
        text=text,
    )


def index_articles(article_ids) -> int:
    """(Re)build the documents of these articles; ids that no longer exist are dropped."""
    article_ids = list(article_ids)
    articles = Article.objects.filter(pk__in=article_ids).only("title", "summary", "body_text")
    tags = {}
    for article_id, name in Article.tags.through.objects.filter(
        article_id__in=article_ids
    ).values_list("article_id", "tag__name"):
        tags.setdefault(article_id, []).append(name)
    documents = [build_document(a, sorted(tags.get(a.pk, []))) for a in articles]
    with transaction.atomic():
        SearchDocument.objects.filter(article_id__in=article_ids).delete()
        SearchDocument.objects.bulk_create(documents)
    return len(documents)


def rebuild_all(batch_size: int = 500) -> int:
    """Every article's document from scratch, in batches that keep memory flat."""
    SearchDocument.objects.all().delete()
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    return sum(
        index_articles(ids[start : start + batch_size]) for start in range(0, len(ids), batch_size)
    )
