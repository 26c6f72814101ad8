"""Articles store the facts found while rendering: demos, broken embeds, plain text.

Every stored body is rendered again from its source, so its HTML, excerpt, table of
contents, demos, errors and text all come from one rendering, as a save would give.
"""

from django.db import migrations, models


def render_again(apps, schema_editor):
    from articles import rendering

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("body_format", "body_markdown", "body_rich"):
        source = article.body_markdown if article.body_format == "markdown" else article.body_rich
        fields = rendering.render(source, article.body_format).article_fields()
        for name, value in fields.items():
            setattr(article, name, value)
        article.save(update_fields=list(fields))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_author_slug_and_name_key"),
        # Rendering an embed looks its price series up.
        ("indicators", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="demos",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="embed_errors",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="body_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
