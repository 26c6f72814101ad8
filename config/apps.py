"""Third-party apps under the names our admin shows them by."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import timezone


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


def _failure(record) -> str:
    locked = "，已锁定" if record.locked_out else ""
    when = _when(record.attempt_time)
    return f"{record.username} 登录失败{locked}（{when}，{record.ip_address}）"


def _attempt(record) -> str:
    return f"{record.username} 的登录尝试（{_when(record.attempt_time)}）"


def _log(record) -> str:
    return f"{record.username} 的登录（{_when(record.attempt_time)}）"


class AxesConfig(AxesAppConfig):
    """django-axes in Chinese: its labels are in locale/, and what no translation reaches
    (the app's name, its records' English f-string names, two unlabelled columns) is
    set here."""

    verbose_name = "登录保护"  # the admin showed "AXES"

    def ready(self):
        super().ready()
        from axes.admin import AccessAttemptAdmin
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessFailureLog.__str__ = _failure
        AccessAttempt.__str__ = _attempt
        AccessLog.__str__ = _log
        AccessAttemptAdmin.status.short_description = "状态"
        AccessAttemptAdmin.expiration.short_description = "过期时间"
