from django.core.management.base import BaseCommand

from core import pagecache
from search.indexing import rebuild_all


class Command(BaseCommand):
    help = "从头重建全部文章的搜索索引（通常不需要：保存文章时会自动更新）。"

    def handle(self, *args, **options):
        count = rebuild_all()
        pagecache.bump()  # cached results pages were answered by the old index
        self.stdout.write(self.style.SUCCESS(f"搜索索引已重建：{count} 篇文章。"))
