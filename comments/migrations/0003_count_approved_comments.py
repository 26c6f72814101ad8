"""Fill Article.comment_count, which the comments app keeps from now on."""

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    approved = (
        Comment.objects.filter(article=OuterRef("pk"), status="approved")
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Article.objects.update(comment_count=Coalesce(Subquery(approved), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_comment_count"),
        ("comments", "0002_flood_count"),
    ]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
