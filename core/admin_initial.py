"""Add forms that cannot fail on the values their address prefills.

Django's admin prefills an add form from the query string (`/add/?category=3`, how the
"+" pop-ups and links from other pages fill it in) and hands the raw strings to the
widgets. A value a widget cannot show was a 500: `?published_at=abc` (the split date and
time widget expects a datetime, not a string), `?tags=abc` (not a primary key). Every
ModelAdmin takes InitialValuesMixin (guard_every_admin, from CoreConfig.ready), which keeps
only the values the form's own field accepts, converted as the field converts them, and
drops the rest: the author gets the form without them, never an error page.
"""

import logging
from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

logger = logging.getLogger(__name__)


def _datetime(raw: str):
    """A split date-and-time field's value from one string, or None."""
    try:
        value = parse_datetime(raw) or parse_date(raw)
    except ValueError:
        return None
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def accepted(field: forms.Field, raw):
    """(True, the value to prefill) when `field` accepts `raw`, else (False, None)."""
    if isinstance(field, forms.SplitDateTimeField):
        value = _datetime(raw) if isinstance(raw, str) else None
        return value is not None, value
    try:
        return True, field.clean(raw)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False, None


class InitialValuesMixin:
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not initial:
            return initial
        fields = self.get_form(request).base_fields
        kept = {}
        for name, raw in initial.items():
            field = fields.get(name)
            if field is None:
                continue  # not on the form: nothing would show it
            ok, value = accepted(field, raw)
            if ok:
                kept[name] = value
            else:
                logger.info("add form prefill %s=%r dropped", name, raw)
        return kept


def guard_every_admin(site) -> None:
    """Give the mixin to every registered ModelAdmin (run from CoreConfig.ready)."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, InitialValuesMixin):
            continue
        cls = type(model_admin)
        guarded = type(cls.__name__, (InitialValuesMixin, cls), {"__module__": cls.__module__})
        site.unregister(model)
        site.register(model, guarded)
