from django.core.management.base import BaseCommand

from articles import counting, view_buffer


class Command(BaseCommand):
    help = "把 Redis 中缓冲的阅读数写入数据库，并清理过期的读者记录（建议每分钟运行一次）。"

    def handle(self, *args, **options):
        written = view_buffer.flush() if view_buffer.enabled() else 0
        pruned = counting.prune_reader_views()
        self.stdout.write(f"写入 {written} 次阅读；清理 {pruned} 条过期读者记录。")
