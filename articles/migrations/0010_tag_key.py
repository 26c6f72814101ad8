"""Tag.key: each tag's compared name. Tags that turn out to be one name in two spellings
(stored before the key existed) are merged into the oldest, keeping its articles'
links; the unique index comes in the next migration, once the rows agree."""

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    from articles import tags as tag_names

    Tag = apps.get_model("articles", "Tag")
    Through = apps.get_model("articles", "Article").tags.through
    kept = {}
    for tag in Tag.objects.order_by("pk"):
        key = tag_names.key(tag.name)
        first = kept.setdefault(key, tag)
        if first is tag:
            Tag.objects.filter(pk=tag.pk).update(key=key)
            continue
        linked = set(Through.objects.filter(tag=first).values_list("article_id", flat=True))
        for row in Through.objects.filter(tag=tag):
            if row.article_id not in linked:
                Through.objects.create(article_id=row.article_id, tag=first)
        tag.delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_merge_20261205_0442")]

    operations = [
        migrations.AddField(
            model_name="tag",
            name="key",
            field=models.CharField(
                default="", editable=False, max_length=255, verbose_name="比较键"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
