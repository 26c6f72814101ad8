import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "（仅本机使用）创建或重置 admin 超级用户，密码随机生成并打印。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if "127.0.0.1" not in settings.SITE_URL and "localhost" not in settings.SITE_URL:
            raise CommandError("local_admin 只用于本机站点（SITE_URL 指向 127.0.0.1/localhost）。")
        users = get_user_model()
        user, _ = users.objects.get_or_create(username=username)
        password = secrets.token_urlsafe(12)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        from articles.models import AuthorProfile

        AuthorProfile.objects.get_or_create(
            user=user, defaults={"display_name": "本机作者", "bio": "本机开发用的账号。"}
        )
        self.stdout.write(
            f"后台地址：{settings.SITE_URL}/admin/  用户名：{username}  密码：{password}"
        )
