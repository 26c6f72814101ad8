from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What no single section owns: the public page cache, visitor identity (address and
    reader cookie), the JSON error shape, and text folding."""

    name = "core"
    verbose_name = "站点"
