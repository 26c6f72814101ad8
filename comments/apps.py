from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "评论"

    def ready(self):
        # The checks, the receivers, and the 待审评论 admin (after comments.admin).
        from comments import checks, queue, signals  # noqa: F401
