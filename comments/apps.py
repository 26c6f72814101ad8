from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "评论"

    def ready(self):
        from comments import checks, signals  # noqa: F401  (registers check and receivers)
