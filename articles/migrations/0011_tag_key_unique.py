from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_tag_key")]

    operations = [
        migrations.AlterField(
            model_name="tag",
            name="key",
            field=models.CharField(
                editable=False, max_length=255, unique=True, verbose_name="比较键"
            ),
        ),
    ]
