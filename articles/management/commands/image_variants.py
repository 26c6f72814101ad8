"""Make the WebP cover and thumbnail sizes for articles saved before they existed.

Saving an article makes them (articles.thumbnails); this fills in older covers. `bin/run`
and `seed_demo` run it; a deploy should too. Safe to run again: current ones are kept.
"""

from django.core.management.base import BaseCommand

from articles import thumbnails
from articles.models import Article
from core import pagecache


class Command(BaseCommand):
    help = "为没有 WebP 尺寸的封面补做缩略图；可重复运行。"

    def handle(self, *args, **options):
        skipped = []
        made = thumbnails.fill_missing(Article.objects.order_by("pk"), skipped)
        if made:
            pagecache.bump()  # cached pages name the images they offer
        self.stdout.write(f"补做了 {made} 篇文章的封面尺寸。")
        for article in skipped:
            self.stderr.write(f"封面无法读取，已跳过：{article.slug}（{article.cover.name}）")
