from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "指标演示"

    def ready(self):
        from indicators import receivers  # noqa: F401  (connects the receivers)
