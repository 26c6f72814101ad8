from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide machinery that no single section owns: the public page cache."""

    name = "core"
    verbose_name = "站点"
