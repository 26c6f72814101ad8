"""Render every article's stored HTML and facts again from its source.

Bodies are rendered once, on save. After an upgrade that changes how they render (the
sanitiser's rules, the demo figure's template), this brings every stored body up to
date. `bin/run` runs it at each start; a deploy should too.
"""

from django.core.management.base import BaseCommand

from articles import rendering
from articles.models import Article
from core import pagecache


class Command(BaseCommand):
    help = "Render every article's body again from its source (after an upgrade)."

    def handle(self, *args, **options):
        changed = 0
        for article in Article.objects.iterator(chunk_size=200):
            fields = rendering.render(article.source_body, article.body_format).article_fields()
            if all(getattr(article, name) == value for name, value in fields.items()):
                continue
            # update(), not save(): the article's dates, thumbnails and signals stay as
            # they are; only what rendering produces changes.
            Article.objects.filter(pk=article.pk).update(**fields)
            changed += 1
        if changed:
            pagecache.bump()
        self.stdout.write(f"重新渲染了 {changed} 篇文章的正文。")
