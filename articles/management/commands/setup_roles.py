from django.core.management.base import BaseCommand

from articles.roles import AUTHOR_GROUP, EDITOR_GROUP, ensure_roles


class Command(BaseCommand):
    help = "创建或更新“作者”和“编辑”两个后台角色及其权限。"

    def handle(self, *args, **options):
        ensure_roles()
        self.stdout.write(self.style.SUCCESS(f"角色就绪：{AUTHOR_GROUP}、{EDITOR_GROUP}"))
