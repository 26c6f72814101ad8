from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.roles import ensure_roles
from demodata.seeding import DemoSeeder


class Command(BaseCommand):
    help = "写入示例作者、分类、文章、行情和评论；可重复运行，已有的内容不会重复创建。"

    def handle(self, *args, **options):
        ensure_roles()
        DemoSeeder(log=self.stdout.write).run()
        # Covers seeded by an older release get their WebP sizes too.
        call_command("image_variants", stdout=self.stdout)
