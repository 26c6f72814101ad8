"""Author pages move from the login name to a public slug; pen names become unique.

Existing profiles get a slug from the pen name in pinyin and the normalised name key.
Should two existing pen names be the same name once normalised, the later one gets a
number ("周老师（2）") so the unique key can be added; an editor can rename it afterwards.
"""

from django.db import migrations, models


def fill_slugs_and_keys(apps, schema_editor):
    from articles.names import name_key
    from articles.slugs import slug_from_title, unique_slug

    profiles = apps.get_model("articles", "AuthorProfile")
    slugs, keys = set(), set()
    for profile in profiles.objects.order_by("pk"):
        base_name, n = profile.display_name, 2
        while not name_key(profile.display_name) or name_key(profile.display_name) in keys:
            suffix = f"（{n}）"
            profile.display_name = base_name[: 40 - len(suffix)] + suffix
            n += 1
        profile.name_key = name_key(profile.display_name)[:255]
        profile.slug = unique_slug(
            slug_from_title(profile.display_name, fallback="author"), slugs.__contains__
        )
        keys.add(profile.name_key)
        slugs.add(profile.slug)
        profile.save(update_fields=["display_name", "name_key", "slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_view_counting"),
    ]

    operations = [
        migrations.AddField(
            model_name="authorprofile",
            name="slug",
            # No index yet: the unique one comes below, once every row has a slug.
            field=models.SlugField(blank=True, db_index=False, max_length=80, null=True),
        ),
        migrations.AddField(
            model_name="authorprofile",
            name="name_key",
            field=models.CharField(editable=False, max_length=255, null=True),
        ),
        migrations.RunPython(fill_slugs_and_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="authorprofile",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="作者页的网址 /authors/别名/。留空则按笔名自动生成（中文转拼音）。",
                max_length=80,
                unique=True,
                verbose_name="网址别名",
            ),
        ),
        migrations.AlterField(
            model_name="authorprofile",
            name="name_key",
            field=models.CharField(editable=False, max_length=255, unique=True),
        ),
        migrations.AlterField(
            model_name="authorprofile",
            name="display_name",
            field=models.CharField(
                help_text="读者看到的署名；不能与其他作者相同，也不能用本站保留的名称。",
                max_length=40,
                verbose_name="笔名",
            ),
        ),
    ]
