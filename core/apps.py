from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What no single section owns: the public page cache, visitor identity (address and
    reader cookie), the JSON error shape, and text folding."""

    name = "core"
    verbose_name = "站点"

    def ready(self):
        from django.contrib import admin

        from core import admin_dates, admin_initial, admin_words

        # django.contrib.admin, first in INSTALLED_APPS, has loaded every admin module.
        admin_dates.guard_every_admin(admin.site)
        admin_initial.guard_every_admin(admin.site)
        admin_words.install()
