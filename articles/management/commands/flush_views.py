import time

from django.core.management.base import BaseCommand, CommandError

from articles import counting, view_buffer
from core.cache_errors import CACHE_ERRORS


def _flush_everything() -> int:
    """Write what is buffered now, waiting the few seconds the batch just closed needs to
    reach Redis's disk (articles.view_buffer)."""
    written = view_buffer.flush()
    wait = view_buffer.seconds_until_settled()
    if wait is not None:
        time.sleep(wait + 0.1)
        written += view_buffer.flush()
    return written


class Command(BaseCommand):
    help = "把 Redis 中缓冲的阅读数写入数据库，并清理过期的读者记录（建议每分钟运行一次）。"

    def handle(self, *args, **options):
        try:
            written = _flush_everything() if view_buffer.enabled() else 0
            pruned = counting.prune_reader_views()
        except CACHE_ERRORS as exc:
            # The buffer stays in Redis; the next run writes it.
            reason = f"{type(exc).__name__}: {exc}"
            raise CommandError(f"阅读数暂未写入（{reason}），下次运行会重试。") from exc
        self.stdout.write(f"写入 {written} 次阅读；清理 {pruned} 条过期读者记录。")
        if view_buffer.enabled():
            for warning in view_buffer.configuration_warnings():
                # deploy/redis/counts.conf is the configuration that keeps counts safe.
                self.stderr.write(f"REDIS_COUNTS_URL 的 Redis 配置不安全：{warning}")
