from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What no single section owns: the public page cache, visitor identity (address and
    reader cookie), the JSON error shape, text folding, and the demo content (seed_demo)."""

    name = "core"
    verbose_name = "站点"
