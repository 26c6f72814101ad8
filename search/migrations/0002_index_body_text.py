"""Index every article again from the plain text it now stores (articles 0006)."""

from django.db import migrations


def index_all(apps, schema_editor):
    from search.indexing import build_document

    Article = apps.get_model("articles", "Article")
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchDocument.objects.all().delete()
    for article in Article.objects.prefetch_related("tags").iterator(chunk_size=200):
        document = build_document(article, sorted(tag.name for tag in article.tags.all()))
        SearchDocument.objects.create(
            article_id=article.pk,
            title_tokens=document.title_tokens,
            body_tokens=document.body_tokens,
            text=document.text,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("articles", "0006_rendered_facts"),
    ]

    operations = [migrations.RunPython(index_all, migrations.RunPython.noop)]
