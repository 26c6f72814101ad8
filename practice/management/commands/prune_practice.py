from django.core.management.base import BaseCommand

from practice.pruning import prune


class Command(BaseCommand):
    help = "删除过期的训练营对局（未完成的保留一天），并把过去各周的挑战成绩汇总成直方图。"

    def handle(self, *args, **options):
        done = prune()
        self.stdout.write(
            f"过期未完成对局 {done['expired']} 局，过旧已完成对局 {done['old']} 局，"
            f"汇总周 {done['weeks']} 个"
        )
