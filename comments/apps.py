from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "评论"

    def ready(self):
        # The checks and the receivers (the 待审评论 admin is loaded by comments.admin).
        from comments import checks, signals  # noqa: F401
