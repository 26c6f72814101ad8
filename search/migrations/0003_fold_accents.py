"""Index every article again: tokens now fold accents (café is cafe) on both databases."""

from django.db import migrations


def index_all(apps, schema_editor):
    from search.indexing import build_document

    Article = apps.get_model("articles", "Article")
    SearchDocument = apps.get_model("search", "SearchDocument")
    for article in Article.objects.prefetch_related("tags").iterator(chunk_size=200):
        document = build_document(article, sorted(tag.name for tag in article.tags.all()))
        SearchDocument.objects.filter(article_id=article.pk).update(
            title_tokens=document.title_tokens, body_tokens=document.body_tokens
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_body_text")]

    operations = [migrations.RunPython(index_all, migrations.RunPython.noop)]
