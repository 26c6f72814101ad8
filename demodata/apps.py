from django.apps import AppConfig


class DemodataConfig(AppConfig):
    """The demo site's content (`manage.py seed_demo`): authors, categories, the explainer
    articles, price series and comments. It composes the other apps; none imports it."""

    name = "demodata"
    verbose_name = "示例内容"
